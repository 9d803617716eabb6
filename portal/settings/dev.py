"""Development and embedded demo: SQLite, database search, e-mails printed to the console."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The embedded demo runs everything in one process: background tasks run at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The demo's SAS reports go to the portal of the same process, over HTTP (portal/outbox/embedded.py).
ACCROCHE_EMBEDDED_DELIVERY = env.bool("ACCROCHE_EMBEDDED_DELIVERY", default=True)
# The demo's SAS accounts log in with their password alone unless asked otherwise.
ACCROCHE_REQUIRE_2FA = env.bool("ACCROCHE_REQUIRE_2FA", default=False)
