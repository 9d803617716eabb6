"""A date is typed as jj/mm/aaaa (or aaaa-mm-jj), a time as hh:mm (or 14h30), in text fields that say so;
anything else is refused in French and shown again as typed, never replaced (issue 12)."""
import datetime as dt

import pytest
from django import forms

from portal.date_fields import FrenchDateField, FrenchTimeField


class EventDay(forms.Form):
    day = FrenchDateField(label="Date", help_text="Le premier jour.")


class EventHour(forms.Form):
    hour = FrenchTimeField(label="Heure")


@pytest.mark.parametrize("typed", ["15/09/2023", " 15/09/2023 ", "2023-09-15", "15/9/2023"])
def test_the_french_and_the_iso_forms_are_read(typed):
    form = EventDay({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2023, 9, 15)


@pytest.mark.parametrize("typed", ["09/15/2023", "31/02/2023", "15/09/23", "15.09.2023", "15 septembre 2023",
                                   "demain", "2023/09/15"])
def test_anything_else_is_refused_in_french_and_kept_as_typed(typed):
    form = EventDay({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == ["Saisissez une date qui existe, au format JJ/MM/AAAA (par exemple 15/09/2023)."]
    assert f'value="{typed}"' in str(form["day"])


def test_the_field_is_a_text_input_showing_the_french_format_and_its_hint():
    html = str(EventDay(initial={"day": dt.date(2023, 9, 15)})["day"])
    assert 'type="text"' in html and 'value="15/09/2023"' in html
    assert EventDay.base_fields["day"].help_text == "Le premier jour. Format attendu : JJ/MM/AAAA"
    assert FrenchDateField().help_text == "Format attendu : JJ/MM/AAAA"


@pytest.mark.parametrize("typed", ["14:30", "14h30", "14:30:00"])
def test_a_time_is_read_on_24_hours(typed):
    form = EventHour({"hour": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hour"] == dt.time(14, 30)
    assert 'value="14:30"' in str(EventHour(initial={"hour": dt.time(14, 30)})["hour"])


@pytest.mark.parametrize("typed", ["2:30 PM", "25:00", "14.30"])
def test_another_time_is_refused_in_french(typed):
    form = EventHour({"hour": typed})
    assert form.errors["hour"] == ["Saisissez une heure au format HH:MM, sur 24 heures (par exemple 14:30)."]
    assert 'type="text"' in str(form["hour"]) and f'value="{typed}"' in str(form["hour"])
