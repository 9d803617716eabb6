"""Every role that refers does so within its scope, by URL and by hand-made POSTs; nothing answers about others.

A PP picks from their class's roster; coordination, CPE and RDS reach the whole establishment by ELEVE_ID;
direction and workshop teachers do not refer. A PP's answer is the same whether the pupil they try is in
another class, already followed, or does not exist, and never names anyone outside their class.
"""
import re

import pytest
from django.urls import reverse

from plugins.builtin.sas.models import Student, StudentCase

from tests import factories

from .conftest import PASSWORD, login, make_student, open_case

SIGNALS = {"referred_on": "06/11/2023", "origin": "pp", "absences": "on"}


@pytest.fixture
def elsewhere_pupil(db):
    """A pupil of another establishment, with the same ELEVE_ID as a pupil of the PP's class elsewhere."""
    est = factories.establishment("LP Ailleurs", "bordeaux", commune="Nérac")
    return make_student(est, "600001", division="2 MRC", last_name="Lointaine", first_name="Lou")


@pytest.fixture
def roster(campaign, team):
    """Two pupils of the PP's class (one followed), two of another class (one followed)."""
    est = campaign.establishment
    pupils = {
        "mine": make_student(est, "600001", last_name="Mienne", first_name="Maya"),
        "mine_followed": make_student(est, "600002", last_name="Suivie", first_name="Sarah"),
        "other": make_student(est, "600003", division="1 AGORA", last_name="Ailleurs", first_name="Anouk"),
        "other_followed": make_student(est, "600004", division="1 AGORA", last_name="Dossier", first_name="Dina"),
    }
    open_case(team["coordination"], campaign, pupils["mine_followed"])
    open_case(team["coordination"], campaign, pupils["other_followed"])
    return pupils


def board(campaign):
    return reverse("sas:board", args=[campaign.pk])


def errors(response) -> list[str]:
    """The form's error messages as shown, without the page's other content."""
    html = response.content.decode()
    return sorted(set(re.findall(r'class="fr-(?:error-text|message--error)[^"]*"[^>]*>\s*([^<]+?)\s*<', html)))


def test_a_pp_whose_class_is_all_followed_is_told_so_not_shown_an_empty_list(client, team, campaign, roster):
    open_case(team["coordination"], campaign, roster["mine"])
    html = login(client, team["pp"]).get(board(campaign)).content.decode()
    assert "Aucun élève de votre classe n'est à repérer" in html
    assert 'name="student"' not in html


def test_a_pp_chooses_among_the_unfollowed_pupils_of_their_class(client, team, campaign, roster):
    html = login(client, team["pp"]).get(board(campaign)).content.decode()
    assert "Mienne".upper() in html.upper() and f'value="{roster["mine"].pk}"' in html
    for name in ("Ailleurs", "Dossier"):
        assert name not in html and name.upper() not in html
    assert f'value="{roster["mine_followed"].pk}"' not in html and 'name="local_id"' not in html


def test_a_pp_refers_a_pupil_of_their_class(client, team, campaign, roster):
    response = login(client, team["pp"]).post(board(campaign), {"student": roster["mine"].pk, **SIGNALS})
    assert response.status_code == 302
    assert StudentCase.objects.filter(campaign=campaign, student=roster["mine"]).exists()


def test_a_pp_gets_one_neutral_answer_for_any_pupil_outside_their_reach(client, team, campaign, roster, elsewhere_pupil):
    """Another class, followed or not, already followed in their class, another establishment, an id that
    exists nowhere: same answer."""
    client = login(client, team["pp"])
    cases_before = StudentCase.objects.count()
    missing = max(Student.objects.values_list("pk", flat=True)) + 1000
    answers = []
    targets = (roster["other"].pk, roster["other_followed"].pk, roster["mine_followed"].pk, elsewhere_pupil.pk, missing, "abc")
    for target in targets:
        response = client.post(board(campaign), {"student": target, **SIGNALS})
        assert response.status_code == 200
        html = response.content.decode()
        for name in ("Ailleurs", "Dossier", "Lointaine", "AGORA", "600003", "600004", "a déjà un dossier"):
            assert name not in html and name.upper() not in html
        answers.append(errors(response))
    assert answers[0] and all(answer == answers[0] for answer in answers), answers
    assert StudentCase.objects.count() == cases_before


