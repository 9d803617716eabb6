"""Widgets in the Wagtail admin, beside the /integrer/ page where networks and académies create theirs."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Widget


class WidgetViewSet(SnippetViewSet):
    model = Widget
    icon = "code"
    menu_label = _("Widgets intégrables")
    add_to_settings_menu = True
    list_display = ["title", "kind", "network", "academie", "theme"]
    list_filter = ["kind", "academie"]
    panels = [FieldPanel("title"), FieldPanel("kind"), FieldPanel("network"), FieldPanel("academie"),
              FieldPanel("theme"), FieldPanel("allowed_origins")]


register_snippet(WidgetViewSet)
