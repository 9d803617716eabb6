"""Declared figures, kept as declared, and the national totals they allow (DESIGN.md §10).

A declared figure is the JSON of ``PerseveranceWeek.actions_declared`` /
``establishments_declared``: one object, or a list of them when a cell gives two figures
(week and year, press kit and Expérithèque…). Nothing here turns an approximation into a number:
« une trentaine » has no bound, « plus d'une trentaine » only a lower one, N.C. is unknown.
"""
from __future__ import annotations

from django.utils.translation import gettext as _, ngettext

from portal.numbers import display_number

EXACT, APPROXIMATE, UNKNOWN = "exact", "approximate", "unknown"
NOT_KNOWN = "N.C."


def figure_parts(declared) -> list[dict]:
    """The figures of a declaration, as a list (empty when nothing was declared)."""
    if not declared:
        return []
    return [part for part in (declared if isinstance(declared, list) else [declared]) if part]


def _number(part: dict, bound: str) -> int | None:
    return part["value"] if part.get("value") is not None else part.get(bound)


def figure_kind(declared) -> str:
    parts = figure_parts(declared)
    if not parts or all(part.get("unknown") for part in parts):
        return UNKNOWN
    if len(parts) == 1:
        part = parts[0]
        if part.get("value") is not None and not part.get("qualifier") and part.get("min") is None and part.get("max") is None:
            return EXACT
    return APPROXIMATE


def figure_bounds(declared) -> tuple[int | None, int | None]:
    """(lowest, highest) number the declaration states; None where it states none.

    Two figures in one cell give the smaller and the larger; a qualifier without a number gives
    no bound at all: it is listed, never guessed.
    """
    parts = [part for part in figure_parts(declared) if not part.get("unknown")]
    lows = [n for part in parts if (n := _number(part, "min")) is not None]
    highs = [_number(part, "max") for part in parts]
    low = min(lows) if lows else None
    high = max(highs) if highs and None not in highs else None
    return low, high


def declared_text(part: dict) -> str:
    """The figure's own wording: ``part_raw`` in a list, else the cell without its label."""
    if part.get("unknown"):
        return NOT_KNOWN
    raw = (part.get("part_raw") or part.get("raw") or "").strip()
    if not part.get("part_raw") and ":" in raw:
        raw = raw.split(":", 1)[1].strip()
    if raw:
        return " ".join(raw.split())
    return str(_number(part, "min") if _number(part, "min") is not None else part.get("qualifier") or NOT_KNOWN)


def summarise(declared, registry: int) -> dict:
    """What the synthesis stores for one figure of one académie."""
    kind = figure_kind(declared)
    low, high = figure_bounds(declared)
    stated = figure_parts(declared)
    parts = [
        {
            "text": declared_text(part),
            "value": part.get("value"),
            "min": part.get("min"),
            "max": part.get("max"),
            "qualifier": part.get("qualifier"),
            "scope": part.get("scope"),
            "unknown": bool(part.get("unknown")),
        }
        for part in stated
    ] or [{"text": NOT_KNOWN, "value": None, "min": None, "max": None, "qualifier": None, "scope": None, "unknown": True}]
    return {
        "declared": declared,
        "raw": stated[0].get("raw", "") if stated else "",
        "kind": kind,
        "text": " ; ".join(part["text"] for part in parts) if kind != UNKNOWN else NOT_KNOWN,
        "parts": parts,
        "low": low,
        "high": high,
        "registry": registry,
        "flag": high is not None and registry > high,
    }


def national_total(entries: list[tuple[str, dict]]) -> dict:
    """The national total of one figure from the académies' summaries, as a bounded explanation.

    ``entries`` are (académie name, summary). Exact values are summed; approximate declarations
    are listed with what they state (lower bound, upper bound or none); unknown ones counted.
    The upper bound exists only when every approximate declaration states one.
    """
    exact = [(name, s["low"]) for name, s in entries if s["kind"] == EXACT]
    approximate = [
        {"academie": name, "text": s["text"], "low": s["low"], "high": s["high"]}
        for name, s in entries if s["kind"] == APPROXIMATE
    ]
    unknown = [name for name, s in entries if s["kind"] == UNKNOWN]
    exact_sum = sum(value for _name, value in exact)
    low = exact_sum + sum(a["low"] or 0 for a in approximate)
    bounded = all(a["high"] is not None for a in approximate)
    return {
        "exact_sum": exact_sum,
        "exact_count": len(exact),
        "approximate": approximate,
        "unknown": unknown,
        "low": low,
        "high": exact_sum + sum(a["high"] for a in approximate) if bounded else None,
        "registry": sum(s["registry"] for _name, s in entries),
    }


def total_sentence(total: dict) -> str:
    """One French sentence that says how the total is made, e.g. for the seed's « près de 800 »."""
    declared = ngettext("%(sum)s déclaré précisément", "%(sum)s déclarés précisément", total["exact_sum"]) % {
        "sum": display_number(total["exact_sum"])}
    academies = ngettext("par %(n)s académie", "par %(n)s académies", total["exact_count"]) % {"n": total["exact_count"]}
    text = f"{declared} {academies}"
    if total["approximate"]:
        text += ngettext(", plus %(n)s déclaration approchée (%(list)s)", ", plus %(n)s déclarations approchées (%(list)s)",
                         len(total["approximate"])) % {
            "n": len(total["approximate"]),
            "list": " ; ".join(f"{a['academie']} : « {a['text']} »" for a in total["approximate"]),
        }
    if total["unknown"]:
        text += ngettext(", %(n)s académie N.C. (%(list)s)", ", %(n)s académies N.C. (%(list)s)", len(total["unknown"])) % {
            "n": len(total["unknown"]), "list": ", ".join(total["unknown"])}
    if total["high"] is None:
        bound = _("au moins %(low)s, sans borne supérieure connue") % {"low": display_number(total["low"])}
    elif total["high"] == total["low"]:
        bound = display_number(total["low"])
    else:
        bound = _("entre %(low)s et %(high)s") % {"low": display_number(total["low"]), "high": display_number(total["high"])}
    return _("%(text)s : total %(bound)s.") % {"text": text, "bound": bound}
