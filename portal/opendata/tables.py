"""CSV files described by a Table Schema (Frictionless Data), written from one list of columns.

Each dataset lists its :class:`Column` s once: the header and the Table Schema come from that list,
so the file and its schema cannot drift apart. The CSV follows RFC 4180 as data.gouv.fr asks:
UTF-8 without BOM, comma separator, double quotes, CRLF line ends. A text that a spreadsheet would run as a
formula gets the apostrophe every export gives it (``fiches.exporting.spreadsheet``); numbers are left as they are.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from fiches.exporting.spreadsheet import neutralise

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str = ""
    constraints: dict = field(default_factory=dict)
    format: str = ""

    def descriptor(self) -> dict:
        descriptor = {"name": self.name, "type": self.type, "title": str(self.title)}
        if self.description:
            descriptor["description"] = str(self.description)
        if self.format:
            descriptor["format"] = self.format
        if self.constraints:
            descriptor["constraints"] = self.constraints
        return descriptor


def table_schema(columns: Iterable[Column], *, primary_key: list[str] | None = None,
                 missing_values: tuple[str, ...] = ("",), **extra) -> dict:
    """The Table Schema descriptor of a CSV whose header is the columns' names."""
    schema = {"fields": [column.descriptor() for column in columns], "missingValues": list(missing_values)}
    if primary_key:
        schema["primaryKey"] = primary_key
    schema.update(extra)
    return schema


def cell(value) -> str:
    """A CSV cell: empty for None, true/false for booleans, a list joined by « | »."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (list, tuple)):
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    return str(neutralise(value))


def csv_bytes(columns: Iterable[Column], rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def utc_text(moment) -> str | None:
    """A moment as a Table Schema ``datetime`` in its default format (UTC, « Z »)."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
