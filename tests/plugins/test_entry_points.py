"""A third-party plugin package, built and pip-installed here, is found through its entry point."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PLUGIN_CODE = {
    "accroche_bonjour": '''
        from django.http import HttpResponse
        from django.urls import path
        from plugins import hookimpl


        def bonjour(request):
            return HttpResponse("Bonjour depuis une extension")


        @hookimpl
        def register_urls():
            return [path("bonjour/", bonjour)]
    ''',
    "accroche_coquille": '''
        from plugins import hookimpl


        @hookimpl
        def register_url():  # misspelt on purpose: register_urls
            return []
    ''',
}


def _build_package(base: Path, module: str) -> Path:
    project = base / module
    (project / module).mkdir(parents=True)
    (project / module / "__init__.py").write_text(textwrap.dedent(PLUGIN_CODE[module]))
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{module.replace('_', '-')}"
            version = "0.0.1"

            [project.entry-points."accroche.plugins"]
            {module} = "{module}"
            """
        )
    )
    return project


def _pip(*args):
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True, timeout=300)


@pytest.fixture(scope="module")
def installed_plugins(tmp_path_factory):
    """pip-install the packages into a site directory of their own, so that an interrupted
    run never leaves them in the project's environment; the portal runs with it on its path."""
    base = tmp_path_factory.mktemp("plugins")
    site = base / "site-packages"
    projects = [_build_package(base, module) for module in PLUGIN_CODE]
    _pip("install", "--no-deps", "--no-build-isolation", "--target", str(site), *map(str, projects))
    return site


def _run_portal(code: str, plugins: str, tmp_path, site: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")])),
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ACCROCHE_PLUGINS=plugins,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_entry_point_plugin_is_found_and_its_urls_served(installed_plugins, tmp_path):
    result = _run_portal(
        "from django.conf import settings; from django.test import Client; "
        "from plugins.manager import get_plugin_manager; "
        "print('app', 'accroche_bonjour' in settings.INSTALLED_APPS); "
        "print('registered', get_plugin_manager().get_plugin('accroche_bonjour') is not None); "
        "print('page', Client(HTTP_HOST='localhost').get('/bonjour/').content.decode())",
        "accroche_bonjour",
        tmp_path,
        installed_plugins,
    )
    assert result.returncode == 0, result.stderr
    assert "app True" in result.stdout
    assert "registered True" in result.stdout
    assert "page Bonjour depuis une extension" in result.stdout


def test_accroche_plugins_variable_restricts_what_loads(installed_plugins, tmp_path):
    result = _run_portal(
        "from plugins.manager import get_plugin_manager; print('loaded', get_plugin_manager().get_plugin('accroche_bonjour'))",
        "",
        tmp_path,
        installed_plugins,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded None" in result.stdout


def test_misspelt_hook_stops_the_portal_at_start_up(installed_plugins, tmp_path):
    result = _run_portal("print('started')", "accroche_coquille", tmp_path, installed_plugins)
    assert result.returncode != 0
    assert "register_url" in result.stderr
    assert "started" not in result.stdout
