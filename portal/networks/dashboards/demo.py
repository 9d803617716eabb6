"""Demo indicator reports for the demo networks' establishments and the LP Antoine Lomet (idempotent).

On a real portal, reports come from the establishments' nodes. Here fictitious student records
(never names: opaque numbers) make the raw cells of the SAS indicators, which go through the same
suppression as on a node (plugins.node_reports.protected_report) and are stored as the portal
stores an accepted report. Small cells therefore arrive as primary or secondary secrets, as they
would from a node. Establishments without a UAI get a demo code (99xxxxxX: no real establishment
uses a 99 prefix) so that reports can name them.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils import timezone

from plugins.node_reports import protected_report
from plugins.periods import school_year
from plugins.reports import Aggregation, IndicatorDefinition, TableCell
from portal.indicators.ingest import store_report
from portal.indicators.models import EstablishmentKey, ExpectedReport, ReceivedReport, ReportingPeriod

YEARS = ("2022-2023", "2023-2024")
LEVELS = ("2nde", "1re", "Tle")
IDENTIFIED, TAKEN = "sas.students_identified", "sas.students_taken_in_charge"
DEFINITIONS = (
    IndicatorDefinition(IDENTIFIED, "Élèves repérés", "élèves", Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition(TAKEN, "Élèves pris en charge", "élèves", Aggregation.SUM, ("level", "sex")),
)


def _period(code: str) -> ReportingPeriod:
    declared = school_year(code)
    period, _created = ReportingPeriod.objects.get_or_create(code=code, defaults={
        "kind": declared.kind.value, "label": str(declared.label), "start": declared.start, "end": declared.end})
    return period


def _key(establishment) -> EstablishmentKey:
    key = EstablishmentKey.objects.filter(establishment=establishment).first()
    if key is None:
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        key = EstablishmentKey.objects.create(establishment=establishment, public_key=base64.b64encode(raw).decode(),
                                              fingerprint=hashlib.sha256(raw).hexdigest())
    return key


def _cells(code: str, records: list[tuple[str, str, str]]) -> list[TableCell]:
    """Total, by sex, by level and by level × sex of ``records`` (unit, level, sex)."""
    groups: dict[tuple, set] = {(): set()}
    for unit, level, sex in records:
        for breakdown in ((), (("sex", sex),), (("level", level),), (("level", level), ("sex", sex))):
            groups.setdefault(breakdown, set()).add(unit)
    return [TableCell(code, dict(breakdown), frozenset(units)) for breakdown, units in groups.items()]


def _records(seed: str, size: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    return [(f"demo:{seed}:{n}", rng.choice(LEVELS), rng.choice("FM")) for n in range(size)]


def load_reports(establishments, missing=()) -> int:
    """Reports for each establishment and demo year (none for those in ``missing``, which stay expected)."""
    created = 0
    for index, establishment in enumerate(establishments):
        if not establishment.uai:
            establishment.uai = f"99{establishment.pk:05d}X"[-8:]
            establishment.save(update_fields=["uai"])
        for year_index, code in enumerate(YEARS):
            period = _period(code)
            ExpectedReport.objects.get_or_create(establishment=establishment, period=period)
            if establishment in missing or ReceivedReport.objects.filter(establishment=establishment,
                                                                         period=period).exists():
                continue
            identified = _records(f"{establishment.pk}-{code}", 14 + (index * 7 + year_index * 5) % 23)
            taken = identified[: max(3, len(identified) * 2 // 3)]
            cells = _cells(IDENTIFIED, identified) + _cells(TAKEN, taken)
            report = protected_report(establishment, school_year(code), cells, DEFINITIONS).report
            payload = {**report.to_wire(), "sequence": 1, "created": timezone.now().isoformat()}
            store_report(payload=payload, body_digest=hashlib.sha256(repr(payload).encode()).hexdigest(),
                         key=_key(establishment), period=period, idempotency_key=str(uuid.uuid4()),
                         created=dt.datetime.now(dt.timezone.utc))
            created += 1
    return created
