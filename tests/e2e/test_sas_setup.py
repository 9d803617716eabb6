"""A coordinator sets up a campaign through the screens (campaign, workshop, weekly sessions, information
collective) in Debian's Chromium."""
import datetime as dt

import pytest

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def coordinator(db):
    """A coordinator and a workshop teacher at an establishment running the SAS, with no campaign yet."""
    from django.contrib.auth import get_user_model

    from plugins.builtin.sas import PLUGIN_NAME
    from plugins.builtin.sas.models import SasMembership
    from plugins.models import PluginActivation
    from tests import factories

    establishment = factories.establishment("Lycée Melkior-Garré", "guyane", commune="Cayenne")
    PluginActivation.objects.create(establishment=establishment, plugin_name=PLUGIN_NAME)
    users = get_user_model().objects
    coordinator = users.create_user("coordination", password=PASSWORD)
    teacher = users.create_user("m.durand", first_name="Marie", last_name="Durand")
    SasMembership.objects.create(user=coordinator, establishment=establishment, role=SasMembership.Role.COORDINATION)
    SasMembership.objects.create(user=teacher, establishment=establishment, role=SasMembership.Role.WORKSHOP_TEACHER)
    return establishment


def submitted(page):
    page.wait_for_load_state()
    assert page.locator(".fr-alert--success").count() == 1, page.content()[:3000]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_coordinator_sets_up_a_campaign(live_server, coordinator, page, screenshot):
    from plugins.builtin.sas.models import Campaign

    base = live_server.url
    page.goto(f"{base}/admin/login/?next=/sas/")
    page.fill("input[name=username]", "coordination")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/sas/")
    page.click("a:has-text('Nouvelle campagne')")

    page.fill("#id_name", "SAS persévérance")
    page.fill("#id_school_year", "2024-2025")
    page.select_option("#id_time_zone", "America/Cayenne")
    for field, day in (("referral_deadline", "08/11/2024"), ("interviews_start", "12/11/2024"),
                       ("interviews_end", "22/11/2024"), ("information_meeting_date", "22/11/2024"),
                       ("programme_start", "25/11/2024"), ("programme_end", "20/12/2024"),
                       ("evaluation_date", "17/01/2025")):
        page.fill(f"#id_{field}", day)
    screenshot(page, "sas-setup-1-campagne")
    page.click("#campaign-form button[type=submit]")
    submitted(page)

    page.click("a:has-text('Nouvel atelier')")
    page.fill("#id_name", "Soutien math")
    page.fill("#id_discipline", "Mathématiques")
    page.fill("#id_group_size_min", "4")
    page.fill("#id_group_size_max", "5")
    page.click("label:has-text('Marie Durand')")
    screenshot(page, "sas-setup-2-atelier")
    page.click("#workshop-form button[type=submit]")
    submitted(page)

    page.select_option("#id_weekly-weekday", "1")
    page.fill("#id_weekly-starts", "08:00")
    page.fill("#id_weekly-ends", "10:00")
    page.fill("#id_weekly-room", "Salle 12")
    assert page.input_value("#id_weekly-first_day") == "25/11/2024"
    page.click("#serie button[type=submit]")
    submitted(page)
    assert page.locator("tr.sas-session").count() == 4
    assert page.locator("tr.sas-session").first.text_content().count("08:00–10:00") == 1
    screenshot(page, "sas-setup-3-seances")

    page.click("#sas-nav a:has-text('Information collective')")
    page.fill("#id_time", "17:30")
    page.click("label:has-text('visio')")
    page.fill("#id_notes", "Profils et besoins présentés aux professeurs principaux.")
    page.click("form[action$='#nouvelle'] button[type=submit]")
    submitted(page)
    page.click("#sas-nav button:has-text('Organisation')")  # the DSFR menu opens with its own script
    page.click("#sas-nav a:has-text('Équipe')")
    screenshot(page, "sas-setup-4-equipe")

    campaign = Campaign.objects.get()
    workshop = campaign.workshops.get()
    assert list(workshop.facilitators.values_list("username", flat=True)) == ["m.durand"]
    first = workshop.sessions.first()
    assert first.starts_at == dt.datetime(2024, 11, 25, 11, tzinfo=dt.timezone.utc) and first.room == "Salle 12"
    meeting = campaign.information_meetings.get()
    assert meeting.starts_at == dt.datetime(2024, 11, 22, 20, 30, tzinfo=dt.timezone.utc) and meeting.mode == "video"
