"""Every page built on base.html loads portal/static/portal/submit-once.js, which sends a POST form once
while it is on its way (its behaviour in Chromium: tests/e2e/test_sas_setup.py, test_networks_walk.py)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "/static/portal/submit-once.js"
EXTRA_JS = re.compile(r"{%\s*block extra_js\s*%}(\s*{{\s*block\.super\s*}})?")


def test_templates_that_add_scripts_keep_the_guard():
    """A template's extra_js block replaces base.html's, which loads the script, unless it starts with
    {{ block.super }}; the embedded widget (dsfr/base.html, no form) has none to keep."""
    dropped = []
    for template in ROOT.glob("*/**/templates/**/*.html"):
        if ".venv" in template.parts or template == ROOT / "portal/templates/base.html":
            continue
        text = template.read_text(encoding="utf-8")
        if '{% extends "dsfr/base.html" %}' in text:
            continue
        dropped += [str(template.relative_to(ROOT)) for match in EXTRA_JS.finditer(text) if not match.group(1)]
    assert dropped == []


@pytest.mark.django_db
def test_the_home_page_loads_the_script(client):
    assert f'<script src="{SCRIPT}" defer></script>' in client.get("/").content.decode()
