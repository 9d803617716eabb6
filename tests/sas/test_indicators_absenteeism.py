"""Absenteeism before/after the programme and questionnaire satisfaction: values, suppression, registration."""
import datetime as dt
import io

import pytest
from django.core.management import call_command

from plugins.builtin.sas import indicators
from plugins.builtin.sas.models import AbsenceRecord, Campaign, QuestionnaireResponse, StudentCase
from plugins.builtin.sas.models.questionnaires import Audience
from plugins.manager import get_plugin_manager

from .conftest import make_student, open_case
from .reports import cells, report_for

BEFORE = (dt.date(2023, 9, 4), dt.date(2023, 11, 24))      # programme: 27/11 - 22/12/2023
AFTER = (dt.date(2024, 1, 8), dt.date(2024, 3, 29))
DURING = (dt.date(2023, 11, 27), dt.date(2023, 12, 22))


def taken_students(campaign, team, n, state="in_programme"):
    students = []
    for i in range(n):
        student = make_student(campaign.establishment, f"80{i:04}")
        open_case(team["coordination"], campaign, student)
        students.append(student)
    StudentCase.objects.filter(campaign=campaign).update(state=state)
    return students


def absences(student, period, absent, open_=100):
    AbsenceRecord.objects.create(student=student, period_start=period[0], period_end=period[1],
                                 half_days_absent=absent, half_days_open=open_)


def test_absenteeism_before_and_after_for_students_taken_in_charge(campaign, team):
    for student in taken_students(campaign, team, 11):
        absences(student, BEFORE, 30)
        absences(student, AFTER, 10, 50)
        absences(student, DURING, 99, 99)          # overlaps the programme: left out
    report = report_for(campaign.establishment)
    rates = cells(report, indicators.ABSENTEEISM)
    assert rates[("before",)].value == 30.0 and rates[("after",)].value == 20.0
    assert not rates[("before",)].suppressed


def test_absenteeism_is_suppressed_below_the_threshold_of_contributing_students(campaign, team):
    students = taken_students(campaign, team, 12)
    for student in students:
        absences(student, BEFORE, 30)
    for student in students[:10]:                   # only 10 students have both sides
        absences(student, AFTER, 10)
    rates = cells(report_for(campaign.establishment), indicators.ABSENTEEISM)
    assert rates[("before",)].suppressed and rates[("after",)].suppressed
    assert rates[("before",)].value is None and rates[("after",)].value is None


def test_students_not_taken_in_charge_do_not_count(campaign, team):
    students = taken_students(campaign, team, 11, state="interviewed")
    for student in students:
        absences(student, BEFORE, 30)
        absences(student, AFTER, 10)
    rates = cells(report_for(campaign.establishment), indicators.ABSENTEEISM)
    assert rates[("before",)].suppressed


def test_lower_threshold_shows_small_groups_but_never_below_five(campaign, team, settings):
    settings.ACCROCHE_SUPPRESSION_THRESHOLD = 5
    for student in taken_students(campaign, team, 5, state="closed"):
        absences(student, BEFORE, 20)
        absences(student, AFTER, 5)
    rates = cells(report_for(campaign.establishment), indicators.ABSENTEEISM)
    assert (rates[("before",)].value, rates[("after",)].value) == (20.0, 5.0)


def answer(campaign, audience, score, n):
    codes = {Audience.STUDENTS: ("confidence", "motivation", "methods", "listened"),
             Audience.TEACHERS: ("content", "group_size", "coordination"),
             Audience.COMMUNITY: ("return", "information", "resource")}[audience]
    for _i in range(n):
        QuestionnaireResponse.objects.create(campaign=campaign, audience=audience,
                                             answers={**{code: score(code) for code in codes}, "suggestion": "Très bien"})


def test_satisfaction_per_audience_with_suppression(campaign, team):
    taken_students(campaign, team, 1)
    answer(campaign, Audience.STUDENTS, lambda code: 4 if code in ("confidence", "listened") else 2, 11)
    answer(campaign, Audience.TEACHERS, lambda code: 3, 12)
    answer(campaign, Audience.COMMUNITY, lambda code: 4, 10)
    rates = cells(report_for(campaign.establishment), indicators.SATISFACTION)
    assert rates[("students",)].value == 50.0
    assert rates[("teachers",)].value == 100.0
    assert rates[("community",)].suppressed and rates[("community",)].value is None


def test_satisfaction_counts_only_the_campaigns_of_the_period(campaign, team):
    taken_students(campaign, team, 1)
    older = Campaign.objects.create(
        establishment=campaign.establishment, name="SAS", school_year="2021-2022", referral_deadline=dt.date(2021, 11, 1),
        interviews_start=dt.date(2021, 11, 2), interviews_end=dt.date(2021, 11, 10), information_meeting_date=dt.date(2021, 11, 12),
        programme_start=dt.date(2021, 11, 15), programme_end=dt.date(2021, 12, 17), evaluation_date=dt.date(2022, 1, 14))
    answer(older, Audience.STUDENTS, lambda code: 1, 20)
    answer(campaign, Audience.STUDENTS, lambda code: 4, 11)
    rates = cells(report_for(campaign.establishment), indicators.SATISFACTION)
    assert rates[("students",)].value == 100.0


def test_definitions_are_registered_through_the_hook():
    codes = {d.code: d for group in get_plugin_manager().hook.register_indicators() for d in group}
    assert codes[indicators.ABSENTEEISM].breakdowns == ("period",) and codes[indicators.ABSENTEEISM].unit == "%"
    assert codes[indicators.SATISFACTION].breakdowns == ("audience",)


@pytest.mark.parametrize("threshold, shown", [(11, False), (5, True)])
def test_demo_absences_give_the_indicator(db, settings, threshold, shown):
    settings.ACCROCHE_SUPPRESSION_THRESHOLD = threshold
    call_command("sas_load_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(establishment__name="LP Antoine Lomet", school_year="2023-2024")
    assert campaign.class_slots.filter(protected=True).exists()
    rates = cells(report_for(campaign.establishment), indicators.ABSENTEEISM)
    assert (rates[("before",)].value is not None) is shown
    if shown:
        assert rates[("after",)].value < rates[("before",)].value
    call_command("sas_load_demo", stdout=io.StringIO())
    assert AbsenceRecord.objects.filter(student__establishment=campaign.establishment).count() == 40
