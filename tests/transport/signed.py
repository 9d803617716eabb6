"""Building signed indicator reports for the transport tests, as an establishment node does."""
from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from plugins.reports import (
    Aggregation, CellStatus, IndicatorDefinition, IndicatorReport, IndicatorValue, PeriodKind, ReportingPeriod,
)
from portal import httpsig
from portal.outbox.queue import encode_payload

ENDPOINT = "/api/v1/indicator-reports/"
YEAR = ReportingPeriod(PeriodKind.SCHOOL_YEAR, "2023-2024", "Année scolaire 2023-2024",
                       dt.date(2023, 9, 1), dt.date(2024, 8, 31))
IDENTIFIED = IndicatorDefinition("sas.identified", "Élèves repérés", "élèves", Aggregation.SUM, ("sex",))
TAKEN = IndicatorDefinition("sas.taken_in_charge", "Élèves pris en charge", "élèves", Aggregation.SUM, ())


def report(uai: str, *, identified: float = 24, girls: float | None = 13, taken: float = 12,
           period: ReportingPeriod = YEAR) -> IndicatorReport:
    girls_status = CellStatus.PUBLISHED if girls is not None else CellStatus.PRIMARY_SECRET
    boys_status = girls_status if girls is not None else CellStatus.SECONDARY_SECRET
    return IndicatorReport(
        establishment_uai=uai, period=period, definitions=(IDENTIFIED, TAKEN),
        values=(
            IndicatorValue("sas.identified", {}, identified),
            IndicatorValue("sas.identified", {"sex": "F"}, girls, girls_status),
            IndicatorValue("sas.identified", {"sex": "M"}, None if girls is None else identified - girls, boys_status),
            IndicatorValue("sas.taken_in_charge", {}, taken),
        ),
    )


def body(uai: str, sequence: int = 1, **values) -> bytes:
    return encode_payload(report(uai, **values), sequence=sequence, created=timezone.now())


def signed_headers(body: bytes, key, *, url: str = "http://testserver" + ENDPOINT, idempotency_key: str | None = None,
                   now: dt.datetime | None = None, lifetime: int = 300, nonce: str | None = None) -> dict[str, str]:
    request = httpsig.Request("POST", url, {"Content-Type": "application/json",
                                            "Idempotency-Key": idempotency_key or str(uuid.uuid4())})
    httpsig.sign_request(request, body, key, now=now or timezone.now(), lifetime=dt.timedelta(seconds=lifetime),
                         nonce=nonce)
    return request.headers


def post(client, body: bytes, headers: dict[str, str]):
    """POST through Django's test client, headers as the node sends them."""
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()
             if name.lower() != "content-type"}
    return client.post(ENDPOINT, data=body, content_type=headers["Content-Type"], **extra)
