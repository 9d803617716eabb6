"""Under the Content-Security-Policy (no inline script allowed), in Debian's Chromium: the map shows
its markers, a fiche and the synthesis charts display, the API page shows Swagger UI in French,
Wagtail's fiche editor loads and its widgets work (date picker, inline panel, chooser), and the
browser reports no violation of the policy nor an error in the Permissions-Policy header."""
import re

import pytest

pytestmark = pytest.mark.e2e

ADMIN = ("admin", "Accroche-admin-2024")  # the demo's superuser (fiches/demo.py)
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched(browser, deployment):
    """A page of the development portal (same policy as production) that records every violation."""
    base = deployment["development"].origin
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    # Map tiles come from the Internet, which tests do not reach: refused once the policy let them go.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if re.search(
        "Content Security Policy|Permissions-Policy", m.text) else None)
    page.on("pageerror", lambda error: problems.append(f"erreur JavaScript : {error}"))

    def visit(path):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")

    def violations():
        return problems + page.evaluate("window.__violations")

    yield page, visit, violations
    context.close()


def show(page, selector):
    """Open the editor tab holding ``selector``."""
    panel = page.locator(selector).evaluate("e => e.closest('[role=tabpanel]')?.id")
    if panel:
        page.locator(f"[role=tab][aria-controls='{panel}']").click()


def test_public_pages_work_under_the_policy(watched):
    page, visit, violations = watched
    visit("/carte/")
    page.locator(".leaflet-marker-icon, .marker-cluster").first.wait_for(state="visible")
    assert page.locator(".leaflet-marker-icon, .marker-cluster").count() > 0
    assert violations() == []

    visit("/bordeaux/sas-mily/")
    assert "SAS Mily" in page.locator("h1").inner_text()
    assert page.locator("html[data-fr-js]").count() == 1  # DSFR's script ran
    assert violations() == []

    visit("/synthese/2015-2016/")
    charts = page.locator("svg.synthesis-chart[role=img]")
    assert charts.count() >= 4 and charts.first.is_visible()
    assert violations() == []

    visit("/api/")  # Swagger UI, its French labels (json_script) and their adaptation
    page.get_by_role("button", name="Replier le thème").first.wait_for()
    assert violations() == []


def test_wagtail_fiche_editor_works_under_the_policy(watched):
    page, visit, violations = watched
    visit("/bordeaux/sas-mily/")
    fiche_id = re.search(r"/fiches/(\d+)/pdf/", page.content()).group(1)
    visit(f"/admin/login/?next=/admin/pages/{fiche_id}/edit/")
    page.fill("input[name=username]", ADMIN[0])
    page.fill("input[name=password]", ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"**/admin/pages/{fiche_id}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("form#page-edit-form").count() == 1

    # Every widget initialiser Wagtail wrote inline ran from the static script.
    calls = page.locator("script[data-accroche-call]")
    assert calls.count() > 0 and page.locator("script[data-accroche-done]").count() == calls.count()
    # Inline panel: « add » appends a form.
    add = page.locator("button[id$='-ADD']").first
    prefix = add.get_attribute("id")[len("id_"):-len("-ADD")]
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    before = int(total.input_value())
    add.click()
    assert int(total.input_value()) == before + 1
    # Date picker.
    show(page, "#id_start_date")
    page.locator("#id_start_date").click()
    page.locator(".xdsoft_datetimepicker >> visible=true").first.wait_for(state="visible", timeout=5000)
    page.keyboard.press("Escape")
    # Chooser: its modal lists the structures.
    show(page, "#id_lead_structure-chooser")
    page.locator("#id_lead_structure-chooser .w-dropdown__toggle").click()
    page.get_by_role("button", name=re.compile("Choisir un autre")).click()
    page.locator(".modal-content table tbody tr").first.wait_for(state="visible")
    assert violations() == []
