"""End-to-end: the 2015-2016 synthesis of the demo, with its charts, in Debian's Chromium."""
import pytest

pytestmark = pytest.mark.e2e


def test_synthesis_2015_2016_shows_figures_charts_and_map(embedded_portal, page, screenshot):
    page.goto(embedded_portal + "/synthese/")
    page.get_by_role("link", name="Synthèse 2015-2016").click()
    page.wait_for_url("**/synthese/2015-2016/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Semaine de la persévérance scolaire")
    charts = page.locator("svg.synthesis-chart[role=img]")
    assert charts.count() == 4
    for i in range(4):
        assert charts.nth(i).is_visible() and charts.nth(i).locator("title").count() >= 1
    table = page.get_by_role("table", name="Les académies")
    bordeaux = table.get_by_role("row").filter(has_text="Bordeaux")
    assert "Une trentaine d'établissements" in bordeaux.inner_text()
    assert "N.C." in table.get_by_role("row").filter(has_text="Créteil").inner_text()
    assert page.locator("#chart-map-t").count() == 1
    page.get_by_role("link", name="Académie d'Amiens").first.click()
    amiens = page.locator("#academie-amiens")
    amiens.locator("details[open]").wait_for()  # parts.js opens the part on hashchange, after the click returns
    assert "dont 3 fiches dans le registre" in amiens.inner_text()
    example = amiens.get_by_role("link", name="La classe d'accueil et de mobilisation fait son théâtre")
    assert example.get_attribute("href").startswith("/")
    # Printed, every académie's part is open (a closed one printed as « Le détail : … » alone); afterwards
    # only the one the reader opened stays open.
    parts = page.locator("details[data-synthesis-part]")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details[data-synthesis-part][open]").count() == parts.count() > 1
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details[data-synthesis-part][open]").count() == 1 and amiens.locator("details[open]").count() == 1
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "synthese-2015-2016")
    example.click()
    page.wait_for_load_state()
    assert "La classe d'accueil" in page.get_by_role("heading", level=1).inner_text()
