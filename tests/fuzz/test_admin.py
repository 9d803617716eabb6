"""Wagtail's administration as each role that signs in to it: what the project registers there (the
fiche editor and its moderation, the snippets of its reference data) gives no 5xx to hostile input, and
no role sees or changes what belongs to another structure or another académie.

The project's own admin screens (import, renewal, Semaine, keys, invitations) are swept in
test_no_server_error.py; Wagtail's generic screens are only reached here through the project's models.
"""
from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from fiches.models import Establishment, FichePage
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two structures of Bordeaux, one of Toulouse, one of Caen (historical, moderated by Normandie),
    a fiche of each kind, and one user per role that may sign in to the admin."""
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    monnet = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    fermat = factories.establishment("Collège Pierre de Fermat", "toulouse", commune="Toulouse")
    malherbe = factories.establishment("Lycée Malherbe", "caen", commune="Caen")
    return {
        "lomet": lomet, "monnet": monnet, "fermat": fermat, "malherbe": malherbe,
        "editor": factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet),
        "other_editor": factories.user("redac.monnet", role=Membership.Role.EDITOR, establishment=monnet),
        "moderator": factories.user("modo.bordeaux", role=Membership.Role.MODERATOR, academie_code="bordeaux"),
        "other_moderator": factories.user("modo.toulouse", role=Membership.Role.MODERATOR, academie_code="toulouse"),
        "normandie_moderator": factories.user("modo.normandie", role=Membership.Role.MODERATOR,
                                              academie_code="normandie"),
        "academie_admin": factories.user("admin.bordeaux", role=Membership.Role.ACADEMIE_ADMIN,
                                         academie_code="bordeaux"),
        "nobody": factories.user("sans.droits"),
        "superuser": factories.user("racine", is_superuser=True, is_staff=True),
        "draft": factories.fiche("SAS Mily", lomet, live=False),
        "live": factories.fiche("Tutorat entre pairs", lomet, live=True),
    }


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def establishment_post(establishment: Establishment, **changes) -> dict:
    """The snippet form of ``establishment`` as its edit page fills it in, with ``changes``."""
    fields = ("name", "kind", "uai", "commune", "commune_insee", "departement", "bassin", "latitude", "longitude",
              "location_precision")
    data = {name: getattr(establishment, name) or "" for name in fields}
    data["academie"] = establishment.academie_id
    return {**data, **changes}


def snapshot(establishment: Establishment) -> tuple:
    establishment.refresh_from_db()
    return establishment.name, establishment.academie_id, establishment.departement, establishment.commune


# --- Structures: a moderator changes those of the académies they moderate, no other -------------------

def test_a_moderator_may_not_open_nor_change_a_structure_of_another_academie(world):
    lomet = world["lomet"]
    before = snapshot(lomet)
    client = signed_in(world["other_moderator"])
    url = f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/"
    assert client.get(url).status_code in (302, 403)
    toulouse = factories.academie("toulouse").pk
    response = client.post(url, establishment_post(lomet, name="Renommé par Toulouse", academie=toulouse))
    assert response.status_code in (302, 403)
    assert response.get("Location", "").rstrip("/") != "/admin/snippets/fiches/establishment"  # not « saved »
    assert snapshot(lomet) == before


def test_a_moderator_may_not_move_a_structure_nor_create_one_in_another_academie(world):
    lomet = world["lomet"]
    before = snapshot(lomet)
    client = signed_in(world["moderator"])
    url = f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/"
    toulouse = factories.academie("toulouse").pk
    # By the académie field: Toulouse is not offered.
    response = client.post(url, establishment_post(lomet, academie=toulouse))
    assert response.status_code == 200 and snapshot(lomet) == before
    # By the département, from which the académie is derived: a French sentence names the académie.
    response = client.post(url, establishment_post(lomet, departement="31", commune="", commune_insee="",
                                                   latitude="", longitude=""))
    assert response.status_code == 200 and snapshot(lomet) == before
    assert "relève de l&#x27;académie Toulouse, que vous ne modérez pas" in response.content.decode()
    count = Establishment.objects.count()
    response = client.post("/admin/snippets/fiches/establishment/add/",
                           establishment_post(Establishment(name="Lycée Déodat de Séverac", kind="lycee",
                                                            academie_id=toulouse), departement="31"))
    assert response.status_code == 200 and Establishment.objects.count() == count


def test_a_moderator_changes_the_structures_of_their_academie_and_its_predecessors(world):
    lomet, malherbe = world["lomet"], world["malherbe"]
    client = signed_in(world["moderator"])
    response = client.post(f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/",
                           establishment_post(lomet, bassin="Agenais"))
    assert response.status_code == 302
    lomet.refresh_from_db()
    assert lomet.bassin == "Agenais"
    client = signed_in(world["normandie_moderator"])
    assert client.get(f"/admin/snippets/fiches/establishment/edit/{malherbe.pk}/").status_code == 200
    assert signed_in(world["superuser"]).get(f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/").status_code == 200


# --- The fiche editor: malformed posts get a sentence, not a 500, and change nothing -------------------

def fiche_post(client: Client, fiche: FichePage, **changes) -> QueryDict:
    """The fiche's edit form as its page fills it in, its StreamFields written as Wagtail's script posts
    them (one block in most), with ``changes``."""
    page = client.get(f"/admin/pages/{fiche.pk}/edit/")
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form").copy()
    streams = nested_form_data({
        "objectives": streamfield([("objective", "Raccrocher les élèves")]),
        "programme": streamfield([("paragraph", rich_text("<p>Huit étapes.</p>"))]),
        "workshops": streamfield([("workshop", {"name": "Soutien", "discipline": "", "group_size_min": "2",
                                                "group_size_max": "8", "facilitators": streamfield([]),
                                                "description": ""})]),
        "steps": streamfield([("step", {"name": "Repérage", "description": "", "actors": streamfield([]),
                                        "dates_text": "", "start_date": "15/09/2023", "end_date": "",
                                        "tools": streamfield([]), "notes": ""})]),
        "means": streamfield([]), "effects": streamfield([]), "indicators": streamfield([]),
        "internal_roles": streamfield([]),
        "links": streamfield([("link", {"url": "https://example.org/", "label": "", "kind": "link"})]),
    })
    data.update(streams)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def latest_title(fiche: FichePage) -> str:
    return FichePage.objects.get(pk=fiche.pk).get_latest_revision_as_object().title


def test_the_fiche_editor_saves_a_well_formed_post(world):
    client = signed_in(world["editor"])
    response = client.post(f"/admin/pages/{world['draft'].pk}/edit/",
                           fiche_post(client, world["draft"], title="SAS Mily 2"))
    assert response.status_code == 302 and latest_title(world["draft"]) == "SAS Mily 2"


#: Posts no browser sends: what a script that ignores StreamFields posts, numbers that are not, a list
#: inside a block without its count.
MALFORMED_STREAMS = ({"objectives-count": None}, {"workshops-count": "²"}, {"steps-0-order": "abc"},
                     {"steps-0-type": None}, {"workshops-0-value-facilitators-count": None}, {"links-count": "9" * 25})


def test_malformed_stream_field_data_is_refused_with_a_sentence_and_nothing_saved(world):
    client = signed_in(world["editor"])
    draft = world["draft"]
    valid = fiche_post(client, draft, title="Ne doit pas être enregistré")
    for changes in MALFORMED_STREAMS:
        data = valid.copy()
        for name, value in changes.items():
            data.pop(name) if value is None else data.__setitem__(name, value)
        response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
        assert response.status_code == 200, changes
        # The sentence is in the field's JSON state (JSON escapes « é »).
        assert "incomplet ou mal form" in response.content.decode(), changes
        assert latest_title(draft) == "SAS Mily"


# --- ?next= that is no address: the action ends on its usual redirect, not a 500 ------------------------

#: ``next`` values that Wagtail's redirect took for URL names.
NOT_ADDRESSES = ("true", "abc", "²", "9" * 25)


def test_a_next_that_is_no_address_does_not_break_the_redirect_after_an_action(world):
    draft, live = world["draft"], world["live"]
    client = signed_in(world["editor"])
    response = client.post(f"/admin/pages/{draft.pk}/edit/",
                           fiche_post(client, draft, **{"action-submit": "1", "next": "abc"}))
    assert response.status_code == 302 and FichePage.objects.get(pk=draft.pk).workflow_in_progress
    client = signed_in(world["moderator"])
    for value in NOT_ADDRESSES:
        response = client.post(f"/admin/pages/{live.pk}/lock/", {"next": value})
        assert response.status_code == 302 and FichePage.objects.get(pk=live.pk).locked, value
        client.post(f"/admin/pages/{live.pk}/unlock/")
    response = client.post(f"/admin/pages/{live.pk}/delete/?next=true", {"next": "true"})
    assert response.status_code == 302 and not Page.objects.filter(pk=live.pk).exists()
