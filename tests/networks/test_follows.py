"""The confirmation of a follow leads to « Mes suivis », where its frequency is set."""
import re

import pytest

pytestmark = pytest.mark.django_db

FOLLOWS_LINK = '<a href="/suivis/">Mes suivis</a>'


def _confirmation(client, network) -> str:
    """The confirmation as the next page showing messages says it (the network's, the lightest of them)."""
    page = client.get(f"/reseaux/{network.slug}/").content.decode()
    [alert] = re.findall(r'<div class="fr-alert[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return alert


def test_the_follow_confirmation_links_to_my_follows(ripps, client):
    client.force_login(ripps.member)
    client.post(f"/reseaux/{ripps.slug}/suivre/")
    network = _confirmation(client, ripps)
    assert "Vous suivez « RIPPS test »" in network and FOLLOWS_LINK in network
    client.post("/suivis/academie/", {"academie": "poitiers"})
    assert FOLLOWS_LINK in _confirmation(client, ripps)


def test_a_followed_search_is_named_in_the_confirmation_as_text(ripps, client):
    client.force_login(ripps.member)
    client.post("/suivis/recherche/", {"query": "q=<b>tutorat</b>"})
    search = _confirmation(client, ripps)
    assert "&lt;b&gt;tutorat&lt;/b&gt;" in search and "<b>" not in search and FOLLOWS_LINK in search
