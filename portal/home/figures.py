"""Key figures and latest fiches shown on the home page: public fiches only (fiches.visibility)."""

from fiches.listing import published_fiches
from fiches.models import Academie, Establishment


def latest_fiches(limit: int = 6):
    return (
        published_fiches()
        .filter(archived_at__isnull=True)
        .select_related("lead_structure", "lead_structure__academie")
        .order_by("-first_published_at")[:limit]
    )


def key_figures() -> dict[str, int]:
    live = published_fiches()
    return {
        "fiches": live.count(),
        "establishments": Establishment.objects.filter(led_fiches__in=live).distinct().count(),
        "academies": Academie.objects.filter(establishments__led_fiches__in=live).distinct().count(),
    }
