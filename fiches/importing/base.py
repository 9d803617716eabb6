"""What an importer is: it recognises a file, then parses it into fiche data (schema fiche-1)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath


@dataclass
class ImportResult:
    """A fiche-1 dict, and every heading or line of the document that found no place in it."""

    data: dict
    not_understood: list[str] = field(default_factory=list)


class FicheImportError(Exception):
    """The document cannot become a fiche; ``messages`` say why, in French, for the user."""

    def __init__(self, messages: list[str], not_understood: list[str] | None = None):
        self.messages = list(messages)
        self.not_understood = list(not_understood or [])
        super().__init__(" ".join(self.messages))


class Importer:
    """Base class of fiche importers, which plugins return from ``register_importers``."""

    #: Short French name of the format, shown in messages (« texte ou Markdown »).
    label: str = ""
    #: File name suffixes the importer takes, lower case with the dot.
    extensions: tuple[str, ...] = ()

    @staticmethod
    def suffix(filename: str) -> str:
        return PurePath(filename).suffix.lower()

    def accepts(self, filename: str, content: bytes) -> bool:
        """Whether this importer should parse the file (cheap: name and first bytes)."""
        raise NotImplementedError

    def parse(self, filename: str, content: bytes) -> ImportResult:
        """Parse the file; raise ``FicheImportError`` when it cannot be read at all."""
        raise NotImplementedError
