"""The API keeps its word: schemathesis reads /api/v1/openapi.json from the embedded portal (a real HTTP
server in its own process, demo data) and sends every operation generated requests, valid ones and
invalid ones, then valid ones about real demo records; any 5xx, or any status, content type, header
or body the document does not describe, fails."""
import json
import re
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = 3  # per operation and mode (about 220 requests in all: 40 s under a load of 12 on 2 cores)


def run_operation(operation, base_url: str, mode: GenerationMode, examples: int = EXAMPLES, **fixed) -> int:
    """Send the operation's generated requests in ``mode``; the number sent (a failed check raises)."""
    sent = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def check(case):
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=60)
        sent.append(case)

    try:
        check()
    except Unsatisfiable:
        # Nothing to spoil: no parameter, or only ones any value satisfies (a path's free string).
        assert mode is GenerationMode.NEGATIVE, operation.label
    return len(sent)


def demo_values(base_url: str) -> dict[str, str]:
    """Path parameters that name real demo records, so that described 200 answers are checked too."""
    with urllib.request.urlopen(f"{base_url}/api/v1/fiches/?size=1") as response:
        search = json.load(response)
    with urllib.request.urlopen(f"{base_url}/reseaux/") as response:
        network = re.search(r'href="/reseaux/([a-z0-9-]+)/"', response.read().decode()).group(1)
    return {"page_id": search["results"][0]["id"], "code": search["facets"]["academie"][0]["value"],
            "slug": network, "annee": "2015-2016", "fmt": "csv"}


@pytest.mark.e2e
def test_every_operation_answers_as_the_openapi_document_says(embedded_portal):
    schema = schemathesis.openapi.from_url(f"{embedded_portal}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    known = demo_values(embedded_portal)
    failures, sent = [], {}
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        runs = [(GenerationMode.POSITIVE, EXAMPLES, {}), (GenerationMode.NEGATIVE, EXAMPLES, {})]
        if names and names <= known.keys():
            runs.append((GenerationMode.POSITIVE, 1, {"path_parameters": {name: known[name] for name in names}}))
        for mode, examples, fixed in runs:
            try:
                count = run_operation(operation, embedded_portal, mode, examples, **fixed)
                sent[operation.label] = sent.get(operation.label, 0) + count
            except Exception as error:  # every failing operation is reported, not only the first
                failures.append(f"{operation.label} ({mode.value}{', démo' if fixed else ''}) : {error}")
    assert not failures, "\n\n".join(failures)
    assert all(count > 0 for count in sent.values()), sent
