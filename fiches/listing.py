"""Queries of published fiches shared by pages and exports."""
from .models import FichePage


def published_fiches():
    return FichePage.objects.live().select_related("lead_structure", "lead_structure__academie")


def published_fiches_for_academie(academie_page):
    return published_fiches().child_of(academie_page).order_by("title")
