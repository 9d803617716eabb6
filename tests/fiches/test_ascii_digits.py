"""The one rule for a number typed or sent as text: ASCII digits only (str.isdigit() also takes « ² »,
« ⁴ » or Arabic-Indic digits, which int() refuses or reads as another number)."""
import pytest

from fiches.ascii_digits import is_ascii_digits


@pytest.mark.parametrize("text", ["0", "7", "042", "123456789012345678901234567890"])
def test_ascii_digits_are_a_number(text):
    assert is_ascii_digits(text)


@pytest.mark.parametrize("text", [None, "", " 7", "7 ", "-1", "+1", "1.5", "1e3", "²", "1²", "٣", "３", "१२", "7a"])
def test_anything_else_is_not(text):
    assert not is_ascii_digits(text)
