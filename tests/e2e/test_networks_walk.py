"""The network portal in Debian's Chromium, on the embedded demo: a member follows the RIPPS, its
coordination adds an event, the digest arrives (file mail backend), and the dashboards show the demo
establishments' indicators with their suppressed cells. A double click on « Enregistrer l'événement » on a
slow connection makes one event (on a network of its own, in the test database)."""
import datetime as dt
import email
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT

from .slow_post import click_twice_while_the_answer_is_held

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
    assert "4 rapports reçus sur 5 attendus" in text  # the PAPS has not reported
    screenshot(coordination, "networks-3-ripps-dashboard")

    analyst = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    # Pupils identified: Lot-et-Garonne is published (the first indicator, attendance, is secret there: no map).
    log_in(analyst, base, "analyse.bordeaux", "Analyse-Gironde-2024",
           "/tableaux-de-bord/academies/bordeaux/?indicateur=sas.students_identified")
    analyst.wait_for_selector("map-chart", state="attached")
    table = analyst.inner_text("main")
    assert "LP Antoine Lomet" in table and "secret statistique" in table
    screenshot(analyst, "networks-4-bordeaux-dashboard-lomet")
    for page in (member, coordination, analyst):
        page.context.close()


@pytest.fixture
def network_coordinator(db):
    """A network of the académie of Poitiers and its coordinator; the network's slug."""
    from portal.networks.models import Network, NetworkPerson
    from tests import factories

    network = Network.objects.create(slug="ripps-test", name="RIPPS test", kind=Network.Kind.RIPPS,
                                     academie=factories.academie("poitiers"))
    NetworkPerson.objects.create(network=network, user=factories.user("coord"), role=NetworkPerson.Role.COORDINATOR)
    return network.slug


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_slow_connection_creates_one_event(live_server, network_coordinator, page):
    """The first post reaches the server and its answer is held back while the button is clicked again
    (tests/e2e/slow_post.py): portal/static/portal/submit-once.js keeps the second post from leaving."""
    from portal.networks.models import Event

    form = f"/reseaux/{network_coordinator}/evenements/nouveau/"
    log_in(page, live_server.url, "coord", "motdepasse-de-test", form)
    page.fill("#id_title", "Réunion d'échange de pratiques")
    page.fill("#id_commune", "Poitiers")
    page.fill("#id_date", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_end_time", "16:30")
    posts = click_twice_while_the_answer_is_held(page, "main form[method=post] button[type=submit]")
    assert (posts, Event.objects.count()) == (1, 1)
    page.wait_for_selector("text=L'événement est enregistré.")
