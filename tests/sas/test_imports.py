"""CSV imports: the sample SIECLE/Pronote exports, encodings and separators, every kind of bad input
leaving the database unchanged, the INE never stored, the command and the coordination's screen."""
import codecs
import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from plugins.builtin.sas.imports import students as student_importer
from plugins.builtin.sas.imports.runner import run
from plugins.builtin.sas.models import AbsenceRecord, AuditLog, ClassSlot, Student

from .conftest import PASSWORD, login, make_student

SAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "builtin" / "sas" / "samples"
STUDENTS = (SAMPLES / "eleves_siecle.csv").read_bytes()
TIMETABLE = (SAMPLES / "emploi_du_temps_pronote.csv").read_bytes()
ABSENCES = (SAMPLES / "absences_vie_scolaire.csv").read_bytes()


def snapshot():
    return (Student.objects.count(), ClassSlot.objects.count(), AbsenceRecord.objects.count(), AuditLog.objects.count(),
            sorted(Student.objects.values_list("local_id", "last_name", "division", "level", "sex")))


def cp1252(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp1252")


def counts(report):
    return dict(report.counts)


# --- the sample exports -------------------------------------------------------------------------------

def test_siecle_students_are_created_then_updated_by_local_id_and_audited(campaign, team):
    report = run("students", STUDENTS, campaign=campaign, user=team["coordination"])
    assert report.written and report.ok
    assert counts(report)["nouveaux élèves"] == 20
    assert Student.objects.filter(establishment=campaign.establishment).count() == 20
    lea = Student.objects.get(local_id="100201")
    assert (lea.last_name, lea.first_name, lea.division, lea.level, lea.sex) == ("ARNAUD", "Léa", "2 MRC", "2pro", "F")
    assert Student.objects.get(local_id="100202").level == "cap1" and Student.objects.get(local_id="100206").level == "cap2"
    assert Student.objects.get(local_id="100209").level == "tpro" and Student.objects.get(local_id="100208").sex == "M"
    assert AuditLog.objects.filter(action="create", detail="import CSV des élèves").count() == 20
    assert AuditLog.objects.filter(action="create").first().actor == "sas-coordination"

    lines = STUDENTS.split(b"\r\n")
    lines[1] = lines[1].replace(b"2NDPRO METIERS RELATION CLIENT;2 MRC", b"1ERE PRO METIERS RELATION CLIENT;1 MRC")
    report = run("students", b"\r\n".join(lines), campaign=campaign, user=team["coordination"])
    assert counts(report) == {"lignes lues": 20, "nouveaux élèves": 0, "élèves modifiés": 1, "élèves inchangés": 19}
    assert Student.objects.get(local_id="100201").division == "1 MRC"
    assert AuditLog.objects.filter(action="update", student__local_id="100201").count() == 1


def test_names_and_classes_are_stored_on_one_line_without_invisible_characters(campaign, team):
    """A quoted cell may hold a line break, and a name a right-to-left override (shown reversed) or a zero-width
    space: stored as read, « 2\nMRC » was a class of its own, hiding its pupil from the PP of the 2 MRC."""
    data = ("ELEVE_ID;NOM;PRENOM;CLASSE;NIVEAU;SEXE\n"
            '700001;"\u202eDUANRA";"Lé\u200ba";"2\nMRC";2NDPRO;F\n'
            '700002;"MARTIN\tPETIT";Yanis;"1 \r\n AGORA";1ERE PRO;M\n').encode()
    report = run("students", data, campaign=campaign, user=team["coordination"])
    assert report.written and report.ok
    stored = dict(Student.objects.values_list("local_id", "last_name"))
    assert stored == {"700001": "DUANRA", "700002": "MARTIN PETIT"}
    assert Student.objects.get(local_id="700001").first_name == "Léa"
    assert sorted(Student.objects.values_list("division", flat=True)) == ["1 AGORA", "2 MRC"]


def test_the_ine_column_is_ignored_never_stored_and_said_so(campaign):
    report = run("students", STUDENTS, campaign=campaign)
    assert any("ID_NATIONAL" in note and "INE" in note and "jamais enregistré" in note for note in report.notes)
    stored = repr(list(Student.objects.values())) + repr(list(AuditLog.objects.values()))
    assert "ZZ" not in stored and "000000000" not in stored
    assert "ZZ" not in " ".join(report.lines())


def test_student_already_referred_by_hand_is_updated_not_duplicated(campaign):
    make_student(campaign.establishment, "100203", last_name="Cazal", first_name="Manon")
    report = run("students", STUDENTS, campaign=campaign)
    assert counts(report)["nouveaux élèves"] == 19 and counts(report)["élèves modifiés"] == 1
    assert Student.objects.filter(local_id="100203").count() == 1


def test_every_student_of_the_file_is_listed_today_even_unchanged(campaign):
    """Being in this year's export is what keeps a never-referred student from the purge."""
    old = make_student(campaign.establishment, "100203", last_name="CAZAL", first_name="Manon", listed_on=dt.date(2020, 9, 1))
    run("students", STUDENTS, campaign=campaign)
    old.refresh_from_db()
    assert old.listed_on == timezone.localdate()


def test_pronote_timetable_replaces_the_slots_of_its_classes_only(campaign):
    ClassSlot.objects.create(campaign=campaign, division="2 MRC", weekday=1, starts="07:00", ends="08:00", subject="Ancien")
    ClassSlot.objects.create(campaign=campaign, division="3 PREPA", weekday=1, starts="08:00", ends="09:00", subject="Autre")
    report = run("timetable", TIMETABLE, campaign=campaign)
    assert report.written
    assert counts(report)["classes"] == 6 and counts(report)["cours à enregistrer"] == 84
    assert counts(report)["cours remplacés"] == 1 and counts(report)["dont protégés"] == 24
    assert not ClassSlot.objects.filter(subject="Ancien").exists() and ClassSlot.objects.filter(subject="Autre").exists()
    monday = ClassSlot.objects.get(campaign=campaign, division="2 MRC", weekday=1, starts="08:00")
    assert (monday.ends.hour, monday.subject, monday.protected) == (10, "Enseignement professionnel", True)
    assert ClassSlot.objects.filter(subject="Réalisation d'un chef-d'œuvre").count() == 6
    run("timetable", TIMETABLE, campaign=campaign)
    assert ClassSlot.objects.filter(campaign=campaign).count() == 85


def test_absences_are_imported_for_known_students_and_audited(campaign):
    run("students", STUDENTS, campaign=campaign)
    report = run("absences", ABSENCES, campaign=campaign)
    assert report.written
    assert counts(report)["nouvelles périodes"] == 40 and counts(report)["élèves concernés"] == 20
    record = AbsenceRecord.objects.get(student__local_id="100201", period_start="2023-09-04")
    assert (record.period_end.isoformat(), record.half_days_open) == ("2023-11-24", 104)
    assert AuditLog.objects.filter(action="update", detail="import CSV des absences").count() == 20
    again = run("absences", ABSENCES, campaign=campaign)
    assert counts(again)["périodes inchangées"] == 40 and AbsenceRecord.objects.count() == 40


# --- encodings, separators, headers ---------------------------------------------------------------------

TEXT = "Identifiant,Nom,Prénom,Classe,Niveau,Sexe\n42,Éluard,Zoé,2 MRC,Seconde professionnelle,Fille\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.replace(",", ";").encode("cp1252"),
    TEXT.replace(",", "\t").encode("utf-16"),
    TEXT.upper().replace("SECONDE", "2NDE").encode("cp1252"),
], ids=["utf8", "utf8-bom", "cp1252-semicolon", "utf16-tab", "upper-case-headers"])
def test_encodings_separators_and_header_spellings(campaign, data):
    report = run("students", data, campaign=campaign)
    assert report.written, report.lines()
    student = Student.objects.get(local_id="42")
    assert student.level == "2pro" and student.sex == "F" and student.division == "2 MRC"
    assert student.first_name.upper() == "ZOÉ"


