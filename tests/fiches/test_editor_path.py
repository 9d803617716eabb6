"""The editor's path in the admin: the dashboard's « Créer une fiche pour mon établissement » and list of
their fiches, the lead-structure list, school years that always include the current and next ones, and
dates typed the French way (issue 12, points 1 to 3)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fiches.admin_dates import TypedDateInput
from fiches.forms import ensure_current_school_years
from fiches.models import AcademiePage, FichePage, SchoolYear
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    other = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    user = factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet)
    factories.fiche("SAS Mily", lomet, live=True)
    factories.fiche("Brouillon du tutorat", lomet, live=False)
    factories.fiche("Fiche du voisin", other, live=True)
    return user, lomet, other


def _form(user, data=None, instance=None):
    form_class = FichePage.get_edit_handler().get_form_class()
    parent = AcademiePage.objects.get(academie__code="bordeaux")
    return form_class(data, instance=instance or FichePage(), for_user=user, parent_page=parent)


def test_dashboard_offers_to_create_a_fiche_and_lists_the_editors_fiches_and_drafts(editor, client):
    user, _lomet, _other = editor
    client.force_login(user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    bordeaux = AcademiePage.objects.get(academie__code="bordeaux")
    assert "Créer une fiche pour mon établissement" in page
    assert reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", bordeaux.pk]) in page
    listing = page.split('id="mes-fiches-liste"')[1]
    assert "SAS Mily" in listing and "Brouillon du tutorat" in listing and "Brouillon" in listing
    assert "Fiche du voisin" not in listing


def test_dashboard_of_a_user_without_structure_or_fiche_has_no_such_panel(client):
    user = factories.user("lecteur", role=Membership.Role.MODERATOR, academie_code="bordeaux")
    client.force_login(user)
    assert "Créer une fiche pour mon établissement" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_lead_structure_lists_own_structures_preselected_and_refuses_others_with_a_sentence(editor):
    user, lomet, other = editor
    form = _form(user)
    field = form.fields["lead_structure"]
    assert form.initial["lead_structure"] == lomet.pk
    assert [label for _value, label in field.widget.choices[1][1]] == [str(lomet)]
    assert "partenaires" in str(field.help_text)
    with pytest.raises(ValidationError) as refused:
        field.clean(str(other.pk))
    message = " ".join(refused.value.messages)
    assert "n'est pas la vôtre" in message and "LP Antoine Lomet" in message and "partenaire" in message


def test_current_and_next_school_years_always_exist():
    ensure_current_school_years(dt.date(2026, 11, 30))
    ensure_current_school_years(dt.date(2027, 3, 1))  # same school year: nothing new
    codes = set(SchoolYear.objects.values_list("code", flat=True))
    assert {"2026-2027", "2027-2028"} <= codes and "2028-2029" not in codes


def test_the_fiche_form_creates_todays_school_years(editor):
    user, _lomet, _other = editor
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    form = _form(user)
    choices = [label for _value, label in form.formsets["school_year_links"].empty_form.fields["school_year"].choices]
    assert f"{start}-{start + 1}" in choices and f"{start + 1}-{start + 2}" in choices


@pytest.mark.parametrize("typed, expected", [("15/09/2023", dt.date(2023, 9, 15)), ("2023-09-15", dt.date(2023, 9, 15))])
def test_admin_dates_accept_the_french_and_iso_forms(editor, typed, expected):
    field = _form(editor[0]).fields["start_date"]
    assert isinstance(field.widget, TypedDateInput) and field.widget.get_config()["validateOnBlur"] is False
    assert field.clean(typed) == expected


def test_an_impossible_date_is_refused_with_a_message_not_replaced(editor):
    field = _form(editor[0]).fields["start_date"]
    with pytest.raises(ValidationError) as refused:
        field.clean("31/02/2023")
    assert "date valide" in " ".join(refused.value.messages)


def test_the_login_page_names_the_password_in_french(client):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Mot de passe" in page and ">\n            Password" not in page and "Password<" not in page
