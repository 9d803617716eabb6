"""The network portal in Debian's Chromium, on the embedded demo: a member follows the RIPPS, its
coordination adds an event, the digest arrives (file mail backend), and the dashboards show the demo
establishments' indicators with their suppressed cells."""
import datetime as dt
import email
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

RIPPS = "/reseaux/ripps-poitiers/"
# Two digest rounds, as the hourly task would run them a week and two weeks from now.
TWO_DIGEST_ROUNDS = (
    "import datetime as dt; from django.utils import timezone; "
    "from portal.networks.digests import send_digests; now = timezone.now(); "
    "print(send_digests(now=now + dt.timedelta(days=8)).emails, send_digests(now=now + dt.timedelta(days=16)).emails)"
)


def log_in(page, base, username, password, target):
    page.goto(f"{base}/admin/login/?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{target}")


def test_follow_event_digest_dashboard(browser, embedded_portal, embedded_env, screenshot, tmp_path):
    base = embedded_portal
    member = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    log_in(member, base, "membre.ripps", "Membre-Celles-2024", RIPPS)
    member.get_by_role("button", name="Suivre ce réseau").click()
    member.wait_for_selector("text=Vous suivez ce réseau")
    screenshot(member, "networks-1-member-follows-ripps")

    coordination = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    log_in(coordination, base, "coordination.ripps", "Ripps-Poitiers-2024", RIPPS)
    coordination.get_by_role("link", name="Ajouter un événement").click()
    next_month = dt.date.today() + dt.timedelta(days=30)
    coordination.fill("#id_title", "Réunion d'échange de pratiques : le tutorat entre pairs")
    coordination.select_option("#id_kind", "meeting")
    coordination.fill("#id_place_name", "Collège François Albert")
    coordination.fill("#id_commune", "Celles-sur-Belle")
    coordination.fill("#id_date", next_month.isoformat())
    coordination.fill("#id_start_time", "14:00")
    coordination.fill("#id_end_time", "16:30")
    coordination.select_option("#id_audience", "members")
    coordination.get_by_role("button", name="Enregistrer l'événement").click()
    coordination.wait_for_selector("text=L'événement est enregistré.")
    assert "heure du lieu (Europe/Paris)" in coordination.inner_text("main")
    screenshot(coordination, "networks-2-event-added")

    outbox = tmp_path / "mails"
    # django-environ drops one slash: filemail:////tmp/x is the absolute /tmp/x.
    env = {**embedded_env, "EMAIL_URL": f"filemail:///{outbox}"}
    rounds = subprocess.run([sys.executable, "manage.py", "shell", "-c", TWO_DIGEST_ROUNDS], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180, check=True)
    assert rounds.stdout.split()[-2:] == ["1", "0"]  # the second round, a week later, has nothing new
    [mail_file] = list(outbox.iterdir())
    message = email.message_from_bytes(mail_file.read_bytes())
    assert message["To"] == "membre.ripps@demo.invalid"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/suivis/desabonnement/" in message["List-Unsubscribe"]
    text = message.get_payload()[0]
    body = text.get_payload(decode=True).decode(text.get_content_charset())
    assert "le tutorat entre pairs" in body and "RIPPS — académie de Poitiers" in body

    coordination.goto(f"{base}/tableaux-de-bord/reseaux/ripps-poitiers/")
    coordination.wait_for_selector("bar-chart canvas", state="attached", timeout=15000)
    text = coordination.inner_text("main")
    assert "Collège François Albert" in text and "secret statistique" in text
    assert "4 rapport(s) reçu(s) sur 5 attendu(s)" in text  # the PAPS has not reported
    screenshot(coordination, "networks-3-ripps-dashboard")

    analyst = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    log_in(analyst, base, "analyse.bordeaux", "Analyse-Gironde-2024", "/tableaux-de-bord/academies/bordeaux/")
    analyst.wait_for_selector("map-chart", state="attached")
    table = analyst.inner_text("main")
    assert "LP Antoine Lomet" in table and "secret statistique" in table
    screenshot(analyst, "networks-4-bordeaux-dashboard-lomet")
    for page in (member, coordination, analyst):
        page.context.close()
