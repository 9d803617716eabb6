"""Declared figures kept as declared: N.C., approximations, two figures in a cell, registry beside."""
import pytest

from fiches.models import PerseveranceWeek, PerseveranceWeekExample, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from portal.synthesis.charts import levels_bars
from portal.synthesis.compute import compute_synthesis
from portal.synthesis.exporting.docx import _figure as docx_figure
from portal.synthesis.figures import figure_bounds, figure_kind, national_total, summarise, total_sentence
from tests import factories


def fig(raw, value=None, **extra):
    return {"raw": raw, "value": value, "min": None, "max": None, "qualifier": None, "scope": None, "unknown": False, **extra}


NC = fig("Nombre d'actions identifiées : N.C.", unknown=True)
EMPTY = fig("Nombre d'actions identifiées :", unknown=True)
TRENTAINE = fig("Nombre d'écoles/établissements impliqué(e)s : Une trentaine d'établissements", qualifier="une trentaine")
PLUS_30 = fig("Nombre d'écoles/établissements impliqué(e)s : Plus d'une trentaine", min=30, qualifier="Plus d'une trentaine")
LYON = [
    fig("…", 14, scope="week", part_raw="14 écoles et établissements impliqués durant la Semaine"),
    fig("…", 70, scope="year", part_raw="70 écoles et établissements impliqués tout au long de l'année"),
]


def test_unknown_stays_nc_never_zero():
    for declared in (NC, EMPTY, {}, None):
        summary = summarise(declared, registry=3)
        assert summary["kind"] == "unknown" and summary["text"] == "N.C."
        assert (summary["low"], summary["high"]) == (None, None)
        assert summary["flag"] is False and summary["registry"] == 3


def test_exact_value_is_shown_without_its_label_and_flagged_only_when_registry_holds_more():
    declared = fig("Nombre d'actions identifiées : 5", 5)
    assert summarise(declared, 5)["text"] == "5"
    assert summarise(declared, 5)["flag"] is False
    assert summarise(declared, 6)["flag"] is True


def test_approximations_are_kept_as_stated():
    assert figure_kind(TRENTAINE) == "approximate" and figure_bounds(TRENTAINE) == (None, None)
    assert summarise(TRENTAINE, 500)["flag"] is False  # no number stated: nothing to compare
    assert summarise(TRENTAINE, 1)["text"] == "Une trentaine d'établissements"
    assert figure_bounds(PLUS_30) == (30, None) and summarise(PLUS_30, 99)["flag"] is False


def test_two_figures_in_one_cell_are_a_range_of_what_was_stated():
    summary = summarise(LYON, 71)
    assert summary["kind"] == "approximate" and (summary["low"], summary["high"]) == (14, 70)
    assert summary["text"] == "14 écoles et établissements impliqués durant la Semaine ; 70 écoles et établissements impliqués tout au long de l'année"
    assert [p["scope"] for p in summary["parts"]] == ["week", "year"]
    assert summary["flag"] is True  # more than the larger declared figure
    assert summarise(LYON, 70)["flag"] is False


def test_national_total_is_a_bounded_explanation_not_an_adjusted_figure():
    entries = [
        ("A", summarise(fig("x : 100", 100), 0)),
        ("B", summarise(fig("x : 10", 10), 0)),
        ("Lyon", summarise(LYON, 2)),
        ("Rennes", summarise(PLUS_30, 0)),
        ("Créteil", summarise(NC, 4)),
    ]
    total = national_total(entries)
    assert (total["exact_sum"], total["exact_count"]) == (110, 2)
    assert [a["academie"] for a in total["approximate"]] == ["Lyon", "Rennes"]
    assert total["unknown"] == ["Créteil"]
    assert total["low"] == 110 + 14 + 30 and total["high"] is None
    assert total["registry"] == 6
    sentence = total_sentence(total)
    assert "110 déclarés précisément par 2 académies" in sentence and "Créteil" in sentence
    assert "au moins 154, sans borne supérieure connue" in sentence
    bounded = national_total(entries[:3])
    assert (bounded["low"], bounded["high"]) == (124, 180)
    assert "entre 124 et 180" in total_sentence(bounded)


def test_national_totals_read_with_french_digit_grouping():
    """The 2015-2016 synthesis read « total entre 1046 et 1234 » where the dashboards write « 1 234 »."""
    entries = [("A", summarise(fig("x : 983", 983), 0)), ("B", summarise(fig("x : 1200", 1200), 0)),
               ("Lyon", summarise(LYON, 0))]
    sentence = total_sentence(national_total(entries))
    assert "2\xa0183 déclarés précisément" in sentence and "entre 2\xa0197 et 2\xa0253" in sentence
    assert "au moins 2\xa0227" in total_sentence(national_total(entries + [("Rennes", summarise(PLUS_30, 0))]))


