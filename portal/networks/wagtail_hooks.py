"""Networks in the admin, for superusers (national networks too); an académie's administrators and moderators
create theirs on /reseaux/nouveau/, and each network's coordination manages the rest on /reseaux/."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Network


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "group"
    menu_label = _("Réseaux")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "kind", "academie", "bassin"]
    list_filter = ["kind", "academie"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("academie"),
              FieldPanel("bassin"), FieldPanel("description"), FieldPanel("contact_email")]


register_snippet(NetworkViewSet)
