"""Editing follows the lead structure, publishing follows its académie (DESIGN.md §4)."""
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site, WorkflowState

from portal.home.bootstrap import ensure_home

from fiches.models import AcademiePage, FichePage
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    other = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    toulouse_school = factories.establishment("Collège Pierre de Fermat", "toulouse", commune="Toulouse")
    return {
        "lomet": lomet,
        "other": other,
        "editor_a": factories.user("redac.a", role=Membership.Role.EDITOR, establishment=lomet),
        "editor_b": factories.user("redac.b", role=Membership.Role.EDITOR, establishment=other),
        "mod_bordeaux": factories.user("modo.bordeaux", role=Membership.Role.MODERATOR, academie_code="bordeaux"),
        "mod_toulouse": factories.user("modo.toulouse", role=Membership.Role.MODERATOR, academie_code="toulouse"),
        "fiche_a": factories.fiche("SAS Mily", lomet, live=False),
        "fiche_toulouse": factories.fiche("Tutorat entre pairs", toulouse_school, live=False),
    }


def _start_review(fiche, user):
    fiche = FichePage.objects.get(pk=fiche.pk)
    return fiche.get_workflow().start(fiche, user)


def _approve_url(fiche, workflow_state):
    task_state = workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[fiche.pk, "approve", task_state.pk])


def test_editor_edits_and_submits_fiches_of_own_establishment(world, client):
    perms = world["fiche_a"].permissions_for_user(world["editor_a"])
    assert perms.can_edit() and perms.can_submit_for_moderation()
    assert not perms.can_publish()
    client.force_login(world["editor_a"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[world["fiche_a"].pk])).status_code == 200


def test_editor_of_b_can_neither_edit_nor_submit_fiche_of_a(world, client):
    fiche = world["fiche_a"]
    perms = fiche.permissions_for_user(world["editor_b"])
    assert not perms.can_edit()
    assert not perms.can_submit_for_moderation()
    assert not perms.can_delete()

    client.force_login(world["editor_b"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[fiche.pk])
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    response = client.post(edit_url, {"title": "Détournée", "slug": fiche.slug, "action-submit": "1"})
    assert response.status_code in (302, 403)
    fiche.refresh_from_db()
    assert fiche.title == "SAS Mily"
    assert not WorkflowState.objects.filter(base_content_type__isnull=False, object_id=str(fiche.pk)).exists()


def test_editor_may_not_file_a_fiche_for_another_structure(world):
    from fiches.forms import FichePageForm  # noqa: F401 - the form class used by the edit handler

    form_class = FichePage.get_edit_handler().get_form_class()
    form = form_class(instance=FichePage(), for_user=world["editor_b"], parent_page=AcademiePage.objects.get(academie__code="bordeaux"))
    choices = set(form.fields["lead_structure"].queryset.values_list("name", flat=True))
    assert choices == {"Lycée Jean Monnet"}


def test_submission_notifies_moderators_of_the_academie_only(world):
    mail.outbox.clear()
    _start_review(world["fiche_a"], world["editor_a"])
    recipients = {address for message in mail.outbox for address in message.to}
    assert "modo.bordeaux@example.org" in recipients
    assert "modo.toulouse@example.org" not in recipients


def test_moderator_of_another_academie_cannot_publish(world, client):
    fiche = world["fiche_a"]
    state = _start_review(fiche, world["editor_a"])
    assert not fiche.permissions_for_user(world["mod_toulouse"]).can_publish()
    client.force_login(world["mod_toulouse"])
    response = client.post(_approve_url(fiche, state), {"comment": "ok"})
    assert response.status_code in (302, 403)
    fiche.refresh_from_db()
    assert not fiche.live


def test_moderator_of_the_academie_publishes_through_the_workflow(world, client):
    fiche = world["fiche_a"]
    state = _start_review(fiche, world["editor_a"])
    assert fiche.permissions_for_user(world["mod_bordeaux"]).can_publish()
    assert not world["fiche_toulouse"].permissions_for_user(world["mod_bordeaux"]).can_publish()
    client.force_login(world["mod_bordeaux"])
    mail.outbox.clear()
    response = client.post(_approve_url(fiche, state), {"comment": "Très claire, merci."})
    assert response.status_code in (200, 302)
    fiche.refresh_from_db()
    assert fiche.live and fiche.status == "published"
    assert any("redac.a@example.org" in m.to for m in mail.outbox)


@override_settings(WAGTAILADMIN_BASE_URL="https://accroche.example.org")
def test_the_approval_e_mail_links_to_the_fiche_on_the_portals_public_address(world, client):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)  # a portal set up before
    ensure_home()  # what every migrate runs
    fiche = world["fiche_a"]
    state = _start_review(fiche, world["editor_a"])
    client.force_login(world["mod_bordeaux"])
    mail.outbox.clear()
    client.post(_approve_url(fiche, state), {"comment": ""})
    to_editor = [m for m in mail.outbox if "redac.a@example.org" in m.to]
    assert to_editor and f"https://accroche.example.org{fiche.url}" in to_editor[0].body
    assert "http://localhost" not in to_editor[0].body


def test_moderator_sends_back_with_a_comment_and_the_editor_is_told(world, client):
    fiche = world["fiche_a"]
    state = _start_review(fiche, world["editor_a"])
    client.force_login(world["mod_bordeaux"])
    mail.outbox.clear()
    url = reverse("wagtailadmin_pages:workflow_action", args=[fiche.pk, "reject", state.current_task_state.pk])
    client.post(url, {"comment": "Précisez les dates des ateliers."})
    fiche.refresh_from_db()
    assert not fiche.live
    to_editor = [m for m in mail.outbox if "redac.a@example.org" in m.to]
    assert to_editor and "Précisez les dates des ateliers." in to_editor[0].body


def test_historical_academie_is_moderated_by_its_successor(world):
    caen_page = AcademiePage.objects.get(academie__code="caen")
    mod_normandie = factories.user("modo.normandie", role=Membership.Role.MODERATOR, academie_code="normandie")
    assert caen_page.permissions_for_user(mod_normandie).can_publish()
    assert caen_page.get_workflow().name.endswith("Normandie")


def test_editor_adds_fiches_only_in_the_section_of_their_academie(world, client):
    bordeaux = AcademiePage.objects.get(academie__code="bordeaux")
    toulouse = AcademiePage.objects.get(academie__code="toulouse")
    assert bordeaux.permissions_for_user(world["editor_a"]).can_add_subpage()
    assert not toulouse.permissions_for_user(world["editor_a"]).can_add_subpage()
    client.force_login(world["editor_a"])
    add_url = reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", bordeaux.pk])
    assert client.get(add_url).status_code == 200
    add_url = reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", toulouse.pk])
    assert client.get(add_url).status_code in (302, 403)
