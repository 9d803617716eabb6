from django.urls import path

from .views import (
    attendance, board, calendars, campaigns, cases, imports, meetings, planning, processing, questionnaires, sessions, team,
    workshops,
)

app_name = "sas"

urlpatterns = [
    path("", board.campaign_list, name="campaigns"),
    path("campagnes/<int:campaign_id>/", board.board, name="board"),
    path("campagnes/<int:campaign_id>/journal/", processing.audit_log, name="audit_log"),
    path("campagnes/<int:campaign_id>/documents/<slug:document>/", processing.processing_document, name="document"),
    path("campagnes/<int:campaign_id>/questionnaires/", questionnaires.questionnaire_links, name="questionnaire_links"),
    path("campagnes/<int:campaign_id>/planification/", planning.planning, name="planning"),
    path("campagnes/<int:campaign_id>/planification/appliquer/", planning.planning_apply, name="planning_apply"),
    path("campagnes/<int:campaign_id>/imports/", imports.imports, name="imports"),
    path("campagnes/<int:campaign_id>/mes-seances.ics", calendars.my_sessions_calendar, name="my_sessions_ics"),
    path("dossiers/<int:case_id>/", cases.case_detail, name="case"),
    path("dossiers/<int:case_id>/emploi-du-temps.ics", calendars.case_calendar, name="case_ics"),
    path("dossiers/<int:case_id>/message/", cases.case_message, name="case_message"),
    path("dossiers/<int:case_id>/<slug:step>/", cases.case_step, name="case_step"),
    path("seances/<int:session_id>/presences/", attendance.attendance_sheet, name="attendance"),
    path("questionnaire/<str:token>/", questionnaires.questionnaire, name="questionnaire"),
    # The coordination's setup screens (views/campaigns, workshops, sessions, team, meetings).
    path("campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("campagnes/<int:campaign_id>/dates/", campaigns.campaign_edit, name="campaign_edit"),
    path("campagnes/<int:campaign_id>/ateliers/", workshops.workshop_list, name="workshops"),
    path("campagnes/<int:campaign_id>/ateliers/nouveau/", workshops.workshop_create, name="workshop_create"),
    path("ateliers/<int:workshop_id>/", workshops.workshop_edit, name="workshop"),
    path("ateliers/<int:workshop_id>/supprimer/", workshops.workshop_delete, name="workshop_delete"),
    path("ateliers/<int:workshop_id>/seances/", sessions.session_add, name="session_add"),
    path("ateliers/<int:workshop_id>/seances/hebdomadaires/", sessions.weekly_sessions, name="weekly_sessions"),
    path("seances/<int:session_id>/supprimer/", sessions.session_delete, name="session_delete"),
    path("etablissements/<int:establishment_id>/equipe/", team.team, name="team"),
    path("etablissements/<int:establishment_id>/equipe/<int:membership_id>/retirer/", team.remove_member, name="team_remove"),
    path("campagnes/<int:campaign_id>/information-collective/", meetings.meetings, name="meetings"),
    path("informations-collectives/<int:meeting_id>/", meetings.meeting_edit, name="meeting"),
]
