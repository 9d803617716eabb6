from django.urls import path

from .views import attendance, board, cases, processing, questionnaires

app_name = "sas"

urlpatterns = [
    path("", board.campaign_list, name="campaigns"),
    path("campagnes/<int:campaign_id>/", board.board, name="board"),
    path("campagnes/<int:campaign_id>/journal/", processing.audit_log, name="audit_log"),
    path("campagnes/<int:campaign_id>/documents/<slug:document>/", processing.processing_document, name="document"),
    path("campagnes/<int:campaign_id>/questionnaires/", questionnaires.questionnaire_links, name="questionnaire_links"),
    path("dossiers/<int:case_id>/", cases.case_detail, name="case"),
    path("dossiers/<int:case_id>/message/", cases.case_message, name="case_message"),
    path("dossiers/<int:case_id>/<slug:step>/", cases.case_step, name="case_step"),
    path("seances/<int:session_id>/presences/", attendance.attendance_sheet, name="attendance"),
    path("questionnaire/<str:token>/", questionnaires.questionnaire, name="questionnaire"),
]
