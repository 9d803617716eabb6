"""The periods the SAS reports on: each campaign's school year and the terms its programme overlaps."""
from __future__ import annotations

from plugins import periods
from plugins.reports import ReportingPeriod

from .models import Campaign


def sas_periods(establishment) -> list[ReportingPeriod]:
    found = {}
    for campaign in Campaign.objects.filter(establishment=establishment):
        year = periods.school_year(campaign.school_year)
        found[year.code] = year
        for term in periods.terms(campaign.school_year):
            if term.start <= campaign.programme_end and campaign.programme_start <= term.end:
                found[term.code] = term
    return list(found.values())
