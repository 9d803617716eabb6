"""A portal and two establishment nodes as separate processes on loopback, each with its own
database; a db_worker per node sends the outbox. The portal is killed mid-way and restarted:
every report arrives exactly once and in order; forged, altered and replayed reports are
refused; a rotated key keeps working and a revoked one no longer does."""
import json

import pytest
import requests

from portal import httpsig
from tests import databases
from tests.transport.signed import ENDPOINT, body, signed_headers

from .processes import Deployment, clone_database, drop_database, wait_for

NODES = {"a": ("0470018L", "LP Antoine Lomet"), "b": ("0330001A", "Lycée de la Garonne")}
SCHEMA = "/api/v1/schemas/indicator-report-1.json"
SETUP_PORTAL = """
import datetime as dt
from fiches.models import Academie, Establishment
from portal.indicators.models import ReportingPeriod
bordeaux = Academie.objects.get(code="bordeaux")
ReportingPeriod.objects.create(code="2023-2024", kind="school_year", label="2023-2024",
                               start=dt.date(2023, 9, 1), end=dt.date(2024, 8, 31))
for uai, name in {establishments!r}:
    Establishment.objects.create(name=name, uai=uai, academie=bordeaux)
"""


@pytest.fixture
def network(tmp_path):
    # The run's migrated, bootstrapped database (tests/databases.py) is the template of all three: it
    # exists whether or not a database test ran before in this process, and no test has changed it.
    template = databases.migrated()
    urls = {name: clone_database(template, f"{template}_net_{name}") for name in ("portal", *NODES)}
    portal_key = httpsig.generate_private_key()
    portal = Deployment("portal", urls["portal"], {
        "ACCROCHE_ROLE": "portal", "ACCROCHE_PORTAL_KEY": httpsig.private_key_text(portal_key),
        "ACCROCHE_KEY_DIR": str(tmp_path / "portal")}, tmp_path)
    nodes = {name: Deployment(f"node-{name}", urls[name], {
        "ACCROCHE_ROLE": "node", "ACCROCHE_NODE_UAI": uai, "ACCROCHE_PORTAL_URL": portal.url,
        "ACCROCHE_PORTAL_PUBLIC_KEY": httpsig.public_key_text(portal_key), "ACCROCHE_KEY_DIR": str(tmp_path / name),
        "ACCROCHE_OUTBOX_RETRY_BASE": "0.3", "ACCROCHE_OUTBOX_RETRY_MAX": "1"}, tmp_path)
        for name, (uai, _label) in NODES.items()}
    yield portal, nodes
    for deployment in (portal, *nodes.values()):
        deployment.stop()
        drop_database(deployment.database_url)


def received(portal) -> dict[str, list[int]]:
    """Sequences the portal stored per establishment, in the order it stored them."""
    rows = portal.query("SELECT e.uai, r.sequence FROM indicators_receivedreport r "
                        "JOIN fiches_establishment e ON e.id = r.establishment_id ORDER BY r.id")
    stored = {}
    for uai, sequence in rows:
        stored.setdefault(uai, []).append(sequence)
    return stored


def total(portal) -> int:
    return sum(map(len, received(portal).values()))


def outbox(node) -> list[tuple]:
    return node.query("SELECT sequence, status, attempts, last_error FROM outbox_outboxreport ORDER BY sequence")


def enqueue(node, uai: str, count: int) -> None:
    node.run("from tests.transport.signed import report; from portal.outbox.queue import enqueue_report\n"
             f"for n in range({count}): enqueue_report(report({uai!r}, identified=20 + n))")


def public_key_of(keygen_output: str) -> str:
    return next(line.split(": ", 1)[1] for line in keygen_output.splitlines() if line.startswith("Clé publique"))


def headers_for(portal, key, payload: bytes) -> dict[str, str]:
    return signed_headers(payload, key, url=portal.url + ENDPOINT)


def post(portal, payload: bytes, headers: dict[str, str]):
    return requests.post(portal.url + ENDPOINT, data=payload, headers=headers, timeout=10)


