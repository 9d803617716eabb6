"""A number typed or sent as text (a fiche's number, a version, a zoom, a row's key) is made of ASCII digits only.

``str.isdigit()`` alone also takes « ² », « ⁴ » or Arabic-Indic digits: ``int()`` refuses the first ones (a 500)
and reads the others as another number. Every layer may import this module (it imports nothing of the project).
"""
from __future__ import annotations


def is_ascii_digits(text: str | None) -> bool:
    """Whether ``text`` is one or more of the digits 0 to 9, and nothing else."""
    return bool(text) and text.isascii() and text.isdigit()
