"""The pre-aggregated roll-ups: after any sequence of reports, corrections, stale reports, key
rotations, moves between bassins and académies, and network joins and leaves, the table equals a
rebuild from the cells, every roll-up read from it equals the one summed from the cells, and
suppression holds at every level (no line of a group with exactly one secret, no published sum
under the threshold)."""
import datetime as dt
import hashlib
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiches.models import Academie
from plugins.disclosure.policy import threshold
from portal.indicators.ingest import store_report
from portal.indicators.models import EstablishmentKey, ReportingPeriod, RollupTotal
from portal.indicators.rollup_suppression import lines
from portal.indicators.rollup_totals import rebuild
from portal.indicators.rollups import Unit, in_table, rollup
from portal.networks.models import Network, NetworkEstablishment
from tests import factories

from .stored import cell, year

pytestmark = pytest.mark.django_db
IDENTIFIED, RATE = "sas.students_identified", "sas.attendance_rate"
PLACES = (("bordeaux", "Agen", "47"), ("bordeaux", "Pau", "64"), ("lyon", "Lyon", "69"))

counts = st.sampled_from([0, 3, 12, 40, None])  # None: the node sent a secret
report = st.fixed_dictionaries({
    "identified": st.one_of(st.none(), st.tuples(counts, counts, counts)),  # total, girls, boys
    "rate": st.one_of(st.none(), st.sampled_from([55.5, 80.0, 12.25, None])),
})
operation = st.one_of(
    st.tuples(st.just("report"), st.integers(0, 3), st.integers(0, 1), st.integers(1, 3), report),
    st.tuples(st.just("move"), st.integers(0, 3), st.integers(0, 2)),
    st.tuples(st.just("join"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("leave"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("rotate_key"), st.integers(0, 3)),
)


def next_year(code):
    first = int(code[:4])
    return ReportingPeriod.objects.create(code=code, kind="school_year", label=code, start=dt.date(first, 9, 1),
                                          end=dt.date(first + 1, 8, 31))


def _cells(choice):
    cells = []
    if choice["identified"]:
        for value, breakdown in zip(choice["identified"], ({}, {"sex": "F"}, {"sex": "M"})):
            cells.append(cell(IDENTIFIED, value, "published" if value is not None else "primary_secret", **breakdown))
    if choice["rate"] is not None or choice["identified"] is None:
        value = choice["rate"]
        cells.append(cell(RATE, value, "published" if value is not None else "primary_secret"))
    return cells


def _key(establishment):
    active = EstablishmentKey.objects.active().filter(establishment=establishment).first()
    return active or EstablishmentKey.objects.create(establishment=establishment, public_key="A" * 44,
                                                     fingerprint=uuid.uuid4().hex * 2)


def _apply(op, establishments, networks, periods):
    kind, *args = op
    if kind == "report":
        index, period, sequence, choice = args
        store_report(payload={"schema_version": 1, "sequence": sequence, "cells": _cells(choice)},
                     body_digest="0" * 64, key=_key(establishments[index]), period=periods[period],
                     idempotency_key=str(uuid.uuid4()), created=timezone.now())
    elif kind == "move":
        index, place = args
        establishment = establishments[index]
        code, establishment.bassin, establishment.departement = PLACES[place]
        establishment.academie = Academie.objects.get(code=code)
        establishment.save()
    elif kind == "join":
        NetworkEstablishment.objects.get_or_create(network=networks[args[0]], establishment=establishments[args[1]])
    elif kind == "leave":
        for link in NetworkEstablishment.objects.filter(network=networks[args[0]], establishment=establishments[args[1]]):
            link.delete()
    else:
        EstablishmentKey.objects.filter(establishment=establishments[args[0]]).update(revoked_at=timezone.now())


def _table():
    return sorted(RollupTotal.objects.filter(contributors__gt=0).values_list(
        "indicator", "period_id", "level", "unit", "academie_id", "breakdown_key", "total", "contributors", "secrets"))


def _shape(cells):
    return sorted((c.group, c.breakdown_key, c.status, c.contributors,
                   None if c.value is None else round(c.value, 9)) for c in cells)


def _assert_protected(cells, limits):
    by_group = {}
    for c in cells:
        by_group.setdefault(c.group, {})[c.breakdown_key] = c
    for group, table in by_group.items():
        for line in lines(table):
            assert sum(table[k].status.secret for k in line) != 1, (group, line)
        for c in table.values():
            if c.contributors and not c.status.secret and c.value:
                assert c.value >= limits(group), (group, c)


def _check(establishments, networks, periods):
    kept = _table()
    rebuild()
    assert kept == _table(), "the table drifted from its cells"
    cache.clear()  # the cells' roll-ups are cached per received report; moves and joins send none
    academies = {e.academie_id for e in establishments}
    for indicator in (IDENTIFIED, RATE):
        for period in periods:
            everyone = [e.pk for e in establishments]  # the only ones with cells: the nation, summed from the cells
            scopes = [(None, everyone, level) for level in ("bassin", "departement", "academie", "nation")]
            for pk in academies:
                ids = [e.pk for e in establishments if e.academie_id == pk]
                scopes += [(Unit("academie", pk), ids, level) for level in ("bassin", "departement", "academie")]
            for network in networks:
                members = list(network.establishment_links.values_list("establishment_id", flat=True))
                scopes.append((Unit("network", network.pk), members, "network"))
            for unit, ids, level in scopes:
                assert in_table(level, unit)
                stored = rollup(indicator, period, level, unit)
                computed = rollup(indicator, period, level, ids)
                if level == "network":  # the table names a network by its id, the cells' roll-up « network »
                    computed = [type(c)(str(unit.pk), c.breakdown, c.value, c.status, c.contributors) for c in computed]
                assert _shape(stored) == _shape(computed), (indicator, period.code, level, unit)
                if indicator == IDENTIFIED:
                    _assert_protected(stored, lambda group: threshold(group) if level == "academie" else threshold())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=8))
def test_the_table_equals_the_cells_after_any_sequence(operations):
    savepoint = transaction.savepoint()
    try:
        periods = [year(), next_year("2024-2025")]
        establishments = [factories.establishment(f"LP {n}", PLACES[n % 2][0], bassin=PLACES[n % 2][1],
                                                  departement=PLACES[n % 2][2], uai=None) for n in range(4)]
        networks = [Network.objects.create(slug=f"reseau-{n}", name=f"Réseau {n}", kind=Network.Kind.RIPPS,
                                           academie=establishments[0].academie) for n in range(2)]
        NetworkEstablishment.objects.create(network=networks[0], establishment=establishments[0])
        for op in operations:
            _apply(op, establishments, networks, periods)
            for establishment in establishments:
                establishment.refresh_from_db()
        _check(establishments, networks, periods)
    finally:
        transaction.savepoint_rollback(savepoint)


def test_establishments_without_a_uai_stay_apart():
    period = year()
    first, second = (factories.establishment(name, "bordeaux", bassin="Agen", uai=None) for name in ("LP A", "LP B"))
    for establishment, value in ((first, 30), (second, 45)):
        store_report(payload={"schema_version": 1, "sequence": 1, "cells": [cell(IDENTIFIED, value)]},
                     body_digest=hashlib.sha256(b"x").hexdigest(), key=_key(establishment), period=period,
                     idempotency_key=str(uuid.uuid4()), created=timezone.now())
    cells = {c.group: c.value for c in rollup(IDENTIFIED, period, "establishment", Unit("academie", first.academie_id))}
    assert cells == {str(first.pk): 30, str(second.pk): 45}
    assert rollup(IDENTIFIED, period, "bassin")[0].value == 75
