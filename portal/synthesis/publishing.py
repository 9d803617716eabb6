"""Publishing a synthesis: freezing its computed content as a new version, and reading it back."""
from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q

from fiches.models import SchoolYear

from .compute import compute_synthesis
from .models import Synthesis, SynthesisVersion
from .tasks import store_version_exports


def synthesis_for(school_year: str) -> Synthesis:
    year = SchoolYear.objects.get(code=school_year)
    return Synthesis.objects.get_or_create(school_year=year)[0]


def publish(school_year: str, user=None) -> SynthesisVersion:
    """Compute the synthesis now (with the current narrative) and freeze it as a new version;
    its exports are generated once committed, by a background task."""
    synthesis = synthesis_for(school_year)
    version = SynthesisVersion.publish(synthesis, compute_synthesis(school_year), user=user)
    transaction.on_commit(partial(store_version_exports.enqueue, version.pk))
    return version


def content_for(school_year: str, number: int | None = None) -> tuple[dict, SynthesisVersion | None]:
    """The content of version ``number`` (default: the latest); computed on the fly when none is published.

    Raises ``SynthesisVersion.DoesNotExist`` for an unknown version number and
    ``SchoolYear.DoesNotExist`` for an unknown year.
    """
    versions = SynthesisVersion.objects.filter(synthesis__school_year__code=school_year)
    if number is not None:
        version = versions.get(number=number)
    else:
        version = versions.order_by("-number").first()
    if version is not None:
        return version.content, version
    SchoolYear.objects.get(code=school_year)
    return compute_synthesis(school_year), None


def years_with_synthesis() -> list[SchoolYear]:
    """School years with at least one Semaine or one published version, most recent first."""
    return list(
        SchoolYear.objects.filter(Q(perseverance_weeks__isnull=False) | Q(synthesis__versions__isnull=False))
        .distinct().order_by("-code")
    )
