"""Exports of fiches: one fiche as PDF (:mod:`.pdf`), the published list as CSV (:mod:`.csv_list`).

The JSON export of a fiche is ``fiches.serialization.fiche_to_data``.
"""
