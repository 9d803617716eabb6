"""Settings by environment: production refuses to start without a secret and passes the deploy check."""
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-for-the-deploy-check-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="accroche.example.org",
        DATABASE_URL="sqlite:////tmp/accroche-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # django-axes wrote « AXES: BEGIN version 8.3.1, blocking by combination of … » before every command's output.
    assert "AXES" not in result.stdout + result.stderr


def test_production_reads_login_addresses_behind_one_proxy_by_default():
    """docker/README.md requires a reverse proxy: login lockouts read the client's address it forwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACCROCHE_"))}
    result = subprocess.run(
        [sys.executable, "-c", "from portal.settings import production as s; print(s.ACCROCHE_TRUSTED_PROXY_COUNT)"],
        cwd=ROOT, env={**env, "DJANGO_SECRET_KEY": "a-production-secret"}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1"]


def test_settings_read_the_environment():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.TIME_ZONE, s.LANGUAGE_CODE, s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND, s.ELASTICSEARCH_URL)",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL="postgres://u:p@db.example.org:5432/accroche",
        EMAIL_URL="filemail:///tmp/accroche-mails",
        ELASTICSEARCH_URL="http://es.example.org:9200",
        ACCROCHE_TIME_ZONE="America/Cayenne",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "America/Cayenne",
        "fr",
        "django.db.backends.postgresql",
        "django.core.mail.backends.filebased.EmailBackend",
        "http://es.example.org:9200",
    ]


def test_defaults_are_french_and_paris():
    result = _manage(
        "shell", "-c", "from django.conf import settings as s; print(s.TIME_ZONE, s.LANGUAGE_CODE)",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["Europe/Paris", "fr"]


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_readmes_file_mail_example_is_an_absolute_path():
    """django-environ drops one slash of a filemail:// address: the README's « filemail:///chemin » put the mails in
    « chemin » under the working directory (seen with filemail:///tmp/x: a tmp/x folder in the checkout)."""
    import re

    import environ

    (example,) = re.findall(r"`(filemail:[^`]*)`", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert environ.Env.email_url_config(example)["EMAIL_FILE_PATH"].startswith("/")


def test_a_request_for_another_host_is_logged_in_one_line(db, client, settings, caplog):
    """Bots probing the server's address sent a dozen-line traceback of DisallowedHost to the log each."""
    settings.ALLOWED_HOSTS = ["accroche.example.org"]
    with caplog.at_level("WARNING", logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="sonde.example.net")
    assert response.status_code == 400
    [record] = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert "sonde.example.net" in record.getMessage() and record.exc_info is None
