"""Satisfaction from the three questionnaires of seed 000 (students, workshop teachers, community).

Per audience, the share of answers « plutôt oui » or « tout à fait » among the answers to the
scale questions, with the responses behind it (the node withholds a rate with fewer respondents
than the suppression threshold).
Free-text suggestions and signatures are never read here.
"""
from __future__ import annotations

from .models import QuestionnaireResponse
from .models.questionnaires import Audience
from .questionnaires import QUESTIONS

SATISFIED = {3, 4}  # « plutôt oui », « tout à fait » on the 1-4 scale of QuestionnaireForm


def satisfaction_rates(campaigns) -> dict[str, tuple[float | None, frozenset[str]]]:
    """Audience → (percent of satisfied answers or ``None`` without answers, the responses' keys)."""
    rates = {}
    for audience in Audience.values:
        codes = [code for code, _label in QUESTIONS[audience]]
        responses = QuestionnaireResponse.objects.filter(campaign__in=campaigns, audience=audience)
        answered = list(responses.values_list("pk", "answers"))
        scores = [answers[code] for _pk, answers in answered for code in codes if isinstance(answers.get(code), int)]
        rate = round(100 * sum(score in SATISFIED for score in scores) / len(scores), 1) if scores else None
        rates[audience] = (rate, frozenset(f"response:{pk}" for pk, _answers in answered))
    return rates
