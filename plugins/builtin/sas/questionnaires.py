"""The three satisfaction questionnaires of seed 000 and their one-time links."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Campaign, QuestionnaireInvitation, QuestionnaireResponse
from .models.questionnaires import Audience

QUESTIONS = {
    Audience.STUDENTS: [
        ("confidence", _("Les ateliers m'ont donné davantage confiance en moi.")),
        ("motivation", _("Je suis plus motivé(e) pour aller en cours.")),
        ("methods", _("J'ai appris de nouvelles méthodes de travail.")),
        ("listened", _("Je me suis senti(e) écouté(e) et considéré(e).")),
    ],
    Audience.TEACHERS: [
        ("content", _("Le contenu de mon atelier répondait aux besoins des élèves.")),
        ("group_size", _("La taille des groupes était adaptée.")),
        ("coordination", _("La coordination du SAS m'a donné les informations utiles.")),
    ],
    Audience.COMMUNITY: [
        ("return", _("Les élèves revenus en classe ont progressé.")),
        ("information", _("J'ai été informé(e) du parcours des élèves de ma classe.")),
        ("resource", _("Le micro-lycée est identifié comme lieu ressource.")),
    ],
}


class LinkAlreadyUsed(Exception):
    """The one-time link was already used to answer."""


@transaction.atomic
def issue_links(campaign, audience: str, count: int, creation_token=None) -> list[QuestionnaireInvitation]:
    """``count`` new links; or, when the form of ``creation_token`` was sent before (a double click), the links
    it issued, and none more. The campaign's row is locked so that two at once see each other."""
    Campaign.objects.select_for_update().values_list("pk", flat=True).get(pk=campaign.pk)
    if creation_token:
        earlier = list(campaign.questionnaire_invitations.filter(creation_token=creation_token).order_by("pk"))
        if earlier:
            return earlier
    return [QuestionnaireInvitation.objects.create(campaign=campaign, audience=audience, creation_token=creation_token)
            for _i in range(count)]


@transaction.atomic
def answer(token: str, cleaned_data: dict) -> QuestionnaireResponse:
    """Store one answer and spend the link; the response keeps no trace of which link it came from."""
    invitation = QuestionnaireInvitation.objects.select_for_update().get(token=token)
    if invitation.used_at is not None:
        raise LinkAlreadyUsed
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    data = dict(cleaned_data)
    signed_as = data.pop("signed_as", "") if invitation.audience != Audience.STUDENTS else ""
    return QuestionnaireResponse.objects.create(
        campaign=invitation.campaign, audience=invitation.audience, answers=data, signed_as=signed_as
    )