def test_portal_and_two_nodes(network):
    portal, nodes = network
    for deployment in (portal, *nodes.values()):
        deployment.open_console()
    public_keys = {name: public_key_of(node.manage("node_keygen")) for name, node in nodes.items()}
    portal.run(SETUP_PORTAL.format(establishments=[(uai, label) for uai, label in NODES.values()]))
    for name, (uai, _label) in NODES.items():  # the académie registers each node's key
        portal.manage("register_establishment_key", uai, public_keys[name])
    portal.serve()
    for node in nodes.values():
        node.serve()
        node.work()
    portal.wait_until_served(SCHEMA)
    for node in nodes.values():
        node.wait_until_served("/admin/login/")
        # A node is not a portal: it serves neither the ingestion API nor its schema.
        assert requests.get(node.url + SCHEMA, timeout=10).status_code == 404

    for name, node in nodes.items():
        enqueue(node, NODES[name][0], 5)
    wait_for(lambda: total(portal) >= 3, timeout=60, what="premiers rapports reçus")
    portal.kill("web")  # mid-way: some reports are received, others are on their way or waiting

    for name, node in nodes.items():
        enqueue(node, NODES[name][0], 2)
    for node in nodes.values():
        wait_for(lambda node=node: any(status == "pending" and "injoignable" in error
                                       for _s, status, _a, error in outbox(node)),
                 timeout=60, what=f"{node.name} voit le portail arrêté")
    portal.serve()
    portal.wait_until_served(SCHEMA)
    for node in nodes.values():
        wait_for(lambda node=node: all(status == "acknowledged" for _s, status, _a, _e in outbox(node)),
                 timeout=90, what=f"{node.name} : tout est accusé")

    assert received(portal) == {uai: [1, 2, 3, 4, 5, 6, 7] for uai, _label in NODES.values()}  # once, in order
    assert any(attempts > 1 for node in nodes.values() for _s, _st, attempts, _e in outbox(node))

    # Rotation on node a: a new key, registered beside the old one, signs the next report.
    node_a, uai_a = nodes["a"], NODES["a"][0]
    key_file = f"{node_a.settings['ACCROCHE_KEY_DIR']}/node.key"
    old_key = httpsig.load_private_key(key_file)
    new_public = public_key_of(node_a.manage("node_keygen", "--rotate"))
    portal.manage("register_establishment_key", uai_a, new_public)
    enqueue(node_a, uai_a, 1)
    wait_for(lambda: received(portal)[uai_a][-1:] == [8], timeout=60, what="rapport signé par la nouvelle clé")
    assert portal.query("SELECT k.fingerprint FROM indicators_receivedreport r JOIN indicators_establishmentkey k "
                        "ON k.id = r.key_id WHERE r.sequence = 8")[0][0] == httpsig.fingerprint(new_public)
    portal.manage("register_establishment_key", uai_a, httpsig.fingerprint(old_key), "--revoke")

    # Refused, and nothing stored: forged, altered, revoked, replayed.
    count = total(portal)
    new_key = httpsig.load_private_key(key_file)
    payload = body(uai_a, sequence=9)
    impostor = httpsig.generate_private_key()
    forged = headers_for(portal, impostor, payload)
    forged["Signature-Input"] = forged["Signature-Input"].replace(httpsig.fingerprint(impostor),
                                                                  httpsig.fingerprint(new_key))
    assert post(portal, payload, forged).json()["error"] == "forged"
    altered = payload.replace(b'"value":24', b'"value":42')
    assert altered != payload
    assert post(portal, altered, headers_for(portal, new_key, payload)).json()["error"] == "altered"
    assert post(portal, payload, headers_for(portal, old_key, payload)).json()["error"] == "revoked_key"
    assert total(portal) == count

    replayed = headers_for(portal, new_key, payload)
    first = post(portal, payload, replayed)
    assert first.status_code == 201 and json.loads(first.content)["sequence"] == 9
    again = post(portal, payload, replayed)
    assert (again.status_code, again.json()["error"]) == (409, "replayed")
    assert total(portal) == count + 1
