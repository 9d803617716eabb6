from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_invite, invitation_view


class InvitationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_invite(request.user)


@hooks.register("register_admin_urls")
def register_invitation_url():
    return [path("invitations/", invitation_view, name="accounts_invite")]


@hooks.register("register_admin_menu_item")
def register_invitation_menu_item():
    return InvitationMenuItem(_("Inviter un utilisateur"), reverse("accounts_invite"), icon_name="mail", order=900)
