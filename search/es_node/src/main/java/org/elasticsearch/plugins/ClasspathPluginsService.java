/*
 * Accroche es_node: lets a node started from a plain classpath use plugin classes that are
 * already on that classpath (the server jar distribution normally loads them from a
 * modules/ directory with one class loader per module, which we do not have here).
 *
 * It lives in org.elasticsearch.plugins because PluginsService.LoadedPlugin, loadPlugin and
 * loadExtensions are package-private; on a flat classpath that is allowed.
 */
package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(environment.settings(), environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        Settings settings = environment.settings();
        List<LoadedPlugin> list = new ArrayList<>();
        for (Class<? extends Plugin> type : pluginClasses) {
            Plugin instance = loadPlugin(type, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                type.getSimpleName(),
                "loaded from the classpath by Accroche es_node",
                Build.current().version(),
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                type.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
            list.add(new LoadedPlugin(descriptor, instance, type.getClassLoader()));
        }
        loadExtensions(list);
        this.loaded = List.copyOf(list);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return loaded;
    }

    @Override
    public PluginsAndModules info() {
        List<PluginRuntimeInfo> infos = new ArrayList<>();
        for (LoadedPlugin p : loaded) {
            infos.add(new PluginRuntimeInfo(p.descriptor()));
        }
        return new PluginsAndModules(infos, List.of());
    }

    /** All plugins share one class loader here, so find each service implementation once. */
    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> found = new HashMap<>();
        for (LoadedPlugin p : loaded) {
            var it = SPIClassIterator.get(service, p.instance().getClass().getClassLoader());
            while (it.hasNext()) {
                Class<? extends T> impl = it.next();
                if (found.containsKey(impl)) {
                    continue;
                }
                boolean fits = true;
                for (var ctor : impl.getConstructors()) {
                    if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0] != p.instance().getClass()) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    found.put(impl, createExtension(impl, service, p.instance()));
                }
            }
        }
        return List.copyOf(found.values());
    }
}
