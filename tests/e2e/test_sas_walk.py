"""One student through the SAS screens, from the fiche repérage to the bilan, in Debian's Chromium."""
import datetime as dt

import pytest

from tests.conftest import ARTIFACTS

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def sas_campaign(db):
    import zoneinfo

    from django.contrib.auth import get_user_model

    from plugins.builtin.sas import PLUGIN_NAME
    from plugins.builtin.sas.models import SasMembership, Workshop, WorkshopSession
    from plugins.models import PluginActivation
    from tests import factories
    from tests.sas.conftest import sas_campaign

    establishment = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    PluginActivation.objects.create(establishment=establishment, plugin_name=PLUGIN_NAME)
    campaign = sas_campaign(establishment)
    for username, role in (("coordination", SasMembership.Role.COORDINATION), ("direction", SasMembership.Role.DIRECTION)):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        SasMembership.objects.create(user=user, establishment=establishment, role=role)
    workshop = Workshop.objects.create(campaign=campaign, name="Soutien math", discipline="Mathématiques")
    start = dt.datetime(2023, 11, 27, 8, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return campaign


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/?next=/sas/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/sas/campagnes/**")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"sas-{name}.png"), full_page=True)


def step(page, name, fields=None):
    form = page.locator(f"#etape-{name} form")
    for selector, value in (fields or {}).items():
        form.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".fr-alert--success").count() == 1, page.content()[:3000]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_one_student_from_referral_to_bilan(live_server, sas_campaign, browser):
    base = live_server.url
    coordination = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    log_in(coordination, base, "coordination")
    page = coordination
    page.fill("#id_local_id", "424242")
    page.fill("#id_last_name", "Fictif")
    page.fill("#id_first_name", "Alex")
    page.fill("#id_division", "2 MRC")
    page.select_option("#id_level", "2pro")
    page.select_option("#id_origin", "cpe")
    page.click("label[for=id_absences]")
    shot(page, "1-reperage")
    page.click("form[action$='#reperage'] button[type=submit]")
    page.click("table a:has-text('FICTIF Alex')")
    assert page.locator("#case-state").text_content() == "repéré"
    step(page, "analyse", {"textarea": "Absences répétées, perte de confiance."})
    step(page, "interview", {"input[name=interview-held_on]": "14/11/2023", "textarea >> nth=0": "Discret",
                             "textarea >> nth=1": "Méthodes", "textarea >> nth=2": "Revenir en classe"})
    shot(page, "2-entretien")
    case_url = page.url

    direction = browser.new_context(locale="fr-FR").new_page()
    log_in(direction, base, "direction")
    direction.goto(case_url)
    step(direction, "parents", {"input[name=parents-informed_on]": "20/11/2023"})
    direction.context.close()

    page.goto(case_url)
    page.locator("#etape-plan .fr-checkbox-group label").first.click()
    step(page, "plan", {"textarea": "Anglais le mardi"})
    step(page, "start")
    assert page.locator("#case-state").text_content() == "en programme"
    shot(page, "3-parcours")
    page.click("text=Tableau de la campagne")
    page.click("a[href*='/presences/']")
    page.locator(".fr-radio-group label:text-is('présent')").first.click()
    page.click("button:has-text('Enregistrer les présences')")
    shot(page, "4-presences")
    page.goto(case_url)
    page.fill("#fil textarea", "Bonne participation en atelier.")
    page.click("#fil button[type=submit]")
    step(page, "evaluate", {"input[name=evaluate-held_on]": "15/01/2024", "textarea": "Objectifs atteints."})
    assert page.locator("#case-state").text_content() == "bilan réalisé"
    assert page.get_by_text("Bonne participation en atelier.").is_visible()
    shot(page, "5-bilan")
    coordination.context.close()
