"""Reference data edited in the Wagtail admin as snippets."""
from wagtail.snippets.models import register_snippet

from .models import Academie, Dispositif, Establishment, Level, Partner, PerseveranceWeek, SchoolYear, TargetPublic, Theme


def register_snippets() -> None:
    for model in (Establishment, Partner, Level, TargetPublic, Theme, Dispositif, SchoolYear, Academie, PerseveranceWeek):
        register_snippet(model)
