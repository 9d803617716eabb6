package fr.accroche.esnode;

import fr.accroche.esnode.analysis.AccrocheAnalysisPlugin;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node in this JVM and keeps it until SIGTERM/SIGINT.
 * Arguments: -Ekey=value, as for bin/elasticsearch. path.home is required.
 */
public final class EsNodeMain {

    private EsNodeMain() {}

    public static void main(String[] args) throws Exception {
        Settings.Builder b = Settings.builder()
            .put("cluster.name", "accroche-dev")
            .put("node.name", "accroche-es")
            .put("network.host", "127.0.0.1")
            .put("http.port", "9200")
            .put("transport.port", "9300-9399")
            .put("discovery.type", "single-node")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // a dev/test node on a shared disk: do not lock indices because the disk is 90% full
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", "INFO");
        for (String a : args) {
            if (!a.startsWith("-E") || a.indexOf('=') < 0) {
                System.err.println("es-node: unknown argument " + a + " (expected -Ekey=value)");
                System.exit(2);
            }
            String kv = a.substring(2);
            int eq = kv.indexOf('=');
            b.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Settings settings = b.build();
        if (settings.get("path.home") == null) {
            System.err.println("es-node: -Epath.home=DIR is required");
            System.exit(2);
        }
        Path home = Path.of(settings.get("path.home"));
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("modules"));

        LogConfigurator.registerErrorListener();
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "accroche-es");
        Path log4jConfig = env.configDir().resolve("log4j2.properties");
        if (Files.exists(log4jConfig) == false) {
            try (InputStream in = EsNodeMain.class.getResourceAsStream("/es-node-log4j2.properties")) {
                Files.copy(in, log4jConfig);
            }
        }
        LogConfigurator.setClusterName(settings.get("cluster.name"));
        LogConfigurator.setNodeName(settings.get("node.name"));
        LogConfigurator.configure(env, true);
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, AccrocheAnalysisPlugin.class);
        Node node = new ClasspathPluginsNode(env, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "es-node-shutdown"));

        node.start();
        System.out.println("es-node: started, http on " + settings.get("network.host") + ":" + settings.get("http.port"));
        stopped.await();
    }
}
