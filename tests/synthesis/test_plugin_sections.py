"""Plugins fill the synthesis through the synthesis_sections hook, per académie and nationally."""
import pytest

from portal.synthesis.compute import compute_synthesis

pytestmark = pytest.mark.django_db


def test_plugin_sections_reach_each_academie_and_the_national_part(demo, plugin):
    calls = []

    def sections(academie, school_year):
        calls.append((academie.code if academie else None, school_year))
        if academie is None:
            return [{"title": "Indicateurs du réseau", "rows": [{"indicateur": "élèves pris en charge", "valeur": 42}]}]
        if academie.code == "bordeaux":
            return [{"title": "Indicateurs SAS", "html": "<p>3 établissements</p>"}, {"no": "title"}]
        return None

    plugin("indicateurs", synthesis_sections=sections)
    content = compute_synthesis("2015-2016")

    assert (None, "2015-2016") in calls and ("bordeaux", "2015-2016") in calls
    bordeaux = next(a for a in content["academies"] if a["code"] == "bordeaux")
    assert bordeaux["sections"] == [{"title": "Indicateurs SAS", "html": "<p>3 établissements</p>"}]
    assert content["national"]["sections"] == [
        {"title": "Indicateurs du réseau", "rows": [{"indicateur": "élèves pris en charge", "valeur": 42}]}
    ]