def test_timetable_with_end_times_and_several_classes_per_course(campaign):
    data = cp1252('Classe;Jour;Heure de début;Heure de fin;Matière;Protégé\n"2 MRC, 2 AGORA";Mardi;8:30;10h;Anglais;x\n')
    report = run("timetable", data, campaign=campaign)
    assert report.written
    assert sorted(ClassSlot.objects.values_list("division", "weekday", "protected")) == [("2 AGORA", 2, True), ("2 MRC", 2, True)]


def test_unknown_level_is_stored_as_other_and_reported(campaign):
    report = run("students", cp1252("ELEVE_ID;NOM;PRENOM;DIVISION;LIBELLE_MEF;SEXE\n7;Roux;Ana;2NDE 3;2NDE GENERALE ET TECHNO;2\n"),
                 campaign=campaign)
    assert Student.objects.get(local_id="7").level == "other"
    assert any("2NDE GENERALE ET TECHNO" in note for note in report.notes)


# --- bad input: clear French report line by line, nothing written ---------------------------------------

BAD = [
    ("students", b"", "Le fichier est vide."),
    ("students", b"\r\n  \r\n", "Le fichier est vide."),
    ("students", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "n'est pas un fichier texte CSV"),
    ("students", b"PK\x03\x04\x14\x00\x06\x00", "classeur ou archive (XLSX, ODS, ZIP)"),
    ("students", cp1252("ELEVE_ID;NOM;PRENOM;DIVISION;NIVEAU;SEXE\n"), "aucune ligne de données"),
    ("students", cp1252("Numéro;Nom;Prénom\n1;A;B\n"), "ligne 1 : colonne « identifiant élève (ELEVE_ID) » absente"),
    ("students", cp1252("ELEVE_ID;NOM;PRENOM;DIVISION;NIVEAU;SEXE\n1;A;B;2 MRC;2pro;F\n1;C;D;2 MRC;2pro;F\n"),
     "ligne 3 : identifiant « 1 » déjà présent ligne 2"),
    ("students", cp1252("ELEVE_ID;NOM;PRENOM;DIVISION;NIVEAU;SEXE\n1;A;B;2 MRC;2pro;X\n"), "ligne 2 : sexe « X » illisible"),
    ("students", cp1252("ELEVE_ID;NOM;PRENOM;DIVISION;NIVEAU;SEXE\n1;A;B;2 MRC;2pro;F;en trop\n"),
     "ligne 2 : 7 champs au lieu de 6"),
    ("timetable", cp1252("CLASSE;JOUR;DEBUT;FIN;MATIERE\n2 MRC;lundi;8:00;9:00;Anglais\n2 MRC;lundi;8:00;25:00;Maths\n"),
     "ligne 3 : heure de fin « 25:00 » illisible (attendu HH:MM)"),
    ("timetable", cp1252("CLASSE;JOUR;DEBUT;FIN;MATIERE\n2 MRC;dimanche;8:00;9:00;Anglais\n"), "ligne 2 : jour « dimanche » illisible"),
    ("timetable", cp1252("CLASSE;JOUR;DEBUT;FIN;MATIERE\n2 MRC;lundi;10:00;9:00;Anglais\n"), "ligne 2 : le cours finit (09:00) avant"),
    ("timetable", cp1252("CLASSE;JOUR;DEBUT;MATIERE\n2 MRC;lundi;10:00;Anglais\n"), "ligne 1 : colonne « heure de fin » (ou « durée ») absente"),
    ("absences", cp1252("ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DJ_ABSENCE;NB_DJ_OUVREES\n999999;04/09/2023;24/11/2023;3;100\n"),
     "ligne 2 : élève d'identifiant « 999999 » inconnu dans l'établissement"),
    ("absences", cp1252("ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DJ_ABSENCE;NB_DJ_OUVREES\n500001;31/02/2023;24/11/2023;3;100\n"),
     "ligne 2 : début de période « 31/02/2023 » illisible (attendu JJ/MM/AAAA)"),
    ("absences", cp1252("ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DJ_ABSENCE;NB_DJ_OUVREES\n500001;04/09/2023;24/11/2023;120;100\n"),
     "ligne 2 : 120 demi-journées d'absence pour 100 demi-journées ouvrées"),
    ("absences", cp1252("ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DJ_ABSENCE;NB_DJ_OUVREES\n500001;04/09/2023;24/11/2023;3;100\n"
                        "500001;01/11/2023;22/12/2023;3;50\n"), "ligne 3 : la période du 01/11/2023 au 22/12/2023"),
]


