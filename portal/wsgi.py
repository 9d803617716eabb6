"""WSGI entry point (gunicorn portal.wsgi:application).

What Django and the search otherwise load on a worker's first request is loaded here, as each worker
starts (before it accepts a connection): the URL configuration with every plugin's views (1.6 s, OR-Tools
for the SAS planning), and the search's French dictionaries and town names (:func:`search.query.load_dictionaries`).
Without it, the first visitor of each new worker waited about two seconds.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402  (Django must be set up first)

from search.query import load_dictionaries  # noqa: E402

get_resolver().reverse_dict  # imports every URL module and builds the reverse lookup
load_dictionaries()
