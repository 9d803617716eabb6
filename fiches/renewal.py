"""Renew a fiche for the next school year without losing its history.

The renewal is a new draft page, a copy that points back to the fiche it
renews; the previous fiche stays online and is marked archived when its
renewal is published, with a link to the newer one on its page.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import FichePage, FichePageSchoolYear, SchoolYear
from .page_locks import lock_for_new_child


def next_school_year(fiche: FichePage) -> SchoolYear:
    latest = max((link.school_year for link in fiche.school_year_links.all()), key=lambda y: y.start_year, default=None)
    if latest is None:
        raise ValueError("La fiche n'a pas d'année scolaire : indiquez-en une avant de la reconduire.")
    return SchoolYear.objects.get_or_create(code=latest.next_code())[0]


@transaction.atomic
def renew_fiche(fiche: FichePage, user=None) -> FichePage:
    year = next_school_year(fiche)
    parent = fiche.get_parent().specific
    academie = fiche.lead_structure.academie
    if parent.academie.is_historical and not academie.is_historical:
        parent = academie.page  # a fiche of Caen 2016 is renewed under Normandie
    lock_for_new_child(parent)  # a renewal made meanwhile (a double click) is then seen below
    if fiche.renewals.filter(school_year_links__school_year=year).exists():
        raise ValueError(f"La fiche est déjà reconduite pour {year.code}.")
    copy = fiche.copy(
        to=parent,
        update_attrs={
            "slug": slugify(f"{fiche.slug}-{year.code}")[:250],
            "renewed_from": fiche,
            "archived_at": None,
            "live": False,
        },
        copy_revisions=False,
        keep_live=False,
        user=user,
        exclude_fields=["school_year_links"],
    )
    copy = copy.specific
    copy.school_year_links.all().delete()
    FichePageSchoolYear.objects.create(page=copy, school_year=year)
    copy.save_revision(user=user)
    return copy


def archive_predecessor(fiche: FichePage) -> None:
    """Called when a renewal is published: its predecessor becomes history."""
    if fiche.renewed_from_id:
        FichePage.objects.filter(pk=fiche.renewed_from_id, archived_at__isnull=True).update(archived_at=timezone.now())
