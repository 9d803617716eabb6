from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "portal.home"
    label = "home"
    verbose_name = _("Pages du portail")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.admin_malformed import tolerate_malformed_chooser_values

        post_migrate.connect(_bootstrap_after_migrate, sender=self)
        tolerate_malformed_chooser_values()


def _bootstrap_after_migrate(sender, using="default", **kwargs):
    """A migrated database is a working portal: see portal.home.bootstrap.

    This app's signal comes before those of the apps listed after it, so the
    permissions the bootstrap grants are created here first (idempotent).
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .bootstrap import ensure_portal

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_portal()
