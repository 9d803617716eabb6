from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import enrolment


class EnrolmentMenuItem(MenuItem):
    def is_shown(self, request):
        return enrolment.can_enrol(request.user)


@hooks.register("register_admin_urls")
def register_enrolment_urls():
    return [
        path("cles-etablissements/", enrolment.keys_view, name="indicators_keys"),
        path("cles-etablissements/<int:pk>/revoquer/", enrolment.revoke_view, name="indicators_key_revoke"),
    ]


@hooks.register("register_admin_menu_item")
def register_enrolment_menu_item():
    return EnrolmentMenuItem(_("Clés des établissements"), reverse("indicators_keys"), icon_name="key", order=910)
