"""The synthesis is navigable (issue 12, point 8): one collapsible part per académie with a way back to the
table of contents, a map with the outline of France and names that do not overlap, a date that says what it is."""
import re

import pytest

from portal.synthesis.charts import _label_boxes, academies_map


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_names_of_neighbouring_academies_do_not_overlap():
    # Paris, Créteil and Versailles as the 2015-2016 map places them: a few pixels apart.
    circles = [(258, 126, 5.0, "Paris"), (262, 133, 11.0, "Créteil"), (249, 125, 33.0, "Versailles"), (275, 100, 21.0, "Amiens")]
    boxes = []
    for x, y, name, _leader in _label_boxes(circles):
        width = len(name) * 9 * 0.56
        boxes.append((x - width / 2, y - 9, x + width / 2, y + 2))
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    for box in boxes:  # nor do they cover a circle
        assert not any(_overlap(box, (cx - r, cy - r, cx + r, cy + r)) for cx, cy, r, _n in circles)


def test_the_map_draws_the_outline_of_france_and_credits_it():
    figure = {"low": 10, "high": None, "registry": 3, "text": "10", "kind": "exact", "flag": False}
    content = {"academies": [
        {"name": name, "centroid": centroid, "figures": {"actions": figure}}
        for name, centroid in (("Paris", (48.85, 2.35)), ("Bordeaux", (44.84, -0.58)))
    ]}
    svg = str(academies_map(content, "chart-map"))
    outline = re.search(r'<path d="(M[^"]+)"', svg)
    assert outline and outline.group(1).count("M") >= 2 and outline.group(1).count("L") > 500  # mainland and Corsica
    assert "Natural Earth" in svg


@pytest.mark.django_db
def test_the_synthesis_page_has_one_part_per_academie_a_way_back_and_one_main(demo, client):
    from portal.synthesis.publishing import publish

    publish("2015-2016")
    page = client.get("/synthese/2015-2016/").content.decode()
    assert page.count("<main") == 1
    sections = page.count('class="synthesis-section synthesis-academie"')
    assert sections > 20 and page.count("data-synthesis-part") == sections
    assert page.count('href="#toc-title"') == sections and 'id="toc-title"' in page
    assert "Édition 2015-2016 de la Semaine — version 1 de sa synthèse, mise en ligne sur le portail le" in page
    assert "synthesis/parts.js" in page
