"""The SAS indicators pushed back to the network (seeds 000 and 004, DESIGN.md §9).

Seed 000's « indicateurs de réussite » and seed 004's « indicateurs d'action et d'évaluation »
that the SAS records: students identified and taken in charge (by level, by sex, by level and
sex), spontaneous applications, situations referred by the GPDS, withdrawals, outcomes (with
ruptures and PAFI on their own), solicitations of the SAS team, workshop attendance, absenteeism
before and after, satisfaction per questionnaire. School results before and after are not here:
the SAS imports no grades (docs/sas.md). Cells are computed by :mod:`.indicator_table`; the
node's report builder suppresses them before anything leaves.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plugins.reports import Aggregation, IndicatorDefinition

IDENTIFIED = "sas.students_identified"
TAKEN_IN_CHARGE = "sas.students_taken_in_charge"
SPONTANEOUS = "sas.spontaneous_applications"
GPDS_SITUATIONS = "sas.gpds_situations"
OTHER_ORIGINS = "sas.other_origins"  # hidden: identified by PP, CPE or RDS; never sent, protected
WITHDRAWN = "sas.students_withdrawn"
OUTCOMES = "sas.outcomes"
RUPTURES = "sas.ruptures"
PAFI = "sas.pafi"
SOLICITATIONS = "sas.team_solicitations"
ATTENDANCE_RATE = "sas.attendance_rate"
ABSENTEEISM = "sas.absenteeism"
SATISFACTION = "sas.satisfaction"

STUDENTS = _("élèves")

DEFINITIONS = (
    IndicatorDefinition(IDENTIFIED, _("Élèves repérés"), STUDENTS, Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition(TAKEN_IN_CHARGE, _("Élèves pris en charge"), STUDENTS, Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition(SPONTANEOUS, _("Candidatures spontanées"), STUDENTS, Aggregation.SUM),
    IndicatorDefinition(GPDS_SITUATIONS, _("Situations repérées par le GPDS"), STUDENTS, Aggregation.SUM),
    IndicatorDefinition(WITHDRAWN, _("Élèves sortis du dispositif"), STUDENTS, Aggregation.SUM),
    IndicatorDefinition(OUTCOMES, _("Issues après le bilan"), STUDENTS, Aggregation.SUM, ("outcome",)),
    IndicatorDefinition(RUPTURES, _("Ruptures scolaires"), STUDENTS, Aggregation.SUM),
    IndicatorDefinition(PAFI, _("Parcours aménagés de formation initiale (PAFI)"), STUDENTS, Aggregation.SUM),
    IndicatorDefinition(SOLICITATIONS, _("Sollicitations de l'équipe SAS (messages de suivi)"), _("messages"),
                        Aggregation.SUM),
    IndicatorDefinition(ATTENDANCE_RATE, _("Taux de présence aux ateliers"), "%", Aggregation.RATE),
    IndicatorDefinition(ABSENTEEISM, _("Taux d'absentéisme avant et après le programme (demi-journées)"), "%",
                        Aggregation.RATE, ("period",)),
    IndicatorDefinition(SATISFACTION, _("Réponses satisfaites aux questionnaires"), "%", Aggregation.RATE, ("audience",)),
)
