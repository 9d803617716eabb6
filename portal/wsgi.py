"""WSGI entry point (gunicorn portal.wsgi:application).

What Django and the search otherwise load on a worker's first request is loaded here, as each worker
starts (before it accepts a connection): the URL configuration with every plugin's views (1.6 s, OR-Tools
for the SAS planning), and the search's French dictionaries, town names and vocabulary
(:func:`search.query.load_dictionaries`). Without it, the first visitor of each new worker waited about two
seconds. Those objects live as long as the worker (some 500,000): they are then frozen out of the garbage
collector's reach (:func:`gc.freeze`). A full pass of the collector walked them all, 260 ms measured in a worker
(now under a millisecond): rare (none in 3,000 API requests), but a stall of whichever request it fell in.
"""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402  (Django must be set up first)

from search.query import load_dictionaries  # noqa: E402

get_resolver().reverse_dict  # imports every URL module and builds the reverse lookup
load_dictionaries()
gc.collect()
gc.freeze()
