"""Nothing small leaves the node: records with names, notes and small groups, and the report built from them.

The payload must hold no name, identifier or free text, no secret cell recoverable by subtracting
published cells, and no small group pinned by an attacker who solves the linear system of every
published count (CP-SAT over the combinations of attributes, tests/plugins/attacker.py).
"""
import datetime as dt
import itertools
import json
import re

from plugins.builtin.sas import indicators as ind
from plugins.builtin.sas.models import Evaluation, NeedsAnalysis, QuestionnaireResponse, StudentCase
from plugins.disclosure.policy import Policy
from plugins.reports import CellStatus
from tests.plugins.attacker import interval

from .conftest import make_student, open_case
from .reports import report_for

LEVELS = ("cap1", "cap2", "2pro", "1pro", "tpro", "other")
OUTCOMES = ("back_to_class", "pafi", "reorientation", "rupture", "other")
STATUSES = ("open", "withdrawn", "taken", *(f"taken:{o}" for o in OUTCOMES))
ORIGINS = ("spontaneous", "gpds", "other")
COMBOS = list(itertools.product(LEVELS, ("F", "M"), STATUSES, ORIGINS))
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,79}$")

# first name, last name, ELEVE_ID, level, sex, status, origin — small groups on purpose:
# 2 boys in CAP 2, one PAFI, one rupture, 3 withdrawn, 4 spontaneous applications.
PEOPLE = [
    *[(f"Zéphyrine{n}", "Quercy", f"98765{n:02}", "2pro", "F", "taken:back_to_class" if n < 8 else "taken", "gpds" if n < 6 else "other")
      for n in range(16)],
    *[(f"Anatole{n}", "Vermeil", f"98770{n:02}", "1pro", "M", "taken", "spontaneous" if n < 4 else "other") for n in range(12)],
    ("Hippolyte", "Crozals", "9877100", "cap2", "M", "taken:pafi", "other"),
    ("Barnabé", "Crozals", "9877101", "cap2", "M", "taken:rupture", "other"),
    *[(f"Philomène{n}", "Ardouin", f"98772{n:02}", "tpro", "F", "withdrawn", "other") for n in range(3)],
]
SECRETS = ["Quercy", "Vermeil", "Crozals", "Ardouin", "9876500", "9877100", "Vit chez sa tante", "Tout à fait bien",
           "Signé Mme Pujol", "Absences le lundi"]
PREDICATES = {
    ind.IDENTIFIED: lambda c: True,
    ind.TAKEN_IN_CHARGE: lambda c: c[2].startswith("taken"),
    ind.SPONTANEOUS: lambda c: c[3] == "spontaneous",
    ind.GPDS_SITUATIONS: lambda c: c[3] == "gpds",
    ind.WITHDRAWN: lambda c: c[2] == "withdrawn",
    ind.RUPTURES: lambda c: c[2] == "taken:rupture",
    ind.PAFI: lambda c: c[2] == "taken:pafi",
    ind.OUTCOMES: lambda c: c[2].startswith("taken:"),
}


def predicate(value):
    """Which combinations of attributes a cell of the report counts (the attacker knows the definitions)."""
    base, breakdown = PREDICATES[value.code], value.breakdown
    return lambda c: (base(c) and breakdown.get("level", c[0]) == c[0] and breakdown.get("sex", c[1]) == c[1]
                      and ("outcome" not in breakdown or c[2] == f"taken:{breakdown['outcome']}"))


def feed(campaign, team):
    for first, last, local_id, level, sex, status, origin in PEOPLE:
        student = make_student(campaign.establishment, local_id, first_name=first, last_name=last, level=level, sex=sex)
        case = open_case(team["coordination"], campaign, student, origin="spontaneous" if origin == "spontaneous" else
                         "gpds" if origin == "gpds" else "pp")
        case.referral.comment = "Vit chez sa tante, signalé par Mme Pujol"
        case.referral.save()
        NeedsAnalysis.objects.create(case=case, summary="Absences le lundi, conflit avec un enseignant")
        state = {"open": "identified", "withdrawn": "withdrawn", "taken": "in_programme"}.get(status, "evaluated")
        StudentCase.objects.filter(pk=case.pk).update(state=state)
        if status.startswith("taken:"):
            Evaluation.objects.create(case=case, held_on=dt.date(2024, 1, 15), summary=f"Bilan de {first} {last}",
                                      outcome=status.split(":")[1])
    QuestionnaireResponse.objects.create(campaign=campaign, audience="teachers", signed_as="Signé Mme Pujol",
                                         answers={"content": 4, "suggestion": "Tout à fait bien"})


def test_the_payload_holds_no_name_identifier_or_free_text(campaign, team):
    feed(campaign, team)
    payload = report_for(campaign.establishment).to_wire()
    text = json.dumps(payload, ensure_ascii=False)
    assert not [secret for secret in SECRETS if secret in text]
    labels = {str(d["label"]) for d in payload["definitions"]} | {str(d["unit"]) for d in payload["definitions"]}
    for cell in payload["cells"]:
        assert CODE.match(cell["indicator"]) and all(CODE.match(k) and CODE.match(v) for k, v in cell["breakdown"].items())
        assert isinstance(cell["value"], float | None)
    assert labels <= {str(d.label) for d in ind.DEFINITIONS} | {str(d.unit) for d in ind.DEFINITIONS}


def test_no_small_group_is_recoverable_from_the_payload(campaign, team):
    feed(campaign, team)
    report = report_for(campaign.establishment)
    counts = [v for v in report.values if v.code in PREDICATES]
    truth = {v.key: sum(1 for p in PEOPLE if predicate(v)(p[3:])) for v in counts}
    published = [(predicate(v), v.value) for v in counts if v.status is CellStatus.PUBLISHED]
    assert all(v.value == truth[v.key] for v in counts if not v.suppressed), "published cells are the true counts"
    assert {v.key for v in counts if v.status is CellStatus.PRIMARY_SECRET} == {k for k, n in truth.items() if 0 < n < 11}

    # Subtraction by hand: a total minus its published parts never gives a single secret part.
    by_indicator = itertools.groupby(sorted(counts, key=lambda v: (v.code, sorted(v.breakdown))), key=lambda v: v.code)
    for _code, values in by_indicator:
        values = list(values)
        for name in ("level", "sex", "outcome"):
            parts = [v for v in values if set(v.breakdown) == {name}]
            total = next((v for v in values if not v.breakdown), None)
            if parts and total is not None and not total.suppressed:
                assert sum(1 for v in parts if v.suppressed) != 1, [(v.key, v.status, v.value) for v in parts + [total]]

    # The whole linear system: every small group (cells, nested differences) keeps a wide interval.
    policy = Policy()
    groups = {}
    for a, b in itertools.product(counts, repeat=2):
        pa, pb = predicate(a), predicate(b)
        if a.key == b.key:
            group = pa
        elif all(pa(c) for c in COMBOS if pb(c)):
            group = (lambda c, pa=pa, pb=pb: pa(c) and not pb(c))
        else:
            continue
        size = sum(1 for p in PEOPLE if group(p[3:]))
        if policy.is_small(size):
            groups.setdefault((frozenset(c for c in COMBOS if group(c)), size), group)
    assert groups, "the records were made with small groups"
    for value in counts:
        if value.suppressed:
            low, high = interval(COMBOS, published, predicate(value))
            assert low < high, f"{value.key} is recoverable"
    for (_extension, size), group in groups.items():
        low, high = interval(COMBOS, published, group)
        assert low <= max(0, size - policy.margin) and high >= size + policy.margin, (size, low, high)
