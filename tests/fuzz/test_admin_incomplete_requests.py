"""Wagtail admin requests its views take to be whole give no 5xx (portal/admin_malformed.py): found by a sweep
of every admin URL with every method, as a moderator, on the production deployment behind gunicorn."""
import pytest
from django.test import Client
from wagtail.models import Page

from fiches.models import Academie
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiche():
    return factories.fiche("Tutorat entre pairs", factories.establishment("LP Antoine Lomet", "bordeaux"), live=True)


def signed_in(who: str) -> Client:
    client = Client(raise_request_exception=False)
    if who == "superuser":
        client.force_login(factories.user("racine", is_superuser=True, is_staff=True))
    else:
        client.force_login(factories.user("modo.bordeaux", role=Membership.Role.MODERATOR, academie_code="bordeaux"))
    return client


@pytest.mark.parametrize("who", ["moderator", "superuser"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_reverting_to_revision_zero_is_a_404(fiche, who, method):
    response = getattr(signed_in(who), method)(f"/admin/pages/{fiche.pk}/revisions/0/revert/")
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_moving_the_root_page_is_refused(fiche, who):
    root = Page.get_first_root_node()
    response = signed_in(who).post(f"/admin/pages/{root.pk}/set_position/?position=0")
    assert response.status_code == 403
    assert Page.get_first_root_node().pk == root.pk


@pytest.mark.parametrize("body", [{}, {"external-link-chooser-link_text": "Lien"}])
def test_an_external_link_posted_without_its_url_shows_the_form_again(body):
    response = signed_in("moderator").post("/admin/choose-external-link/", body)
    assert response.status_code == 200
    assert 'w-field--error" data-field data-contentpath="url"' in response.json()["html"]  # the URL, required


@pytest.mark.parametrize("who", ["moderator", "superuser"])
@pytest.mark.parametrize("model", ["fiches/establishment", "fiches/theme", "fiches/partner"])
def test_creating_from_a_snippet_chooser_is_a_404(who, model):
    response = signed_in(who).post(f"/admin/snippets/choose/{model}/create/", {"name": "Essai"})
    assert response.status_code in (403, 404)


def test_deleting_an_academie_in_use_by_the_delete_method_is_refused(fiche):
    academie = Academie.objects.get(code="bordeaux")
    response = signed_in("superuser").delete(f"/admin/snippets/fiches/academie/delete/{academie.pk}/")
    assert response.status_code == 405
    assert Academie.objects.filter(pk=academie.pk).exists()


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_wagtails_error_test_view_is_no_server_error(who):
    """/admin/failwhale/ raises on purpose (Wagtail's test of error reporting): a 500 to anyone in the admin."""
    assert signed_in(who).get("/admin/failwhale/").status_code == 404
