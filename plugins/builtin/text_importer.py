"""Built-in plugin: imports fiche documents written as plain text or Markdown."""
from plugins import hookimpl


@hookimpl
def register_importers():
    from fiches.importing.text import TextImporter

    return [TextImporter]
