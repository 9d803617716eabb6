"""Importers are plugins: the built-ins come through DEFAULT_PLUGINS, a third-party one is used the same way."""
import types

import pytest

from fiches.importing.base import Importer, ImportResult
from fiches.importing.docx import DocxImporter
from fiches.importing.service import import_document, importers
from fiches.importing.text import TextImporter
from plugins import hookimpl
from plugins.manager import DEFAULT_PLUGINS, gather_lists, get_plugin_manager

BUILTIN_IMPORTERS = ("plugins.builtin.text_importer", "plugins.builtin.docx_importer")


def test_builtin_importers_are_default_plugins():
    assert set(BUILTIN_IMPORTERS) <= set(DEFAULT_PLUGINS)
    for name in BUILTIN_IMPORTERS:
        assert get_plugin_manager().get_plugin(name) is not None


def test_register_importers_returns_importer_classes():
    registered = gather_lists("register_importers")
    assert TextImporter in registered and DocxImporter in registered
    assert all(isinstance(cls, type) and issubclass(cls, Importer) for cls in registered)


@pytest.mark.parametrize(
    "filename, content, importer",
    [
        ("fiche.md", "### Intitulé de l'action\n\nSAS".encode(), TextImporter),
        ("fiche.txt", "Intitulé de l'action\nSAS".encode("cp1252"), TextImporter),
        ("fiche.docx", b"PK\x03\x04 word/document.xml", DocxImporter),
    ],
)
def test_the_first_importer_accepting_the_file_is_chosen(filename, content, importer):
    chosen = [candidate for candidate in importers() if candidate.accepts(filename, content)]
    assert [type(candidate) for candidate in chosen] == [importer]


class FicheSheetImporter(Importer):
    """A third-party importer: one « key = value » per line (a made-up format)."""

    label = "feuille de fiche"
    extensions = (".fiche",)

    def accepts(self, filename, content):
        return self.suffix(filename) in self.extensions

    def parse(self, filename, content):
        values = dict(line.split(" = ", 1) for line in content.decode().splitlines())
        return ImportResult(data={
            "schema": "accroche.fiche/1",
            "title": values["titre"],
            "school_years": ["2024-2025"],
            "lead_structure": {"name": values["structure"], "kind": "college", "academie": values["academie"]},
            "academie": values["academie"],
        })


@pytest.fixture
def third_party_importer():
    pm = get_plugin_manager()
    pm.register(types.SimpleNamespace(register_importers=hookimpl(lambda: [FicheSheetImporter])), name="feuille")
    try:
        yield FicheSheetImporter
    finally:
        pm.unregister(name="feuille")


@pytest.mark.django_db
def test_a_third_party_importer_is_used_through_the_hook(third_party_importer):
    content = "titre = Café des parents\nstructure = Collège Jean Jaurès\nacademie = lille".encode()
    page = import_document("cafe.fiche", content)
    assert page.title == "Café des parents" and not page.live
    assert page.academie.code == "lille" and page.lead_structure.name == "Collège Jean Jaurès"
