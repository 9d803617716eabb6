"""« Approuver et publier » asks for confirmation and ends saying the fiche is published, with its link
(issue 12, point 5)."""
import pytest
from django.urls import reverse

from fiches.models import FicheApprovalTask, FichePage
from portal.accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    editor = factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet)
    moderator = factories.user("modo.bordeaux", role=Membership.Role.MODERATOR, academie_code="bordeaux")
    fiche = factories.fiche("Tutorat entre pairs", lomet, live=False)
    state = FichePage.objects.get(pk=fiche.pk).get_workflow().start(fiche, editor)
    return fiche, moderator, state


def test_the_moderators_task_asks_to_confirm_approval(submitted):
    fiche, moderator, state = submitted
    task = state.current_task_state.task.specific
    assert isinstance(task, FicheApprovalTask)
    actions = task.get_actions(fiche, moderator)
    assert [(name, modal) for name, _label, modal in actions] == [("reject", True), ("approve", True)]
    assert "publiée" in str(task.get_form_for_action("approve")().fields["comment"].help_text)


def test_approval_says_the_fiche_is_published_with_a_link(submitted, client):
    fiche, moderator, state = submitted
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[fiche.pk, "approve", state.current_task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response["Location"] == reverse("fiches_published", args=[fiche.pk])
    page = client.get(response["Location"], follow=True).content.decode()
    fiche = FichePage.objects.get(pk=fiche.pk)
    assert fiche.live and "« Tutorat entre pairs » est publiée." in page and f'href="{fiche.url}"' in page


def test_the_editors_menu_says_approve_and_publish_once(submitted, client):
    """Wagtail adds « et Publier » to the final approval's label in the editor; the task's label already says it."""
    fiche, moderator, _state = submitted
    client.force_login(moderator)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
    assert "Approuver et publier…" in page
    assert "et Publier" not in page
