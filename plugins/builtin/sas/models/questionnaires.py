import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    STUDENTS = "students", _("élèves")
    TEACHERS = "teachers", _("enseignants des ateliers")
    COMMUNITY = "community", _("communauté éducative")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class QuestionnaireInvitation(models.Model):
    """A one-time link to a satisfaction questionnaire; nothing ties it to the answer it gives."""

    campaign = models.ForeignKey("sas.Campaign", on_delete=models.CASCADE, related_name="questionnaire_invitations")
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # The token of the form that issued the batch, shared by its links (portal/create_once.py): not unique.
    creation_token = models.UUIDField(_("jeton du formulaire de création"), null=True, blank=True, editable=False,
                                      db_index=True)


class QuestionnaireResponse(models.Model):
    """An answer to a questionnaire: anonymous, unless an adult respondent signs it."""

    campaign = models.ForeignKey("sas.Campaign", on_delete=models.CASCADE, related_name="questionnaire_responses")
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    answers = models.JSONField(_("réponses"))
    signed_as = models.CharField(_("signée par"), max_length=150, blank=True)
    submitted_on = models.DateField(_("date"), auto_now_add=True)
