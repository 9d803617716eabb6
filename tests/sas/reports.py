"""Building the protected SAS report of a test establishment, as its node would before sending."""
from plugins import periods
from plugins.node_reports import build_report

YEAR = periods.school_year("2023-2024")


def report_for(establishment, period=YEAR, history=()):
    prepared = build_report(establishment, period, history)
    return prepared.report if prepared else None


def cells(report, code):
    """The cells of ``code`` by the tuple of their breakdown values."""
    return {tuple(v.breakdown.values()): v for v in report.values if v.code == code}
