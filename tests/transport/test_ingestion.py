"""The portal's endpoint: a signed report is stored once with a signed receipt; every kind of
bad report is refused with a JSON reason and leaves nothing behind."""
import datetime as dt
import json

import pytest
from django.utils import timezone

from portal import httpsig
from portal.indicators.keys import register_key
from portal.indicators.models import ReceivedReport, ReportCell, SeenNonce

from .signed import body, post, signed_headers

pytestmark = pytest.mark.django_db


def nothing_stored():
    return not ReceivedReport.objects.exists() and not ReportCell.objects.exists()


def test_signed_report_is_stored_with_cells_and_a_signed_receipt(client, lomet, year, node_key, _keys):
    payload = body("0470018L", girls=None)
    response = post(client, payload, signed_headers(payload, node_key))
    assert response.status_code == 201, response.content
    receipt = json.loads(response.content)
    assert receipt["import_summary"]["import_count"] == {"imported": 4, "updated": 0, "ignored": 0, "deleted": 0}
    assert receipt["report_digest"] == httpsig.body_digest(payload)
    signed = httpsig.Response(201, dict(response.headers.items()))
    httpsig.verify_signature(signed, _keys.public_key(), httpsig.fingerprint(_keys),
                             components=httpsig.RESPONSE_COMPONENTS, max_age=None, clock_skew=dt.timedelta(0))
    assert httpsig.digest_matches(response.headers, response.content)

    report = ReceivedReport.objects.get()
    assert (report.establishment, report.period, report.sequence) == (lomet, year, 1)
    cells = {(c.indicator, c.breakdown_key): (c.value, c.status) for c in report.cells.all()}
    assert cells == {
        ("sas.identified", ""): (24, "published"),
        ("sas.identified", "sex=F"): (None, "primary_secret"),
        ("sas.identified", "sex=M"): (None, "secondary_secret"),
        ("sas.taken_in_charge", ""): (12, "published"),
    }


