"""Every SAS form that proposes a date proposes one inside its campaign: today while the step is under way,
else the nearer end of the step's dates, so a past or future campaign's record is never dated today (issue 12)."""
import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from plugins.builtin.sas.forms import (
    ClassReferralForm, EvaluationForm, InterviewForm, ParentsInformedForm, ReferralForm,
)
from plugins.builtin.sas.models import Campaign, Student
from plugins.builtin.sas.setup_forms import InformationMeetingForm, SessionForm, WeeklySessionsForm

ZONE = "America/Cayenne"  # the campaign's own today, not the server's


def today() -> dt.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(ZONE))


def campaign_from(start: dt.date) -> Campaign:
    """A campaign (never saved: a pk is enough for the forms' lazy querysets) whose repérage period starts on
    ``start``, its steps in seed 000's order."""
    year = start.year if start.month >= 8 else start.year - 1
    day = lambda days: start + dt.timedelta(days=days)  # noqa: E731
    return Campaign(
        pk=1, name="SAS", school_year=f"{year}-{year + 1}", time_zone=ZONE, referral_deadline=day(20),
        interviews_start=day(22), interviews_end=day(35), information_meeting_date=day(36),
        programme_start=day(38), programme_end=day(80), evaluation_date=day(95),
    )


# form, its date field, its step, a day (from the campaign's start) within that step's dates
FORMS = {
    "repérage": (lambda c: ReferralForm(campaign=c), "referred_on", "referral", 10),
    "repérage PP": (lambda c: ClassReferralForm(campaign=c, students=Student.objects.none()), "referred_on",
                    "referral", 10),
    "entretien": (lambda c: InterviewForm(campaign=c), "held_on", "interview", 28),
    "parents": (lambda c: ParentsInformedForm(campaign=c), "informed_on", "parents", 50),
    "séance": (lambda c: SessionForm(campaign=c), "day", "programme", 60),
    "bilan": (lambda c: EvaluationForm(campaign=c), "held_on", "evaluation", 87),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_past_campaign_proposes_the_last_day_of_the_step(name):
    make, field, step, _inside = FORMS[name]
    campaign = campaign_from(today() - dt.timedelta(days=400))
    first, last = campaign.step_dates(step)
    assert last < today()
    assert make(campaign)[field].value() == last


@pytest.mark.parametrize("name", FORMS)
def test_a_future_campaign_proposes_the_first_day_of_the_step(name):
    make, field, step, _inside = FORMS[name]
    campaign = campaign_from(today() + dt.timedelta(days=400))  # next school year: its repérage too is ahead
    first, last = campaign.step_dates(step)
    assert first > today()
    assert make(campaign)[field].value() == first


@pytest.mark.parametrize("name", FORMS)
def test_a_current_step_proposes_today_written_in_french(name):
    make, field, step, inside = FORMS[name]
    campaign = campaign_from(today() - dt.timedelta(days=inside))
    first, last = campaign.step_dates(step)
    assert first < today() < last
    bound = make(campaign)[field]
    assert bound.value() == today()
    assert f'value="{today():%d/%m/%Y}"' in str(bound)


@pytest.mark.parametrize("shift", [-400, -60, 400])
def test_the_weekly_series_and_the_information_collective_stay_in_their_campaign(shift):
    campaign = campaign_from(today() + dt.timedelta(days=shift))
    weekly = WeeklySessionsForm(campaign=campaign)
    assert (weekly["first_day"].value(), weekly["last_day"].value()) == campaign.step_dates("programme")
    assert InformationMeetingForm(campaign=campaign)["day"].value() == campaign.information_meeting_date
