from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .lockouts import can_unlock, lockouts_view
from .models import SignInRule
from .views import can_invite, invitation_view


class InvitationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_invite(request.user)


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


@hooks.register("register_admin_urls")
def register_account_urls():
    return [
        path("invitations/", invitation_view, name="accounts_invite"),
        path("connexions-bloquees/", lockouts_view, name="accounts_lockouts"),
    ]


@hooks.register("register_admin_menu_item")
def register_invitation_menu_item():
    return InvitationMenuItem(_("Inviter un utilisateur"), reverse("accounts_invite"), icon_name="mail", order=900)


@hooks.register("register_admin_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(_("Connexions bloquées"), reverse("accounts_lockouts"), icon_name="lock", order=910)


class SignInRuleViewSet(SnippetViewSet):
    """Which SIRET or e-mail domain places a new ProConnect account, and in which role (superusers)."""

    model = SignInRule
    icon = "key"
    menu_label = _("Rattachements ProConnect")
    add_to_settings_menu = True
    list_display = ["siret", "email_domain", "role", "establishment", "academie"]
    panels = [FieldPanel("siret"), FieldPanel("email_domain"), FieldPanel("role"), FieldPanel("establishment"),
              FieldPanel("academie")]


register_snippet(SignInRuleViewSet)
