"""The floor of the API's web stack, for bench/search.py: gunicorn and the Elasticsearch client, no Django.

``GET /?shape=NAME`` sends the ``_msearch`` that the API sends for that query shape (read from the JSON file
``BENCH_FLOOR_SEARCHES``, written by the bench) and answers the node's response as JSON. What the API costs
beyond this is Django, the middleware and the search code; what this costs beyond raw Elasticsearch is the
HTTP server, a connection per request and the JSON, which any Python web front of the search would pay.
"""
import json
import os
from pathlib import Path
from urllib.parse import parse_qs

from elasticsearch import Elasticsearch

SEARCHES = json.loads(Path(os.environ["BENCH_FLOOR_SEARCHES"]).read_text(encoding="utf-8"))
ALIAS = os.environ["ELASTICSEARCH_INDEX"]
client = Elasticsearch(os.environ["ELASTICSEARCH_URL"], request_timeout=60)


def application(environ, start_response):
    shape = parse_qs(environ.get("QUERY_STRING", ""))["shape"][0]
    body = json.dumps(client.msearch(index=ALIAS, searches=SEARCHES[shape]).body).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
