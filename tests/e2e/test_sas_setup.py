"""A coordinator sets up a campaign through the screens (campaign, workshop, weekly sessions, information
collective) in Debian's Chromium; a double click on « Créer la campagne » on a slow connection makes one."""
import datetime as dt

import pytest

from .slow_post import click_twice_while_the_answer_is_held

PASSWORD = "motdepasse-de-test"
SUBMIT_HOLD_MS = 20000  # portal/static/portal/submit-once.js: HOLD_MS


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


def new_campaign(page, base):
    """Signed in as the coordination, on the new campaign's form."""
    page.goto(f"{base}/admin/login/?next=/sas/")
    page.fill("input[name=username]", "coordination")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/sas/")
    page.click("a:has-text('Nouvelle campagne')")


def fill_campaign(page):
    page.fill("#id_name", "SAS persévérance")
    page.fill("#id_school_year", "2024-2025")
    page.select_option("#id_time_zone", "America/Cayenne")
    for field, day in (("referral_deadline", "08/11/2024"), ("interviews_start", "12/11/2024"),
                       ("interviews_end", "22/11/2024"), ("information_meeting_date", "22/11/2024"),
                       ("programme_start", "25/11/2024"), ("programme_end", "20/12/2024"),
                       ("evaluation_date", "17/01/2025")):
        page.fill(f"#id_{field}", day)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_coordinator_sets_up_a_campaign(live_server, coordinator, page, screenshot):
    from plugins.builtin.sas.models import Campaign

    base = live_server.url
    new_campaign(page, base)
    fill_campaign(page)
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


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_slow_connection_creates_one_campaign(live_server, coordinator, page):
    """The first post reaches the server and its answer is held back while the button is clicked again
    (tests/e2e/slow_post.py): portal/static/portal/submit-once.js keeps the second post from leaving."""
    from plugins.builtin.sas.models import Campaign

    new_campaign(page, live_server.url)
    fill_campaign(page)
    posts = click_twice_while_the_answer_is_held(page, "#campaign-form button[type=submit]")
    assert (posts, Campaign.objects.count()) == (1, 1)
    submitted(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_form_answered_by_a_file_is_not_held_for_ever(live_server, coordinator, page):
    """A post answered by a file leaves the page in place: submit-once.js holds the form (a second click
    at once sends nothing) for HOLD_MS at most, and never a form with data-submit-repeat. The answer is
    made up here; the page's clock is Playwright's, moved forward rather than waited for."""
    page.clock.install()
    new_campaign(page, live_server.url)
    fill_campaign(page)
    action = page.url
    posts = []

    def a_file(route):
        if route.request.method != "POST":
            route.fallback()
            return
        posts.append(route.request.url)
        route.fulfill(body="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", headers={
            "Content-Type": "text/calendar", "Content-Disposition": 'attachment; filename="campagne.ics"'})

    def click_twice_at_once():
        with page.expect_download(timeout=10000):
            page.click(button)
            page.click(button)
        page.wait_for_timeout(500)

    page.route(lambda url: url == action, a_file)
    button = "#campaign-form button[type=submit]"
    click_twice_at_once()
    assert len(posts) == 1
    page.clock.fast_forward(SUBMIT_HOLD_MS + 1000)
    click_twice_at_once()
    assert len(posts) == 2
    page.locator("#campaign-form").evaluate("form => form.setAttribute('data-submit-repeat', '')")
    click_twice_at_once()
    assert len(posts) == 4 and page.url == action
