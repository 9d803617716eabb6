"""Enrolment in the admin: an académie's administrator registers, rotates and revokes the keys
of that académie's establishments only, with the fingerprint shown as the node shows it."""
import pytest
from django.urls import reverse

from portal import httpsig
from portal.accounts.models import Membership
from portal.indicators.models import EstablishmentKey
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_bordeaux(db):
    return factories.user("admin.bordeaux", role=Membership.Role.ACADEMIE_ADMIN, academie_code="bordeaux")


def test_admin_registers_rotates_and_revokes_a_key_of_their_academie(client, admin_bordeaux, lomet):
    client.force_login(admin_bordeaux)
    first, second = httpsig.generate_private_key(), httpsig.generate_private_key()
    response = client.post(reverse("indicators_keys"), {
        "establishment": lomet.pk, "public_key": httpsig.public_key_text(first),
        "fingerprint": httpsig.fingerprint(first),
    }, follow=True)
    assert httpsig.fingerprint(first) in response.content.decode()
    client.post(reverse("indicators_keys"), {"establishment": lomet.pk, "public_key": httpsig.public_key_text(second)})
    assert EstablishmentKey.objects.active().filter(establishment=lomet).count() == 2  # rotation: both verify

    old = EstablishmentKey.objects.get(fingerprint=httpsig.fingerprint(first))
    client.post(reverse("indicators_key_revoke", args=[old.pk]))
    old.refresh_from_db()
    assert old.revoked_at is not None and old.registered_by == admin_bordeaux
    assert list(EstablishmentKey.objects.active().values_list("fingerprint", flat=True)) == [httpsig.fingerprint(second)]


def test_a_miscopied_key_or_fingerprint_is_refused_in_french(client, admin_bordeaux, lomet):
    client.force_login(admin_bordeaux)
    key = httpsig.generate_private_key()
    response = client.post(reverse("indicators_keys"), {
        "establishment": lomet.pk, "public_key": httpsig.public_key_text(key), "fingerprint": "0" * 64})
    assert "mal recopiée" in response.content.decode()
    response = client.post(reverse("indicators_keys"), {"establishment": lomet.pk, "public_key": "pas-une-clé"})
    assert response.status_code == 200 and "32 octets" in response.content.decode()
    assert not EstablishmentKey.objects.exists()


def test_other_academies_admins_and_editors_cannot_touch_the_keys(client, lomet):
    versailles = factories.user("admin.versailles", role=Membership.Role.ACADEMIE_ADMIN, academie_code="versailles")
    editor = factories.user("redacteur", role=Membership.Role.EDITOR, establishment=lomet)
    key = EstablishmentKey.objects.create(establishment=lomet, public_key="x", fingerprint="f" * 64)
    client.force_login(versailles)
    response = client.post(reverse("indicators_keys"), {
        "establishment": lomet.pk, "public_key": httpsig.public_key_text(httpsig.generate_private_key())})
    assert "establishment" in response.context["form"].errors
    assert client.post(reverse("indicators_key_revoke", args=[key.pk])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("indicators_keys")).status_code in (302, 403)
    key.refresh_from_db()
    assert key.revoked_at is None and EstablishmentKey.objects.count() == 1