@pytest.mark.django_db
def test_registry_counts_fiches_of_the_week_and_declared_actions_and_flags_conflicts():
    year = SchoolYear.objects.get_or_create(code="2022-2023")[0]
    academie = factories.academie("bordeaux")
    week = PerseveranceWeek.objects.create(
        academie=academie, school_year=year,
        actions_declared=fig("Nombre d'actions identifiées : 2", 2),
        establishments_declared=fig("Nombre d'écoles/établissements impliqué(e)s : N.C.", unknown=True),
        levels={"raw": "", "premier_degre": None, "college": True, "lycee": None, "lycee_professionnel": True},
    )
    lp = factories.establishment("LP Test", "bordeaux")
    college = factories.establishment("Collège Test", "bordeaux", kind="college")
    service = factories.establishment("Services académiques test", "bordeaux", kind="academie_service")
    first = factories.fiche("Action un", lp, school_year="2022-2023", perseverance_week=week)
    factories.fiche("Action deux", service, school_year="2022-2023", perseverance_week=week)
    factories.fiche("Brouillon", lp, school_year="2022-2023", perseverance_week=week, live=False)
    PerseveranceWeekExample.objects.create(week=week, fiche=first, award="Prix du jury")
    PerseveranceWeekAction.objects.create(week=week, establishment=college, title="Déclarée sans fiche")
    PerseveranceWeekAction.objects.create(week=week, establishment=lp, title="Déclarée avec fiche", fiche=first)

    content = compute_synthesis("2022-2023")
    (bordeaux,) = content["academies"]
    actions, establishments = bordeaux["figures"]["actions"], bordeaux["figures"]["establishments"]
    assert actions["registry"] == 3  # two live fiches + one declared action without fiche; the draft is not counted
    assert actions["flag"] is True and actions["text"] == "2"  # conflicting: the registry holds more than declared
    assert establishments["kind"] == "unknown" and establishments["registry"] == 2  # schools only, not the service
    assert establishments["flag"] is False
    assert bordeaux["levels"] == {"premier_degre": None, "college": True, "lycee": None, "lycee_professionnel": True}
    assert [(e["title"], e["establishment"], e["award"]) for e in bordeaux["examples"]] == [("Action un", "LP Test", "Prix du jury")]
    assert bordeaux["examples"][0]["url"] == first.url
    national = content["national"]
    assert national["flags"] == 1
    assert national["totals"]["establishments"]["unknown"] == ["Bordeaux"]
    assert {level["code"]: (level["checked"], level["unknown"]) for level in national["levels"]}["premier_degre"] == (0, 1)


@pytest.mark.parametrize("count, words", [
    (0, ["0 déclaré précisément par 0 académie :"]),
    (1, ["1 déclaré précisément par 1 académie,", "plus 1 déclaration approchée (", ", 1 académie N.C. ("]),
    (2, ["2 déclarés précisément par 2 académies,", "plus 2 déclarations approchées (", ", 2 académies N.C. ("]),
])
def test_the_total_sentence_counts_in_french(count, words):
    """French takes the singular for 0 and 1: « 1 académie N.C. », not « 1 académie(s) N.C. »."""
    entries = [(f"Exacte {i}", summarise(fig("x : 1", 1), 0)) for i in range(count)]
    entries += [(f"Approchée {i}", summarise(TRENTAINE, 0)) for i in range(count)]
    entries += [(f"Inconnue {i}", summarise(NC, 0)) for i in range(count)]
    sentence = total_sentence(national_total(entries))
    assert all(w in sentence for w in words), sentence


@pytest.mark.parametrize("count, registry, levels", [
    (0, "N.C. (0 fiche dans le registre)", "0 coché, 0 N.C. sur 3"),
    (1, "N.C. (1 fiche dans le registre)", "1 coché, 1 N.C. sur 3"),
    (2, "N.C. (2 fiches dans le registre)", "2 cochés, 1 N.C. sur 3"),
])
def test_the_word_document_and_the_levels_chart_count_in_french(count, registry, levels):
    assert docx_figure({"kind": "unknown", "registry": count}, "actions") == registry
    content = {"national": {"academies": 3, "levels": [
        {"label": "Collège", "checked": count, "unknown": min(count, 1)}]}}
    assert levels in str(levels_bars(content, "chart-levels"))
