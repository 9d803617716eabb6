"""Public pages read well (issue 12, point 6): ordinals without markup, a radius a number input accepts,
the home search near the top."""
import pytest
from django.urls import reverse

from fiches.ordinals import clean_ordinals, superscript_ordinals


@pytest.mark.parametrize("raw, clean", [
    ("Défis 6^e et tutorat", "Défis 6e et tutorat"), ("élèves de 2^{nde}", "élèves de 2nde"),
    ("de la 6^{ème} à la 3^e", "de la 6ème à la 3e"), ("1^{er} trimestre", "1er trimestre"), ("sans ordinal", "sans ordinal"),
])
def test_ordinal_markup_is_stored_clean(raw, clean):
    assert clean_ordinals(raw) == clean


def test_ordinals_are_shown_as_superscripts_and_the_rest_escaped():
    assert superscript_ordinals("Défis 6^e <b>et</b> 2nde") == "Défis 6<sup>e</sup> &lt;b&gt;et&lt;/b&gt; 2<sup>nde</sup>"
    assert superscript_ordinals("Seconde et 2023") == "Seconde et 2023"


@pytest.mark.django_db
def test_the_radius_field_holds_a_value_a_number_input_accepts(client):
    page = client.get(reverse("search"), {"near": "44.2,0.6"}).content.decode()
    field = page.split('id="km"')[1].split(">")[0]
    assert 'value="30"' in field, field  # the default radius as people write it, not « 30.0 »
    page = client.get(reverse("search"), {"near": "44.2,0.6", "km": "12.5"}).content.decode()
    assert 'value="12.5"' in page.split('id="km"')[1].split(">")[0]


@pytest.mark.django_db
def test_filters_sit_behind_a_button_on_phones_and_the_home_search_comes_first(client):
    search = client.get(reverse("search")).content.decode()
    assert 'aria-controls="filtres"' in search and 'class="fr-collapse search-filters" id="filtres"' in search
    home = client.get("/").content.decode()
    assert home.index('id="recherche-accueil"') < home.index("fr-text--lead") < home.index('id="chiffres-cles"')
