"""The pre-aggregated roll-up table (``RollupTotal``, as DHIS2's analytics tables), kept in step with
the current cells.

Per indicator, period, level (bassin, département, académie, network), unit of that level (a
bassin's name, a département's code, an académie's or a network's id), académie of the contributing
establishments and breakdown cell, a row holds what a roll-up starts from: the sum of the published
values, the number of contributing cells and how many of them are secret. Roll-ups re-apply
suppression on every read (:mod:`.rollups`); the table holds no status.

The table changes in the transaction that changes what it sums, so a roll-up read from it equals
the roll-up computed from the cells:

* a report stored (:func:`.ingest.store_report` calls :func:`report_stored`): its current cells
  added, the cells it replaces taken off;
* an establishment moved to another bassin, département or académie (``Establishment`` saved; the
  signal handlers below): its current cells taken off its former units and added to the new ones;
* a network member added or removed (the networks app calls :func:`member_joined` and
  :func:`member_left`).

Writes that bypass these (``bulk_create`` of cells, ``QuerySet.update`` of establishments or
memberships) are followed by ``manage.py rebuild_rollup_totals`` (:func:`rebuild`), which recomputes
the whole table from the current cells in one transaction; it is also the repair tool, not a
periodic task: the table is right after every commit, so no reader waits for a refresh.

The nation is not a level of the table: it is the sum of the académie rows (about thirty per cell),
read in the same query; a national row would make every report of the country wait on one row.
Rows are upserted in one statement, in key order, so that concurrent reports cannot deadlock.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from fiches.models import Establishment
from plugins.reports import CellStatus

from .models import ReportCell, RollupTotal

PUBLISHED = CellStatus.PUBLISHED.value
Level = RollupTotal.Level
PLACEMENT = ("bassin", "departement", "academie_id")


def units_of(placement: dict, network_ids) -> list[tuple[str, str, int]]:
    """(level, unit, académie id) an establishment placed so (``PLACEMENT`` values) contributes to."""
    academie_id = placement["academie_id"]
    return [(Level.BASSIN, placement["bassin"], academie_id), (Level.DEPARTEMENT, placement["departement"], academie_id),
            (Level.ACADEMIE, str(academie_id), academie_id),
            *((Level.NETWORK, str(pk), academie_id) for pk in sorted(network_ids))]


def _memberships():
    """The networks app's membership model, reached through its reverse relation (no import of that app)."""
    return Establishment._meta.get_field("network_links").related_model


def network_ids(establishment_id: int) -> list[int]:
    """Networks the establishment belongs to."""
    return list(_memberships().objects.filter(establishment_id=establishment_id).order_by()
                .values_list("network_id", flat=True))


def _placement(establishment_id: int) -> dict | None:
    return Establishment.objects.filter(pk=establishment_id).values(*PLACEMENT).first()


def _exact(value: float) -> Decimal:
    """The value as PostgreSQL's ``float8::numeric`` reads it (15 significant digits), so that sums added
    here and sums rebuilt in SQL are the same numbers."""
    return Decimal(f"{value:.15g}")


def cell_sums(cells) -> dict[tuple, list]:
    """``(indicator, period id, breakdown key) -> [sum of published values, cells, secret cells]``
    of ``(indicator, period id, breakdown key, value, status)`` tuples."""
    sums = defaultdict(lambda: [Decimal(0), 0, 0])
    for indicator, period_id, key, value, status in cells:
        entry = sums[(indicator, period_id, key)]
        entry[1] += 1
        if status == PUBLISHED:
            entry[0] += _exact(value)
        else:
            entry[2] += 1
    return sums


def _current_sums(establishment_id: int) -> dict[tuple, list]:
    return cell_sums(ReportCell.objects.filter(establishment_id=establishment_id, current=True)
                     .values_list("indicator", "period_id", "breakdown_key", "value", "status"))


def _write(changes: list[tuple[dict, list, int]]) -> None:
    """Add ``sign`` × each sum to each unit, for every (sums, units, sign) of ``changes``, in one upsert."""
    deltas = defaultdict(lambda: [Decimal(0), 0, 0])
    for sums, units, sign in changes:
        for (indicator, period_id, key), (total, cells, secret) in sums.items():
            for level, unit, academie_id in units:
                delta = deltas[(indicator, period_id, level, unit, academie_id, key)]
                delta[0] += sign * total
                delta[1] += sign * cells
                delta[2] += sign * secret
    rows = sorted((key, delta) for key, delta in deltas.items() if any(delta))
    if not rows:
        return
    table = connection.ops.quote_name(RollupTotal._meta.db_table)
    columns = "indicator, period_id, level, unit, academie_id, breakdown_key, total, contributors, secrets, changed_at"
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {placeholders} "
            "ON CONFLICT (indicator, period_id, level, unit, academie_id, breakdown_key) DO UPDATE SET "
            f"total = {table}.total + excluded.total, contributors = {table}.contributors + excluded.contributors, "
            f"secrets = {table}.secrets + excluded.secrets, changed_at = excluded.changed_at",
            [value for key, delta in rows for value in (*key, *delta, now)])


