"""A fiche is renewed from one school year to the next without losing its history."""
import pytest
from django.urls import reverse

from fiches.models import FichePage, Level
from fiches.renewal import renew_fiche
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


def test_renewal_is_a_draft_for_the_next_year_linked_to_the_original():
    lead = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    original = factories.fiche("SAS Mily", lead, school_year="2023-2024", summary="Quatre semaines d'ateliers.")
    original.levels.add(Level.objects.get(slug="lycee-professionnel"))
    original.save_revision().publish()

    renewal = renew_fiche(FichePage.objects.get(pk=original.pk))

    assert renewal.school_year_codes == ["2024-2025"]
    assert renewal.renewed_from_id == original.pk
    assert not renewal.live and renewal.status == "draft"
    assert renewal.summary == "Quatre semaines d'ateliers."
    assert list(renewal.levels.values_list("slug", flat=True)) == ["lycee-professionnel"]
    original.refresh_from_db()
    assert original.live and original.school_year_codes == ["2023-2024"] and original.status == "published"

    renewal.save_revision().publish()
    original.refresh_from_db()
    assert original.live and original.status == "archived"
    with pytest.raises(ValueError, match="déjà reconduite"):
        renew_fiche(original)


def test_renewed_page_links_both_ways(client):
    lead = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    original = factories.fiche("SAS Mily", lead, school_year="2023-2024")
    renewal = renew_fiche(original)
    renewal.save_revision().publish()
    old_page = client.get(original.url).content.decode()
    assert "Cette action a été reconduite" in old_page and renewal.url in old_page
    assert "Reconduction de" in client.get(renewal.url).content.decode()


def test_only_editors_of_the_lead_structure_may_renew(client):
    lead = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    other = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    fiche = factories.fiche("SAS Mily", lead)
    outsider = factories.user("redac.b", role=Membership.Role.EDITOR, establishment=other)
    client.force_login(outsider)
    response = client.post(reverse("fiches_renew", args=[fiche.pk]))
    assert response.status_code in (302, 403)
    assert not FichePage.objects.filter(renewed_from=fiche).exists()

    insider = factories.user("redac.a", role=Membership.Role.EDITOR, establishment=lead)
    client.force_login(insider)
    response = client.post(reverse("fiches_renew", args=[fiche.pk]))
    assert response.status_code == 302
    assert FichePage.objects.filter(renewed_from=fiche).count() == 1
