"""Accounts: an académie administrator invites by e-mail; the invited person sets a password; reset works."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_bordeaux():
    return factories.user("admin.bordeaux", role=Membership.Role.ACADEMIE_ADMIN, academie_code="bordeaux")


def _link(message):
    return re.search(r"http://\S+", message.body).group(0)


def test_academie_admin_invites_an_editor_who_sets_a_password_and_logs_in(
    admin_bordeaux, client, django_capture_on_commit_callbacks
):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    client.force_login(admin_bordeaux)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts_invite"),
            {"email": "Camille.Martin@ac-bordeaux.fr", "first_name": "Camille", "last_name": "Martin",
             "role": "editor", "establishment": lomet.pk},
        )
    assert response.status_code == 302
    invited = get_user_model().objects.get(email="camille.martin@ac-bordeaux.fr")
    assert not invited.has_usable_password()
    assert Membership.objects.get(user=invited).establishment == lomet
    assert invited.groups.filter(name="Rédacteurs d'établissement").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camille.martin@ac-bordeaux.fr"]
    assert "rédacteur d'établissement" in mail.outbox[0].body

    client.logout()
    link = _link(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(set_password_url, {"new_password1": "Persévérance-2026!", "new_password2": "Persévérance-2026!"})
    assert response.status_code == 302
    assert client.login(username="camille.martin@ac-bordeaux.fr", password="Persévérance-2026!")


def test_academie_admin_cannot_invite_into_another_academie(admin_bordeaux, client):
    toulouse_school = factories.establishment("Collège Pierre de Fermat", "toulouse", commune="Toulouse")
    client.force_login(admin_bordeaux)
    response = client.post(
        reverse("accounts_invite"),
        {"email": "x@example.org", "first_name": "X", "last_name": "Y", "role": "editor", "establishment": toulouse_school.pk},
    )
    assert response.status_code == 200
    assert "establishment" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


def test_editor_cannot_open_the_invitation_page(client):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    editor = factories.user("redac", role=Membership.Role.EDITOR, establishment=lomet)
    client.force_login(editor)
    assert client.get(reverse("accounts_invite")).status_code in (302, 403)


def test_password_reset_sends_a_working_link(client):
    user = get_user_model().objects.create_user("oubli", "oubli@example.org", "Ancien-mot-de-passe-1")
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "oubli@example.org"}, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_password_reset_done"), 302)]
    assert len(mail.outbox) == 1
    # « Consultez vos e-mails » leads back to the login page and to the site (Wagtail's had no link).
    sent = response.content.decode()
    assert "Consultez vos e-mails" in sent and 'href="/"' in sent
    assert re.search(rf'<a href="{reverse("wagtailadmin_login")}"[^>]*>Retour à la connexion</a>', sent)
    link = _link(mail.outbox[0]).split("://", 1)[1]
    link = link[link.index("/"):]
    page = client.get(link, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(target, {"new_password1": "Nouveau-mot-de-passe-2", "new_password2": "Nouveau-mot-de-passe-2"},
                       follow=True)
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-2")
    # The way on is a button to log in (Wagtail's French labelled it « Identifiant »).
    assert re.search(rf'<a href="{reverse("wagtailadmin_login")}"[^>]*>Se connecter</a>', done.content.decode())


def test_an_address_longer_than_a_username_is_refused_in_french_and_nothing_is_made(admin_bordeaux, client):
    """The address becomes the username (150 characters): a valid address of 151 to 320 characters reached the
    database (value too long: 500)."""
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    client.force_login(admin_bordeaux)
    email = f"{'c' * 64}@{'lycee-professionnel-antoine-lomet.' * 3}ac-bordeaux.fr"
    assert len(email) > 150
    response = client.post(reverse("accounts_invite"), {"email": email, "first_name": "Camille", "last_name": "Martin",
                                                        "role": "editor", "establishment": lomet.pk})
    assert response.status_code == 200
    assert "au plus 150 caractères" in response.content.decode()
    assert not get_user_model().objects.filter(email=email).exists()


def test_a_user_without_admin_access_logs_in_to_their_workspace_not_back_to_the_login(client):
    """A network member, an analyst or a SAS team member signs in from « Se connecter » (no « next »): Wagtail
    sent them to its dashboard, then back to its login page, « Vous n'avez pas l'autorisation », with no way on."""
    factories.user("membre.reseau", first_name="Camille", last_name="Martin")
    response = client.post(reverse("wagtailadmin_login"), {"username": "membre.reseau", "password": "motdepasse-de-test"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:workspace")
    page = response.content.decode()
    assert "Espace de travail" in page and "Camille Martin" in page
    assert f'href="{reverse("networks:follows")}"' in page
    assert f'action="{reverse("state_logout")}"' in page and "Se déconnecter" in page
    logged_out = client.post(reverse("state_logout"), follow=True)
    assert client.get(reverse("accounts:workspace")).url.startswith(reverse("wagtailadmin_login"))
    # Logging out ends on the admin's login page, which now leads back to the site.
    assert '<a href="/">Retour au site Accroche</a>' in logged_out.content.decode()


def test_an_editors_workspace_is_the_admin_dashboard(client):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    client.force_login(factories.user("redaction", role=Membership.Role.EDITOR, establishment=lomet))
    response = client.get(reverse("accounts:workspace"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert response.status_code == 200 and "Mes fiches" in response.content.decode()


def test_a_user_cannot_take_another_accounts_address_from_their_account_settings(client):
    """An editor typed the superuser's address in « Mon compte » and it was saved, unverified: a State identity
    with that address then matched two accounts (refused), a password reset mailed both, an invitation to it was
    refused as « account exists »."""
    get_user_model().objects.create_superuser("superviseur", "superviseur@ac-bordeaux.fr", "motdepasse-de-test")
    editor = factories.user("redacteur", role=Membership.Role.EDITOR,
                            establishment=factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen"))
    client.force_login(editor)

    response = client.get("/admin/account/")
    assert response.status_code == 200 and 'name="name_email-email"' not in response.content.decode()
    client.post("/admin/account/", {"name_email-first_name": "Camille", "name_email-last_name": "Martin",
                                    "name_email-email": "SUPERVISEUR@ac-bordeaux.fr", "theme-theme": "system",
                                    "theme-contrast": "system", "theme-density": "default"})
    editor.refresh_from_db()
    assert editor.email == "redacteur@example.org"
    assert get_user_model().objects.filter(email__iexact="superviseur@ac-bordeaux.fr").count() == 1
