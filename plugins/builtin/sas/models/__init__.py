"""The SAS module's data, kept on the establishment node only (DESIGN.md §2, §8)."""
from .audit import AuditLog, PurgedCampaignSummary
from .campaigns import Campaign, InformationMeeting, Workshop, WorkshopSession
from .cases import (
    Attendance, Evaluation, Interview, NeedsAnalysis, Parcours, Referral, Student, StudentCase, ThreadMessage,
)
from .pins import PlanningPin
from .placement import AppliedPlan, FacilitatorSlot, PlanningRoom, SlotPin
from .questionnaires import QuestionnaireInvitation, QuestionnaireResponse
from .roles import SasMembership
from .teachers import ClassTeacher, TeacherNotice
from .timetable import AbsenceRecord, ClassSlot, Weekday

__all__ = [
    "AbsenceRecord", "AppliedPlan", "Attendance", "AuditLog", "Campaign", "ClassSlot", "ClassTeacher", "Evaluation", "FacilitatorSlot", "InformationMeeting", "Interview",
    "NeedsAnalysis", "Parcours", "PlanningPin", "PlanningRoom", "PurgedCampaignSummary", "QuestionnaireInvitation", "QuestionnaireResponse", "Referral",
    "SasMembership", "SlotPin", "Student", "StudentCase", "TeacherNotice", "ThreadMessage", "Weekday", "Workshop", "WorkshopSession",
]
