"""Groups, page permissions and Wagtail workflows of the registry, created by code.

Each académie has a section page, a moderators group with publish rights on that
section, and a workflow whose approval task belongs to that group. A historical
académie (Caen, Rouen) keeps its page, moderated by its successor's group.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

EDITORS_GROUP = "Rédacteurs d'établissement"
ACADEMIE_ADMINS_GROUP = "Administrateurs d'académie"
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
EDITOR_PAGE_PERMISSIONS = ("add_page",)
ADMIN_ACCESS = ("wagtailadmin.access_admin",)
EDITOR_MODEL_PERMISSIONS = ADMIN_ACCESS + (
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
)
MODERATOR_MODEL_PERMISSIONS = EDITOR_MODEL_PERMISSIONS + (
    "fiches.add_partner",
    "fiches.change_partner",
    "fiches.add_establishment",
    "fiches.change_establishment",
    # The vocabulary of the field that both search backends expand queries with (search.models).
    "fiche_search.add_searchsynonym",
    "fiche_search.change_searchsynonym",
    "fiche_search.delete_searchsynonym",
)
ACADEMIE_ADMIN_MODEL_PERMISSIONS = ADMIN_ACCESS + ("accounts.add_membership", "accounts.view_membership")


def _permissions(names) -> list[Permission]:
    """The permissions named « app_label.codename », read in one query (each bootstrap after a
    migrate or a test's flush asks for them about a hundred times); a missing one is an error."""
    wanted = [tuple(name.split(".")) for name in names]
    lookup = Q()
    for app_label, codename in wanted:
        lookup |= Q(content_type__app_label=app_label, codename=codename)
    found = {(perm.content_type.app_label, perm.codename): perm
             for perm in Permission.objects.filter(lookup).select_related("content_type")}
    missing = [".".join(name) for name in wanted if name not in found]
    if missing:
        raise Permission.DoesNotExist(f"Permissions absentes : {', '.join(missing)}")
    return [found[name] for name in wanted]


def _group(name: str, model_permissions) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*_permissions(model_permissions))
    return group


def editors_group() -> Group:
    return _group(EDITORS_GROUP, EDITOR_MODEL_PERMISSIONS)


def academie_admins_group() -> Group:
    return _group(ACADEMIE_ADMINS_GROUP, ACADEMIE_ADMIN_MODEL_PERMISSIONS)


def moderators_group(academie) -> Group:
    """The moderators group of a current académie (historical ones use their successor's)."""
    academie = academie.moderating_academie
    return _group(_("Modérateurs — %(academie)s") % {"academie": academie.name}, MODERATOR_MODEL_PERMISSIONS)


def _grant(group: Group, page: Page, codenames) -> None:
    for perm in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def moderation_workflow(academie) -> Workflow:
    from .models import FicheApprovalTask

    academie = academie.moderating_academie
    group = moderators_group(academie)
    workflow, created = Workflow.objects.get_or_create(
        name=_("Modération — %(academie)s") % {"academie": academie.name}
    )
    if created or not workflow.workflow_tasks.exists():
        task, _created = FicheApprovalTask.objects.get_or_create(
            name=_("Validation par les modérateurs — %(academie)s") % {"academie": academie.name}
        )
        task.groups.set([group])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def ensure_academie_section(academie, home: Page):
    """Create or complete the académie's page, its permissions and its workflow; idempotent."""
    from .models import AcademiePage

    page = AcademiePage.objects.filter(academie=academie).first()
    if page is None:
        page = AcademiePage(title=str(academie.title), slug=slugify(academie.code), academie=academie)
        home.add_child(instance=page)
        page.save_revision().publish()
    _grant(moderators_group(academie), page, MODERATOR_PAGE_PERMISSIONS)
    _grant(editors_group(), page, EDITOR_PAGE_PERMISSIONS)
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": moderation_workflow(academie)})
    return page
