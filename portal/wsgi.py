"""WSGI entry point (gunicorn portal.wsgi:application)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from search.query import load_dictionaries  # noqa: E402  (Django must be set up first)

load_dictionaries()
