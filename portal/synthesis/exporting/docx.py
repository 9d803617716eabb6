"""The synthesis as a Word document an analyst can edit: real headings, paragraphs and tables.

The content's texts are cleaned first (:mod:`.texts`): no control character, and titles on one line."""
from __future__ import annotations

import io

from django.utils.html import strip_tags
from django.utils.translation import gettext as _, ngettext

from ..figures import total_sentence
from ..templatetags.synthesis_tags import levels_text
from .texts import exported_texts


def _figure(f: dict, unit: str) -> str:
    if f["kind"] == "unknown":
        registry = ngettext("%(n)s fiche dans le registre", "%(n)s fiches dans le registre", f["registry"]) % {"n": f["registry"]}
        return f"N.C. ({registry})"
    if unit == "establishments":
        registry = _("dont %(n)s dans le registre") % {"n": f["registry"]}
    else:
        registry = ngettext("dont %(n)s fiche dans le registre", "dont %(n)s fiches dans le registre", f["registry"]) % {
            "n": f["registry"]}
    text = f"{f['text']} ({registry})"
    if f["flag"]:
        text += " — " + _("le registre en compte davantage")
    return text


def _paragraphs(document, text: str) -> None:
    for paragraph in (text or "").split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text


def _edition(a: dict) -> str:
    return str(a["edition"]["number"]) if a["edition"]["number"] is not None else a["edition"]["raw"] or "N.C."


def _academie(document, a: dict, site_root: str) -> None:
    document.add_heading(a["title"], level=1)
    meta = _("Période : %(period)s — Édition : %(edition)s") % {"period": a["period"]["raw"] or "N.C.", "edition": _edition(a)}
    if a["theme"]:
        meta += " — " + _("Thème : %(theme)s") % {"theme": a["theme"]}
    document.add_paragraph(meta)
    _paragraphs(document, a["commentary"])
    if a["axes"]:
        document.add_heading(_("Axes de travail pour la prochaine édition"), level=2)
        if a["axes_intro"]:
            document.add_paragraph(a["axes_intro"])
        for axe in a["axes"]:
            document.add_paragraph(axe, style="List Bullet")
    document.add_heading(_("En chiffres"), level=2)
    _table(document, [_("Rubrique"), _("Déclaré")], [
        [_("Nombre d'actions identifiées"), _figure(a["figures"]["actions"], "actions")],
        [_("Nombre d'écoles / établissements impliqués"), _figure(a["figures"]["establishments"], "establishments")],
        [_("Niveaux"), levels_text(a["levels"])],
        [_("Partenaires"), a["partners"] or "N.C."],
    ])
    document.add_heading(_("Exemples d'actions mises en œuvre"), level=2)
    if a["examples_note"]:
        document.add_paragraph(a["examples_note"])
    for link in a["examples_links"]:
        document.add_paragraph(f"{link.get('label') or ''} {link['url']}".strip())
    for ex in a["examples"]:
        line = f"{ex['title']} — {ex['establishment']}" + (f", {ex['town']}" if ex["town"] else "")
        if ex["award"]:
            line += f" ({ex['award']})"
        if ex["url"]:
            line += f" — {site_root}{ex['url']}"
        document.add_paragraph(line, style="List Bullet")
    _sections(document, a["sections"])


def _sections(document, sections: list[dict]) -> None:
    for section in sections:
        document.add_heading(section["title"], level=2)
        if section.get("rows"):
            keys = list(section["rows"][0])
            _table(document, keys, [[str(row.get(k, "")) for k in keys] for row in section["rows"]])
        else:
            _paragraphs(document, strip_tags(section.get("html", "")))


def render_docx(content: dict, site_root: str = "") -> bytes:
    from docx import Document

    content = exported_texts(content)
    document = Document()
    document.add_heading(content["title"], level=0)
    if content["introduction"]:
        document.add_heading(_("Introduction"), level=1)
        _paragraphs(document, content["introduction"])
    national = content["national"]
    document.add_heading(_("Synthèse nationale"), level=1)
    for name, label in (("actions", _("Actions identifiées")), ("establishments", _("Écoles et établissements impliqués"))):
        document.add_paragraph(f"{label} — {total_sentence(national['totals'][name])}")
    _table(document, [_("Académie"), _("Période"), _("Édition"), _("Actions"), _("Écoles / établissements"), _("Niveaux")], [
        [a["name"], a["period"]["raw"] or "N.C.", _edition(a), _figure(a["figures"]["actions"], "actions"),
         _figure(a["figures"]["establishments"], "establishments"), levels_text(a["levels"])]
        for a in content["academies"]
    ])
    document.add_heading(_("Niveaux couverts"), level=2)
    _table(document, [_("Niveau"), _("Académies l'ayant coché"), _("Non renseigné (N.C.)")],
           [[level["label"], str(level["checked"]), str(level["unknown"])] for level in national["levels"]])
    _sections(document, national["sections"])
    for a in content["academies"]:
        _academie(document, a, site_root)
    if content["conclusion"]:
        document.add_heading(_("Conclusion"), level=1)
        _paragraphs(document, content["conclusion"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
