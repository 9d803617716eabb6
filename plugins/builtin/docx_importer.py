"""Built-in plugin: imports fiche documents in Word format (DOCX)."""
from plugins import hookimpl


@hookimpl
def register_importers():
    from fiches.importing.docx import DocxImporter

    return [DocxImporter]
