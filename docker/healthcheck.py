"""Container HEALTHCHECK for the web process: GET / on the local gunicorn.

Sends the first DJANGO_ALLOWED_HOSTS entry as Host (so Django's host check
passes) and X-Forwarded-Proto: https (so a SECURE_SSL_REDIRECT behind
SECURE_PROXY_SSL_HEADER does not turn the probe into a redirect). Redirects
are not followed. Healthy = the application answered with a status < 500
(a 5xx means Django is up but broken, e.g. the database is unreachable).
Standard library only: the slim image has no curl.
"""

import http.client
import os
import sys


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = "localhost"
    for candidate in hosts:
        if candidate != "*":
            host = candidate.lstrip(".")
            break
    conn = http.client.HTTPConnection("127.0.0.1", 8000, timeout=int(os.environ.get("HEALTHCHECK_TIMEOUT", "8")))
    try:
        conn.request("GET", "/", headers={"Host": host, "X-Forwarded-Proto": "https", "User-Agent": "accroche-healthcheck"})
        status = conn.getresponse().status
    except OSError as exc:
        print(f"unhealthy: {exc}")
        return 1
    finally:
        conn.close()
    print(f"GET / (Host: {host}) -> {status}")
    return 0 if status < 500 else 1


if __name__ == "__main__":
    sys.exit(main())
