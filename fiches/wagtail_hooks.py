"""Wagtail admin additions of the fiches app: the « Importer une fiche » page and menu item, the editor's
dashboard panel, the autosave guard of the fiche form, the message after a moderator's approval and its label in
the editor's menu, the check of a page copy's parent (fiches.page_copy), the refusal to delete a snippet still in
use (fiches.deletion)."""
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .importing.admin_views import can_import, import_view
from .deletion import refuse_deleting_what_is_used
from .models import FichePage
from .page_copy import refuse_an_unknown_parent
from .published import announce, fiche_published


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("fiches/importer/", import_view, name="fiches_import"),
        path("fiches/<int:page_id>/publiee/", fiche_published, name="fiches_published"),
    ]


hooks.register("before_copy_page", refuse_an_unknown_parent)
hooks.register("before_delete_snippet", refuse_deleting_what_is_used)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Importer une fiche"), reverse("fiches_import"), icon_name="upload", order=250)


@hooks.register("construct_homepage_panels")
def add_my_fiches_panel(request, panels):
    """Editors (and anyone owning a fiche) get « Créer une fiche pour mon établissement » and their fiches."""
    from .dashboard import MyFichesPanel

    panel = MyFichesPanel(request.user)
    if panel.structures or panel.fiches:
        panels.insert(0, panel)


@hooks.register("construct_homepage_panels")
def add_unplaced_fiches_panel(request, panels):
    """Those who may edit a published fiche whose structure has no position see it « à placer »."""
    from .unplaced import UnplacedFichesPanel

    panel = UnplacedFichesPanel(request.user)
    if panel.fiches:
        panels.append(panel)


@hooks.register("insert_editor_js")
def autosave_when_ready_js():
    return format_html('<script src="{}"></script>', static("fiches/admin/autosave-when-ready.js"))


@hooks.register("insert_global_admin_js")
def focus_return_js():
    """The keyboard focus back where the user was when a dialog or a dropdown closes (see the script)."""
    return format_html('<script src="{}"></script>', static("fiches/admin/focus-return.js"))


@hooks.register("construct_page_action_menu")
def keep_the_approval_label(menu_items, request, context):
    """Wagtail adds « et Publier » to a final approval's label in the editor's menu; the moderators' task already
    says it (« Approuver et publier… », fiches.models.moderation), which read « Approuver et publier… et Publier »."""
    approval = _("Approuver et publier…")
    for item in menu_items:
        if getattr(item, "name", "") == "approve" and str(item.label).strip().startswith(str(approval)):
            item.label = approval


@hooks.register("after_edit_page")
def announce_approval_from_the_editor(request, page):
    """An approval made from the fiche's editor ends in the editor's own redirect: the message goes there."""
    if request.POST.get("workflow-action-name") == "approve" and page.specific_class is FichePage:
        announce(request, page)
