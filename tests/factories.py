"""Typed helpers that create the objects tests need, on top of the bootstrapped portal."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from fiches.models import Academie, AcademiePage, Establishment, FichePage, FichePageSchoolYear, SchoolYear
from portal.accounts.models import Membership


def academie(code: str) -> Academie:
    return Academie.objects.get(code=code)


def establishment(name: str, academie_code: str, **fields) -> Establishment:
    fields.setdefault("kind", Establishment.Kind.LYCEE_PRO)
    obj, _ = Establishment.objects.get_or_create(name=name, academie=academie(academie_code), defaults=fields)
    return obj


def user(username: str, *, role: str | None = None, establishment=None, academie_code: str | None = None, **fields):
    obj = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="motdepasse-de-test", **fields
    )
    if role:
        Membership.objects.create(
            user=obj,
            role=role,
            establishment=establishment,
            academie=academie(academie_code) if academie_code else None,
        )
    return obj


def fiche(title: str, lead: Establishment, *, school_year: str = "2023-2024", live: bool = True, **fields) -> FichePage:
    parent = AcademiePage.objects.get(academie=lead.academie.moderating_academie if lead.academie.is_historical else lead.academie)
    page = FichePage(title=title, lead_structure=lead, live=False, **fields)
    page.school_year_links.add(FichePageSchoolYear(school_year=SchoolYear.objects.get_or_create(code=school_year)[0]))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page
