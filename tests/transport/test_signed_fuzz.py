"""Whatever a validly signed body holds, the endpoint answers 201 or a 4xx JSON refusal, never a
server error, and stores a report only when it answers 201 (hypothesis mutates a valid report)."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.indicators.models import ReceivedReport
from tests.fuzz.values import HOSTILE, HOSTILE_BODIES

from .signed import body, post, signed_headers

pytestmark = pytest.mark.django_db

leaf = st.one_of(st.sampled_from(HOSTILE), st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def paths(data, prefix=()):
    """Every place in the JSON document, as a path of keys and indexes."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value)
    return copy


VALID = json.loads(body("0470018L", girls=None))
PLACES = list(paths(VALID))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), value=leaf)
def test_any_signed_mutation_is_stored_or_refused_cleanly(client, lomet, year, node_key, place, value):
    payload = json.dumps(replaced(VALID, place, value), allow_nan=True).encode()
    before = ReceivedReport.objects.count()
    response = post(client, payload, signed_headers(payload, node_key))
    assert response.status_code in (200, 201) or 400 <= response.status_code < 500
    if response.status_code == 201:
        assert ReceivedReport.objects.count() == before + 1
    else:
        assert response.json()["error"] and ReceivedReport.objects.count() == before


SIGNED_HOSTILE_BODIES = [
    *HOSTILE_BODIES, "[" * 100_000, '{"schema_version": 1e999}',
    json.dumps({**VALID, "sequence": 2 ** 70}), json.dumps({**VALID, "created": "9999-12-31T23:59:59-23:59"}),
    json.dumps({**VALID, "cells": [{**VALID["cells"][0], "value": 10 ** 400}]}),
    json.dumps({**VALID, "definitions": [{**VALID["definitions"][0], "label": "\u0000"}]}),  # jsonb refuses U+0000
]


# Numbered ids: the bodies hold the time they were made, and pytest-xdist's workers must collect the same ids.
@pytest.mark.parametrize("raw", SIGNED_HOSTILE_BODIES, ids=[f"body-{n}" for n in range(len(SIGNED_HOSTILE_BODIES))])
def test_hostile_signed_bodies_are_refused(client, lomet, year, node_key, raw):
    payload = raw.encode()
    response = post(client, payload, signed_headers(payload, node_key))
    assert 400 <= response.status_code < 500 and response.json()["error"] in (
        "invalid_json", "wrong_schema", "unsupported_media_type")  # the test client sends no type with no body
    assert not ReceivedReport.objects.exists()
