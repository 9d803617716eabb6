from django.urls import path, register_converter
from django.views.decorators.cache import never_cache

from portal.converters import UrlToken

from .converters import DatabaseId
from .views import placement
from .views import (
    attendance, board, calendars, campaigns, cases, imports, meetings, network_report, planning, processing, questionnaires,
    sessions, team, timetables, workshops,
)

app_name = "sas"
register_converter(DatabaseId, "sas_id")
register_converter(UrlToken, "sas_token")  # a questionnaire link's secret: « %00 » is a 404, not a 500

urlpatterns = [
    path("", board.campaign_list, name="campaigns"),
    path("campagnes/<sas_id:campaign_id>/", board.board, name="board"),
    path("campagnes/<sas_id:campaign_id>/journal/", processing.audit_log, name="audit_log"),
    path("campagnes/<sas_id:campaign_id>/documents/<slug:document>/", processing.processing_document, name="document"),
    path("campagnes/<sas_id:campaign_id>/questionnaires/", questionnaires.questionnaire_links, name="questionnaire_links"),
    path("campagnes/<sas_id:campaign_id>/planification/", planning.planning, name="planning"),
    path("campagnes/<sas_id:campaign_id>/planification/appliquer/", planning.planning_apply, name="planning_apply"),
    path("campagnes/<sas_id:campaign_id>/planification/epingler/", planning.planning_pin, name="planning_pin"),
    path("campagnes/<sas_id:campaign_id>/planification/epingles/<sas_id:pin_id>/retirer/", planning.planning_unpin,
         name="planning_unpin"),
    path("campagnes/<sas_id:campaign_id>/planification/disponibilites/", placement.add_slot, name="placement_slot"),
    path("campagnes/<sas_id:campaign_id>/planification/salles/", placement.add_room, name="placement_room"),
    path("campagnes/<sas_id:campaign_id>/planification/epingler-creneau/", placement.pin_slot, name="placement_pin"),
    path("campagnes/<sas_id:campaign_id>/planification/<slug:kind>/<sas_id:item_id>/retirer/", placement.remove,
         name="placement_remove"),
    path("campagnes/<sas_id:campaign_id>/imports/", imports.imports, name="imports"),
    # Timetables (views/timetables): the campaign's, a student's, the teachers to tell, calendars per workshop and facilitator.
    path("campagnes/<sas_id:campaign_id>/emplois-du-temps/", timetables.campaign_timetable, name="timetables"),
    path("campagnes/<sas_id:campaign_id>/enseignants-a-prevenir/", timetables.teacher_notices_view, name="teacher_notices"),
    path("campagnes/<sas_id:campaign_id>/intervenants/<sas_id:user_id>/seances.ics", timetables.facilitator_ics,
         name="facilitator_ics"),
    path("ateliers/<sas_id:workshop_id>/seances.ics", timetables.workshop_ics, name="workshop_ics"),
    path("dossiers/<uuid:case_ref>/emploi-du-temps/", timetables.case_timetable, name="case_timetable"),
    path("campagnes/<sas_id:campaign_id>/mes-seances.ics", calendars.my_sessions_calendar, name="my_sessions_ics"),
    path("dossiers/<uuid:case_ref>/", cases.case_detail, name="case"),
    path("dossiers/<uuid:case_ref>/emploi-du-temps.ics", calendars.case_calendar, name="case_ics"),
    path("dossiers/<uuid:case_ref>/message/", cases.case_message, name="case_message"),
    path("dossiers/<uuid:case_ref>/<slug:step>/", cases.case_step, name="case_step"),
    path("seances/<sas_id:session_id>/presences/", attendance.attendance_sheet, name="attendance"),
    path("questionnaire/<sas_token:token>/", questionnaires.questionnaire, name="questionnaire"),
    # The coordination's setup screens (views/campaigns, workshops, sessions, team, meetings).
    path("campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("campagnes/<sas_id:campaign_id>/dates/", campaigns.campaign_edit, name="campaign_edit"),
    path("campagnes/<sas_id:campaign_id>/ateliers/", workshops.workshop_list, name="workshops"),
    path("campagnes/<sas_id:campaign_id>/ateliers/nouveau/", workshops.workshop_create, name="workshop_create"),
    path("ateliers/<sas_id:workshop_id>/", workshops.workshop_edit, name="workshop"),
    path("ateliers/<sas_id:workshop_id>/supprimer/", workshops.workshop_delete, name="workshop_delete"),
    path("ateliers/<sas_id:workshop_id>/seances/", sessions.session_add, name="session_add"),
    path("ateliers/<sas_id:workshop_id>/seances/hebdomadaires/", sessions.weekly_sessions, name="weekly_sessions"),
    path("seances/<sas_id:session_id>/supprimer/", sessions.session_delete, name="session_delete"),
    path("etablissements/<sas_id:establishment_id>/equipe/", team.team, name="team"),
    path("etablissements/<sas_id:establishment_id>/equipe/<sas_id:membership_id>/retirer/", team.remove_member, name="team_remove"),
    path("campagnes/<sas_id:campaign_id>/information-collective/", meetings.meetings, name="meetings"),
    path("informations-collectives/<sas_id:meeting_id>/", meetings.meeting_edit, name="meeting"),
    # « Indicateurs transmis au réseau »: the aggregated report, before and after it leaves.
    path("etablissements/<sas_id:establishment_id>/indicateurs/", network_report.network_indicators,
         name="network_indicators"),
    path("etablissements/<sas_id:establishment_id>/indicateurs/<slug:period_code>/", network_report.network_report,
         name="network_report"),
    path("etablissements/<sas_id:establishment_id>/indicateurs/<slug:period_code>/transmettre/",
         network_report.network_report_send, name="network_report_send"),
]

# Every SAS page or file names pupils: no browser cache (a shared computer's back button after logging out) or proxy
# keeps a copy.
for pattern in urlpatterns:
    pattern.callback = never_cache(pattern.callback)
