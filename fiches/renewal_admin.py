"""The "Reconduire" button and view of the Wagtail admin (registered from FichesConfig.ready)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.signals import page_published

from .models import FichePage
from .renewal import archive_predecessor, next_school_year, renew_fiche


def renew_view(request, page_id):
    fiche = get_object_or_404(FichePage, pk=page_id)
    if not fiche.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        try:
            renewal = renew_fiche(fiche, user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("wagtailadmin_pages:edit", fiche.pk)
        messages.success(request, _("Fiche reconduite : complétez le brouillon puis soumettez-le."))
        return redirect("wagtailadmin_pages:edit", renewal.pk)
    return TemplateResponse(
        request,
        "fiches/admin/renew_confirm.html",
        {"fiche": fiche, "year": next_school_year(fiche), "page_title": _("Reconduire la fiche")},
    )


class RenewButton(PageMenuItem):
    label = gettext_lazy("Reconduire pour l'année suivante")
    icon_name = "repeat"
    url_name = "fiches_renew"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, FichePage) and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_admin_urls")
def register_renew_url():
    return [path("fiches/<int:page_id>/reconduire/", renew_view, name="fiches_renew")]


@hooks.register("register_page_listing_more_buttons")
def renew_listing_button(page, user, next_url=None):
    yield RenewButton(page=page, priority=25)


@hooks.register("register_page_header_buttons")
def renew_header_button(page, user, view_name, next_url=None):
    yield RenewButton(page=page, priority=35)


@receiver(page_published)
def archive_renewed_fiche(sender, instance, **kwargs):
    if isinstance(instance, FichePage):
        archive_predecessor(instance)
