"""Accroche's plugin core: pluggy hook specifications, one plugin manager, built-in plugins.

Plugins implement hooks with the ``hookimpl`` marker re-exported here::

    from plugins import hookimpl

    @hookimpl
    def register_urls():
        return [path("mon-plugin/", view)]
"""
import pluggy

PROJECT_NAME = "accroche"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["hookimpl", "PROJECT_NAME"]
