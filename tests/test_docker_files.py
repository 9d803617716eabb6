"""Static checks of the production Docker files (docker/).  Plain pytest, no Django.

The Docker engine is not needed: the compose file is parsed with PyYAML and, when a
Compose client is installed (`docker compose` plugin or Debian's `docker-compose`),
validated with `config -q`, which needs no daemon.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to parse docker/compose.yml")

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yml"
ENV_EXAMPLE = DOCKER / "env.example"
DOCKERFILE = DOCKER / "Dockerfile"

APP_SERVICES = ("web", "worker", "scheduler")
REQUIRED_SERVICES = ("web", "worker", "scheduler", "db", "elasticsearch")
SECRET_VARS = ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "DATABASE_URL", "EMAIL_URL")
# Variables the production settings read (DESIGN / portal/settings): all must be documented.
APP_VARS = (
    "DJANGO_SECRET_KEY", "DATABASE_URL", "ELASTICSEARCH_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL",
    "DJANGO_ALLOWED_HOSTS", "DJANGO_CSRF_TRUSTED_ORIGINS", "ACCROCHE_BASE_URL",
    "ACCROCHE_TIME_ZONE", "STATIC_ROOT", "MEDIA_ROOT", "ACCROCHE_ONLINE_GEOCODER",
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _env(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


# --- (a) structure of compose.yml -------------------------------------------------------

def test_services_present(compose):
    assert set(REQUIRED_SERVICES) <= set(compose["services"])


def test_images(compose):
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:16")
    es_image = services["elasticsearch"]["image"]
    assert es_image.startswith("docker.elastic.co/elasticsearch/elasticsearch:")
    assert re.search(r":(\$\{ELASTICSEARCH_VERSION:-)?8\.\d+\.\d+", es_image), es_image
    for name in APP_SERVICES:
        build = services[name]["build"]
        assert build["context"] == ".." and build["dockerfile"] == "docker/Dockerfile"


def test_healthchecks(compose):
    services = compose["services"]
    for name in ("web", "db", "elasticsearch"):
        check = services[name].get("healthcheck") or {}
        assert not check.get("disable"), name
        assert check.get("test"), f"{name} has no healthcheck"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "_cluster/health" in " ".join(services["elasticsearch"]["healthcheck"]["test"])
    assert "healthcheck.py" in " ".join(services["web"]["healthcheck"]["test"])
    # the image HEALTHCHECK probes HTTP: it must be off for the worker and the scheduler
    assert services["worker"]["healthcheck"]["disable"] is True
    assert services["scheduler"]["healthcheck"]["disable"] is True


def test_depends_on_conditions(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        deps = services[name]["depends_on"]
        assert isinstance(deps, dict), f"{name}: depends_on must use conditions"
        assert deps["db"]["condition"] == "service_healthy"
        assert deps["migrate"]["condition"] == "service_completed_successfully"
        # the scheduler's purge of pupils' files does not wait for the search node
        assert ("elasticsearch" in deps) == (name != "scheduler")
        assert name == "scheduler" or deps["elasticsearch"]["condition"] == "service_healthy"
    migrate = services["migrate"]
    assert migrate["command"] == ["migrate"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate.get("restart") == "no"


def test_commands_restart_ports_volumes(compose):
    services = compose["services"]
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    assert services["scheduler"]["command"] == ["scheduler"]
    for name in REQUIRED_SERVICES:
        assert services[name]["restart"] == "unless-stopped", name
    assert any(str(p).endswith(":8000") for p in services["web"]["ports"])
    assert set(compose["volumes"]) >= {"pgdata", "esdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "esdata:/usr/share/elasticsearch/data" in services["elasticsearch"]["volumes"]
    for name in APP_SERVICES:
        assert "media:/app/media" in services[name]["volumes"]
    # database and search node are never published
    assert "ports" not in services["db"] and "ports" not in services["elasticsearch"]


def test_app_services_use_production_settings(compose):
    for name in (*APP_SERVICES, "migrate"):
        env = _env(compose["services"][name])
        assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production", name
        for var in APP_VARS:
            assert var in env, f"{name} does not receive {var}"
    assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in DOCKERFILE.read_text(encoding="utf-8")


def test_elasticsearch_settings(compose):
    env = _env(compose["services"]["elasticsearch"])
    assert env["discovery.type"] == "single-node"
    assert str(env["xpack.security.enabled"]).lower() == "false"
    assert "-Xms1g" in env["ES_JAVA_OPTS"] and "-Xmx1g" in env["ES_JAVA_OPTS"]
    assert compose["services"]["elasticsearch"]["networks"] == ["backend"]
    assert compose["networks"]["backend"]["internal"] is True


def test_no_secret_committed(compose):
    # every secret in compose.yml is an interpolation, never a literal
    for name, service in compose["services"].items():
        for key, value in _env(service).items():
            if key in SECRET_VARS:
                assert isinstance(value, str) and value.startswith("${"), f"{name}.{key} is a literal"
    # the example file holds placeholders only
    example = _env_example()
    for var in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"):
        assert "change-me" in example[var], f"env.example: {var} must be a placeholder"
    assert "change-me" in example["DATABASE_URL"]
    # the real env file is git-ignored and never sent to the image build
    assert ".env" in (DOCKER / ".gitignore").read_text(encoding="utf-8").split()
    assert "docker/.env" in (DOCKER / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    if shutil.which("git") and (ROOT / ".git").exists():
        tracked = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "docker/.env"], cwd=ROOT, capture_output=True
        )
        assert tracked.returncode != 0, "docker/.env is tracked by git"


# Variables of README « Configuration » that compose.yml does not pass to the app services, and why.
NOT_PASSED_BY_COMPOSE = {
    "ACCROCHE_PLUGINS",  # the image installs no third-party plugin; Compose cannot pass a variable unset
    "ACCROCHE_STATIC_BROTLI",  # read by collectstatic, which runs when the image is built
    "DJANGO_DEBUG",  # development settings only
}


def test_every_documented_variable_reaches_the_app_services(compose):
    """compose.yml passes only the variables it lists: the accounts' (2FA, OIDC, lockouts) and the indicator
    reports' (ACCROCHE_ROLE, the keys) were documented, set in docker/.env by a deployer, and never arrived."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    documented -= NOT_PASSED_BY_COMPOSE
    for name in (*APP_SERVICES, "migrate"):
        missing = documented - set(_env(compose["services"][name]))
        assert not missing, f"{name} does not receive {sorted(missing)}"


