"""CSV imports are bounded (size, lines, line length, time), refuse mixed or wrong encodings with their line
numbers, keep absence periods within the campaign's school year, never answer 500 on odd digits, and preview
sample rows exactly as they will be stored."""
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plugins.builtin.sas.imports import runner
from plugins.builtin.sas.imports.reader import MAX_BYTES, MAX_LINES
from plugins.builtin.sas.imports.runner import run
from plugins.builtin.sas.models import Student

from .conftest import login, make_student
from .test_imports import cp1252, snapshot, upload

HEADER = "ELEVE_ID;NOM;PRENOM;DIVISION;NIVEAU;SEXE\n"
ABSENCES_HEADER = "ELEVE_ID;DEBUT_PERIODE;FIN_PERIODE;NB_DJ_ABSENCE;NB_DJ_OUVREES\n"
TIMETABLE_HEADER = "CLASSE;JOUR;DEBUT;DUREE;MATIERE\n"


def refused(report, *fragments):
    text = " ".join(str(error) for error in report.errors)
    assert not report.written and all(fragment in text for fragment in fragments), text
    return text


def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_its_lines(campaign):
    data = (HEADER + "1;Zoé;Ana;2 MRC;2pro;F\n").encode("utf-8") + "2;Zoé;Ève;2 MRC;2pro;F\n".encode("cp1252")
    before = snapshot()
    refused(run("students", data, campaign=campaign), "mélange deux encodages", "lignes 2 en UTF-8", "lignes 3 en Windows-1252")
    assert snapshot() == before


def test_a_shift_jis_file_is_refused_not_stored_as_garbage(campaign):
    data = (HEADER + "1;田中;太郎;2 MRC;2pro;M\n2;山田;花子;2 MRC;2pro;F\n").encode("shift_jis")
    refused(run("students", data, campaign=campaign), "Encodage non reconnu", "lignes 2, 3")
    assert not Student.objects.exists()


def test_names_already_garbled_once_are_refused(campaign):
    garbled = (HEADER + "1;Zoé;Anaïs;2 MRC;2pro;F\n").encode("utf-8").decode("cp1252").encode("utf-8")
    refused(run("students", garbled, campaign=campaign), "déjà déformées", "lignes 2")


def test_french_names_in_windows_1252_are_kept_exactly(campaign):
    data = cp1252(HEADER + "1;Lefèvre-Œuvray;Zoé;2 MRC;2pro;F\n")
    assert run("students", data, campaign=campaign).written
    assert Student.objects.get().last_name == "Lefèvre-Œuvray"


@pytest.mark.parametrize("period", ["01/01/0001;24/11/2023", "04/09/2023;31/12/9999", "04/09/2022;24/11/2022"])
def test_absence_periods_outside_the_campaigns_school_year_are_refused(campaign, period):
    make_student(campaign.establishment, "500001")
    report = run("absences", cp1252(ABSENCES_HEADER + f"500001;{period};3;100\n"), campaign=campaign)
    refused(report, "ligne 2", "hors de l'année scolaire de la campagne (du 01/08/2023 au 31/07/2024)")


@pytest.mark.parametrize("count", ["²", "٣", "1e3", "99999999999"])
def test_odd_digits_in_absence_counts_are_a_line_error(campaign, count):
    make_student(campaign.establishment, "500001")
    data = (ABSENCES_HEADER + f"500001;04/09/2023;24/11/2023;{count};100\n").encode("utf-8")
    report = run("absences", data, campaign=campaign)
    refused(report, "ligne 2 : demi-journées d'absence")


@pytest.mark.parametrize("duration", ["²", "9999999999", "1440", "0", "٣٠"])
def test_odd_durations_in_the_timetable_are_a_line_error(campaign, duration):
    data = (TIMETABLE_HEADER + f"2 MRC;lundi;08:00;{duration};Anglais\n").encode("utf-8")
    refused(run("timetable", data, campaign=campaign), "ligne 2 : durée")


