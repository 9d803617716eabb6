"""Numbers as the pages write them in French."""
from django.utils.formats import number_format


def display_number(value: float) -> str:
    """« 1 234 », « 12,5 »: French grouping and decimal comma."""
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
