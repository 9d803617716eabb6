from django.apps import AppConfig


class CspAdminConfig(AppConfig):
    name = "portal.csp_admin"
    label = "csp_admin"
    verbose_name = "Administration sous Content-Security-Policy"

    def ready(self):
        from .calls import patch_choosers

        patch_choosers()
