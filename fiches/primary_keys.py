"""Whether a posted value can be a model's primary key: the admin's forms and views check it before a look-up
that would raise on a value that is no id (« abc »), a 500."""
from __future__ import annotations

from django.core.exceptions import ValidationError


def is_primary_key(model, value) -> bool:
    """Whether ``value`` can be the primary key of ``model`` (whether or not such an object exists)."""
    try:
        model._meta.pk.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True
