"""A creation form sent twice (a double click, or « Envoyer » again after going back) creates one object.

The form carries a random token, drawn when it is shown and sent back with each of its submissions; the object
stores it in a column under a unique constraint. The second submission's insert waits for the first one's
transaction and fails on the constraint: it answers with the object the first one created. When the second
submission says something else (a correction typed after going back), nothing of it is saved either, and the
person is told so (:func:`warn_if_resent_with_changes`): they correct the object from its own page.
"""
from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


def creation_token_field() -> models.UUIDField:
    """The model's column: the token of the form that created the object (none for objects made otherwise)."""
    return models.UUIDField(_("jeton du formulaire de création"), null=True, blank=True, unique=True,
                            editable=False)


class CreationTokenField(forms.UUIDField):
    """Hidden; a new token each time the empty form is shown, the sent one when it is shown again with errors.
    A missing or malformed token is no error the person could correct: it is ignored (no protection for that
    submission) and the form shown again carries a new one."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(label=_("jeton du formulaire"), required=False, initial=uuid.uuid4)

    def _valid(self, value) -> uuid.UUID | None:
        try:
            return super().clean(value)
        except ValidationError:
            return None

    def clean(self, value):
        return self._valid(value)

    def bound_data(self, data, initial):
        return data if self._valid(data) else initial


class CreateOnceForm(forms.Form):
    """Mixin of a model form whose model has a :func:`creation_token_field` named ``creation_token``;
    views save through :meth:`save_once`. A form that edits an existing object has no token."""

    creation_token = CreationTokenField()
    # Editable fields whose value is worked out at each saving, not typed (a free address, a version number).
    DERIVED_FIELDS = frozenset({"slug", "sequence"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.resent_with_changes = False
        if not self.instance._state.adding:
            del self.fields["creation_token"]

    def save_once(self):
        """The object saved; or, when this same form was sent before (its token is stored), the object that
        submission created, and nothing is saved."""
        if not self.instance._state.adding:
            return self.save()
        token = self.cleaned_data.get("creation_token")
        self.instance.creation_token = token
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            earlier = type(self.instance).objects.filter(creation_token=token).first() if token else None
            if earlier is None:
                raise
            self.resent_with_changes = self._differs_from(earlier)
            return earlier

    def _differs_from(self, earlier) -> bool:
        """Whether this submission would have saved something else than ``earlier`` holds."""
        for field in self.instance._meta.concrete_fields:
            if field.primary_key or not field.editable or field.name in self.DERIVED_FIELDS:
                continue
            if field.value_from_object(self.instance) != field.value_from_object(earlier):
                return True
        for field in self.instance._meta.many_to_many:
            if field.name in self.cleaned_data:
                sent = {related.pk for related in self.cleaned_data[field.name]}
                if sent != set(getattr(earlier, field.name).values_list("pk", flat=True)):
                    return True
        return False


def warn_if_resent_with_changes(request, form: CreateOnceForm) -> None:
    """Tell whoever sent an already created form again with other values that those were not saved."""
    if form.resent_with_changes:
        messages.warning(request, _(
            "Ce formulaire avait déjà été envoyé, et ce qu'il créait est enregistré : les modifications de ce second "
            "envoi ne le sont pas. Faites-les depuis la page de modification."))
