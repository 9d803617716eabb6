"""A NUL character (« %00 ») in a path parameter gives no 5xx, on every route, anonymous or signed in.

The sweeps of test_no_server_error.py fill the routes no link reaches with HOSTILE_PATH_VALUES, one value per
route in turn, and none holds a NUL: a secret of an address taken as ``<str:…>`` (a private agenda or feed
key, a questionnaire link) reached PostgreSQL, which refuses NUL in text (DataError: 500, for anyone).
"""
import pytest
from django.test import Client

from tests import factories

from . import site
from .test_no_server_error import Probe

pytestmark = pytest.mark.django_db

NUL_VALUES = ("\x00", "a\x00b")
#: Route prefixes whose screens also take a POST (the others are pages, feeds and files).
POSTED = ("admin/", "reseaux/", "evenements/", "suivis/", "indicateurs/", "integrer/", "sas/", "api/")


@pytest.mark.parametrize("who", ["anonyme", "superuser"])
def test_a_nul_character_in_any_path_parameter_gives_no_server_error(who):
    client = Client()
    if who == "superuser":
        client.force_login(factories.user("racine", is_superuser=True, is_staff=True))
    probe = Probe(client, who)
    for route in site.routes():
        for path in dict.fromkeys(site.generated_paths(route, list(NUL_VALUES))):
            probe.send("get", path, {})
            if route.route.startswith(POSTED):
                probe.send("post", path, {})
    assert not probe.failures, "\n".join(probe.failures)
