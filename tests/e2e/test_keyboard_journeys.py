"""Four journeys with the keyboard only, on an ordinary school computer: its 1280×1024 window zoomed to 200 % or
to 400 % (320 CSS pixels wide), one of the two for each journey to keep the suite's time (both lay the pages out
below DSFR's md and lg breakpoints: the header's menu button, the admin's narrow sidebar); the public one also at
100 %, where the header's navigation and the search filters are laid out otherwise (test_journeys.py and
test_networks_walk.py walk the pages at 100 % with the mouse). A network member searches the registry, filters it,
opens a fiche and follows its académie; a member follows a network and registers for its event, then adds it to a
calendar and skips the events map to their list; a moderator reviews a fiche submitted to them and publishes it; the
SAS coordination records a session's attendance.

Every stop of the focus shows itself and is on screen, no page scrolls sideways (tests/e2e/keyboard.py); the skip
links lead where they say; the DSFR header menu of a narrow window, Wagtail's dropdowns and its dialogs open from
the keyboard and close with Escape, giving the focus back to what opened them."""
import subprocess
import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ROOT

from . import keyboard_setup
from .keyboard import WINDOWS, Keyboard, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def keyboard_portal(embedded_portal, embedded_env):
    """The embedded portal with what the journeys change and no other test reads (tests/e2e/keyboard_setup.py)."""
    prepare = f"from tests.e2e.keyboard_setup import prepare; prepare({list(WINDOWS)!r})"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", prepare], cwd=ROOT, env=embedded_env,
                   capture_output=True, text=True, timeout=180, check=True)
    return embedded_portal


def keyboard_in(browser, window: str, **options) -> Keyboard:
    context = browser.new_context(locale="fr-FR", **WINDOWS[window], **options)
    return Keyboard(context.new_page(), window)


# The fiche's facts (structure, académie, public…): every value inside its list, none cut at its right edge (below
# DSFR's sm breakpoint the two columns left the values 90 px and cut them). Returns the terms of those that are not.
FACTS_FIT = """() => Array.from(document.querySelectorAll(".accroche-dl")).flatMap(list => {
  const right = list.getBoundingClientRect().right;
  return Array.from(list.querySelectorAll("dd")).filter(value => value.getBoundingClientRect().right > right + 0.5
    || value.scrollWidth > value.clientWidth + 1).map(value => value.previousElementSibling.innerText); })"""


def check_the_header_menu(kb: Keyboard):
    """The page's first stops: the skip links, then on a narrow window the header's « Menu » button. « Menu » leads
    to the navigation (below the lg breakpoint, to the button that opens it); the menu opens with Enter, keeps the
    focus inside while open and closes with Escape, back on its button."""
    kb.press("Tab")
    menu_link = kb.press("Tab")
    assert "Menu" in menu_link["name"], menu_link
    kb.page.keyboard.press("Enter")
    if not kb.page.locator("#fr-btn-menu-mobile").is_visible():
        kb.press("Tab")
        assert kb.page.evaluate("!!document.activeElement.closest('#fr-navigation')"), kb.check_focus()
        return
    assert kb.check_focus()["name"].startswith("button#fr-btn-menu-mobile")
    kb.page.keyboard.press("Enter")
    kb.page.locator("#fr-menu-mobile.fr-modal--opened").wait_for()
    kb.assert_no_sideways_scroll()
    for _ in range(12):
        kb.press("Tab")
        assert kb.page.evaluate("!!document.activeElement.closest('#fr-menu-mobile')"), kb.check_focus()
    kb.page.keyboard.press("Escape")
    kb.page.locator("#fr-menu-mobile:not(.fr-modal--opened)").wait_for(state="attached")
    kb.page.wait_for_function("() => document.activeElement.id === 'fr-btn-menu-mobile'", timeout=3000)
    kb.check_focus()


