"""After a moderator approves a fiche: say that it is published, with a link to its public page."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .models import FichePage


def announce(request, page: FichePage) -> None:
    page = FichePage.objects.get(pk=page.pk)
    if page.live:
        messages.success(
            request, _("« %(title)s » est publiée.") % {"title": page.title},
            buttons=[messages.button(page.url, _("Voir la page publique"), new_window=True)],
        )
    else:
        messages.info(request, _("« %(title)s » est approuvée ; elle attend encore l'étape suivante de la "
                                 "modération avant d'être publiée.") % {"title": page.title})


def fiche_published(request, page_id: int):
    """Where an approval made from a listing or the dashboard ends (FicheApprovalTask.on_action)."""
    page = get_object_or_404(FichePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    announce(request, page)
    return redirect("wagtailadmin_home")
