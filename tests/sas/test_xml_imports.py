"""XML imports beside the CSV ones: SIECLE's ElevesSansAdresses.xml, STS-web's sts_emp_<UAI>_<année>.xml and
EDT's EXP_COURS.xml (fictitious samples in the plugin's samples/), re-imports that update, the INE never stored,
and every malformed or hostile file refused with its place, nothing written."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from plugins.builtin.sas.imports.runner import run
from plugins.builtin.sas.models import AuditLog, ClassSlot, ClassTeacher, Student

from .conftest import login, make_student

SAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "builtin" / "sas" / "samples"
SIECLE = (SAMPLES / "ElevesSansAdresses.xml").read_bytes()
STS = (SAMPLES / "sts_emp_0470018L_2023.xml").read_bytes()
EXP_COURS = (SAMPLES / "EXP_COURS.xml").read_bytes()
INES = [f"0000000{n:02d}ZZ" for n in range(12)]


def snapshot():
    return (sorted(Student.objects.values_list("local_id", "last_name", "first_name", "division", "level", "sex")),
            sorted(ClassSlot.objects.values_list("division", "weekday", "starts", "ends", "subject", "teacher__last_name")),
            ClassTeacher.objects.count(), AuditLog.objects.count())


def test_siecle_students_created_then_updated_by_eleve_id(campaign):
    report = run("students", SIECLE, campaign=campaign)
    assert report.written, report.lines()
    assert dict(report.counts)["élèves lus"] == 9 and dict(report.counts)["nouveaux élèves"] == 8
    assert any("DATE_SORTIE" in note for note in report.notes)  # the pupil who left is not imported
    lea = Student.objects.get(local_id="100201")
    assert (lea.first_name, lea.last_name, lea.division, lea.level, lea.sex) == ("Léa", "ARNAUD", "2 MRC", "2pro", "F")
    assert Student.objects.get(local_id="100208").last_name == "HÉBRARD-SOULA"  # NOM_USAGE before NOM_DE_FAMILLE
    assert Student.objects.get(local_id="100202").level == "cap1"
    assert Student.objects.get(local_id="100209").level == "tpro"
    assert not Student.objects.filter(local_id="100212").exists()

    moved = SIECLE.replace(b"<CODE_STRUCTURE>2 MRC</CODE_STRUCTURE>", b"<CODE_STRUCTURE>2 MRC B</CODE_STRUCTURE>", 1)
    again = run("students", moved, campaign=campaign)
    assert again.written and dict(again.counts)["élèves modifiés"] == 1 and dict(again.counts)["nouveaux élèves"] == 0
    assert Student.objects.count() == 8 and Student.objects.get(local_id="100201").division == "2 MRC B"


def test_the_ine_is_never_stored(campaign):
    existing = make_student(campaign.establishment, "100203", last_name="CAZAL")
    assert run("students", SIECLE, campaign=campaign).written
    assert Student.objects.get(pk=existing.pk).division == "2 MRC"  # updated, not duplicated
    with connection.cursor() as cursor:
        for table in ("sas_student", "sas_auditlog"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            stored = repr(cursor.fetchall())
            assert not [ine for ine in INES if ine in stored], table


def test_sts_timetable_with_teachers_groups_and_reimport(campaign):
    ClassSlot.objects.create(campaign=campaign, division="2 MRC", weekday=1, starts="08:00", ends="10:00",
                             subject="ENSEIGNEMENT PROFESSIONNEL", protected=True)
    ClassSlot.objects.create(campaign=campaign, division="1 MELEC", weekday=1, starts="08:00", ends="09:00", subject="Anglais")
    report = run("timetable", STS, campaign=campaign)
    assert report.written, report.lines()
    mrc = ClassSlot.objects.filter(division="2 MRC").order_by("weekday", "starts")
    assert [(s.weekday, f"{s.starts:%H%M}", f"{s.ends:%H%M}", s.subject, s.teacher.last_name) for s in mrc][:2] == [
        (1, "0800", "1000", "ENSEIGNEMENT PROFESSIONNEL", "MARTIN"), (1, "1000", "1100", "FRANÇAIS", "BERNARD")]
    assert mrc[0].protected and not mrc[1].protected  # protection of an identical stored slot kept
    assert mrc.filter(weekday=4, subject="ANGLAIS LV1").exists()  # the group's course, for its division
    assert ClassSlot.objects.filter(division="1 MELEC").count() == 1  # a class the file does not name keeps its slots
    assert ClassTeacher.objects.get(local_id="sts:4101").first_name == "Claire"
    before = snapshot()
    assert run("timetable", STS, campaign=campaign).written
    assert snapshot()[:3] == before[:3]


def test_edt_exp_cours_and_teachers_by_name(campaign):
    report = run("timetable", EXP_COURS, campaign=campaign)
    assert report.written, report.lines()
    slots = ClassSlot.objects.filter(subject="ENSEIGNEMENT PROFESSIONNEL")
    assert sorted(slots.values_list("division", flat=True)) == ["1 AGORA", "T AGORA"]
    melec = ClassSlot.objects.get(division="1 MELEC")
    assert (melec.weekday, f"{melec.starts:%H:%M}", f"{melec.ends:%H:%M}", str(melec.teacher)) == (4, "13:30", "15:00", "THOMAS Inès")
    assert run("timetable", EXP_COURS, campaign=campaign).written and ClassTeacher.objects.count() == 3
    fortnightly = run("timetable", EXP_COURS.replace(b"<FREQUENCE>H</FREQUENCE>", b"<FREQUENCE>Q1</FREQUENCE>", 1),
                      campaign=campaign, commit=False)
    assert any(note.startswith("1 cours donné une semaine sur deux (alternance) : il est compté") for note in fortnightly.notes)


LOL = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<BEE_ELEVES><DONNEES><ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>&lol2;</NOM_DE_FAMILLE></ELEVE></ELEVES></DONNEES></BEE_ELEVES>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<BEE_ELEVES>&secret;</BEE_ELEVES>"""


