"""sas_load_demo: LP Antoine Lomet's campaign with students at every state, idempotent."""
from django.core.management import call_command

from plugins.builtin.sas.demo import STUDENTS
from plugins.builtin.sas.models import Campaign, SasMembership, Workshop
from plugins.builtin.sas.states import State
from plugins.enablement import is_enabled_for


def test_demo_campaign_has_every_state_and_the_seed_workshops(db, capsys):
    call_command("sas_load_demo")
    campaign = Campaign.objects.get(establishment__name="LP Antoine Lomet", school_year="2023-2024")
    assert is_enabled_for(campaign.establishment, "plugins.builtin.sas")
    assert set(campaign.cases.values_list("state", flat=True)) == set(State.values)
    assert campaign.workshops.count() == 8
    cps = Workshop.objects.get(campaign=campaign, name__startswith="CPS")
    assert (cps.group_size_min, cps.group_size_max) == (8, 9)
    assert set(SasMembership.objects.values_list("role", flat=True)) == set(SasMembership.Role.values)
    out = capsys.readouterr().out
    assert "sas.coordination" in out and "Sas-Coordination-2024" in out
    call_command("sas_load_demo")
    assert Campaign.objects.count() == 1 and campaign.cases.count() == len(STUDENTS)
