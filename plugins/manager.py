"""The one plugin manager of Accroche.

Built-in features are ordinary plugins listed in ``DEFAULT_PLUGINS``; third-party
plugins are found through the ``accroche.plugins`` entry-point group. The
environment variable ``ACCROCHE_PLUGINS`` (comma-separated entry-point names)
restricts which third-party plugins load; an empty value loads none.

Every plugin is also a Django app: :func:`plugin_django_apps` lists them for
``INSTALLED_APPS`` from metadata alone, without importing any plugin code, since
settings are read before Django is ready.
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points
from typing import Any

import pluggy

from . import PROJECT_NAME, hookspecs

ENTRY_POINT_GROUP = "accroche.plugins"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "plugins.builtin.text_importer",
    "plugins.builtin.docx_importer",
    "plugins.builtin.sas",
)

logger = logging.getLogger(__name__)

_manager: pluggy.PluginManager | None = None


def _selected_entry_points():
    """The third-party plugin entry points allowed by ``ACCROCHE_PLUGINS``."""
    found = entry_points(group=ENTRY_POINT_GROUP)
    allowed = os.environ.get("ACCROCHE_PLUGINS")
    if allowed is None:
        return list(found)
    names = {name.strip() for name in allowed.split(",") if name.strip()}
    return [ep for ep in found if ep.name in names]


def plugin_django_apps() -> list[str]:
    """Module paths of every plugin, built-in and third-party, for ``INSTALLED_APPS``."""
    apps = list(DEFAULT_PLUGINS)
    for ep in _selected_entry_points():
        if ep.module not in apps:
            apps.append(ep.module)
    return apps


def build_plugin_manager() -> pluggy.PluginManager:
    """Create a manager with the hook specifications, built-ins and entry-point plugins.

    ``check_pending`` makes a hook implementation whose name matches no
    specification (a misspelt hook) fail here, at start-up.
    """
    import importlib

    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    for ep in _selected_entry_points():
        if pm.get_plugin(ep.name) is None:
            pm.register(ep.load(), name=ep.name)
    pm.check_pending()
    return pm


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, built on first use."""
    global _manager
    if _manager is None:
        _manager = build_plugin_manager()
    return _manager


def call_hook(hook_name: str, *, only: set[str] | None = None, **kwargs: Any) -> list[Any]:
    """Call every implementation of ``hook_name`` and return their non-empty results.

    ``only`` restricts the call to the plugins of those names. A plugin that
    raises is logged with its name and skipped, so that one broken plugin does
    not take the portal down; the other plugins' results are kept.
    """
    pm = get_plugin_manager()
    hook = getattr(pm.hook, hook_name)
    results = []
    for impl in reversed(hook.get_hookimpls()):
        if only is not None and impl.plugin_name not in only:
            continue
        args = {name: kwargs[name] for name in impl.argnames if name in kwargs}
        try:
            result = impl.function(**args)
        except Exception:  # noqa: BLE001 - a plugin must not break the caller
            logger.exception("Le plugin « %s » a échoué dans le hook %s", impl.plugin_name, hook_name)
            continue
        if result is not None:
            results.append(result)
    return results


def gather_lists(hook_name: str, **kwargs: Any) -> list[Any]:
    """Call a ``register_*``-style hook and flatten the lists its plugins return."""
    return [item for result in call_hook(hook_name, **kwargs) for item in result]
