"""The SAS plugin reaches Accroche only through its hooks, and only where it is enabled."""
from django.urls import reverse

from plugins import periods

from plugins.builtin.sas import PLUGIN_NAME
from plugins.enablement import call_hook_for
from plugins.manager import DEFAULT_PLUGINS, gather_lists
from plugins.models import PluginActivation
from plugins.reports import IndicatorTable

PERIOD = {"period": periods.school_year("2023-2024")}


def test_sas_is_a_default_plugin_with_its_urls_under_sas():
    assert PLUGIN_NAME in DEFAULT_PLUGINS
    assert reverse("sas:campaigns") == "/sas/"


def test_register_indicators_lists_the_sas_codes():
    assert "sas.students_identified" in {d.code for d in gather_lists("register_indicators")}


def test_compute_indicators_runs_only_where_enabled(pp_case):
    establishment = pp_case.campaign.establishment
    assert any(isinstance(r, IndicatorTable) for r in call_hook_for(establishment, "compute_indicators", **PERIOD))
    PluginActivation.objects.filter(establishment=establishment).update(enabled=False)
    assert call_hook_for(establishment, "compute_indicators", **PERIOD) == []
    assert call_hook_for(establishment, "reporting_periods") == []


def test_admin_menu_item_is_shown_to_team_members_only(rf, team, campaign, django_user_model):
    (item,) = [i for i in gather_lists("register_admin_menu_items") if i.name == "sas"]
    request = rf.get("/admin/")
    request.user = team["pp"]
    assert item.is_shown(request) and item.url == "/sas/"
    request.user = django_user_model.objects.create_user("outsider")
    assert not item.is_shown(request)


def test_a_team_member_finds_the_sas_in_their_workspace(client, team, campaign):
    """The SAS team has no admin access, so the admin menu never showed them the SAS: after logging in they
    land on their workspace, which lists it."""
    response = client.post(reverse("wagtailadmin_login"), {"username": "sas-pp", "password": "motdepasse-de-test"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:workspace")
    assert 'href="/sas/"' in response.content.decode()