@pytest.mark.parametrize("window", ["1280px", "320px"])
def test_a_member_searches_filters_opens_a_fiche_and_follows_its_academie(keyboard_portal, browser, window):
    base = keyboard_portal
    kb = keyboard_in(browser, window)
    log_in(kb, base, *keyboard_setup.member(window), "/")
    check_the_header_menu(kb)
    kb.page.goto(base + "/")
    kb.skip_to_content()
    assert kb.is_at("#q-accueil"), kb.check_focus()
    kb.page.keyboard.type("tutorat")
    kb.follow()
    assert kb.page.url.startswith(base + "/recherche/?q=tutorat")
    kb.tab_to("button", "Suivre cette recherche", container="form")
    kb.follow()
    assert "Vous suivez" in kb.page.locator(".fr-alert").first.inner_text()
    if kb.page.locator(".search-filters__toggle").is_visible():  # below md the filters wait behind their button
        kb.tab_to(".search-filters__toggle")
        kb.page.keyboard.press("Enter")
        kb.page.locator("#filtres.fr-collapse--expanded:not(.fr-collapsing)").wait_for()
        kb.assert_no_sideways_scroll()
    kb.tab_to("#facette-academie input[type=checkbox]")
    kb.page.keyboard.press("Space")
    assert kb.page.evaluate("document.activeElement.checked")
    kb.tab_to("button[type=submit]", "Appliquer les filtres", container="button")
    kb.follow()
    assert "academie=" in kb.page.url
    kb.tab_to(".accroche-results a")
    kb.follow()
    assert kb.page.locator("article.accroche-fiche h1").is_visible()
    assert kb.page.evaluate(FACTS_FIT) == [], "les valeurs des faits de la fiche sortent de leur liste"
    if kb.page.locator(".fr-breadcrumb__button").is_visible():  # below md the breadcrumb waits behind its button
        kb.tab_to(".fr-breadcrumb__button")
        kb.page.keyboard.press("Enter")  # the button hides, the focus goes to the first link once the list is open
        kb.page.wait_for_function("() => document.activeElement.matches('.fr-breadcrumb__link')", polling="raf",
                                  timeout=3000)
        kb.page.keyboard.press("Tab")  # at once: the DSFR alone took the focus back to the first link
        kb.page.wait_for_timeout(300)
        assert kb.is_at(".fr-breadcrumb__link", "Académie", container="li"), kb.check_focus()
        kb.check_focus()
    else:
        kb.tab_to(".fr-breadcrumb__link", "Académie", container="li")
    kb.follow()
    kb.tab_to("button", "Suivre cette académie", container="form")
    kb.follow()
    assert "Vous suivez" in kb.page.locator(".fr-alert").first.inner_text()
    kb.page.context.close()


@pytest.mark.parametrize("window", ["320px"])
def test_a_member_follows_a_network_registers_for_its_event_and_adds_it_to_a_calendar(keyboard_portal, browser,
                                                                                       window):
    base = keyboard_portal
    kb = keyboard_in(browser, window, accept_downloads=True)
    network = f"/reseaux/{keyboard_setup.NETWORK_SLUG}/"
    log_in(kb, base, *keyboard_setup.member(window), network)
    kb.skip_to_content()
    kb.tab_to("button", "Suivre ce réseau", container="form")
    kb.follow()
    assert kb.page.get_by_text("Vous suivez ce réseau").is_visible()
    kb.tab_to("main a", keyboard_setup.EVENT_TITLE, container="li")
    kb.follow()
    kb.tab_to("button", "S'inscrire", container="form")
    kb.follow()
    assert kb.page.get_by_text("Vous êtes inscrit(e).").is_visible()
    kb.tab_to("a[href$='.ics']")
    with kb.page.expect_download() as download:
        kb.page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".ics")
    kb.page.goto(base + "/evenements/")  # the map's controls and markers come before the list: a skip link leads past
    kb.press("Tab")
    skip = kb.press("Tab")
    assert "Aller à la liste des événements" in skip["name"], skip
    kb.page.keyboard.press("Enter")
    kb.press("Tab")
    assert kb.is_at(".networks-events a"), kb.check_focus()
    kb.page.context.close()


