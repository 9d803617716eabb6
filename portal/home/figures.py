"""Key figures and latest fiches shown on the home page."""
from django.db.models import Count

from fiches.models import Academie, Establishment, FichePage


def latest_fiches(limit: int = 6):
    return (
        FichePage.objects.live()
        .filter(archived_at__isnull=True)
        .select_related("lead_structure", "lead_structure__academie")
        .order_by("-first_published_at")[:limit]
    )


def key_figures() -> dict[str, int]:
    live = FichePage.objects.live()
    return {
        "fiches": live.count(),
        "establishments": Establishment.objects.filter(led_fiches__in=live).distinct().count(),
        "academies": Academie.objects.annotate(n=Count("establishments__led_fiches")).filter(n__gt=0).count(),
    }
