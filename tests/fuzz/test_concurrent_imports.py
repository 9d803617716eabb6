"""The SAS import screen's confirmation posted twice at once (a double click, or two tabs of the coordination):
the file is stored once, never twice and never half, and neither answer is a 500.

The requests run in their own threads and PostgreSQL connections, so what they read is committed first.
"""
import base64

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas.imports.runner import run
from plugins.builtin.sas.models import AbsenceRecord, AuditLog, ClassSlot, SasMembership, Student
from plugins.models import PluginActivation
from tests import concurrency, factories
from tests.concurrency import in_own_connection
from tests.sas.conftest import PASSWORD, login, sas_campaign

ROUNDS = 4
#: A Pronote timetable without a teacher column (no teacher row to lock on the way).
TIMETABLE = ("CLASSE;JOUR;DEBUT;FIN;MATIERE\n"
             "2 MRC;lundi;08:00;10:00;Enseignement professionnel\n"
             "2 MRC;mardi;10:00;11:00;Français\n"
             "1 AGORA;jeudi;14:00;16:00;Gestion\n").encode()
STUDENTS = ("ELEVE_ID;NOM;PRENOM;CLASSE;NIVEAU;SEXE\n"
            "700001;Simultané;Léa;2 MRC;2NDPRO;F\n"
            "700002;Concurrent;Yanis;1 AGORA;1ERE PRO;M\n").encode()
ABSENCES = ("ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DEMI_JOURNEES_ABSENCE;NB_DEMI_JOURNEES_OUVREES\n"
            "700001;04/09/2023;24/11/2023;12;104\n"
            "700002;04/09/2023;24/11/2023;3;104\n").encode()


def _setup():
    establishment = factories.establishment("LP Imports Simultanés", "bordeaux", commune="Agen")
    PluginActivation.objects.create(establishment=establishment, plugin_name=PLUGIN_NAME, enabled=True)
    campaign = sas_campaign(establishment, "SAS imports")
    user = get_user_model().objects.create_user(username="imports-simultanes", password=PASSWORD)
    SasMembership.objects.create(user=user, establishment=establishment, role=SasMembership.Role.COORDINATION)
    return campaign, user


def _teardown(campaign, user):
    AuditLog.objects.filter(establishment=campaign.establishment).delete()  # the log alone protects its establishment
    campaign.establishment.delete()
    user.delete()


@pytest.fixture
def committed(db):
    campaign, user = in_own_connection(_setup)
    yield campaign, user
    in_own_connection(lambda: _teardown(campaign, user))


def confirm_twice(campaign, user, kind: str, data: bytes) -> list:
    url = reverse("sas:imports", args=[campaign.pk])
    posted = {"kind": kind, "content": base64.b64encode(data).decode("ascii")}
    results = concurrency.together((user, url, posted), (user, url, posted), sign_in=login)
    assert all(getattr(result, "status_code", result) == 200 for result in results), results
    return [result.content.decode() for result in results]


def test_one_timetable_confirmed_twice_at_once_is_stored_once(committed):
    campaign, user = committed
    for _ in range(ROUNDS):
        pages = confirm_twice(campaign, user, "timetable", TIMETABLE)
        assert any("Import enregistré" in page for page in pages)
        assert ClassSlot.objects.filter(campaign=campaign).count() == 3
        assert ClassSlot.objects.filter(campaign=campaign, division="2 MRC").count() == 2


def test_one_student_list_confirmed_twice_at_once_is_stored_once(committed):
    campaign, user = committed
    for _ in range(ROUNDS):
        pages = confirm_twice(campaign, user, "students", STUDENTS)
        assert any("Import enregistré" in page for page in pages)
        assert Student.objects.filter(establishment=campaign.establishment).count() == 2


def test_one_absence_file_confirmed_twice_at_once_is_stored_once(committed):
    campaign, user = committed
    in_own_connection(lambda: run("students", STUDENTS, campaign=campaign))
    for _ in range(ROUNDS):
        pages = confirm_twice(campaign, user, "absences", ABSENCES)
        assert any("Import enregistré" in page for page in pages)
        assert AbsenceRecord.objects.filter(student__establishment=campaign.establishment).count() == 2
