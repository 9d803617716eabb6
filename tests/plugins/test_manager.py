"""The plugin manager: built-ins load, misspelt hooks fail at start-up, a failing plugin is contained."""
import logging
import types

import pluggy
import pytest
from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel

from plugins import hookimpl
from plugins.manager import DEFAULT_PLUGINS, build_plugin_manager, call_hook, gather_lists, get_plugin_manager


def test_builtin_plugins_are_registered_as_ordinary_plugins():
    pm = get_plugin_manager()
    for name in DEFAULT_PLUGINS:
        assert pm.get_plugin(name) is not None


def test_misspelt_hook_fails_check_pending():
    pm = build_plugin_manager()
    pm.register(types.SimpleNamespace(register_url=hookimpl(lambda: [])), name="typo")
    with pytest.raises(pluggy.PluginValidationError, match="register_url"):
        pm.check_pending()


def test_failing_plugin_is_reported_by_name_and_skipped(plugin, caplog):
    def broken():
        raise RuntimeError("boom")

    plugin("plugin-en-panne", register_importers=broken)
    plugin("plugin-sain", register_importers=lambda: ["importer"])
    with caplog.at_level(logging.ERROR, logger="plugins.manager"):
        results = gather_lists("register_importers")
    assert "importer" in results
    assert any("plugin-en-panne" in record.getMessage() for record in caplog.records)


def test_call_hook_passes_only_the_arguments_an_implementation_names(plugin):
    plugin("lists", register_urls=lambda: ["a"])
    assert ["a"] in call_hook("register_urls")


@pytest.mark.django_db
def test_register_admin_menu_items_reaches_the_wagtail_menu(plugin, admin_client):
    class OnlyForStaff(MenuItem):
        def is_shown(self, request):
            return request.user.is_superuser

    plugin("menu", register_admin_menu_items=lambda: [OnlyForStaff("Menu d'extension", "/admin/extension/", name="extension")])
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Menu d&#x27;extension" in html or "Menu d'extension" in html


@pytest.mark.django_db
def test_fiche_panels_adds_an_extensions_tab(plugin):
    from fiches.models import FichePage

    plugin("panels", fiche_panels=lambda: [FieldPanel("contact_email", heading="Courriel du plugin")])
    handler = FichePage.get_edit_handler()
    assert "Extensions" in [str(child.heading) for child in handler.children]
