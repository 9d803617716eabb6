"""Wagtail admin additions of the fiches app: the « Importer une fiche » page and menu item."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .importing.admin_views import can_import, import_view


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("fiches/importer/", import_view, name="fiches_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Importer une fiche"), reverse("fiches_import"), icon_name="upload", order=250)
