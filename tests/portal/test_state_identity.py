"""Where a new ProConnect identity is placed (UAI, then SIRET, then e-mail domain), and the login
page while the State sign-in is not configured."""
import pytest
from django.urls import reverse

from portal.accounts.models import Membership, SignInRule
from portal.accounts.state_identity import Placement, placement_for
from tests import factories


@pytest.mark.django_db
def test_an_identity_is_placed_by_uai_then_siret_then_email_domain():
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", uai="0470018L")
    cio = factories.establishment("CIO d'Agen", "bordeaux")
    bordeaux = factories.academie("bordeaux")
    SignInRule.objects.create(siret="13001234500017", role=Membership.Role.EDITOR, establishment=cio)
    SignInRule.objects.create(email_domain="ac-bordeaux.fr", role=Membership.Role.ANALYST, academie=bordeaux)
    claims = {"sub": "1", "email": "a.b@ac-bordeaux.fr", "siret": "130 012 345 00017", "uai": "0470018l"}
    assert placement_for(claims) == Placement("editor", establishment=lomet)
    assert placement_for({**claims, "uai": "9999999Z"}) == Placement("editor", establishment=cio)
    assert placement_for({**claims, "uai": None, "siret": "21470001200019"}) == Placement("analyst", academie=bordeaux)
    assert placement_for({"sub": "2", "email": "x@mairie-exemple.fr", "siret": "21470001200019"}) is None
    assert placement_for({"sub": "3", "email": ["not", "text"], "uai": 12}) is None


@pytest.mark.django_db
def test_without_a_provider_the_login_page_has_no_proconnect_button(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "ProConnect" not in client.get(reverse("wagtailadmin_login")).content.decode()
    assert client.get(reverse("accounts:state_login")).status_code == 404
    local = factories.user("locale")
    client.force_login(local)
    response = client.post(reverse("wagtailadmin_logout"))  # a local account logs out as before
    assert response.status_code == 302 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_known_person_is_found_by_subject_then_email_even_when_deactivated():
    from portal.accounts.state_login import StateIdentityBackend

    backend = StateIdentityBackend()
    local = factories.user("camille", is_active=False)  # camille@example.org, deactivated
    claims = {"sub": "abc", "email": "Camille@Example.org"}
    assert list(backend.filter_users_by_claims(claims)) == [local]  # refused by the callback, not replaced
    linked = factories.user("oidc:abc")
    assert list(backend.filter_users_by_claims(claims)) == [linked]
    assert backend.verify_claims({"sub": ["abc"], "email": "a@b.fr"}) is False
