"""The five journeys of DESIGN.md §1 in Debian's Chromium on the embedded portal (issue 12): a teacher
publishes a fiche, a moderator approves it, a network member searches on a phone, the SAS coordination
works from its board, a SAIO analyst reads the synthesis. axe-core checks every page they see."""
import re

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS

from .axe import assert_accessible

pytestmark = pytest.mark.e2e

TITLE = "Tutorat des 6e par les élèves de 2nde"
PUBLIC_PAGES = ["/", "/recherche/", "/recherche/?q=tutorat&near=Agen", "/recherche/?q=atelier+autour+de+Clermont",
                "/recherche/?near=Saint-Denis", "/carte/", "/academies/", "/bordeaux/",
                "/bordeaux/sas-mily/", "/synthese/", "/synthese/2015-2016/", "/accessibilite/", "/mentions-legales/",
                "/page-absente/"]


def today_in_french() -> str:
    from django.utils import formats, translation

    with translation.override("fr"):
        return formats.date_format(timezone.localdate(), "j F Y")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"parcours-{name}.png"), full_page=True)


def log_in(browser, base, username, password, **context):
    page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, **context).new_page()
    page.goto(f"{base}/admin/login/")
    assert page.get_by_label("Mot de passe").count() == 1
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def test_a_teacher_publishes_and_a_moderator_approves(embedded_portal, browser):
    base = embedded_portal
    teacher = log_in(browser, base, "redaction.lomet", "Redaction-Agen-2024")
    teacher.get_by_role("link", name="Créer une fiche pour mon établissement").click()
    teacher.wait_for_selector("#id_title")
    assert teacher.locator("#id_lead_structure option:checked").inner_text() == "LP Antoine Lomet (Agen)"
    assert teacher.get_by_text("les autres établissements s'ajoutent comme partenaires").is_visible()
    assert_accessible(teacher, "formulaire de fiche")
    teacher.locator("#id_summary").fill("Des élèves de seconde accompagnent les sixièmes une heure par semaine.")
    teacher.wait_for_timeout(1200)  # longer than the autosave interval: nothing to complain about yet
    state = teacher.locator("#w-autosave-indicator").get_attribute("data-w-autosave-state-value")
    assert state not in ("paused", "error"), state
    teacher.locator("#id_title").fill(TITLE)
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    teacher.select_option("#id_school_year_links-0-school_year", label=f"{year}-{year + 1}")
    teacher.get_by_role("tab", name="Contenu").click()
    teacher.locator("#id_start_date").fill("15/09/2026")
    teacher.locator("#id_duration_text").click()  # leaving the date field must not replace it
    assert teacher.input_value("#id_start_date") == "15/09/2026"
    shot(teacher, "1-redaction")
    teacher.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))  # autosave made the draft once it could
    teacher.locator("#w-autosave-indicator:not([data-w-autosave-state-value=saving])").wait_for(state="attached")
    teacher.wait_for_timeout(1500)  # the last autosave (the date) lands
    teacher.goto(teacher.url)  # the draft as saved
    assert teacher.input_value("#id_start_date") == "15/09/2026"
    with teacher.expect_navigation():
        teacher.locator("button[name=action-submit]").evaluate("button => button.click()")
    teacher.goto(f"{base}/admin/")
    row = teacher.locator("#mes-fiches-liste tr", has_text=TITLE)
    assert "Soumise à la modération" in row.inner_text() or "SOUMISE" in row.inner_text().upper()
    teacher.context.close()

    moderator = log_in(browser, base, "moderation.bordeaux", "Moderation-Gironde-2024")
    moderator.locator("tr", has_text=TITLE).locator(".w-dropdown__toggle").first.click()
    moderator.get_by_role("button", name="Approuver et publier…").first.click()
    dialog = moderator.locator(".modal-content")
    dialog.get_by_text("la fiche est publiée sur le portail, visible de tous").wait_for()
    shot(moderator, "2-moderation-confirmation")
    dialog.locator("button[type=submit]").click()
    message = moderator.locator(".messages").get_by_text(f"« {TITLE} » est publiée.")
    message.wait_for()
    public_url = moderator.get_by_role("link", name="Voir la page publique").get_attribute("href")
    shot(moderator, "3-moderation-publiee")
    moderator.goto(base + public_url)
    assert moderator.locator("h1").inner_text() == TITLE
    assert moderator.locator("h1 sup").all_inner_texts() == ["e", "nde"]
    assert_accessible(moderator, "fiche publiée")
    moderator.context.close()


