"""The SAS entry of the Wagtail admin menu, shown to members of an enabled SAS team."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from .permissions import campaigns_for


class SasMenuItem(MenuItem):
    def __init__(self):
        super().__init__(_("SAS — suivi des élèves"), "/sas/", name="sas", icon_name="group", order=900)

    def is_shown(self, request):
        return campaigns_for(request.user).exists()
