"""Request bodies no browser sends, to the production deployment (entrypoint.sh, gunicorn) as a script would:
each gets a French refusal, never a 5xx nor a pupil's name, and a normal page still answers at once afterwards.
Found by a hostile sweep of every form and endpoint under gunicorn (chunked bodies, a form's declared charset,
the signature parameters of the indicator reports)."""
import json
import socket
import time
import uuid

import psycopg
import pytest

from tests.databases import database_url

from .crawler import Client
from .servers import database_name

LOGIN = "/admin/login/"
REPORTS = "/api/v1/indicator-reports/"
# What the indicator reports' signature parameters are read before anything else: well-formed but for the value.
SIGNATURE_INPUT = ('accroche=("@method" "@target-uri" "content-type" "content-digest" "idempotency-key");'
                   'keyid="{keyid}";created={created};expires={expires};nonce="h3"')


@pytest.fixture(scope="module")
def production(deployment):
    return deployment["production"]


@pytest.fixture(scope="module")
def pupil_names(deployment):
    with psycopg.connect(database_url(database_name())) as conn:
        return [last for (last,) in conn.execute("SELECT DISTINCT last_name FROM sas_student")]


@pytest.fixture(scope="module")
def login_form(production):
    """A visitor that opened the login page: its cookies (CSRF) and the token of the form."""
    client = Client(production)
    page = client.get(LOGIN)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    return client, token


def chunked(production, client: Client, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    """POST ``body`` in two chunks (Transfer-Encoding: chunked, no Content-Length), as http.client cannot."""
    cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    headers = {"Host": production.host, "X-Forwarded-Proto": "https", "Cookie": cookies, **headers}
    lines = [f"POST {path} HTTP/1.1", "Transfer-Encoding: chunked", "Connection: close",
             *(f"{name}: {value}" for name, value in headers.items())]
    half = len(body) // 2
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:half], body[half:])) + b"0\r\n\r\n"
    with socket.create_connection(("127.0.0.1", production.port), timeout=30) as sock:
        sock.sendall("\r\n".join(lines).encode() + b"\r\n\r\n" + chunks)
        answer = b""
        while data := sock.recv(65536):
            answer += data
    head, _, content = answer.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in head.lower():  # gunicorn answers a chunked request in chunks
        content = _unchunked(content)
    return int(head.split()[1]), content


def _unchunked(content: bytes) -> bytes:
    body = b""
    while True:
        size, _, content = content.partition(b"\r\n")
        if int(size, 16) == 0:
            return body
        body, content = body + content[:int(size, 16)], content[int(size, 16) + 2:]


def assert_still_serving(production, pupil_names, body: bytes):
    text = body.decode("utf-8", errors="replace")
    assert not [name for name in pupil_names if name in text]
    started = time.monotonic()
    assert Client(production).get("/").status == 200
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("path", [LOGIN, REPORTS])
def test_a_body_sent_in_chunks_is_refused_as_lengthless(production, pupil_names, login_form, path):
    """Django reads a chunked body as empty (WSGI gives it no length): the login form was shown again blank, a
    signed report refused as « altered » (its digest did not match nothing). Now a 411 says what to send."""
    client, token = login_form
    if path == LOGIN:
        body, headers = b"username=admin&password=x", {"Content-Type": "application/x-www-form-urlencoded",
                                                     "X-CSRFToken": token, "Referer": client.public_origin + LOGIN}
    else:
        body, headers = b'{"schema_version": 1}', {"Content-Type": "application/json",
                                                  "Idempotency-Key": str(uuid.uuid4())}
    status, content = chunked(production, client, path, body, headers)
    assert status == 411
    assert "avec sa longueur (en-tête Content-Length)" in content.decode()
    assert_still_serving(production, pupil_names, content)


@pytest.mark.parametrize("charset", ["utf-16", "utf8", "latin-1"])
def test_a_form_declaring_another_charset_than_utf8_is_refused_in_french(production, pupil_names, login_form,
                                                                          charset):
    """Django refuses it on each read of the form, its error pages read it again: gunicorn's bare 500."""
    client, token = login_form
    body = f"csrfmiddlewaretoken={token}&username=admin&password=x".encode(charset.replace("utf-16", "utf-16-le"))
    response = client.request("POST", LOGIN, body=body, headers={
        "Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
        "Origin": client.public_origin, "Referer": client.public_origin + LOGIN})
    assert response.status == 400
    assert "Un formulaire doit être envoyé en UTF-8" in response.text
    assert_still_serving(production, pupil_names, response.body)


@pytest.mark.parametrize("created, expires", [
    ("99999999999999", "99999999999999"), ("1700000000", "99999999999999"), ("-99999999999999", "1700000000"),
])
def test_a_signature_dated_beyond_any_calendar_is_refused_as_malformed(production, pupil_names, created, expires):
    """``created`` and ``expires`` are integers of up to 15 digits: year 3 170 843 raised ValueError (500)."""
    body = b'{"schema_version": 1}'
    response = Client(production).request("POST", REPORTS, body=body, headers={
        "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4()),
        "Content-Digest": "sha-256=:AAAA:", "Signature": "accroche=:AAAA:",
        "Signature-Input": SIGNATURE_INPUT.format(keyid="0" * 64, created=created, expires=expires)})
    assert response.status == 401
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.body)["error"] == "signature_missing"  # « Le rapport doit être signé (…) »
    assert_still_serving(production, pupil_names, response.body)


@pytest.mark.parametrize("request_bytes, status, title", [
    (b"GARBAGE\r\n\r\n", 400, "Requête incorrecte"),
    (b"GET / HTTP/1.1\r\nHost: accroche.test\r\nCookie: " + b"a" * 9000 + b"\r\n\r\n", 431, "En-têtes trop volumineux"),
], ids=["bad-request-line", "header-too-large"])
def test_a_request_gunicorn_cannot_read_gets_a_french_page(production, request_bytes, status, title):
    """gunicorn answers these itself, before Django: its page was English (« Bad Request », « Request Header
    Fields Too Large »); portal/gunicorn_config.py has it write a French one."""
    with socket.create_connection(("127.0.0.1", production.port), timeout=30) as sock:
        sock.sendall(request_bytes)
        answer = b""
        while data := sock.recv(65536):
            answer += data
    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status)
    assert b"content-type: text/html; charset=utf-8" in head.lower()
    text = page.decode()
    assert f"<h1>{title}</h1>" in text and 'lang="fr"' in text and "Rien n'a été modifié." in text
