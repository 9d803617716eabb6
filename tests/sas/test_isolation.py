"""Nothing in portal/, fiches/, search/ or geo/ imports the SAS package (DESIGN.md §7)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ("portal", "fiches", "search", "geo")
SAS = "plugins.builtin.sas"


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(SAS):
            yield node.value


def test_core_never_imports_the_sas_plugin():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for package in CORE for path in (ROOT / package).rglob("*.py")
        for module in imported_modules(path) if module == SAS or module.startswith(SAS + ".")
    ]
    assert offenders == []
