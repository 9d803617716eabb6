"""Wagtail's administration as each role that signs in to it: what the project registers there (the
fiche editor and its moderation, the snippets of its reference data) gives no 5xx to hostile input, and
no role sees or changes what belongs to another structure or another académie.

The project's own admin screens (import, renewal, Semaine, keys, invitations) are swept in
test_no_server_error.py; Wagtail's generic screens are only reached here through the project's models.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.urls import resolve, reverse
from wagtail.models import Page, PageLogEntry, Site, TaskState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from fiches.models import Establishment, FichePage
from portal.accounts.models import Membership
from portal.admin_malformed import ID_LIST_VIEWS
from tests import factories
from tests.concurrency import in_own_connection, together
from tests.fuzz.site import url_patterns

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


# --- Two moderators approve the same submission at the same moment (real PostgreSQL, two connections) ---

def _submitted_fiche():
    """A Bordeaux fiche submitted to moderation, its editor and two moderators, committed."""
    lomet = factories.establishment("LP Approbations Simultanées", "bordeaux", commune="Agen")
    editor = factories.user("redac.simultane", role=Membership.Role.EDITOR, establishment=lomet)
    moderators = [factories.user(f"modo.simultane{n}", role=Membership.Role.MODERATOR, academie_code="bordeaux")
                  for n in range(2)]
    fiche = factories.fiche("Approuvée deux fois", lomet, live=False)
    state = fiche.get_workflow().start(fiche, editor)
    return fiche.pk, state.current_task_state.pk, [editor, *moderators], lomet


def _remove(fiche_pk, users, lomet):
    Page.objects.filter(pk=fiche_pk).first().delete() if Page.objects.filter(pk=fiche_pk).exists() else None
    get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete()
    lomet.delete()


def test_two_moderators_approving_at_once_publish_the_fiche_once(db):
    assert connection.vendor == "postgresql"
    fiche_pk, task_state_pk, users, lomet = in_own_connection(_submitted_fiche)
    try:
        url = reverse("wagtailadmin_pages:workflow_action", args=[fiche_pk, "approve", task_state_pk])
        results = together((users[1], url, {"comment": "Très claire."}), (users[2], url, {"comment": "Parfait."}))
        assert all(getattr(result, "status_code", 500) < 500 for result in results), results
        fiche = FichePage.objects.get(pk=fiche_pk)
        assert fiche.live and fiche.status == "published"
        assert TaskState.objects.filter(pk=task_state_pk, status=TaskState.STATUS_APPROVED).exists()
        assert PageLogEntry.objects.filter(page_id=fiche_pk, action="wagtail.publish").count() == 1
    finally:
        in_own_connection(lambda: _remove(fiche_pk, users, lomet))


# --- Another structure's or another académie's fiche: every admin screen refuses, nothing changes ------

def fiche_screens(fiche: FichePage, live: FichePage) -> list[str]:
    revision = fiche.latest_revision.pk
    return [f"/admin/pages/{fiche.pk}/edit/", f"/admin/pages/{fiche.pk}/history/",
            f"/admin/pages/{fiche.pk}/revisions/{revision}/view/",
            f"/admin/pages/{fiche.pk}/revisions/compare/earliest...{revision}/", f"/admin/pages/{fiche.pk}/view_draft/",
            f"/admin/pages/{fiche.pk}/workflow_history/", f"/admin/pages/{fiche.pk}/usage/",
            f"/admin/pages/{fiche.pk}/copy/", f"/admin/pages/{fiche.pk}/delete/", f"/admin/pages/{fiche.pk}/move/",
            f"/admin/pages/{fiche.pk}/edit/preview/", f"/admin/pages/{fiche.pk}/privacy/",
            f"/admin/pages/{live.pk}/unpublish/", f"/admin/fiches/{fiche.pk}/reconduire/"]


def fiche_actions(fiche: FichePage, live: FichePage) -> list[tuple[str, dict]]:
    return [(f"/admin/pages/{fiche.pk}/edit/", {"title": "Détournée", "slug": fiche.slug, "action-publish": "1"}),
            (f"/admin/pages/{fiche.pk}/revisions/{fiche.latest_revision.pk}/revert/", {}),
            (f"/admin/pages/{fiche.pk}/delete/", {}), (f"/admin/pages/{live.pk}/unpublish/", {}),
            (f"/admin/pages/{fiche.pk}/lock/", {}), (f"/admin/pages/{fiche.pk}/copy/", {"new_title": "Copie"}),
            (f"/admin/fiches/{fiche.pk}/reconduire/", {}),
            (f"/admin/bulk/wagtailcore/page/delete/?id={fiche.pk}&id={live.pk}", {}),
            (f"/admin/bulk/wagtailcore/page/unpublish/?id={live.pk}", {}),
            (f"/admin/bulk/wagtailcore/page/publish/?id={fiche.pk}", {})]


def fiches_state() -> list[tuple]:
    return list(FichePage.objects.order_by("pk").values_list("pk", "title", "live", "locked", "latest_revision_id"))


@pytest.mark.parametrize("who", ["other_editor", "other_moderator", "academie_admin", "nobody"])
def test_no_role_opens_or_changes_a_fiche_it_does_not_carry_or_moderate(world, who):
    client = signed_in(world[who])
    draft, live = world["draft"], world["live"]
    for url in fiche_screens(draft, live):
        status = client.get(url).status_code
        assert status in (302, 403, 404), (who, url, status)
    before = fiches_state()
    for url, data in fiche_actions(draft, live):
        status = client.post(url, data).status_code
        assert status in (302, 403, 404), (who, url, status)
    assert fiches_state() == before


def test_ids_of_nothing_beyond_64_bits_or_malformed_get_no_server_error(world):
    client = signed_in(world["superuser"])
    for value in ("0", "999999", "9" * 25, "-1"):
        for url in (f"/admin/pages/{value}/edit/", f"/admin/pages/{value}/history/", f"/admin/fiches/{value}/reconduire/",
                    f"/admin/snippets/fiches/establishment/edit/{value}/", f"/admin/fiches/{value}/publiee/",
                    f"/admin/pages/{draft_pk(world)}/revisions/{value}/view/"):
            status = client.get(url).status_code
            assert status in (302, 404), (url, status)


def draft_pk(world) -> int:
    return world["draft"].pk


# --- Ids that are no ids (« abc ») on every admin route: a 404 or a form's error, never a 500 ----------------

#: Values that path parameters naming no object take (an app, a model, an action…) in the sweep below.
NAMED_PARAMETERS = {"app_label": "fiches", "app_name": "fiches", "content_type_app_name": "fiches",
                    "model_name": "academie", "content_type_model_name": "fichepage", "action": "delete",
                    "action_name": "approve", "filter_spec": "original", "annee": "2023-2024", "session_id": "1"}
_PARAMETER_RE = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def admin_routes_with_an_id() -> list[tuple[str, bool]]:
    """Every route of Wagtail's administration (Wagtail's and the project's) with a path parameter or that
    reads ids from ``?id=``, each parameter not in NAMED_PARAMETERS given « abc »; with whether the path
    still reaches its view (an ``<int:…>`` parameter does not take « abc »)."""
    urls = []
    for route, pattern in url_patterns():
        path = _PARAMETER_RE.sub(lambda m: NAMED_PARAMETERS.get(m.group(2) or m.group(3), "abc"), route)
        path = "/" + path.replace("^", "").replace("$", "").replace("\\", "")
        if route.startswith("admin/") and route != "admin/^.*/$" and (path != "/" + route or pattern.name in ID_LIST_VIEWS):
            urls.append((path, resolve(path).url_name == pattern.name))
    # The bulk actions of pages and images, beside the route's académie snippets above.
    return urls + [("/admin/bulk/wagtailcore/page/move/", True), ("/admin/bulk/wagtailimages/image/delete/", True)]


def test_every_admin_route_given_an_id_that_is_no_id_answers_without_a_server_error(world):
    urls = admin_routes_with_an_id()
    assert {("/admin/snippets/choose/fiches/academie/chosen/abc/", True), ("/admin/images/chooser/chosen/abc/", True),
            ("/admin/bulk/fiches/academie/delete/", True), ("/admin/choose-page/chosen-multiple/", True),
            ("/admin/pages/abc/edit/", False), ("/admin/api/main/pages/find/", True),
            ("/admin/editing-sessions/ping/fiches/academie/abc/1/", True)} <= set(urls)
    client = signed_in(world["superuser"])
    academie = factories.academie("bordeaux").pk
    assert client.get(f"/admin/snippets/choose/fiches/academie/chosen/{academie}/").status_code == 200
    assert client.get(f"/admin/snippets/choose/fiches/academie/chosen-multiple/?id={academie}").status_code == 200
    failures = []
    for url, reaches_view in urls:
        queries = ("", "?id=abc", "?id=all&childOf=abc") if "/bulk/" in url else ("", "?id=abc") if reaches_view else ("",)
        for query in queries:
            status = client.get(url + query).status_code
            if status >= 500:
                failures.append(("GET", url + query, status))
        if "/bulk/" in url or "/ping/" in url:
            status = client.post(url + "?id=abc", {}).status_code
            if status >= 500:
                failures.append(("POST", url, status))
    assert not failures, failures


def test_a_chooser_given_an_id_that_is_no_id_shows_the_form_again_with_its_error(world):
    """A snippet, a site and a page move posted with « abc » in a chooser field: the form again, the field's
    sentence, nothing saved or moved."""
    lomet, draft = world["lomet"], world["draft"]
    client = signed_in(world["superuser"])
    before, count, sites = snapshot(lomet), Establishment.objects.count(), Site.objects.count()
    parent = draft.get_parent().pk
    posts = [(f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/", establishment_post(lomet, academie="abc")),
             ("/admin/snippets/fiches/establishment/add/", establishment_post(lomet, name="Nouveau", academie="abc")),
             ("/admin/sites/new/", {"hostname": "ailleurs.example", "port": "80", "site_name": "", "root_page": "abc"}),
             (f"/admin/pages/{draft.pk}/move/", {"new_parent_page": "abc"})]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "Sélectionnez un choix valide" in response.content.decode(), url
    assert snapshot(lomet) == before and Establishment.objects.count() == count and Site.objects.count() == sites
    assert Page.objects.get(pk=draft.pk).get_parent().pk == parent


# --- Copying a page: a parent that is no page, a title or a slug longer than their columns --------------------

def test_a_page_copy_with_an_unknown_parent_or_an_overlong_slug_is_refused_with_a_sentence(world):
    draft = world["draft"]
    client = signed_in(world["superuser"])
    pages = Page.objects.count()
    url = f"/admin/pages/{draft.pk}/copy/"
    copy = {"new_title": "Copie", "new_slug": "copie", "new_parent_page": str(draft.get_parent().pk)}
    for parent in ("abc", "999999", None):
        data = {**copy, "new_parent_page": parent} if parent else {"new_title": "Copie", "new_slug": "copie"}
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, parent
        assert "La page parente choisie pour la copie n&#x27;existe pas" in response.content.decode(), parent
    for changes in ({"new_slug": "s" * 256}, {"new_title": "T" * 256}):
        response = client.post(url, {**copy, **changes})
        assert response.status_code == 200, changes
        assert "Assurez-vous que cette valeur comporte au plus 255 caractères" in response.content.decode(), changes
    assert Page.objects.count() == pages
    response = client.post(url, {**copy, "new_slug": "s" * 255})
    assert response.status_code == 302 and Page.objects.count() == pages + 1


# --- Deleting reference data that fiches or pages still use: a sentence naming the users, nothing deleted ----

def test_deleting_an_academie_a_structure_or_a_school_year_still_in_use_is_refused_with_a_sentence(world):
    from fiches.models import SchoolYear

    bordeaux, lomet = factories.academie("bordeaux"), world["lomet"]
    year = SchoolYear.objects.get(code="2023-2024")
    lyon = factories.academie("lyon")  # used by its académie page only, which Wagtail's reference index misses
    client = signed_in(world["superuser"])
    cases = (("academie", lyon, "Pages d&#x27;académie : « Académie de Lyon »"),
             ("academie", bordeaux, "Établissements et structures : « "),
             ("establishment", lomet, "Fiches action : « "), ("schoolyear", year, "« 2023-2024 » est encore utilisé"))
    for model, obj, named in cases:
        for url in (f"/admin/snippets/fiches/{model}/delete/{obj.pk}/", f"/admin/bulk/fiches/{model}/delete/?id={obj.pk}"):
            response = client.post(url, follow=True)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert "Rien n&#x27;a été supprimé" in page and named in page, url
    for model, obj, _ in cases:
        assert type(obj).objects.filter(pk=obj.pk).exists(), model
    assert FichePage.objects.filter(pk=world["draft"].pk).exists()
    unused = SchoolYear.objects.create(code="2031-2032")
    assert client.post(f"/admin/snippets/fiches/schoolyear/delete/{unused.pk}/").status_code == 302
    assert not SchoolYear.objects.filter(pk=unused.pk).exists()


# --- A rich-text field whose post is not the editor's JSON: the form again with a sentence, nothing saved ---

def test_a_rich_text_body_that_is_not_the_editors_json_is_refused_with_a_sentence(world):
    from portal.home.models import ContentPage

    page = ContentPage.objects.get(slug="mentions-legales")
    client = signed_in(world["superuser"])
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    before = page.get_latest_revision_as_object().body
    for body in ("abc", "{", '"texte"', "[]", '{"blocks": 1}'):
        data["body"], data["title"] = body, "Ne doit pas être enregistré"
        response = client.post(url, data)
        assert response.status_code == 200, body
        assert "Le contenu de ce champ est arrivé mal formé" in response.content.decode(), body
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().body == before and page.title != "Ne doit pas être enregistré"
    data["body"], data["title"] = '{"blocks": [{"type": "unstyled", "text": "Éditeur : Accroche."}], "entityMap": {}}', "Mentions"
    assert client.post(url, data).status_code == 302
    assert "Éditeur : Accroche." in ContentPage.objects.get(pk=page.pk).get_latest_revision_as_object().body


# --- An inline row (a fiche's school year) whose id is malformed or missing: a sentence, nothing saved ------

def test_an_inline_row_with_a_malformed_or_missing_id_is_refused_with_a_sentence(world):
    client = signed_in(world["editor"])
    draft = world["draft"]
    valid = fiche_post(client, draft, title="Ne doit pas être enregistré")
    years = list(draft.school_year_links.values_list("pk", "school_year_id"))
    for value in ("abc", "1.5", None):
        data = valid.copy()
        data.pop("school_year_links-0-id") if value is None else data.__setitem__("school_year_links-0-id", value)
        response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
        assert response.status_code == 200, value
        assert "Une ligne de cette liste est arrivée mal formée" in response.content.decode(), value
        assert latest_title(draft) == "SAS Mily"
    assert list(draft.school_year_links.values_list("pk", "school_year_id")) == years


# --- Another structure's drafts: not listed in the explorer, the page search or the site history ----------

def test_an_editor_does_not_see_another_structures_drafts_in_the_admin_listings(world):
    draft, live = world["draft"], world["live"]
    secret = "SAS Mily"  # the draft of Lomet; Monnet's editor must not read it
    section = draft.get_parent().pk
    listings = (f"/admin/pages/{section}/", f"/admin/pages/{section}/?q=Mily", "/admin/pages/search/?q=Mily",
                "/admin/reports/site-history/", f"/admin/api/main/pages/?child_of={section}")
    client = signed_in(world["other_editor"])
    for url in listings:
        response = client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.content.decode(), url
    assert live.title in client.get(f"/admin/pages/{section}/").content.decode()
    for who in ("editor", "moderator", "superuser"):
        page = signed_in(world[who]).get(f"/admin/pages/{section}/").content.decode()
        assert secret in page, who


# --- A published fiche's pending title: for who may edit it, the live title for everyone else --------------

def test_an_editor_reads_only_the_live_title_of_another_structures_fiche_in_the_admin(world):
    """Lomet's editor saves a new title for a published fiche without publishing it. Monnet's editor, who may
    explore Bordeaux's section but not edit that fiche, reads the live title wherever the admin names the page
    (explorer, its search, page search, chooser, admin API, site history and its « Nom » filter); Lomet's editor,
    Bordeaux's moderator and a superuser read the pending one. Wagtail used the page's draft_title for all."""
    live = world["live"]
    pending = "Tutorat renommé en attente"
    editor = signed_in(world["editor"])
    for _n in range(2):  # the second save's history entry is labelled with the first's pending title
        response = editor.post(f"/admin/pages/{live.pk}/edit/", fiche_post(editor, live, title=pending))
        assert response.status_code == 302 and latest_title(live) == pending
    assert PageLogEntry.objects.filter(page=live, label=pending).exists()
    assert FichePage.objects.get(pk=live.pk).title == live.title  # the live title is unchanged
    section = live.get_parent().pk
    listings = (f"/admin/pages/{section}/", f"/admin/pages/{section}/?q=Tutorat", "/admin/pages/search/?q=Tutorat",
                f"/admin/choose-page/{section}/", "/admin/choose-page/search/?q=Tutorat",
                f"/admin/api/main/pages/?child_of={section}", f"/admin/api/main/pages/{live.pk}/",
                "/admin/reports/site-history/", "/admin/reports/site-history/results/",
                "/admin/reports/site-history/?export=csv")
    other = signed_in(world["other_editor"])
    for url in listings:
        response = other.get(url)
        assert response.status_code == 200, url
        text = response.content.decode() if not response.streaming else b"".join(response).decode()
        assert pending not in text, url
    assert live.title in other.get(f"/admin/pages/{section}/").content.decode()
    assert live.title in other.get("/admin/reports/site-history/").content.decode()
    assert "Tutorat" not in other.get("/admin/reports/site-history/?label=renomm").content.decode()
    for who in ("editor", "moderator", "superuser"):
        client = signed_in(world[who])
        for url in (f"/admin/pages/{section}/", "/admin/reports/site-history/", f"/admin/pages/{live.pk}/edit/",
                    "/admin/reports/site-history/?label=renomm"):
            assert pending in client.get(url).content.decode(), (who, url)
