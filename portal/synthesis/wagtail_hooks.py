"""Admin of the synthesis: the narrative as a snippet, versions, and the Semaine declarations."""
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Synthesis


class SynthesisViewSet(SnippetViewSet):
    model = Synthesis
    icon = "doc-full"
    menu_label = _("Synthèses (récit)")
    add_to_admin_menu = False
    list_display = ["__str__", "school_year"]


register_snippet(SynthesisViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("semaine/", admin_views.week_actions, name="synthesis_week_actions"),
        path("semaine/declarer/", admin_views.declare_action, name="synthesis_declare_action"),
        path("semaine/<int:pk>/bilan/", admin_views.file_bilan, name="synthesis_file_bilan"),
        path("semaine/relances/", admin_views.remind, name="synthesis_remind"),
        path("syntheses/", admin_views.syntheses, name="synthesis_admin"),
        re_path(r"^syntheses/(?P<annee>\d{4}-\d{4})/publier/$", admin_views.publish_version, name="synthesis_publish"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def week_menu_item():
    return MenuItem(_("Semaine de la persévérance"), reverse("synthesis_week_actions"), icon_name="date", order=450)


@hooks.register("register_admin_menu_item")
def syntheses_menu_item():
    return SuperuserMenuItem(_("Synthèses annuelles"), reverse("synthesis_admin"), icon_name="doc-full", order=460)
