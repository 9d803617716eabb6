"""Every hook is declared once, typed, documented in its docstring and in docs/plugins.md."""
import inspect
import re
from pathlib import Path

import pytest

from plugins import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _hookspecs():
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(fn, "accroche_spec")
    }


def test_there_are_hooks():
    assert {"register_urls", "register_admin_menu_items", "fiche_panels", "register_importers"} <= set(_hookspecs())


@pytest.mark.parametrize("name", sorted(_hookspecs()))
def test_hook_has_docstring_and_typed_signature(name):
    fn = _hookspecs()[name]
    assert fn.__doc__ and len(fn.__doc__.strip()) > 30, f"{name} needs a docstring saying when it is called and what it returns"
    signature = inspect.signature(fn)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name} needs a return annotation"
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, f"{name}({parameter.name}) needs a type"


@pytest.mark.parametrize("name", sorted(_hookspecs()))
def test_hook_is_documented_with_its_signature(name):
    documented = dict(re.findall(r"^### `(\w+)(\(.*\) -> .*)`$", DOCS.read_text(encoding="utf-8"), flags=re.M))
    assert name in documented, f"docs/plugins.md does not document {name}"
    signature = str(inspect.signature(_hookspecs()[name])).replace("'", "")
    assert documented[name] == signature, f"docs/plugins.md gives {documented[name]}, the code {signature}"


def test_every_documented_hook_exists():
    documented = re.findall(r"^### `(\w+)\(", DOCS.read_text(encoding="utf-8"), flags=re.M)
    assert set(documented) == set(_hookspecs())