def test_a_file_over_the_size_bound_is_refused_at_once(campaign):
    line = "1;Nom;Prénom;2 MRC;2pro;F\n"
    data = cp1252(HEADER + line * (MAX_BYTES // len(line) + 10))
    started = time.monotonic()
    refused(run("students", data, campaign=campaign), "dépasse 1,5 Mo")
    assert time.monotonic() - started < 1


def test_too_many_lines_or_too_long_lines_are_refused(campaign):
    many = cp1252(HEADER + "\n".join(f"{n};N;P;2 MRC;2pro;F" for n in range(MAX_LINES + 1)))
    refused(run("students", many, campaign=campaign), f"{MAX_LINES} au plus")
    long = cp1252(HEADER + "1;N;P;2 MRC;2pro;F\n2;" + "x" * 5000 + ";P;2 MRC;2pro;F\n")
    refused(run("students", long, campaign=campaign), "Lignes de plus de 2000 caractères : 3")


def test_the_largest_accepted_file_is_checked_within_seconds(campaign):
    lines = [f"{n};Nom{n};Prénom;2 MRC;2pro;F" for n in range(MAX_LINES - 2)]
    started = time.monotonic()
    report = run("students", cp1252(HEADER + "\n".join(lines)), campaign=campaign, commit=False)
    elapsed = time.monotonic() - started
    assert report.ok and dict(report.counts)["nouveaux élèves"] == MAX_LINES - 2
    assert elapsed < runner.CHECK_SECONDS, elapsed


def test_a_check_over_its_time_budget_stops_with_a_french_message(campaign, monkeypatch):
    monkeypatch.setattr(runner, "CHECK_SECONDS", -1)
    refused(run("students", cp1252(HEADER + "1;N;P;2 MRC;2pro;F\n"), campaign=campaign), "dépasse -1 secondes")
    assert not Student.objects.exists()


def test_absences_need_a_campaign_from_the_command(campaign, tmp_path):
    path = tmp_path / "absences.csv"
    path.write_bytes(cp1252(ABSENCES_HEADER + "500001;04/09/2023;24/11/2023;3;100\n"))
    with pytest.raises(CommandError, match="--campaign"):
        call_command("sas_import", "absences", str(path), "--establishment", "0470018L")


def test_the_preview_shows_sample_rows_as_they_will_be_stored(client, campaign, team):
    login(client, team["coordination"])
    data = cp1252(HEADER + "1;Lefèvre;Zoé;2 MRC;1CAP2 EQUIPIER;2\n2;Ngo;Ève;1 AGORA;2NDPRO MRC;1\n")
    html = upload(client, campaign, "students", data).content.decode()
    table = html[html.index('id="apercu-lignes"'):]
    table = table[:table.index("</table>")]
    for cell in ("Lefèvre", "Zoé", "1re année de CAP", "fille", "Ngo", "Ève", "Seconde professionnelle", "garçon"):
        assert f"<td>{cell}</td>" in table, cell
    assert not Student.objects.exists()


def test_the_screen_refuses_a_mixed_file_with_its_lines_and_offers_no_confirmation(client, campaign, team):
    login(client, team["coordination"])
    data = (HEADER + "1;Zoé;Ana;2 MRC;2pro;F\n").encode("utf-8") + "2;Zoé;Ève;2 MRC;2pro;F\n".encode("cp1252")
    response = upload(client, campaign, "students", data)
    assert "mélange deux encodages" in response.content.decode() and response.context["confirm"] is None
    assert 'id="apercu-lignes"' not in response.content.decode()


def test_a_confirmation_carrying_more_than_the_bound_is_refused(client, campaign, team):
    login(client, team["coordination"])
    response = client.post(reverse("sas:imports", args=[campaign.pk]), {"kind": "students", "content": "A" * 2_100_000})
    assert response.status_code == 200 and "dépasse 1,5 Mo" in response.content.decode()
    assert not Student.objects.exists()


def test_an_upload_over_the_bound_is_stopped_and_explained(client, campaign, team):
    login(client, team["coordination"])
    big = cp1252(HEADER) + b"1;N;P;2 MRC;2pro;F\r\n" * (3 * MAX_BYTES // 20)
    response = upload(client, campaign, "students", big)
    html = response.content.decode()
    assert response.status_code == 200 and "dépasse 1,5 Mo" in html and "obligatoire" not in html
    assert response.context["report"] is None and not Student.objects.exists()


def test_the_import_screen_still_checks_csrf(campaign, team):
    from django.test import Client

    client = login(Client(enforce_csrf_checks=True), team["coordination"])
    assert upload(client, campaign, "students", cp1252(HEADER + "1;N;P;2 MRC;2pro;F\n")).status_code == 403
    assert not Student.objects.exists()
