"""« Enregistrer et obtenir le code » clicked twice: two POSTs of the widget form at the same moment, from two
threads with their own PostgreSQL connections (tests/concurrency.py), make one widget, not two identical ones
whose snippets both work.

The requests' threads must see the data, so it is written and removed through a connection of its own.
"""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from portal.embeds.models import Widget
from portal.networks.models import Network, NetworkPerson
from tests import factories
from tests.concurrency import creation_token, in_own_connection, together

ROUNDS = 3
BUILDER = "/integrer/"
USERNAME = "simultane-widget-coordination"


def _setup():
    network = Network.objects.create(slug="simultane-widget", name="RIPPS des widgets simultanés",
                                     kind=Network.Kind.RIPPS, academie=factories.academie("bordeaux"))
    coordinator = factories.user(USERNAME)
    NetworkPerson.objects.create(network=network, user=coordinator, role=NetworkPerson.Role.COORDINATOR)
    return network, coordinator


def _teardown(network):
    network.delete()  # and its widgets
    get_user_model().objects.filter(username=USERNAME).delete()


@pytest.fixture
def committed(db):
    """A network of Bordeaux and its coordinator, committed so that other connections see them."""
    network, coordinator = in_own_connection(_setup)
    yield network, coordinator
    in_own_connection(lambda: _teardown(network))


def _widget_form(network, token: str) -> dict:
    return {"title": "Pratiques du réseau", "kind": "list", "network": network.pk,
            "allowed_origins": "https://www.ac-bordeaux.fr", "creation_token": token}


def test_registering_a_widget_twice_at_once_makes_one_widget(committed):
    assert connection.vendor == "postgresql"
    network, coordinator = committed
    for n in range(ROUNDS):
        data = _widget_form(network, creation_token(coordinator, BUILDER))
        results = together((coordinator, BUILDER, data), (coordinator, BUILDER, data))
        assert [getattr(result, "status_code", result) for result in results] == [302, 302], results
        assert Widget.objects.filter(network=network).count() == n + 1
        widget = Widget.objects.filter(network=network).latest("created_at")
        assert results[0]["Location"] == results[1]["Location"] == f"{BUILDER}#widget-{widget.key}"
        assert widget.created_by == coordinator


def test_two_widgets_registered_from_two_forms_at_once_are_both_kept(committed):
    """Two forms shown apart (two tokens) are two widgets, even alike (one per site section, say)."""
    network, coordinator = committed
    results = together(*[(coordinator, BUILDER, _widget_form(network, creation_token(coordinator, BUILDER)))
                         for _form in range(2)])
    assert [getattr(result, "status_code", result) for result in results] == [302, 302], results
    assert Widget.objects.filter(network=network).count() == 2
