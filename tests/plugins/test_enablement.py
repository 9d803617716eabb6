"""Each establishment enables the plugins it runs; call_hook_for calls only those, failures contained."""
import logging
import types

import pytest
from django.urls import reverse

from plugins import hookimpl
from plugins.enablement import activable_plugins, activation_required, call_hook_for, plugins_enabled_for
from plugins.manager import get_plugin_manager
from plugins.models import PluginActivation
from tests import factories

SAS = "plugins.builtin.sas"


@pytest.fixture
def plugin():
    pm = get_plugin_manager()
    names = []

    def register(name, activation_required=None, **hooks):
        module = types.SimpleNamespace(**{hook: hookimpl(fn) for hook, fn in hooks.items()})
        if activation_required is not None:
            module.ACTIVATION_REQUIRED = activation_required
        pm.register(module, name=name)
        names.append(name)

    yield register
    for name in names:
        pm.unregister(name=name)


@pytest.fixture
def establishment(db):
    return factories.establishment("Collège Jasmin", "bordeaux", commune="Agen")


def test_sas_needs_activation_and_core_plugins_do_not(plugin):
    plugin("noyau", activation_required=False)
    plugin("tiers")
    assert activation_required(SAS) and not activation_required("noyau") and activation_required("tiers")
    assert SAS in activable_plugins() and "noyau" not in activable_plugins()


def test_sas_is_not_enabled_unless_activated(establishment):
    assert SAS not in plugins_enabled_for(establishment)
    activation = PluginActivation.objects.create(establishment=establishment, plugin_name=SAS)
    assert SAS in plugins_enabled_for(establishment)
    activation.enabled = False
    activation.save()
    assert SAS not in plugins_enabled_for(establishment)
    assert SAS not in plugins_enabled_for(factories.establishment("Autre", "bordeaux"))


def test_call_hook_for_calls_only_enabled_plugins(plugin, establishment):
    plugin("toujours", activation_required=False, register_importers=lambda: ["toujours"])
    plugin("sur-activation", activation_required=True, register_importers=lambda: ["activé"])
    results = call_hook_for(establishment, "register_importers")
    assert ["toujours"] in results and ["activé"] not in results
    PluginActivation.objects.create(establishment=establishment, plugin_name="sur-activation")
    results = call_hook_for(establishment, "register_importers")
    assert ["toujours"] in results and ["activé"] in results


def test_call_hook_for_passes_the_establishment(plugin, establishment):
    plugin("echo", activation_required=False, compute_indicators=lambda establishment, period: (establishment, period))
    assert call_hook_for(establishment, "compute_indicators", period="2023-2024") == [(establishment, "2023-2024")]


def test_call_hook_for_contains_a_failing_plugin(plugin, establishment, caplog):
    def broken():
        raise RuntimeError("boom")

    plugin("en-panne", activation_required=False, register_importers=broken)
    plugin("sain", activation_required=False, register_importers=lambda: ["ok"])
    with caplog.at_level(logging.ERROR, logger="plugins.manager"):
        assert ["ok"] in call_hook_for(establishment, "register_importers")
    assert any("en-panne" in record.getMessage() for record in caplog.records)


def test_activations_are_a_wagtail_snippet(admin_client, establishment):
    PluginActivation.objects.create(establishment=establishment, plugin_name=SAS)
    url = reverse("wagtailsnippets_plugins_pluginactivation:list")
    html = admin_client.get(url).content.decode()
    assert "Collège Jasmin" in html and SAS in html
    add = admin_client.get(reverse("wagtailsnippets_plugins_pluginactivation:add")).content.decode()
    assert f'value="{SAS}"' in add
