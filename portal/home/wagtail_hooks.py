"""The Wagtail admin's own screens, made accessible where Wagtail leaves a gap."""
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def sidebar_search_name_js():
    """The sidebar's search landmark gets a French name (see the script)."""
    return format_html('<script src="{}" data-label="{}"></script>', static("home/admin/sidebar-search-name.js"),
                       _("Rechercher dans l'administration"))
