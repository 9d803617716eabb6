from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def deferred_calls_script():
    return format_html('<script src="{}"></script>', static("csp_admin/deferred-calls.js"))
