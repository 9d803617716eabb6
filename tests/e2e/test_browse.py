"""A visitor goes from the home page to a fiche in a real browser, on the embedded SQLite portal."""
import re

import pytest

pytestmark = pytest.mark.e2e

SECTIONS = ["Lieu", "Public concerné", "Objectifs", "Ateliers", "Étapes et calendrier", "Résultats observés",
            "Indicateurs de réussite", "Organisation"]


def test_home_to_fiche(embedded_portal, page, screenshot):
    page.goto(embedded_portal + "/")
    assert page.locator("h1").first.is_visible()
    assert page.get_by_role("heading", name="Dernières fiches publiées").is_visible()
    screenshot(page, "home")

    page.get_by_role("link", name="Parcourir par académie").click()
    page.get_by_role("link", name="Bordeaux", exact=True).click()
    page.get_by_role("link", name="SAS Mily").first.click()
    page.wait_for_url(re.compile(r"/sas-mily[^/]*/$"))  # the academy page's h1 is still there until the fiche loads

    assert "SAS Mily" in page.locator("h1").inner_text()
    for name in SECTIONS:
        assert page.get_by_role("heading", name=name, exact=True).is_visible(), name
    assert page.get_by_text("CPS").first.is_visible()
    assert page.get_by_text("LP Antoine Lomet").first.is_visible()
    path = screenshot(page, "fiche-sas-mily")
    assert path.stat().st_size > 10_000
