"""Satisfaction from the three questionnaires of seed 000 (students, workshop teachers, community).

Per audience, the share of answers « plutôt oui » or « tout à fait » among the answers to the
scale questions; withheld when fewer respondents than the suppression threshold answered.
Free-text suggestions and signatures are never read here.
"""
from __future__ import annotations

from .models import QuestionnaireResponse
from .models.questionnaires import Audience
from .questionnaires import QUESTIONS

SATISFIED = {3, 4}  # « plutôt oui », « tout à fait » on the 1-4 scale of QuestionnaireForm


def satisfaction_rates(campaigns, limit: int) -> dict[str, float | None]:
    """Audience → percent of satisfied answers, ``None`` when suppressed or without respondents."""
    rates = {}
    for audience in Audience.values:
        codes = [code for code, _label in QUESTIONS[audience]]
        responses = QuestionnaireResponse.objects.filter(campaign__in=campaigns, audience=audience)
        scores = [answers[code] for answers in responses.values_list("answers", flat=True)
                  for code in codes if isinstance(answers.get(code), int)]
        if responses.count() < limit or not scores:
            rates[audience] = None
        else:
            rates[audience] = round(100 * sum(score in SATISFIED for score in scores) / len(scores), 1)
    return rates
