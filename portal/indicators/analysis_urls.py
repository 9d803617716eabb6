"""The analysts' pages: completeness and roll-ups of the reports received (portal role)."""
from django.urls import path

from . import analysis_views

app_name = "indicator_analysis"

urlpatterns = [
    path("", analysis_views.periods, name="periods"),
    path("<slug:period_code>/completude/", analysis_views.completeness_page, name="completeness"),
    path("<slug:period_code>/relancer/", analysis_views.remind, name="remind"),
    path("<slug:period_code>/agregats/", analysis_views.rollup_page, name="rollups"),
    path("<slug:period_code>/agregats/bruit/", analysis_views.release_noise, name="release_noise"),
    path("<slug:period_code>/budget/", analysis_views.budget_page, name="budget"),
]