def report_stored(establishment, networks, added, removed) -> None:
    """A report made ``added`` cells current and ``removed`` ones history (tuples as :func:`cell_sums` takes);
    ``networks``: the establishment's network ids."""
    units = units_of({field: getattr(establishment, field) for field in PLACEMENT}, networks)
    _write([(cell_sums(added), units, 1), (cell_sums(removed), units, -1)])


@transaction.atomic
def member_joined(network_id: int, establishment_id: int, sign: int = 1) -> None:
    # Its current cells read under the establishment's row, which a report storing holds (ingest.store_report):
    # unheld, a report arriving meanwhile did not see the new membership and this did not see its cells, so the
    # network's rows kept the former figures (or, leaving, took off figures they never had).
    Establishment.objects.select_for_update(no_key=True).filter(pk=establishment_id).values_list("pk").first()
    sums = _current_sums(establishment_id)
    placement = _placement(establishment_id) if sums else None
    if placement:
        _write([(sums, [(Level.NETWORK, str(network_id), placement["academie_id"])], sign)])


def member_left(network_id: int, establishment_id: int) -> None:
    member_joined(network_id, establishment_id, sign=-1)


@receiver(pre_save, sender=Establishment, dispatch_uid="rollup_totals_placement_before")
def _remember_placement(sender, instance, raw=False, **kwargs):
    instance._rollup_placement = None if raw or instance.pk is None else _placement(instance.pk)


@receiver(post_save, sender=Establishment, dispatch_uid="rollup_totals_placement_after")
def _follow_placement(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_rollup_placement", None)
    after = {field: getattr(instance, field) for field in PLACEMENT}
    if raw or before is None or before == after:
        return
    with transaction.atomic():
        sums = _current_sums(instance.pk)
        if sums:
            networks = network_ids(instance.pk)
            _write([(sums, units_of(before, networks), -1), (sums, units_of(after, networks), 1)])


REBUILD_UNITS = {
    Level.BASSIN: ("e.bassin", ""),
    Level.DEPARTEMENT: ("e.departement", ""),
    Level.ACADEMIE: ("CAST(e.academie_id AS TEXT)", ""),
    Level.NETWORK: ("CAST(m.network_id AS TEXT)", "JOIN {members} m ON m.establishment_id = e.id"),
}


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole table from the current cells; returns the number of rows.

    Reports stored meanwhile wait for the table's lock and then add themselves to the rebuilt rows."""
    table = connection.ops.quote_name(RollupTotal._meta.db_table)
    members = _memberships()._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # SQLite (the embedded demo) writes one transaction at a time
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for level, (unit, join) in REBUILD_UNITS.items():
            cursor.execute(
                f"INSERT INTO {table} (indicator, period_id, level, unit, academie_id, breakdown_key, total, "
                "contributors, secrets, changed_at) "
                f"SELECT c.indicator, c.period_id, %s, {unit}, e.academie_id, c.breakdown_key, "
                "COALESCE(SUM(CAST(c.value AS NUMERIC)) FILTER (WHERE c.status = %s), 0), COUNT(*), "
                "COUNT(*) FILTER (WHERE c.status <> %s), %s "
                f"FROM {ReportCell._meta.db_table} c JOIN {Establishment._meta.db_table} e ON e.id = c.establishment_id "
                f"{join.format(members=members)} WHERE c.current GROUP BY 1, 2, 4, 5, 6",
                [level.value, PUBLISHED, PUBLISHED, now])
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def last_change():
    """When a row of the table last changed (a report, a correction, a move, a network join or leave, a
    rebuild), or None when it is empty: a cache of figures read from the table is keyed on it."""
    return RollupTotal.objects.aggregate(last=Max("changed_at"))["last"]


def _stored(period_ids, level: str, academie_id: int | None, unit: str | None):
    rows = RollupTotal.objects.filter(period_id__in=list(period_ids), level=level, contributors__gt=0)
    if academie_id is not None:
        rows = rows.filter(academie_id=academie_id)
    return rows if unit is None else rows.filter(unit=unit)


def stored_sums(indicator: str, period_ids, level: str, *, academie_id: int | None = None,
                unit: str | None = None):
    """``(period id, unit, académie id, breakdown key, total, cells, secret cells)`` rows of the table."""
    return _stored(period_ids, level, academie_id, unit).filter(indicator=indicator).values_list(
        "period_id", "unit", "academie_id", "breakdown_key", "total", "contributors", "secrets")


def stored_indicators(period_id: int, level: str, *, academie_id: int | None = None, unit: str | None = None):
    """Indicators with a total among the rows (a current total cell of some contributing establishment)."""
    return sorted(set(_stored([period_id], level, academie_id, unit).filter(breakdown_key="")
                      .values_list("indicator", flat=True)))