def test_a_network_member_searches_on_a_phone_and_every_public_page_is_accessible(embedded_portal, browser):
    base = embedded_portal
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + "/")
    box = page.locator("#q-accueil").bounding_box()
    assert box["y"] + box["height"] <= 740, box  # the search box is within the first screen
    page.locator("#q-accueil").fill("tutorat")
    page.locator("#q-accueil").press("Enter")
    page.wait_for_url("**/recherche/?q=tutorat*")
    first = page.locator(".accroche-results li").first.bounding_box()
    assert first["y"] < 740, first  # results first, the filters behind their button
    assert not page.locator("#km").is_visible()
    page.get_by_role("button", name="Filtres et tri").click()
    page.locator("#near").fill("Agen")
    page.locator("#km").wait_for()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**near=Agen*")
    page.get_by_role("button", name="Filtres et tri").click()
    assert page.input_value("#km") and page.locator("#km").evaluate("input => input.checkValidity()")
    shot(page, "4-recherche-telephone")
    page.goto(base + "/recherche/?q=atelier+autour+de+Clermont")  # typed among the keywords: the page offers the choice
    page.locator(".accroche-near-offers").get_by_role("link", name="Clermont-Ferrand (63)").click()
    page.wait_for_url("**near=Clermont-Ferrand*")
    assert page.input_value("#q") == "atelier"
    assert page.input_value("#near") == "Clermont-Ferrand (63)" and not page.locator(".accroche-near-offers").count()
    for path in PUBLIC_PAGES:
        page.goto(base + path)
        assert_accessible(page, f"page publique {path} (téléphone)")
    context.close()
    desktop = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    for path in PUBLIC_PAGES:
        desktop.goto(base + path)
        assert_accessible(desktop, f"page publique {path}")
    desktop.context.close()


def test_the_sas_coordination_works_from_its_board(embedded_portal, browser):
    base = embedded_portal
    page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/admin/login/?next=/sas/")
    page.fill("input[name=username]", "sas.coordination")
    page.fill("input[name=password]", "Sas-Coordination-2024")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/sas/**")
    boards = [href for href in page.locator("a").evaluate_all("links => links.map(a => a.href)")
              if re.search(r"/sas/campagnes/\d+/$", href)]
    board = page.url if re.search(r"/sas/campagnes/\d+/$", page.url) else boards[0]
    page.goto(board)
    sheets = page.locator("#feuilles-avec-eleves li")
    assert sheets.count() >= 1 and all("inscrit" in text for text in sheets.all_inner_texts())
    assert not page.locator("#feuilles-sans-eleve li").first.is_visible()  # the empty ones wait in a closed list
    assert today_in_french() not in page.locator("main").inner_text()  # the demo's steps are dated in their campaign
    shot(page, "5-sas-tableau")
    screens = {board}
    partial = sheets.filter(has_text="saisie partielle")
    if partial.count():
        partial.first.locator("a").click()
        page.wait_for_url("**/presences/")  # is_visible() does not wait: it would read the board still shown
        assert page.locator("#saisie-partielle").is_visible()
        screens.add(page.url)
    page.goto(board)
    case = page.locator("table a[href*='/sas/dossiers/']").first.get_attribute("href")
    page.goto(base + case)
    assert today_in_french() not in page.locator("main").inner_text()
    page.goto(board.rstrip("/") + "/planification/?calculer=1")
    assert "« Optimale » : aucune autre répartition ne fait mieux" in page.locator("#proposition").inner_text()
    if page.locator("#groups .fr-badge--warning").count():
        assert page.locator("#sous-le-minimum").is_visible()
    shot(page, "6-sas-planification")
    links = page.locator("#sas-nav a").evaluate_all("links => links.map(a => a.href)")
    screens |= {url for url in links if "/sas/" in url and not url.endswith(".ics")}
    screens |= {base + case, page.url, base + "/sas/"}
    for url in sorted(screens):
        page.goto(url)
        assert_accessible(page, "écran SAS")
    for anchor in ("ateliers/", "dates/", "ateliers/nouveau/", "information-collective/"):
        page.goto(board + anchor)
        assert_accessible(page, f"écran SAS {anchor}")
    page.context.close()


def test_a_saio_analyst_reads_the_synthesis(embedded_portal, page, screenshot):
    page.goto(embedded_portal + "/synthese/2015-2016/")
    assert page.evaluate("document.documentElement.scrollHeight") < 30_000
    assert page.locator("main").count() == 1
    assert "version 1 de sa synthèse, mise en ligne sur le portail le" in page.locator(".fr-badge--success").text_content()
    page.locator("nav.synthesis-toc").get_by_role("link", name="Académie de Dijon").click()
    dijon = page.locator("#academie-dijon")
    assert dijon.locator("details").evaluate("details => details.open")
    assert dijon.get_by_text("Défis 6e et tutorat").is_visible()
    dijon.get_by_role("link", name="Retour au sommaire").click()
    assert page.locator("#toc-title").is_visible()
    svg = page.locator("svg:has(#chart-map-t)")
    assert svg.locator("path").count() == 1
    names = {}
    for name in ("Paris", "Versailles", "Créteil"):
        names[name] = svg.locator("text", has_text=re.compile(f"^{name}$")).evaluate(
            "t => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; }")
    boxes = list(names.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), names
    svg.scroll_into_view_if_needed()
    svg.screenshot(path=str(ARTIFACTS / "parcours-7-synthese-carte.png"))
    assert_accessible(page, "synthèse 2015-2016")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "parcours-8-synthese")


@pytest.mark.parametrize("account, paths", [
    (("moderation.bordeaux", "Moderation-Gironde-2024"), ["/admin/semaine/", "/admin/semaine/declarer/"]),
    (("admin", "Accroche-admin-2024"), ["/admin/syntheses/"]),
])
def test_the_synthesis_admin_screens_are_accessible(embedded_portal, browser, account, paths):
    """The Semaine de la persévérance and annual synthesis screens of the admin: each has its title as h1."""
    page = log_in(browser, embedded_portal, *account)
    for path in paths:
        page.goto(embedded_portal + path)
        assert page.url.endswith(path), page.url  # the account reaches the screen
        assert_accessible(page, f"écran d'administration {path}")
    page.context.close()
