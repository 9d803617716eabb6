"""Server-side SVG charts of a synthesis content: bars per académie, levels covered, map.

Every chart is an ``<svg role="img">`` with a title and a description; the templates put the
same numbers in a table beside it. Nothing is drawn from a guess: an approximate declaration is
drawn to its stated lower bound (lighter) and, when stated, up to its upper bound (dashed);
« une trentaine » or N.C. have no bar, only their text.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _, ngettext

BLUE, LIGHT_BLUE, GREY, TEXT = "#000091", "#8585f6", "#929292", "#161616"
FONT = 'font-family="Marianne, DejaVu Sans, Arial, sans-serif"'


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="synthesis-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def _text(x, y, text, size=11, anchor="start", fill=TEXT, weight="normal"):
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}" font-weight="{}">{}</text>',
        round(x, 1), round(y, 1), size, anchor, fill, weight, text,
    )


def _rect(x, y, w, h, fill, extra=""):
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}" {extra}/>'


def figure_bars(content: dict, figure: str, chart_id: str, title: str):
    """One row per académie: the declared figure (bar or text) and, thinner, what the registry holds."""
    academies = content["academies"]
    label_w, bar_w, text_w, row_h, top = 150, 360, 300, 26, 34
    width, height = label_w + bar_w + text_w, top + row_h * len(academies) + 10
    peak = max([1] + [n for a in academies for f in [a["figures"][figure]] for n in (f["low"], f["high"], f["registry"]) if n])
    scale = bar_w / peak
    body = [
        _rect(label_w, 8, 12, 10, BLUE), _text(label_w + 16, 17, _("déclaré"), 10),
        _rect(label_w + 80, 8, 12, 10, LIGHT_BLUE), _text(label_w + 96, 17, _("déclaré, approché (borne basse)"), 10),
        _rect(label_w + 270, 11, 12, 4, GREY), _text(label_w + 286, 17, _("fiches dans le registre"), 10),
    ]
    for i, academie in enumerate(academies):
        f = academie["figures"][figure]
        y = top + i * row_h
        body.append(_text(label_w - 6, y + 12, academie["name"], 11, "end"))
        if f["low"] is not None:
            body.append(_rect(label_w, y + 2, f["low"] * scale, 12, BLUE if f["kind"] == "exact" else LIGHT_BLUE))
        if f["high"] is not None and f["low"] is not None and f["high"] > f["low"]:
            body.append(_rect(label_w + f["low"] * scale, y + 2, (f["high"] - f["low"]) * scale, 12, "none",
                              f'stroke="{LIGHT_BLUE}" stroke-dasharray="3 2"'))
        body.append(_rect(label_w, y + 16, f["registry"] * scale, 4, GREY))
        label = f["text"] if len(f["text"]) <= 26 else f["text"][:25] + "…"
        note = _(" — registre : %(n)s") % {"n": f["registry"]}
        body.append(_text(label_w + bar_w + 6, y + 12, label + note, 10, fill="#b34000" if f["flag"] else TEXT))
    desc = _("Barres horizontales, une par académie ; les valeurs figurent dans le tableau qui suit.")
    return _svg(chart_id, width, height, title, desc, body)


def levels_bars(content: dict, chart_id: str):
    """Académies that checked each level, and those for which the level is unknown."""
    levels, total = content["national"]["levels"], max(content["national"]["academies"], 1)
    label_w, bar_w, row_h, top = 150, 420, 30, 30
    width, height = label_w + bar_w + 170, top + row_h * len(levels) + 8
    scale = bar_w / total
    body = [
        _rect(label_w, 8, 12, 10, BLUE), _text(label_w + 16, 17, _("coché"), 10),
        _rect(label_w + 70, 8, 12, 10, GREY), _text(label_w + 86, 17, _("non renseigné (N.C.)"), 10),
    ]
    for i, level in enumerate(levels):
        y = top + i * row_h
        body.append(_text(label_w - 6, y + 14, level["label"], 11, "end"))
        body.append(_rect(label_w, y + 2, level["checked"] * scale, 16, BLUE))
        body.append(_rect(label_w + level["checked"] * scale, y + 2, level["unknown"] * scale, 16, GREY))
        body.append(_text(label_w + bar_w + 6, y + 14, ngettext("%(c)s coché, %(u)s N.C. sur %(n)s", "%(c)s cochés, %(u)s N.C. sur %(n)s", level["checked"]) % {
            "c": level["checked"], "u": level["unknown"], "n": total}, 10))
    title = _("Niveaux couverts : nombre d'académies")
    return _svg(chart_id, width, height, title, _("Barres empilées par niveau ; valeurs dans le tableau qui suit."), body)


METROPOLE = {"west": -5.3, "east": 9.7, "south": 41.2, "north": 51.2}


def _metropolitan(lat: float, lon: float) -> bool:
    return METROPOLE["south"] <= lat <= METROPOLE["north"] and METROPOLE["west"] <= lon <= METROPOLE["east"]


OUTLINE_FILE = Path(__file__).resolve().parent / "data" / "france-metropole.geojson"


@lru_cache(maxsize=1)
def _outline_rings() -> tuple:
    """Polygons of metropolitan France (Natural Earth 1:50m, public domain; see data/README.md)."""
    geometry = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))["geometry"]
    return tuple(tuple(map(tuple, polygon[0])) for polygon in geometry["coordinates"])


def _outline_path(project) -> str:
    parts = []
    for ring in _outline_rings():
        points = [project(lat, lon) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return f'<path d="{" ".join(parts)}" fill="#ffffff" stroke="{GREY}" stroke-width="0.8"/>'


def _label_boxes(placed, size=9):
    """Where each académie's name goes: above its circle when free, else below, right, left, then further
    away with a leader line, so that no name overlaps another name or a circle (Paris, Versailles and
    Créteil are neighbours)."""
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y, radius, _name in placed]
    labels = []
    for x, y, radius, name in placed:
        width, height = len(name) * size * 0.56, size + 2
        candidates = [(0, -radius - 2), (0, radius + height), (radius + 3 + width / 2, 4), (-radius - 3 - width / 2, 4)]
        candidates += [(dx, dy) for step in range(1, 9) for dx, dy in
                       ((width / 2 + radius + 4, -step * height), (-width / 2 - radius - 4, -step * height),
                        (width / 2 + radius + 4, step * height), (-width / 2 - radius - 4, step * height))]
        for dx, dy in candidates:
            box = (x + dx - width / 2, y + dy - height + 2, x + dx + width / 2, y + dy + 2)
            if not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in taken):
                break
        taken.append(box)
        labels.append((x + dx, y + dy, name, abs(dy) > radius + height + 1 or abs(dx) > radius + width / 2 + 4))
    return labels


def academies_map(content: dict, chart_id: str):
    """Académies at the centroid of their involved establishments; overseas ones in insets.

    The circle's area follows the declared actions' lower bound (or the registry count when
    nothing is declared); académies without any located establishment are listed, not drawn.
    """
    width, height, inset_w = 520, 560, 96
    kx = math.cos(math.radians(46.5))
    span_x = (METROPOLE["east"] - METROPOLE["west"]) * kx
    span_y = METROPOLE["north"] - METROPOLE["south"]
    scale = min((width - 40) / span_x, (height - 140) / span_y)

    def project(lat, lon):
        return 20 + (lon - METROPOLE["west"]) * kx * scale, 20 + (METROPOLE["north"] - lat) * scale

    body = [_rect(0, 0, width, height, "#f6f6f6"), _outline_path(project)]
    overseas = []
    placed = []
    for academie in content["academies"]:
        if not academie["centroid"]:
            continue
        lat, lon = academie["centroid"]
        if _metropolitan(lat, lon):
            x, y = project(lat, lon)
            placed.append((x, y, academie))
        else:
            overseas.append(academie)
    for i, academie in enumerate(overseas):
        x0, y0 = 10 + i * (inset_w + 6), height - 100
        body.append(_rect(x0, y0, inset_w, 90, "#ffffff", f'stroke="{GREY}"'))
        placed.append((x0 + inset_w / 2, y0 + 55, academie))
    circles = []
    for x, y, academie in placed:
        actions = academie["figures"]["actions"]
        size = actions["low"] if actions["low"] is not None else actions["registry"]
        radius = 3 + 1.6 * math.sqrt(size)
        body.append(format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.55" stroke="{}"><title>{}</title></circle>',
            round(x, 1), round(y, 1), round(radius, 1), BLUE, BLUE, f'{academie["name"]} : {actions["text"]}',
        ))
        circles.append((x, y, radius, academie["name"]))
    for (x, y, _radius, _name), (lx, ly, name, leader) in zip(circles, _label_boxes(circles)):
        if leader:
            body.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{lx:.1f}" y2="{ly - 3:.1f}" stroke="{GREY}" stroke-width="0.6"/>')
        body.append(_text(lx, ly, name, 9, "middle"))
    title = _("Carte des académies et de leurs actions déclarées")
    desc = _("Cercles placés au centre des établissements impliqués ; surface selon le nombre d'actions déclaré. "
             "Contour de la France : Natural Earth (domaine public).")
    return _svg(chart_id, width, height, title, desc, body)


def unplaced(content: dict) -> list[str]:
    return [a["name"] for a in content["academies"] if not a["centroid"]]


def charts(content: dict) -> dict:
    return {
        "actions": figure_bars(content, "actions", "chart-actions", _("Nombre d'actions identifiées par académie")),
        "establishments": figure_bars(
            content, "establishments", "chart-establishments", _("Nombre d'écoles et d'établissements impliqués par académie")
        ),
        "levels": levels_bars(content, "chart-levels"),
        "map": academies_map(content, "chart-map"),
        "unplaced": unplaced(content),
    }
