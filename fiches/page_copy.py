"""Wagtail's « Copier » screen of a page refuses, with a French sentence, what it used to take to a 500.

- ``new_parent_page``: the view reads it with ``Page.objects.get(id=request.POST["new_parent_page"])``
  before its form is validated, so a post without it (KeyError), with a value that is no id
  (ValueError) or the id of no page (DoesNotExist) was a 500. :func:`refuse_an_unknown_parent`
  (Wagtail's ``before_copy_page`` hook) sends such a post back to the form with a message.
- ``new_title`` and ``new_slug``: Wagtail's ``CopyForm`` declares them without a length, and the copy's
  columns hold 255 characters: a longer one was a DataError on saving. :class:`BoundedCopyForm`, every
  page model's ``copy_form_class``, gives them their column's length.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Page

from .control_characters import ControlCharactersGuard
from .primary_keys import is_primary_key

UNKNOWN_PARENT_MESSAGE = gettext_lazy("La page parente choisie pour la copie n'existe pas : choisissez-la de nouveau.")


class BoundedCopyForm(ControlCharactersGuard, CopyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, column in (("new_title", "title"), ("new_slug", "slug")):
            field, length = self.fields[name], Page._meta.get_field(column).max_length
            field.max_length = length
            field.widget.attrs["maxlength"] = str(length)
            field.validators.append(MaxLengthValidator(length))


def refuse_an_unknown_parent(request, page):
    """``before_copy_page``: a posted copy whose parent page is missing, no id or the id of no page goes
    back to the copy form with a message; any other request goes on to Wagtail's view."""
    if request.method != "POST":
        return None
    value = request.POST.get("new_parent_page", "")
    if value and is_primary_key(Page, value) and Page.objects.filter(pk=value).exists():
        return None
    messages.error(request, UNKNOWN_PARENT_MESSAGE)
    return redirect(request.get_full_path())
