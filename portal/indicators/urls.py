"""The portal's indicator API, mounted under /api/v1/ when the role is portal or embedded."""
from django.urls import path

from . import api

urlpatterns = [
    path("indicator-reports/", api.receive_report, name="indicator_reports"),
    path("schemas/<str:name>", api.schema, name="indicator_schema"),
]
