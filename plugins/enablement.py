"""Per-establishment enablement of plugins (DESIGN.md §7).

A plugin runs for every establishment unless it needs activation: a third-party
plugin needs it by default, a built-in one when its module says
``ACTIVATION_REQUIRED = True`` (the SAS module does; the importers do not). A
plugin may state ``ACTIVATION_REQUIRED`` either way to override the default.
An establishment activates such a plugin with a :class:`plugins.models.PluginActivation`.
"""
from __future__ import annotations

from typing import Any

from .manager import DEFAULT_PLUGINS, call_hook, get_plugin_manager


def activation_required(name: str) -> bool:
    """Whether the plugin registered as ``name`` runs only where it is activated."""
    plugin = get_plugin_manager().get_plugin(name)
    return bool(getattr(plugin, "ACTIVATION_REQUIRED", name not in DEFAULT_PLUGINS))


def activable_plugins() -> list[str]:
    """Names of the registered plugins that an establishment must activate."""
    return sorted(name for name, _plugin in get_plugin_manager().list_name_plugin() if activation_required(name))


def plugins_enabled_for(establishment) -> set[str]:
    """Names of every registered plugin that runs for ``establishment``.

    ``None`` (no establishment) gets only the plugins that need no activation; an
    activation naming a plugin that is no longer installed is ignored.
    """
    from .models import PluginActivation

    registered = {name for name, _plugin in get_plugin_manager().list_name_plugin()}
    enabled = {name for name in registered if not activation_required(name)}
    if establishment is not None:
        activated = PluginActivation.objects.filter(establishment=establishment, enabled=True)
        enabled |= registered & set(activated.values_list("plugin_name", flat=True))
    return enabled


def is_enabled_for(establishment, plugin_name: str) -> bool:
    return plugin_name in plugins_enabled_for(establishment)


def call_hook_for(establishment, hook_name: str, **kwargs: Any) -> list[Any]:
    """Like :func:`plugins.manager.call_hook`, for the plugins enabled for ``establishment`` only.

    ``establishment`` is also passed to implementations that name it. A plugin
    that raises is logged with its name and skipped.
    """
    return call_hook(hook_name, only=plugins_enabled_for(establishment), **{"establishment": establishment, **kwargs})
