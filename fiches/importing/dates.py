"""French dates as fiche documents write them (« DU 27 NOVEMBRE AU 22 DÉCEMBRE 2023 »)."""
from __future__ import annotations

import datetime as dt
import re

from .headings import fold

MONTHS = {
    "janv": 1, "fevr": 2, "fev": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "aout": 8, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|octobre|oct"
    r"|novembre|nov|decembre|dec)\b\.?"
)
RANGE_RE = re.compile(
    rf"\bdu\s+(\d{{1,2}})(?:er)?\s+(?:{_MONTH}\s+)?((?:19|20)\d\d\s+)?"
    rf"au\s+(\d{{1,2}})(?:er)?\s+{_MONTH}\s+((?:19|20)\d\d)\b"
)
DATE_HINT_RE = re.compile(rf"\b{_MONTH}|\bjusqu|\bdes le\b|\ba l issue\b|\b(?:19|20)\d\d\b")


def _month(word: str) -> int:
    return next(number for prefix, number in MONTHS.items() if word.startswith(prefix))


def looks_like_date(text: str) -> bool:
    """Whether a fragment says when (« JUSQU'AU 10 NOVEMBRE », « DÈS LE REPÉRAGE », « 23 NOV. »)."""
    return bool(DATE_HINT_RE.search(_words(text)))


def parse_range(text: str) -> tuple[dt.date, dt.date] | None:
    """« du 27 novembre au 22 décembre 2023 » -> (2023-11-27, 2023-12-22), else None."""
    match = RANGE_RE.search(_words(text))
    if not match:
        return None
    start_day, start_month, start_year, end_day, end_month, end_year = match.groups()
    try:
        end = dt.date(int(end_year), _month(end_month), int(end_day))
        month = _month(start_month) if start_month else end.month
        year = int(start_year) if start_year else (end.year if month <= end.month else end.year - 1)
        return dt.date(year, month, int(start_day)), end
    except ValueError:  # « 31 février »
        return None


def school_year_of(day: dt.date) -> str:
    """The school year (September to August) containing ``day``: 2023-11-27 -> « 2023-2024 »."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", " ", fold(text)).strip()
