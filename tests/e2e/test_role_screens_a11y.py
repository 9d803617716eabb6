"""axe-core on the screens each role reaches outside the five journeys (test_journeys.py): events, networks and
their management, follows, dashboards, the widget builder, the account screens, the indicators screens and the
error pages the app renders, on a desktop and on a phone (where wide tables scroll sideways)."""
import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.views import defaults

from .axe import assert_accessible
from .test_networks_walk import log_in

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
EVENT = re.compile(r"^/evenements/\d+/$")

ROLE_SCREENS = {
    "anonyme": (None, ["/evenements/", "/reseaux/", "/reseaux/ripps-poitiers/", "/integrer/", "/admin/login/",
                       "/admin/password_reset/", "/suivis/desabonnement/inconnu/"]),
    "membre d'un réseau": (("membre.ripps", "Membre-Celles-2024"),
                           ["/suivis/", "/tableaux-de-bord/reseaux/ripps-poitiers/", "/comptes/espace/"]),
    "coordination d'un réseau": (("coordination.ripps", "Ripps-Poitiers-2024"),
                                 ["/reseaux/ripps-poitiers/gerer/", "/reseaux/ripps-poitiers/evenements/nouveau/",
                                  "/reseaux/nouveau/"]),  # the last one: the 403 page
    "analyste académique": (("analyse.poitiers", "Analyse-Vienne-2024"),
                            ["/indicateurs/", "/indicateurs/2023-2024-t3/completude/",
                             "/indicateurs/2023-2024/agregats/", "/indicateurs/2023-2024/budget/",
                             "/tableaux-de-bord/academies/poitiers/"]),
    "modération": (("moderation.bordeaux", "Moderation-Gironde-2024"), ["/admin/"]),
    "super-utilisateur": (("admin", "Accroche-admin-2024"),
                          ["/admin/cles-etablissements/", "/admin/invitations/", "/admin/connexions-bloquees/",
                           "/tableaux-de-bord/national/", "/admin/"]),
}


def _event_pages(page, base) -> list[str]:
    """The first event of the listing, as its page and, for its network's coordination, its edit form."""
    page.goto(base + "/evenements/")
    links = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    first = next(link for link in links if EVENT.match(link or ""))
    return [first, first + "modifier/"]


@pytest.mark.parametrize("role", ROLE_SCREENS)
def test_the_screens_of_each_role_are_accessible_on_desktop_and_phone(embedded_portal, browser, role):
    base = embedded_portal
    account, paths = ROLE_SCREENS[role]
    for device, options in (("ordinateur", DESKTOP), ("téléphone", PHONE)):
        page = browser.new_context(locale="fr-FR", **options).new_page()
        if account:
            log_in(page, base, *account, paths[0])
        screens = list(paths)
        if role in ("anonyme", "coordination d'un réseau"):
            event, edit = _event_pages(page, base)
            screens += [event] if role == "anonyme" else [edit]
        for path in screens:
            page.goto(base + path)
            assert page.url == base + path, page.url  # the role reaches the screen itself
            assert_accessible(page, f"{path} ({role}, {device})")
        page.context.close()


def test_the_form_refused_for_its_security_token_is_explained_accessibly(embedded_portal, page):
    """A form sent without its CSRF cookie (blocked cookies, a page left open past its session) is not taken:
    the page says so in French, in the site's frame."""
    page.goto(embedded_portal + "/admin/login/")
    page.context.clear_cookies()
    page.fill("input[name=username]", "redaction.lomet")
    page.fill("input[name=password]", "Redaction-Agen-2024")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Formulaire non envoyé"
    assert_accessible(page, "refus du jeton de sécurité d'un formulaire")


def test_the_400_page_is_accessible(embedded_portal, page, db, django_db_blocker):
    """The page of a request the site cannot take (a refused host, a forged parameter), as production renders it
    (the embedded portal runs with DEBUG, which shows its technical page instead; its context processors read
    the test database), read on the portal's origin. Rendered with the database explicitly open: in the whole
    suite, after the other tests of its worker, ``db`` alone once left it blocked."""
    with django_db_blocker.unblock():
        response = defaults.bad_request(RequestFactory().get("/"), SuspiciousOperation())
    page.goto(embedded_portal + "/page-absente/")
    page.set_content(response.content.decode())
    assert page.locator("h1").inner_text() == "Requête incorrecte"
    assert_accessible(page, "page d'erreur 400")


def test_a_moderator_sent_back_from_a_screen_they_may_not_open_reads_an_accessible_message(embedded_portal, browser):
    """Wagtail sends a moderator who opens a superuser's screen back to the dashboard with its « .error » message,
    on a desktop and on a phone; its sidebar draws its search form, a search landmark, which gets a name."""
    base = embedded_portal
    for device, options in (("ordinateur", DESKTOP), ("téléphone", PHONE)):
        page = browser.new_context(locale="fr-FR", **options).new_page()
        log_in(page, base, "moderation.bordeaux", "Moderation-Gironde-2024", "/admin/")
        page.goto(base + "/admin/cles-etablissements/")
        assert page.url == base + "/admin/"
        assert page.locator(".messages .error").count() == 1
        # The sidebar is drawn by Wagtail's JavaScript, then named by ours: wait for both before axe reads the page.
        page.wait_for_function(
            "label => document.querySelector('[data-wagtail-sidebar] [role=search]')?.getAttribute('aria-label') === label",
            arg="Rechercher dans l'administration", timeout=10_000)
        assert_accessible(page, f"tableau de bord après un refus (modération, {device})")
        page.context.close()
