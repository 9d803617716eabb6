"""A deployment's console for the network test: Django loaded once, then each line read on
stdin (JSON: {"code": ...}) is run and answered on stdout ({"ok", "out"} or {"ok", "error"}),
so that the test does not pay a Django start-up for every command it gives a deployment."""
import contextlib
import io
import json
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, as manage.py has it

import django  # noqa: E402

django.setup()
namespace: dict = {}
for line in sys.stdin:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(json.loads(line)["code"], namespace)
        answer = {"ok": True, "out": out.getvalue()}
    except Exception:  # the test reports it
        answer = {"ok": False, "error": traceback.format_exc()}
    sys.__stdout__.write(json.dumps(answer) + "\n")
    sys.__stdout__.flush()
