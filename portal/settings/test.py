"""Test suite: PostgreSQL from DATABASE_URL (make test starts one), fast hashing, e-mails kept in memory."""
from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://accroche@127.0.0.1:54329/accroche")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests log in through the test client (no request for django-axes) and without a second factor;
# tests/portal/test_login_protection.py turns both on.
AXES_ENABLED = False
ACCROCHE_REQUIRE_2FA = False
