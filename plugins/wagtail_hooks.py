"""Bridge from Accroche's plugin hooks to Wagtail's admin hooks."""
from wagtail import hooks

from .manager import gather_lists


@hooks.register("construct_main_menu")
def add_plugin_menu_items(request, menu_items):
    menu_items.extend(item for item in gather_lists("register_admin_menu_items") if item.is_shown(request))
