"""Highlighted extracts: plain text with private-use markers, escaped before rendering.

Both backends produce the same thing: document text where each match sits between
:data:`MARK_START` and :data:`MARK_END`. :func:`render` escapes everything (a fiche's
own markup is never rendered) and only then turns the markers into ``<mark>``.
"""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import WORD_RE, term_of

MARK_START = "\ue000"
MARK_END = "\ue001"
EXTRACT_LENGTH = 160


def strip_markers(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def render(marked: str) -> SafeString:
    """Escape a marked extract and turn its markers into ``<mark>`` elements."""
    html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - everything but our own tags is escaped above


def mark_terms(text: str, terms: set[str], length: int = EXTRACT_LENGTH) -> str:
    """An extract of ``text`` around its first match of ``terms``, matches marked.

    Only the words up to the extract's end are analysed: a fiche's body runs to thousands of words.
    """
    first = next((m for m in WORD_RE.finditer(text) if term_of(m.group()) in terms), None) if terms else None
    start = 0
    if first:
        start = max(0, first.start() - length // 4)
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + length)
    space = text.find(" ", end)
    end = space if 0 <= space - end < 20 else end
    pieces, cursor = [], start
    for match in WORD_RE.finditer(text, first.start()) if first else ():
        if match.end() > end:
            break
        if term_of(match.group()) not in terms:
            continue
        pieces += [text[cursor:match.start()], MARK_START, match.group(), MARK_END]
        cursor = match.end()
    pieces.append(text[cursor:end])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces) + suffix
