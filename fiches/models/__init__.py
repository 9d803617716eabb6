"""Models of the action-fiche registry (DESIGN.md §4)."""
from .academies import Academie
from .moderation import FicheApprovalTask
from .pages import AcademiePage, FichePage, FichePageSchoolYear
from .semaine import PerseveranceWeek, PerseveranceWeekAction, PerseveranceWeekExample
from .structures import Establishment
from .taxonomy import Dispositif, Level, Partner, SchoolYear, TargetPublic, Theme

__all__ = [
    "Academie",
    "AcademiePage",
    "Dispositif",
    "Establishment",
    "FicheApprovalTask",
    "FichePage",
    "FichePageSchoolYear",
    "Level",
    "Partner",
    "PerseveranceWeek",
    "PerseveranceWeekAction",
    "PerseveranceWeekExample",
    "SchoolYear",
    "TargetPublic",
    "Theme",
]