@pytest.mark.parametrize("kind,data,expected", [
    ("students", LOL, "Ligne 3, colonne 15 : déclaration d'entité « lol » refusée"),
    ("students", EXTERNAL, "Ligne 2, colonne 66 : déclaration d'entité « secret » refusée"),
    ("students", SIECLE[:3000], "le fichier s'arrête avant la fin (tronqué ?)"),
    ("students", b"<BEE_ELEVES>\n<DONNEES></ELEVES></BEE_ELEVES>", "Ligne 2, colonne 12 : balise fermante"),
    ("students", b"<<< pas du XML >>>", "Ligne 1, colonne 2 : caractère inattendu : ce n'est pas un fichier XML bien formé"),
    ("students", STS, "ligne 3 : élément racine « STS_EDT » : ce n'est pas un export attendu"),
    ("timetable", SIECLE, "élément racine « BEE_ELEVES »"),
    ("absences", SIECLE, "racines acceptées : aucune"),
    ("students", b"<?xml version='1.0'?><html><body>page</body></html>", "élément racine « html »"),
    ("students", SIECLE.replace(b"<CODE_SEXE>1</CODE_SEXE>", b"<CODE_SEXE>X</CODE_SEXE>", 1),
     "ligne 26 : élément ELEVE (ELEVE_ID « 100202 ») : sexe « X » illisible"),
    ("students", SIECLE.replace(b"<PRENOM>Tom</PRENOM>", b"<PRENOM></PRENOM>"), "ELEVE_ID « 100205 ») : prénom manquant"),
    ("timetable", STS.replace(b"<HEURE_DEBUT>1400</HEURE_DEBUT>", b"<HEURE_DEBUT>14h</HEURE_DEBUT>", 1),
     "élément COURS : HEURE_DEBUT « 14h » illisible"),
    ("timetable", STS.replace(b'CODE="0470018L"', b'CODE="0330001A"'), "export de l'établissement 0330001A"),
    ("timetable", EXP_COURS.replace(b"<JOUR>jeudi</JOUR>", b"<JOUR>dimanche</JOUR>"), "élément Cours n° 3 : jour « dimanche »"),
    ("students", b"<" + b"A" * 1_600_000, "dépasse"),
])
def test_malformed_or_hostile_xml_is_refused_with_its_place_and_writes_nothing(campaign, kind, data, expected):
    campaign.establishment.uai = "0470018L"
    campaign.establishment.save(update_fields=["uai"])
    before = snapshot()
    report = run(kind, data, campaign=campaign)
    assert not report.written
    assert any(expected in str(error) for error in report.errors), [str(e) for e in report.errors]
    assert snapshot() == before


def test_the_import_screen_takes_an_xml_export(client, campaign, team):
    url = reverse("sas:imports", args=[campaign.pk])
    client = login(client, team["coordination"])
    upload = SimpleUploadedFile("ElevesSansAdresses.xml", SIECLE, content_type="text/xml")
    response = client.post(url, {"kind": "students", "file": upload})
    body = response.content.decode()
    assert "Aperçu : rien n'est encore enregistré" in body and "ARNAUD" in body and not Student.objects.exists()
    content = response.context["confirm"].initial["content"]
    client.post(url, {"kind": "students", "content": content})
    assert Student.objects.count() == 8