def test_a_pp_cannot_refer_by_typing_an_eleve_id_or_a_class(client, team, campaign, roster):
    """The former form's fields, posted by hand with another class's ELEVE_ID, create and reveal nothing."""
    client = login(client, team["pp"])
    cases_before, students_before = StudentCase.objects.count(), Student.objects.count()
    for local_id, division in (("600003", "1 AGORA"), ("600003", "2 MRC"), ("999999", "2 MRC")):
        data = {"local_id": local_id, "last_name": "Essai", "first_name": "Eva", "division": division, "level": "2pro",
                "sex": "F", **SIGNALS}
        html = client.post(board(campaign), data).content.decode()
        assert "Ailleurs" not in html and "AILLEURS" not in html and "Anouk" not in html
    assert (StudentCase.objects.count(), Student.objects.count()) == (cases_before, students_before)


@pytest.mark.parametrize("role", ["coordination", "cpe", "rds"])
def test_establishment_wide_roles_refer_any_class_by_eleve_id(client, team, campaign, roster, role):
    data = {"local_id": "600003", "last_name": "Autre", "first_name": "Nom", "division": "2 MRC", "level": "2pro",
            "sex": "F", **SIGNALS}
    response = login(client, team[role]).post(board(campaign), data)
    assert response.status_code == 302
    case = StudentCase.objects.get(campaign=campaign, student__local_id="600003")
    assert (case.student.last_name, case.student.division) == ("Ailleurs", "1 AGORA")  # the stored pupil, unchanged
    new = {**data, "local_id": "600099", "last_name": "Nouvelle"}
    assert login(client, team[role]).post(board(campaign), new).status_code == 302
    assert Student.objects.get(local_id="600099").division == "2 MRC"


def test_an_eleve_id_of_another_establishment_reveals_nothing(client, team, campaign, elsewhere_pupil):
    data = {"local_id": "600001", "last_name": "Tapée", "first_name": "Tia", "division": "2 MRC", "level": "2pro",
            "sex": "F", **SIGNALS}
    response = login(client, team["coordination"]).post(board(campaign), data, follow=True)
    assert "Lointaine" not in response.content.decode() and "LOINTAINE" not in response.content.decode()
    created = StudentCase.objects.get(campaign=campaign).student
    assert (created.establishment, created.last_name) == (campaign.establishment, "Tapée")
    elsewhere_pupil.refresh_from_db()
    assert (elsewhere_pupil.last_name, elsewhere_pupil.cases.count()) == ("Lointaine", 0)


@pytest.mark.parametrize("role", ["direction", "workshop_teacher"])
def test_roles_without_referral_cannot_post_one(client, team, campaign, roster, role):
    client = login(client, team[role])
    assert 'id="reperage"' not in client.get(board(campaign)).content.decode()
    for data in ({"student": roster["mine"].pk, **SIGNALS},
                 {"local_id": "600077", "last_name": "X", "first_name": "Y", "division": "2 MRC", "level": "2pro",
                  "sex": "F", **SIGNALS}):
        client.post(board(campaign), data)
    assert not StudentCase.objects.filter(student__in=[roster["mine"]]).exists()
    assert not Student.objects.filter(local_id="600077").exists()


def test_outsiders_cannot_refer(client, campaign, roster, django_user_model):
    data = {"student": roster["mine"].pk, **SIGNALS}
    assert client.post(board(campaign), data).status_code == 302  # to the login page
    stranger = django_user_model.objects.create_user("ailleurs", password=PASSWORD)
    assert login(client, stranger).post(board(campaign), data).status_code == 404
    assert not StudentCase.objects.filter(student=roster["mine"]).exists()
