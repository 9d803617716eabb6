"""Load the dated académies of geo/data/academies.json into the database."""
import datetime as dt

from geo.academies import load_academies

from .models import Academie


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _successor_code(record, records) -> str | None:
    """The académie that took over all départements of a historical one the next day."""
    if not record.get("valid_to"):
        return None
    next_day = (_date(record["valid_to"]) + dt.timedelta(days=1)).isoformat()
    deps = set(record["departements"])
    for other in records:
        if other.get("valid_from") == next_day and deps <= set(other["departements"]):
            return other["code"]
    return None


def sync_academies() -> int:
    """Create or update every académie record; return how many exist. Idempotent."""
    records = load_academies()
    for record in records:
        Academie.objects.update_or_create(
            code=record["code"],
            defaults={
                "name": record["name"],
                "kind": record.get("kind", "academie"),
                "region": record.get("region", ""),
                "departements": record["departements"],
                "valid_from": _date(record.get("valid_from")),
                "valid_to": _date(record.get("valid_to")),
            },
        )
    by_code = {a.code: a for a in Academie.objects.all()}
    for record in records:
        successor = _successor_code(record, records)
        academie = by_code[record["code"]]
        if (successor and academie.successor_id != by_code[successor].pk) or (not successor and academie.successor_id):
            academie.successor = by_code[successor] if successor else None
            academie.save(update_fields=["successor"])
    return len(by_code)
