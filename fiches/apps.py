from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = _("Fiches action")

    def ready(self):
        from . import renewal_admin  # noqa: F401 - registers its admin hooks and signal
        from .admin_dates import register_typed_dates
        from .admin_richtext import register_safe_rich_text_fields
        from .admin_streams import register_safe_stream_fields
        from .control_characters import register_admin_form_fields
        from .permissions import register_draft_narrowing_policy
        from .snippets import register_snippets

        register_draft_narrowing_policy()
        register_snippets()
        register_typed_dates()
        register_safe_stream_fields()
        register_safe_rich_text_fields()
        register_admin_form_fields()