def wait_for_focus_on(kb: Keyboard, selector: str, text: str):
    """The focus comes back on ``selector`` in the table row that reads ``text``."""
    try:
        kb.page.wait_for_function("""([selector, text]) => document.activeElement.matches(selector)
                                     && document.activeElement.closest("tr").innerText.includes(text)""",
                                  arg=[selector, text], timeout=3000)
    except PlaywrightTimeoutError:
        where = kb.page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        raise AssertionError(f"le focus n'est pas revenu sur {selector} ({text}) mais sur {where} ({kb.window})")
    kb.check_focus()


def open_the_approval_dialog(kb: Keyboard):
    """From the dropdown toggle that has the focus: Enter opens it, Tab reaches « Approuver et publier… »."""
    kb.page.keyboard.press("Enter")
    kb.tab_to("button", "Approuver et publier", container="button", limit=8)
    kb.page.keyboard.press("Enter")
    kb.page.locator(".modal.in, .modal.show").wait_for()
    kb.page.wait_for_function("() => !!document.activeElement.closest('.modal')", timeout=3000)
    kb.assert_no_sideways_scroll()


@pytest.mark.parametrize("window", ["zoom-200"])
def test_a_moderator_reviews_a_fiche_and_publishes_it(keyboard_portal, browser, window):
    base = keyboard_portal
    title = keyboard_setup.fiche_title(window)
    kb = keyboard_in(browser, window)
    log_in(kb, base, "moderation.bordeaux", "Moderation-Gironde-2024", "/admin/")
    kb.skip_to_content("Aller à contenu principal", "main")
    toggle = ".w-dropdown__toggle"
    kb.tab_to(toggle, title)
    kb.page.keyboard.press("Enter")
    kb.tab_to("button", "Demander des modifications", container="button", limit=4)
    kb.page.keyboard.press("Escape")  # the dropdown closes, the focus back on its toggle
    wait_for_focus_on(kb, toggle, title)
    open_the_approval_dialog(kb)
    kb.page.keyboard.press("Escape")  # the dialog closes, the focus back where it was opened from
    kb.page.locator(".modal").wait_for(state="detached")
    wait_for_focus_on(kb, toggle, title)

    kb.tab_to("a[href$='/edit/']", title, back=True)  # the review: every field of the fiche, in the editor
    kb.follow()
    kb.tab_to("footer .w-dropdown__toggle", limit=200)
    open_the_approval_dialog(kb)
    kb.tab_to(".modal button[type=submit]", limit=6)
    kb.follow()
    assert f"« {title} » est publiée." in kb.page.locator(".messages").inner_text()
    kb.page.context.close()


@pytest.mark.parametrize("window", ["320px"])
def test_the_sas_coordination_records_a_sessions_attendance(keyboard_portal, browser, window):
    base = keyboard_portal
    kb = keyboard_in(browser, window)
    log_in(kb, base, "sas.coordination", "Sas-Coordination-2024", "/sas/")
    kb.skip_to_content()
    kb.tab_to("a[href*='/presences/']", limit=200)
    kb.follow()
    kb.skip_to_content()
    kb.tab_to("#sas-nav button")  # the SAS menu's dropdown opens from the keyboard and lets the focus go on
    kb.page.keyboard.press("Enter")
    kb.page.locator("#sas-nav .fr-collapse--expanded").wait_for()
    kb.tab_to("#sas-nav .fr-collapse--expanded a", container="li")
    kb.tab_to("main form input[type=radio]")
    answer = kb.page.evaluate("document.activeElement.id")
    kb.press("ArrowDown")  # the next answer of the same student, then back to the one recorded
    assert kb.page.evaluate("[document.activeElement.checked, document.activeElement.id]") != [True, answer]
    assert kb.page.evaluate("document.activeElement.checked")
    kb.press("ArrowUp")
    assert kb.page.evaluate("document.activeElement.id") == answer
    kb.tab_to("main form button[type=submit]")
    kb.follow()
    assert kb.page.get_by_text("Présences enregistrées.").is_visible()
    assert kb.page.locator(f"#{answer}").is_checked()
    kb.page.context.close()
