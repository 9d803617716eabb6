"""The three satisfaction questionnaires of seed 000 and their one-time links."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import QuestionnaireInvitation, QuestionnaireResponse
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


def issue_links(campaign, audience: str, count: int) -> list[QuestionnaireInvitation]:
    return [QuestionnaireInvitation.objects.create(campaign=campaign, audience=audience) for _i in range(count)]


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