def test_the_keys_outlive_the_containers(compose):
    """The portal's receipt key was made in /app/var/keys: not writable by the image's user, lost at each upgrade."""
    for name in (*APP_SERVICES, "migrate"):
        assert _env(compose["services"][name])["ACCROCHE_KEY_DIR"] == "/app/keys"
    for name in APP_SERVICES:
        assert "keys:/app/keys" in compose["services"][name]["volumes"]
    assert "/app/keys" in DOCKERFILE.read_text(encoding="utf-8")


def test_env_example_documents_every_variable(compose):
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    for var in APP_VARS:
        assert re.search(rf"^#?\s*.*\b{var}\b", text, re.M), f"env.example does not mention {var}"
    # every ${VAR} interpolated by compose.yml is documented in env.example
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", json.dumps(compose)))
    missing = {v for v in interpolated if not re.search(rf"\b{v}\b", text)}
    assert not missing, f"not documented in env.example: {sorted(missing)}"
    # each assignment belongs to a commented block (a comment line directly above it,
    # possibly shared with the assignments just before it)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith("#"):
            j = i - 1
            while j >= 0 and lines[j] and not lines[j].startswith("#"):
                j -= 1
            assert j >= 0 and lines[j].startswith("#"), f"no comment for: {line}"


# --- (b) validation by the Compose client -----------------------------------------------

