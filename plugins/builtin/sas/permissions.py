"""Who sees and does what in the SAS module (DESIGN.md §8: each role sees only what it needs).

A user's capabilities are the union of those of their roles in the establishment; which
cases they see is the union of their roles' scopes (a PP: their class; a workshop
teacher: the students of their groups). Nothing applies where the plugin is not enabled.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from plugins.enablement import is_enabled_for

from . import PLUGIN_NAME
from .models import Campaign, SasMembership, StudentCase, WorkshopSession

Role = SasMembership.Role

VIEW_BOARD = "view_board"
VIEW_FILE = "view_file"          # referral, needs analysis, interview, evaluation
VIEW_THREAD = "view_thread"
POST_THREAD = "post_thread"
REFER = "refer"
ANALYSE = "analyse"
INTERVIEW = "interview"
INFORM_PARENTS = "inform_parents"
PLAN = "plan"
START = "start"
TAKE_ATTENDANCE = "take_attendance"
EVALUATE = "evaluate"
CLOSE = "close"
WITHDRAW = "withdraw"
VIEW_AUDIT = "view_audit"
MANAGE = "manage"                # questionnaires links, processing documents
PLAN_CAMPAIGN = "plan_campaign"  # computed scheduling of every interviewed student's parcours
MANAGE_CAMPAIGN = "manage_campaign"  # create a campaign, its dates, workshops and sessions
MANAGE_TEAM = "manage_team"      # the establishment's SAS memberships
RECORD_MEETING = "record_meeting"  # step 5, information collective
IMPORT = "import"                # CSV exports of the school software: students, timetables, absences
TRANSMIT_INDICATORS = "transmit_indicators"  # see and send the aggregated report to the network portal

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.COORDINATION: frozenset({
        VIEW_BOARD, VIEW_FILE, VIEW_THREAD, POST_THREAD, REFER, ANALYSE, INTERVIEW, PLAN, START,
        TAKE_ATTENDANCE, EVALUATE, CLOSE, WITHDRAW, VIEW_AUDIT, MANAGE, MANAGE_CAMPAIGN, MANAGE_TEAM, RECORD_MEETING,
        PLAN_CAMPAIGN, IMPORT, TRANSMIT_INDICATORS,
    }),
    Role.DIRECTION: frozenset({VIEW_BOARD, VIEW_FILE, INFORM_PARENTS, MANAGE, RECORD_MEETING}),
    Role.PP: frozenset({VIEW_BOARD, VIEW_FILE, VIEW_THREAD, POST_THREAD, REFER, ANALYSE, PLAN, EVALUATE}),
    Role.CPE: frozenset({VIEW_BOARD, VIEW_FILE, VIEW_THREAD, POST_THREAD, REFER, ANALYSE, EVALUATE}),
    Role.RDS: frozenset({VIEW_BOARD, VIEW_FILE, REFER}),
    Role.WORKSHOP_TEACHER: frozenset({VIEW_BOARD, TAKE_ATTENDANCE}),
}


@dataclass(frozen=True)
class Access:
    """A user's SAS roles in one establishment."""

    user: object
    memberships: tuple[SasMembership, ...]

    @property
    def capabilities(self) -> frozenset[str]:
        return frozenset().union(*(CAPABILITIES[m.role] for m in self.memberships))

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def cases(self, campaign: Campaign):
        """The cases of ``campaign`` this user may see."""
        scope = Q(pk__in=[])
        for membership in self.memberships:
            if membership.role == Role.PP:
                scope |= Q(student__division=membership.division)
            elif membership.role == Role.WORKSHOP_TEACHER:
                scope |= Q(parcours__sessions__workshop__facilitators=self.user)
            else:
                scope = Q()
                break
        return StudentCase.objects.filter(scope, campaign=campaign).select_related("student").distinct()

    def referral_divisions(self) -> frozenset[str] | None:
        """The classes this user may refer students from, or ``None`` when a referring role reaches the whole establishment.

        Only the roles with ``REFER`` count: a PP who is also a workshop teacher refers in their class only.
        """
        divisions = set()
        for membership in self.memberships:
            if REFER not in CAPABILITIES[membership.role]:
                continue
            if membership.role != Role.PP:
                return None
            divisions.add(membership.division)
        return frozenset(divisions)

    def sessions(self, campaign: Campaign):
        """The workshop sessions whose attendance this user may take."""
        sessions = WorkshopSession.objects.filter(workshop__campaign=campaign).select_related("workshop")
        if any(m.role == Role.COORDINATION for m in self.memberships):
            return sessions
        if self.can(TAKE_ATTENDANCE):
            return sessions.filter(workshop__facilitators=self.user)
        return sessions.none()


def access_for(user, establishment) -> Access:
    """``user``'s SAS roles in ``establishment``; none when the plugin is not enabled there."""
    if not user.is_authenticated or not is_enabled_for(establishment, PLUGIN_NAME):
        return Access(user, ())
    return Access(user, tuple(SasMembership.objects.filter(user=user, establishment=establishment)))


def establishments_where(user, capability: str) -> list:
    """Establishments where ``user``'s roles grant ``capability`` and the plugin is enabled."""
    roles = [role for role, capabilities in CAPABILITIES.items() if capability in capabilities]
    memberships = SasMembership.objects.filter(user=user, role__in=roles).select_related("establishment")
    establishments = {m.establishment for m in memberships}
    return sorted((e for e in establishments if is_enabled_for(e, PLUGIN_NAME)), key=str)


def campaigns_for(user):
    """Campaigns of the establishments where ``user`` has a SAS role and the plugin is enabled."""
    establishments = {m.establishment for m in SasMembership.objects.filter(user=user).select_related("establishment")}
    ids = [e.pk for e in establishments if is_enabled_for(e, PLUGIN_NAME)]
    return Campaign.objects.filter(establishment_id__in=ids).select_related("establishment")
