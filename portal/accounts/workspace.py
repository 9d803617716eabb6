"""« Espace de travail »: where a signed-in person starts.

Those who may use the Wagtail admin (editors, moderators, académie administrators) start on its dashboard.
The others — an establishment's SAS team, network members and coordinators, académie analysts — have no
admin access, and Wagtail sends them from its dashboard back to its login page (« Vous n'avez pas
l'autorisation d'accéder à l'administration ») with no way on: they start on this page instead, which lists
their screens (those the plugins add to the admin menu, shown to them, as the SAS) and lets them log out.
"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import resolve
from django.utils.translation import gettext as _
from wagtail.admin import urls as wagtailadmin_urls

from plugins.manager import gather_lists

ADMIN_ACCESS = "wagtailadmin.access_admin"


def may_use_admin(user) -> bool:
    return user.has_perm(ADMIN_ACCESS)


@login_required
def workspace(request):
    if may_use_admin(request.user):
        return redirect("wagtailadmin_home")
    screens = [item for item in gather_lists("register_admin_menu_items") if item.is_shown(request)]
    return TemplateResponse(request, "accounts/workspace.html", {"title": _("Espace de travail"), "screens": screens})


def admin_home(request):
    """The admin's dashboard (where a login without « next » leads), or the workspace for a signed-in user
    without admin access."""
    if request.user.is_authenticated and not may_use_admin(request.user):
        return redirect("accounts:workspace")
    return resolve("/", urlconf=wagtailadmin_urls).func(request)