def test_same_report_again_gets_the_same_receipt_and_is_stored_once(client, lomet, year, node_key):
    payload = body("0470018L")
    first = post(client, payload, signed_headers(payload, node_key, idempotency_key="6f1c1b8e-1111-4a4a-9a9a-000000000001"))
    again = post(client, payload, signed_headers(payload, node_key, idempotency_key="6f1c1b8e-1111-4a4a-9a9a-000000000001"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert json.loads(first.content) == json.loads(again.content)
    assert ReceivedReport.objects.count() == 1 and ReportCell.objects.count() == 4


def test_same_idempotency_key_with_another_body_is_a_conflict(client, lomet, year, node_key):
    key = "6f1c1b8e-1111-4a4a-9a9a-000000000002"
    first = body("0470018L")
    post(client, first, signed_headers(first, node_key, idempotency_key=key))
    other = body("0470018L", identified=30)
    response = post(client, other, signed_headers(other, node_key, idempotency_key=key))
    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_conflict"
    assert ReceivedReport.objects.count() == 1


def test_corrected_report_replaces_cells_per_indicator_and_keeps_history(client, lomet, year, node_key):
    first = body("0470018L", sequence=1)
    post(client, first, signed_headers(first, node_key))
    corrected = body("0470018L", sequence=2, identified=25, girls=14)
    response = post(client, corrected, signed_headers(corrected, node_key))
    assert response.json()["import_summary"]["import_count"] == {"imported": 0, "updated": 4, "ignored": 0, "deleted": 0}
    older, newer = ReceivedReport.objects.order_by("sequence")
    assert older.superseded_by == newer
    current = ReportCell.objects.filter(current=True, indicator="sas.identified", breakdown_key="")
    assert [c.value for c in current] == [25]
    assert ReportCell.objects.filter(current=False).count() == 4 and ReportCell.objects.count() == 8

    late = body("0470018L", sequence=1, identified=99)  # an older report arriving last changes nothing
    response = post(client, late, signed_headers(late, node_key))
    assert response.json()["import_summary"]["import_count"]["ignored"] == 4
    assert [c.value for c in ReportCell.objects.filter(current=True, indicator="sas.identified", breakdown_key="")] == [25]


def refused(response, status, code):
    assert response.status_code == status, response.content
    error = response.json()
    assert error["error"] == code and error["detail"]
    assert nothing_stored()


def test_forged_signature_is_refused(client, lomet, year, node_key):
    payload = body("0470018L")
    impostor = httpsig.generate_private_key()
    headers = signed_headers(payload, impostor)
    # The impostor claims the registered key's identity.
    headers["Signature-Input"] = headers["Signature-Input"].replace(httpsig.fingerprint(impostor),
                                                                    httpsig.fingerprint(node_key))
    refused(post(client, payload, headers), 401, "forged")


def test_altered_body_is_refused(client, lomet, year, node_key):
    payload = body("0470018L")
    headers = signed_headers(payload, node_key)
    refused(post(client, payload.replace(b'"value":24', b'"value":42'), headers), 400, "altered")


def test_replayed_request_is_refused(client, lomet, year, node_key):
    payload = body("0470018L")
    headers = signed_headers(payload, node_key)
    assert post(client, payload, headers).status_code == 201
    ReceivedReport.objects.all().delete()  # even if the first were lost, the replay is refused
    refused(post(client, payload, headers), 409, "replayed")


@pytest.mark.parametrize("shift, code", [(-3600, "expired"), (3600, "not_yet_valid")])
def test_signature_out_of_its_time_window_is_refused(client, lomet, year, node_key, shift, code):
    payload = body("0470018L")
    headers = signed_headers(payload, node_key, now=timezone.now() + dt.timedelta(seconds=shift))
    refused(post(client, payload, headers), 401, code)


def test_unknown_establishment_key_is_refused(client, lomet, year):
    payload = body("0470018L")
    refused(post(client, payload, signed_headers(payload, httpsig.generate_private_key())), 401,
            "unknown_establishment")


def test_revoked_key_is_refused_and_a_rotated_key_works(client, lomet, year, node_key):
    new_key = httpsig.generate_private_key()
    register_key(lomet, httpsig.public_key_text(new_key))
    old = body("0470018L", sequence=1)
    assert post(client, old, signed_headers(old, node_key)).status_code == 201  # both active during rotation
    lomet.signing_keys.filter(fingerprint=httpsig.fingerprint(node_key)).update(revoked_at=timezone.now())
    again = body("0470018L", sequence=2)
    response = post(client, again, signed_headers(again, node_key))
    assert response.status_code == 403 and response.json()["error"] == "revoked_key"
    assert post(client, again, signed_headers(again, new_key)).status_code == 201
    assert ReceivedReport.objects.count() == 2


@pytest.mark.parametrize("change", [
    lambda d: d.update(schema_version=2),
    lambda d: d["cells"][0].update(value=None),  # a published cell without a value
    lambda d: d["cells"][1].update(value=3),  # a secret cell with a value
    lambda d: d["cells"][0]["breakdown"].update(name="Jean Dupont"),  # free text in a breakdown
    lambda d: d.update(comment="élève absent"),
    lambda d: d["cells"].append(dict(d["cells"][0])),  # the same cell twice
    lambda d: d["cells"].append({"indicator": "sas.other", "breakdown": {}, "value": 1, "status": "published"}),
])
def test_report_outside_the_schema_is_refused(client, lomet, year, node_key, change):
    data = json.loads(body("0470018L", girls=None))
    change(data)
    payload = json.dumps(data).encode()
    refused(post(client, payload, signed_headers(payload, node_key)), 422, "wrong_schema")


@pytest.mark.parametrize("value", [1, 4, 2.0])
def test_a_small_count_published_is_refused_and_nothing_shown(client, lomet, year, node_key, value):
    """A node never publishes a count of a small group (its threshold is never under 5): a report that does, from a
    defect or a tampered node, is refused whole, so that no page of the portal shows that group."""
    data = json.loads(body("0470018L", girls=None))
    data["cells"][0].update(value=value)  # « Élèves repérés », total, published
    payload = json.dumps(data).encode()
    refused(post(client, payload, signed_headers(payload, node_key)), 422, "small_count_published")


@pytest.mark.parametrize("declared", ["rate", "mean"])
def test_a_small_count_declared_a_rate_is_refused_all_the_same(client, lomet, year, node_key, declared):
    """The portal reads « Élèves repérés » as the count its own definition says it is, whatever the report
    declares: declared a rate, 2 pupils passed the check, and the dashboards showed « 2 »."""
    data = json.loads(body("0470018L", girls=None).replace(b'"sas.identified"', b'"sas.students_identified"'))
    definition = next(d for d in data["definitions"] if d["code"] == "sas.students_identified")
    definition["aggregation"] = declared
    data["cells"][0].update(value=2)  # its total
    payload = json.dumps(data).encode()
    refused(post(client, payload, signed_headers(payload, node_key)), 422, "small_count_published")


@pytest.mark.parametrize("value", [0, 5])
def test_a_count_of_none_or_at_the_lowest_threshold_is_accepted(client, lomet, year, node_key, value):
    data = json.loads(body("0470018L", girls=None))
    data["cells"][0].update(value=value)
    payload = json.dumps(data).encode()
    assert post(client, payload, signed_headers(payload, node_key)).status_code == 201


def test_unknown_period_and_other_establishment_are_refused(client, lomet, year, node_key):
    from plugins import periods

    payload = body("0470018L", period=periods.school_year("2030-2031"))
    refused(post(client, payload, signed_headers(payload, node_key)), 422, "unknown_period")
    payload = body("0330001A")
    refused(post(client, payload, signed_headers(payload, node_key)), 403, "establishment_mismatch")


def test_unsigned_and_oversized_reports_are_refused(client, lomet, year, node_key, settings):
    payload = body("0470018L")
    headers = signed_headers(payload, node_key)
    del headers["Signature"]
    refused(post(client, payload, headers), 401, "signature_missing")
    settings.ACCROCHE_REPORT_MAX_BYTES = 100
    refused(post(client, payload, signed_headers(payload, node_key)), 413, "too_large")
    assert not SeenNonce.objects.exists()


def test_schema_is_published(client):
    response = client.get("/api/v1/schemas/indicator-report-1.json")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["properties"]["schema_version"] == {"const": 1}
    assert client.get("/api/v1/schemas/other.json").status_code == 404
