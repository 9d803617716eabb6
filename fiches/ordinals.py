"""French ordinals: the seeds' transcription writes superscripts as markup (« 6^e », « 2^{nde} »);
fiches store them clean (« 6e », « 2nde ») and pages show the suffix as a superscript."""
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SUFFIX = r"(?:er|ère|re|ème|e|nde|nd|d)"
MARKUP_RE = re.compile(rf"(\d+)\s?\^(?:\{{\s?({SUFFIX})\s?\}}|({SUFFIX}))")
CLEAN_RE = re.compile(r"\b(\d+)(er|ère|re|ème|e|nde|nd)\b")


def clean_ordinals(text: str) -> str:
    """« Défis 6^e et tutorat », « 2^{nde} » -> « Défis 6e et tutorat », « 2nde »."""
    return MARKUP_RE.sub(lambda m: m.group(1) + (m.group(2) or m.group(3)), text) if text else text


def superscript_ordinals(text: str) -> str:
    """Escaped text where « 6e », « 1re », « 2nde » show their suffix as <sup>."""
    return mark_safe(CLEAN_RE.sub(r"\1<sup>\2</sup>", escape(clean_ordinals(text or ""))))
