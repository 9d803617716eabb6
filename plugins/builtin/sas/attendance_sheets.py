"""What the coordination needs to know about the attendance sheets: which sessions have students, and
which sheets were saved for only part of them (students added to the session since)."""
from django.db.models import Count, Q

from .states import State

ON_SHEET = (State.IN_PROGRAMME, State.EVALUATED, State.CLOSED)


def with_counts(sessions):
    """``sessions`` with ``enrolled`` (students on the sheet) and ``marked`` (of them, those with a recorded
    attendance), the sessions with students first, each group in time order."""
    counted = sessions.annotate(
        enrolled=Count("parcours", filter=Q(parcours__case__state__in=ON_SHEET), distinct=True),
        marked=Count("attendances", filter=Q(attendances__case__state__in=ON_SHEET), distinct=True),
    )
    return sorted(counted, key=lambda session: (session.enrolled == 0, session.starts_at))