@pytest.mark.parametrize("kind, data, message", BAD, ids=[f"{kind}-{n}" for n, (kind, *_rest) in enumerate(BAD)])
def test_bad_input_is_reported_and_writes_nothing(campaign, kind, data, message):
    make_student(campaign.establishment, "500001")
    before = snapshot()
    report = run(kind, data, campaign=campaign)
    assert not report.written and not report.ok
    assert any(message in str(error) for error in report.errors), [str(e) for e in report.errors]
    assert snapshot() == before


def test_one_bad_line_among_good_ones_writes_nothing_and_every_bad_line_is_listed(campaign):
    before = snapshot()
    lines = STUDENTS.decode("cp1252").splitlines()
    lines[3] = lines[3].replace(";2;", ";9;")
    lines[7] = lines[7].replace("100207", "")
    report = run("students", "\r\n".join(lines).encode("cp1252"), campaign=campaign)
    assert [str(e).split(" : ")[0] for e in report.errors] == ["ligne 4", "ligne 8"]
    assert "identifiant élève (ELEVE_ID) manquant(e)" in str(report.errors[1])
    assert snapshot() == before


def test_a_conflict_while_writing_rolls_everything_back(campaign, monkeypatch):
    before = snapshot()
    original = student_importer.prepare

    def prepare(*args, **kwargs):
        write = original(*args, **kwargs)

        def failing(user, progress):
            write(user, progress)
            raise IntegrityError("concurrent import")
        return failing

    monkeypatch.setattr(student_importer, "prepare", prepare)
    report = run("students", STUDENTS, campaign=campaign)
    assert not report.written and "rien n'a été enregistré" in str(report.errors[0])
    assert snapshot() == before


