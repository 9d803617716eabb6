"""Inline panels (a fiche's school years) refuse a row whose id is malformed with a message, not a 500.

An inline row posted with an id that is no id (``school_year_links-0-id=abc``) or without its id input
made django-modelcluster's formset raise ValidationError (or KeyError) while building its forms, outside
any validation: a 500 for the fiche's editor. Django's own model formsets tolerate both. Here such a
row gets a new, unsaved instance and the formset refuses the post with a French sentence; nothing is
saved, and the rows already saved stay as they were.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel

from .primary_keys import is_primary_key

MALFORMED_MESSAGE = _("Une ligne de cette liste est arrivée mal formée : rechargez la page, puis saisissez-la de "
                     "nouveau.")


class TolerantChildFormSet(BaseChildFormSet):
    malformed = False

    def _row_id_is_well_formed(self, i: int) -> bool:
        value = self.data.get(f"{self.add_prefix(i)}-{self.model._meta.pk.name}")
        return value is not None and (value == "" or is_primary_key(self.model, value))

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count() and not self._row_id_is_well_formed(i):
            self.malformed = True
            kwargs["instance"] = self.model()
            # Django's plain formset: the row's form, without the model formsets' lookup of its id.
            return super(BaseModelFormSet, self)._construct_form(i, **kwargs)
        return super()._construct_form(i, **kwargs)

    def clean(self):
        super().clean()
        if self.malformed:
            raise ValidationError(MALFORMED_MESSAGE, code="malformed")


class TolerantInlinePanel(InlinePanel):
    """An InlinePanel whose formset is :class:`TolerantChildFormSet`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = TolerantChildFormSet
        return options
