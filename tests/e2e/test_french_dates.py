"""Dates read and typed as jj/mm/aaaa in a browser whose own language is English (issue 12), on the
embedded demo portal.

Chromium draws ``<input type="date">`` in the browser's locale (mm/dd/yyyy in en-US) whatever the page's
``lang``; the portal's forms use DSFR text fields that say « Format attendu : JJ/MM/AAAA », and the fiche
form keeps Wagtail's date field set to d/m/Y. Each is typed 15/09/2023 here and read back after saving
(the fiche: after leaving the field, nothing is saved without a title)."""
import re

import pytest

from tests.conftest import ARTIFACTS

from .axe import assert_accessible

pytestmark = pytest.mark.e2e

TYPED = "15/09/2023"
DEMO_REFERRAL_DEADLINE = "10/11/2023"  # the demo SAS campaign's (plugins/builtin/sas/demo.py), put back at the end


def english_page(browser, base, username, password, then):
    page = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}).new_page()
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(f"{base}/admin/login/?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{then}**")
    return page


def reads_french(page, selector, value=TYPED):
    field = page.locator(selector)
    assert field.get_attribute("type") == "text"
    assert field.input_value() == value
    assert "Format attendu : JJ/MM/AAAA" in page.locator(f"label[for='{field.get_attribute('id')}']").inner_text()


def save_referral_deadline(page, typed):
    page.fill("#id_referral_deadline", typed)
    page.click("#campaign-form button[type=submit]")
    page.wait_for_selector(".fr-alert--success")


def test_dates_are_typed_and_read_as_jj_mm_aaaa_in_an_english_browser(embedded_portal, browser):
    base = embedded_portal
    sas = english_page(browser, base, "sas.coordination", "Sas-Coordination-2024", "/sas/")
    boards = [href for href in sas.locator("a").evaluate_all("links => links.map(a => a.href)")
              if re.search(r"/sas/campagnes/\d+/$", href)]
    board = sas.url if re.search(r"/sas/campagnes/\d+/$", sas.url) else boards[0]
    sas.goto(board + "dates/")
    reads_french(sas, "#id_referral_deadline", DEMO_REFERRAL_DEADLINE)
    sas.fill("#id_referral_deadline", "31/09/2023")  # no such day: refused in French, kept as typed
    sas.click("#campaign-form button[type=submit]")
    assert sas.input_value("#id_referral_deadline") == "31/09/2023"
    assert "Saisissez une date qui existe, au format JJ/MM/AAAA" in sas.inner_text("main")
    save_referral_deadline(sas, TYPED)
    sas.goto(board + "dates/")
    reads_french(sas, "#id_referral_deadline")
    assert_accessible(sas, "dates de la campagne")
    sas.screenshot(path=str(ARTIFACTS / "dates-1-campagne-en-US.png"), full_page=True)
    sas.goto(board)  # the 2023-2024 campaign is over: its repérage form proposes the last day of the repérage
    reads_french(sas, "#id_referred_on")
    assert_accessible(sas, "tableau SAS")
    sas.goto(board + "dates/")
    save_referral_deadline(sas, DEMO_REFERRAL_DEADLINE)
    sas.context.close()

    network = english_page(browser, base, "coordination.ripps", "Ripps-Poitiers-2024", "/reseaux/ripps-poitiers/")
    network.get_by_role("link", name="Ajouter un événement").click()
    network.fill("#id_title", "Bilan de la Semaine de la persévérance")
    network.fill("#id_commune", "Celles-sur-Belle")
    network.fill("#id_date", TYPED)
    network.fill("#id_start_time", "14h")
    network.fill("#id_end_time", "16:30")
    assert_accessible(network, "formulaire d'événement")
    network.get_by_role("button", name="Enregistrer l'événement").click()
    network.wait_for_selector("text=L'événement est enregistré.")
    network.get_by_role("link", name="Modifier").first.click()
    reads_french(network, "#id_date")
    assert network.input_value("#id_start_time") == "14:00"
    network.screenshot(path=str(ARTIFACTS / "dates-2-evenement-en-US.png"), full_page=True)
    network.context.close()

    editor = english_page(browser, base, "redaction.lomet", "Redaction-Agen-2024", "/admin/")
    editor.get_by_role("link", name="Créer une fiche pour mon établissement").click()
    editor.wait_for_selector("#id_title")
    editor.get_by_role("tab", name="Contenu").click()
    editor.locator("#id_start_date").fill(TYPED)
    editor.locator("#id_duration_text").click()  # Wagtail's picker, set to d/m/Y, keeps what was typed
    assert editor.locator("#id_start_date").get_attribute("type") == "text"
    assert editor.input_value("#id_start_date") == TYPED
    editor.screenshot(path=str(ARTIFACTS / "dates-3-fiche-en-US.png"), full_page=True)
    editor.context.close()

    moderator = english_page(browser, base, "moderation.bordeaux", "Moderation-Gironde-2024", "/reseaux/")
    moderator.get_by_role("link", name="Créer un réseau").click()
    moderator.locator("#id_academie").wait_for()  # all_inner_texts() does not wait for the form to load
    assert moderator.locator("#id_academie option").all_inner_texts() == ["Bordeaux"]
    assert_accessible(moderator, "création d'un réseau")
    moderator.context.close()
