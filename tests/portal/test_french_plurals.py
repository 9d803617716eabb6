"""Counted strings follow French's plural rule: the singular for 0 and 1 (« 0 fiche trouvée »).

The project writes its msgids in French. A counted string found in no catalogue falls back to English's
rule (the singular for 1 only: « 0 fiches trouvées »), so each one needs an entry, with its two forms,
in the project's French catalogues (portal/locale, plugins/builtin/sas/locale), whose header carries
French's « Plural-Forms: nplurals=2; plural=(n > 1); ». docs/architecture.md, « Translations ».
"""
import ast
from functools import cache
from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.templatetags.i18n import BlockTranslateNode
from django.utils import translation

from search.results import SearchResults

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("fiches", "portal", "search", "geo", "plugins")
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")
NGETTEXT = {"ngettext", "ngettext_lazy"}


def _project_files(suffixes):
    for folder in PROJECT:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in suffixes and "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


def _template_plurals():
    """(where, singular msgid, plural msgid) of each ``{% blocktranslate count %}`` of the templates."""
    engine = engines["django"]
    for path in _project_files(TEMPLATE_SUFFIXES):
        if "templates" not in path.parts:
            continue
        template = engine.from_string(path.read_text(encoding="utf-8"))
        for node in template.template.nodelist.get_nodes_by_type(BlockTranslateNode):
            if node.plural:
                singular, _vars = node.render_token_list(node.singular)
                plural, _vars = node.render_token_list(node.plural)
                yield path.relative_to(ROOT), singular, plural


def _python_plurals():
    """(where, singular msgid, plural msgid) of each ``ngettext`` call of the Python modules."""
    for path in _project_files((".py",)):
        source = path.read_text(encoding="utf-8")
        if "ngettext" not in source:
            continue
        for call in ast.walk(ast.parse(source)):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name in NGETTEXT:
                singular, plural = (ast.literal_eval(arg) for arg in call.args[:2])
                yield f"{path.relative_to(ROOT)}:{call.lineno}", singular, plural


@cache
def _counted_strings():
    return list(_template_plurals()), list(_python_plurals())


def test_the_project_has_counted_strings_in_templates_and_code():
    """The two walks find what they look for (a walk finding nothing would prove nothing)."""
    in_templates, in_code = _counted_strings()
    assert len(in_templates) >= 30 and len(in_code) >= 4


def test_every_counted_string_takes_the_singular_for_0_and_1_in_french():
    wrong = []
    with translation.override("fr"):
        for where, singular, plural in [string for strings in _counted_strings() for string in strings]:
            forms = [translation.ngettext(singular, plural, n) for n in (0, 1, 2)]
            if forms != [singular, singular, plural]:
                wrong.append(f"{where} « {singular} » (0, 1, 2 : {forms})")
    assert not wrong, ("chaînes comptées sans leur entrée du catalogue français (manage.py makemessages, "
                       "msgstr[0] et msgstr[1] remplis, puis compilemessages) :\n" + "\n".join(wrong))


@pytest.mark.parametrize("count, text", [(0, "0 fiche trouvée"), (1, "1 fiche trouvée"), (2, "2 fiches trouvées")])
def test_the_search_page_counts_its_results_in_french(count, text):
    results = SearchResults(count=count, hits=[], facets={}, backend="database")
    with translation.override("fr"):
        html = render_to_string("search/includes/results.html", {"results": results})
    assert f">{text}</p>" in html


def test_django_and_wagtail_still_speak_french_next_to_the_project_catalogue():
    with translation.override("fr"):
        assert translation.gettext("This field is required.") == "Champ requis."
        assert translation.ngettext("%(num)d minute", "%(num)d minutes", 0) % {"num": 0} == "0 minute"
        assert translation.gettext("Dashboard") == "Tableau de bord"
        assert translation.gettext("Aucune fiche ne correspond à ces critères.") == (
            "Aucune fiche ne correspond à ces critères.")
