"""Migrate the provider's database, create its client and people, then serve (see the package docstring)."""
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIServer, run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


def prepare():
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    client = settings.CONFIG["client"]
    Application.objects.create(
        client_id=client["id"], client_secret=client["secret"], name="Accroche (tests)",
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"], post_logout_redirect_uris=client["post_logout_redirect_uri"],
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True)
    for person in settings.CONFIG["people"]:
        get_user_model().objects.create_user(username=person["username"], password=person["password"])


if __name__ == "__main__":
    prepare()
    print("ready", flush=True)
    sys.stderr.flush()
    run("127.0.0.1", settings.CONFIG["port"], get_wsgi_application(), threading=True, server_cls=WSGIServer)
