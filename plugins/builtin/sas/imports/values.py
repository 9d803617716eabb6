"""Reading one cell of an export: dates, times, weekdays, yes/no, counts, sex and level codes.

Each reader takes the raw text and the column's French label and returns the value or raises
:class:`BadValue` whose message quotes both (« heure de fin « 25:00 » illisible »).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext as _

from ..models import Student, Weekday
from .headers import normalize

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
# ASCII digits only: str.isdigit() and \d also accept « ² » or Arabic-Indic digits.
DIGITS = re.compile(r"[0-9]{1,6}")
TIME = re.compile(r"^([0-9]{1,2})\s*[:hH]\s*([0-9]{2})?(?::[0-9]{2})?$")
MINUTES_PER_DAY = 24 * 60
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
WEEKDAYS = {
    **{name: number for number, name in enumerate(WEEKDAY_NAMES, start=Weekday.MONDAY)},
    **{name[:3]: number for number, name in enumerate(WEEKDAY_NAMES, start=Weekday.MONDAY)},
    **{str(number): number for number in Weekday.values},
}
YES = {"oui", "o", "x", "1", "vrai", "true", "yes", "protege"}
NO = {"", "non", "n", "0", "faux", "false", "no"}
# SIECLE's CODE_SEXE is 1 (boys) / 2 (girls); Pronote writes letters or words.
SEXES = {"f": "F", "fille": "F", "feminin": "F", "2": "F", "m": "M", "g": "M", "garcon": "M", "masculin": "M", "1": "M"}
# Level from a Pronote level or a SIECLE MEF label, matched on the label without spaces or punctuation:
# « 1CAP2 EQUIPIER POLYVALENT » is the 1st year of a two-year CAP, « 2NDPRO MRC » a seconde pro…
LEVELS = (
    (re.compile(r"^(1cap|cap1|(1|premiere)r?e?anneed?e?cap)"), Student.Level.CAP1),
    (re.compile(r"^(2cap|cap2|(2|deuxieme)e?anneed?e?cap)"), Student.Level.CAP2),
    (re.compile(r"^(2n?d?e?pro|secondepro)"), Student.Level.SECONDE_PRO),
    (re.compile(r"^(1e?r?e?pro|premierepro)"), Student.Level.PREMIERE_PRO),
    (re.compile(r"^(t(le|erm|erminale)?pro)"), Student.Level.TERMINALE_PRO),
)


class BadValue(ValueError):
    """An unreadable cell; ``str()`` is the French message."""


def _bad(label: str, raw: str, expected: str = "") -> BadValue:
    message = _("%(label)s « %(value)s » illisible") % {"label": label, "value": raw}
    return BadValue(f"{message} ({expected})" if expected else message)


def plain_text(raw: str) -> str:
    """``raw`` on one line and without invisible characters: a line break or a tab (a quoted cell may hold them)
    becomes a space, a format character (a right-to-left override that shows « ARNAUD » as « DUANRA », a zero-width
    space) goes. « 2\nMRC » would otherwise be a class of its own, hiding its pupil from the PP of the 2 MRC."""
    shown = "".join(" " if unicodedata.category(char) == "Cc" else char for char in raw
                    if unicodedata.category(char) != "Cf")
    return " ".join(shown.split())


def text(raw: str, label: str, max_length: int) -> str:
    raw = plain_text(raw)
    if not raw:
        raise BadValue(_("%(label)s manquant(e)") % {"label": label})
    if len(raw) > max_length:
        raise BadValue(_("%(label)s trop long(ue) (%(n)d caractères au plus)") % {"label": label, "n": max_length})
    return raw


def date(raw: str, label: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise _bad(label, raw, _("attendu JJ/MM/AAAA"))


def time(raw: str, label: str) -> dt.time:
    found = TIME.match(raw)
    try:
        return dt.time(int(found[1]), int(found[2] or 0))
    except (TypeError, ValueError):
        raise _bad(label, raw, _("attendu HH:MM")) from None


def duration(raw: str, label: str) -> dt.timedelta:
    """« 1h30 », « 01:30 », « 2h » or a number of minutes (« 90 »), less than a day."""
    if DIGITS.fullmatch(raw):
        if not 0 < int(raw) < MINUTES_PER_DAY:
            raise _bad(label, raw, _("attendu une durée de moins de 24 heures, par exemple 1h30 ou 90"))
        return dt.timedelta(minutes=int(raw))
    found = TIME.match(raw)
    if found is None or (int(found[1]), int(found[2] or 0)) == (0, 0) or int(found[2] or 0) > 59:
        raise _bad(label, raw, _("attendu par exemple 1h30"))
    return dt.timedelta(hours=int(found[1]), minutes=int(found[2] or 0))


def weekday(raw: str, label: str) -> int:
    try:
        return WEEKDAYS[normalize(raw)]
    except KeyError:
        raise _bad(label, raw, _("attendu un jour de lundi à samedi")) from None


def yes_no(raw: str, label: str) -> bool:
    value = normalize(raw)
    if value in YES or value in NO:
        return value in YES
    raise _bad(label, raw, _("attendu oui ou non"))


def count(raw: str, label: str) -> int:
    if not DIGITS.fullmatch(raw) or int(raw) > 32767:
        raise _bad(label, raw, _("attendu un nombre entier positif"))
    return int(raw)


def sex(raw: str, label: str) -> str:
    try:
        return SEXES[normalize(raw)]
    except KeyError:
        raise _bad(label, raw, _("attendu F ou M")) from None


def level(raw: str, label: str) -> str:
    """The :class:`Student.Level` of a level or MEF label; ``OTHER`` when it names none of them."""
    compact = normalize(text(raw, label, 200)).replace(" ", "")
    if compact in Student.Level.values:
        return compact
    return next((value for pattern, value in LEVELS if pattern.match(compact)), Student.Level.OTHER)