def test_preview_writes_nothing(campaign):
    report = run("students", STUDENTS, campaign=campaign, commit=False)
    assert report.ok and not report.written and counts(report)["nouveaux élèves"] == 20
    assert not Student.objects.exists()


# --- management command -----------------------------------------------------------------------------------

def test_command_imports_with_progress_and_fails_cleanly(campaign, tmp_path, capsys):
    call_command("sas_import", "students", str(SAMPLES / "eleves_siecle.csv"), "--establishment", "0470018L")
    call_command("sas_import", "timetable", str(SAMPLES / "emploi_du_temps_pronote.csv"), "--campaign", str(campaign.pk))
    out, err = capsys.readouterr()
    assert "nouveaux élèves : 20" in out and "Import enregistré." in out and "20 / 20" in err
    assert ClassSlot.objects.count() == 84
    bad = tmp_path / "absences.csv"
    bad.write_bytes(cp1252("ELEVE_ID;DU;AU;DJ_ABSENCE;DJ_OUVREES\n100201;04/09/2023;24/11/2023;x;100\n"))
    before = snapshot()
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("sas_import", "absences", str(bad), "--campaign", str(campaign.pk))
    assert "ligne 2 : demi-journées d'absence « x » illisible" in capsys.readouterr().out
    assert snapshot() == before
    with pytest.raises(CommandError, match="--campaign"):
        call_command("sas_import", "timetable", str(SAMPLES / "emploi_du_temps_pronote.csv"), "--establishment", "0470018L")


def test_command_dry_run_writes_nothing(campaign, capsys):
    call_command("sas_import", "students", str(SAMPLES / "eleves_siecle.csv"), "--campaign", str(campaign.pk), "--dry-run")
    assert "Simulation" in capsys.readouterr().out and not Student.objects.exists()


# --- the coordination's screen ------------------------------------------------------------------------------

def upload(client, campaign, kind, data, name="export.csv"):
    return client.post(reverse("sas:imports", args=[campaign.pk]),
                       {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_screen_previews_then_imports_on_confirmation(client, campaign, team):
    login(client, team["coordination"])
    assert client.get(reverse("sas:imports", args=[campaign.pk])).status_code == 200
    response = upload(client, campaign, "students", STUDENTS)
    html = response.content.decode()
    assert "Aperçu : rien n'est encore enregistré" in html and "Nouveaux élèves : 20" in html
    assert not Student.objects.exists()
    confirm = response.context["confirm"]
    response = client.post(reverse("sas:imports", args=[campaign.pk]), {
        "kind": confirm.initial["kind"], "content": confirm.initial["content"]})
    assert "Import enregistré" in response.content.decode() and Student.objects.count() == 20
    assert AuditLog.objects.filter(actor="sas-coordination", action="create").count() == 20


def test_screen_lists_errors_and_offers_no_confirmation(client, campaign, team):
    login(client, team["coordination"])
    data = cp1252("CLASSE;JOUR;DEBUT;FIN;MATIERE\n2 MRC;lundi;8:00;25:00;Maths\n")
    response = upload(client, campaign, "timetable", data)
    html = response.content.decode()
    assert "ligne 2 : heure de fin « 25:00 » illisible" in html and response.context["confirm"] is None
    assert not ClassSlot.objects.exists()


@pytest.mark.parametrize("role", ["direction", "pp", "cpe", "rds", "workshop_teacher"])
def test_only_the_coordination_imports(client, campaign, team, role):
    login(client, team[role])
    assert client.get(reverse("sas:imports", args=[campaign.pk])).status_code == 403
    assert upload(client, campaign, "students", STUDENTS).status_code == 403
    assert not Student.objects.exists()


def test_a_stranger_gets_404(client, campaign):
    get_user_model().objects.create_user(username="inconnu", password=PASSWORD)
    assert client.login(username="inconnu", password=PASSWORD)
    assert upload(client, campaign, "students", STUDENTS).status_code == 404
    assert not Student.objects.exists()


def test_the_screen_counts_what_is_already_recorded_in_french(client, campaign, team):
    """« 0 élève, 0 période d'absence », « 1 élève », « 2 élèves »: French takes the singular for 0 and 1."""
    login(client, team["coordination"])
    url = reverse("sas:imports", args=[campaign.pk])
    assert "Déjà enregistrés : 0 élève, 0 période d'absence." in client.get(url).content.decode()
    make_student(campaign.establishment, "s1")
    assert "Déjà enregistrés : 1 élève, 0 période d'absence." in client.get(url).content.decode()
    make_student(campaign.establishment, "s2")
    assert "Déjà enregistrés : 2 élèves, 0 période d'absence." in client.get(url).content.decode()
