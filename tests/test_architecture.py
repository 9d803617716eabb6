"""The import rules of docs/architecture.md, checked on the source with :mod:`ast` (nothing is imported).

Layers, lowest first: geo (places only) < fiches < search < portal < plugins.builtin. A module may import
its own layer or a lower one. The plugins core (``plugins/`` outside ``builtin/``) may be imported by every
layer and imports none of them at run time. Imports under ``if TYPE_CHECKING:`` are type-only and allowed.
A graph that follows this order has no cycle between folders.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("geo", "fiches", "search", "portal", "plugins")
CORE = "plugins core"
BUILTIN = "plugins.builtin"
RANK = {"geo": 0, "fiches": 1, "search": 2, "portal": 3, BUILTIN: 4}
SAS = "plugins.builtin.sas"
# Where the SAS module may be named as a string: the list of plugins to load, and the settings.
SAS_NAMED_IN = ("plugins/manager.py", "portal/settings/")


@dataclass(frozen=True)
class Import:
    path: str  # file, relative to the repository
    line: int
    target: str  # dotted name of what is imported (``module.name`` for ``from module import name``)
    type_only: bool

    def __str__(self):
        kind = " (type-only)" if self.type_only else ""
        return f"{self.path}:{self.line} imports {self.target}{kind}"


def layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] not in FOLDERS:
        return None
    if parts[0] == "plugins":
        return BUILTIN if parts[1:2] == ["builtin"] else CORE
    return parts[0]


def _sources():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.relpath = path.relative_to(ROOT).as_posix()
        self.package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
        self.type_only = False
        self.imports: list[Import] = []
        self.strings: list[tuple[int, str]] = []

    def visit_If(self, node: ast.If):
        if not _is_type_checking(node.test):
            return self.generic_visit(node)
        self.visit(node.test)
        outer, self.type_only = self.type_only, True
        for child in node.body:
            self.visit(child)
        self.type_only = outer
        for child in node.orelse:
            self.visit(child)

    def _add(self, node, target):
        self.imports.append(Import(self.relpath, node.lineno, target, self.type_only))

    def visit_Import(self, node: ast.Import):
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom):
        module = node.module or ""
        if node.level:
            base = self.package.split(".")
            base = base[:len(base) - (node.level - 1)]
            module = ".".join(base + ([module] if module else []))
        for alias in node.names:
            self._add(node, module if alias.name == "*" else f"{module}.{alias.name}")

    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, str):
            self.strings.append((node.lineno, node.value))


def _collect():
    collectors = []
    for path in _sources():
        collector = _Collector(path)
        collector.visit(ast.parse(path.read_text(), filename=str(path)))
        collectors.append(collector)
    return collectors


@pytest.fixture(scope="module")
def collected():
    return _collect()


def _imports(collected):
    return [imp for collector in collected for imp in collector.imports]


def _report(offences) -> str:
    return "\n".join(str(offence) for offence in offences)


def test_nothing_outside_plugins_imports_the_sas_module(collected):
    offences = [imp for imp in _imports(collected)
                if not imp.path.startswith("plugins/") and (imp.target + ".").startswith(SAS + ".")]
    assert not offences, "Only plugins/ may import the SAS module:\n" + _report(offences)


def test_nothing_outside_plugins_names_the_sas_module(collected):
    offences = [f"{collector.relpath}:{line} names {text!r}"
                for collector in collected
                if not collector.relpath.startswith(("plugins/", *SAS_NAMED_IN))
                for line, text in collector.strings if SAS in text]
    assert not offences, "Only the plugin list and settings may name the SAS module:\n" + "\n".join(offences)


def test_plugins_core_does_not_import_builtin_plugins_at_run_time(collected):
    offences = [imp for imp in _imports(collected)
                if layer(_module_name(ROOT / imp.path)) == CORE and layer(imp.target) == BUILTIN and not imp.type_only]
    assert not offences, "The plugins core may name built-in plugins only in DEFAULT_PLUGINS:\n" + _report(offences)


def offending(imports) -> list[Import]:
    """Run-time imports against the layering: downwards only, plugins core below everything, importing none."""
    found = []
    for imp in imports:
        source, target = layer(_module_name(ROOT / imp.path)), layer(imp.target)
        if imp.type_only or target is None or target == source or target == CORE:
            continue
        if source == CORE or RANK[target] > RANK[source]:
            found.append(imp)
    return found


def test_folders_follow_the_layering(collected):
    offences = offending(_imports(collected))
    assert not offences, (
        "Imports against geo < fiches < search < portal < plugins.builtin (plugins core below all, "
        "importing none; see docs/architecture.md):\n" + _report(offences))


def test_the_layering_check_sees_upward_and_core_imports():
    imports = [Import("geo/x.py", 1, "fiches.models.FichePage", False),
               Import("fiches/x.py", 2, "geo.gazetteer.Commune", False),
               Import("plugins/manager.py", 3, "portal.outbox.queue", False),
               Import("plugins/hookspecs.py", 4, "fiches.models.FichePage", True),
               Import("search/x.py", 5, "plugins.manager.get_plugin_manager", False)]
    assert offending(imports) == [imports[0], imports[2]]


def test_type_checking_and_relative_imports_are_resolved():
    source = ("from typing import TYPE_CHECKING\nfrom . import views\nfrom ..models import Fiche\n"
              "if TYPE_CHECKING:\n    from portal.home import x\nelse:\n    import search\n")
    path = ROOT / "fiches" / "sub" / "mod.py"
    collector = _Collector(path)
    collector.visit(ast.parse(source))
    assert [(imp.target, imp.type_only) for imp in collector.imports] == [
        ("typing.TYPE_CHECKING", False), ("fiches.sub.views", False), ("fiches.models.Fiche", False),
        ("portal.home.x", True), ("search", False)]