def _compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_config_validates():
    command = _compose_command()
    if command is None:
        pytest.skip(
            "no Compose client: neither the `docker compose` plugin nor `docker-compose` "
            "(Debian: apt-get install docker-compose) is installed"
        )
    result = subprocess.run(
        [*command, "--env-file", "docker/env.example", "-f", "docker/compose.yml", "config", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # the rendered configuration carries the interpolated values
    rendered = subprocess.run(
        [*command, "--env-file", "docker/env.example", "-f", "docker/compose.yml", "config"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert rendered.returncode == 0, rendered.stderr
    config = yaml.safe_load(rendered.stdout)
    web_env = _env(config["services"]["web"])
    assert web_env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert web_env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert web_env["ACCROCHE_MIGRATE_ON_START"] == "0"
    assert config["services"]["scheduler"]["command"] == ["scheduler"]
    assert _env(config["services"]["scheduler"])["ACCROCHE_TIME_ZONE"] == "Europe/Paris"


def test_compose_config_refuses_missing_secret(tmp_path):
    command = _compose_command()
    if command is None:
        pytest.skip("no Compose client installed (docker compose / docker-compose)")
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in (*SECRET_VARS, *APP_VARS)}
    result = subprocess.run(
        [*command, "--env-file", str(empty), "-f", "docker/compose.yml", "config", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode != 0
    assert "docker/.env" in (result.stderr + result.stdout)


# --- (c) Dockerfile ---------------------------------------------------------------------

def _instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)  # join continuation lines
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_entrypoint_script_exists():
    instructions = _instructions()
    entrypoint = [rest for word, rest in instructions if word == "ENTRYPOINT"][-1]
    cmd = [rest for word, rest in instructions if word == "CMD"][-1]
    entry_argv = json.loads(entrypoint)
    assert json.loads(cmd) == ["web"]
    scripts = [arg for arg in entry_argv if arg.endswith(".sh")]
    assert scripts, entry_argv
    # the script path in the image comes from a COPY of a file that exists in the repository
    copies = dict(
        reversed(rest.split()[-2:]) for word, rest in instructions
        if word == "COPY" and "--from" not in rest
    )
    for script in scripts:
        assert script in copies, f"{script} is not copied into the image"
        source = ROOT / copies[script]
        assert source.is_file(), source
        assert source.stat().st_mode & 0o111, f"{source} is not executable"
        body = source.read_text(encoding="utf-8")
        for sub in ("web)", "worker)", "scheduler)", "manage)", "migrate)"):
            assert sub in body
        # the scheduler service's command runs the periodic jobs
        assert re.search(r"^  scheduler\)\n    exec python manage\.py run_schedule \"\$@\"$", body, re.M)
        assert "portal.wsgi:application" in body and "0.0.0.0:8000" in body
        assert "db_worker" in body and "WEB_CONCURRENCY:-3" in body


def test_dockerfile_installs_project_and_basics():
    instructions = _instructions()
    runs = " ; ".join(rest for word, rest in instructions if word == "RUN")
    text = DOCKERFILE.read_text(encoding="utf-8")
    froms = [rest for word, rest in instructions if word == "FROM"]
    assert len(froms) >= 2 and all("python:" in f and "3.11" in text for f in froms)
    # the project itself is built/installed from the context root
    assert re.search(r"pip (wheel|install)\b[^;]*\s\.(\s|$)", runs), "pip install/wheel of the project"
    assert re.search(r"pip install\b[^;]*--find-links=/wheels", runs)
    assert "DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput" in runs
    for pkg in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "shared-mime-info"):
        assert pkg in runs
    for env in ("PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1",
                "DJANGO_SETTINGS_MODULE=portal.settings.production"):
        assert env in text
    assert ("EXPOSE", "8000") in instructions
    assert any(word == "HEALTHCHECK" for word, _ in instructions)
    user = [rest for word, rest in instructions if word == "USER"][-1]
    assert user.split(":")[0] not in ("root", "0")
