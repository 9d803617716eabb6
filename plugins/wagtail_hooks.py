"""Bridge from Accroche's plugin hooks to Wagtail's admin hooks; per-establishment activations as a snippet."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .manager import gather_lists
from .models import PluginActivation


@hooks.register("construct_main_menu")
def add_plugin_menu_items(request, menu_items):
    menu_items.extend(item for item in gather_lists("register_admin_menu_items") if item.is_shown(request))


class PluginActivationViewSet(SnippetViewSet):
    model = PluginActivation
    icon = "cogs"
    menu_label = _("Extensions par établissement")
    add_to_admin_menu = True
    list_display = ["establishment", "plugin_name", "enabled", "updated_at"]
    list_filter = ["plugin_name", "enabled"]
    panels = [FieldPanel("establishment"), FieldPanel("plugin_name"), FieldPanel("enabled")]


register_snippet(PluginActivationViewSet)
