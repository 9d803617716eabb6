"""A published synthesis is a snapshot: fiche edits change only the next version; narrative is carried."""
import pytest

from fiches.models import FichePage, PerseveranceWeek
from portal.synthesis.models import SynthesisVersion
from portal.synthesis.publishing import content_for, publish, synthesis_for


def _example_titles(content, code):
    return [e["title"] for a in content["academies"] if a["code"] == code for e in a["examples"]]


@pytest.mark.django_db
def test_edit_after_publishing_leaves_the_version_unchanged_and_recompute_makes_a_new_one(demo):
    synthesis = synthesis_for("2015-2016")
    synthesis.introduction = "Introduction éditée dans l'administration."
    synthesis.conclusion = "Conclusion éditée."
    synthesis.save()
    first = publish("2015-2016")
    assert first.number == 1 and first.content["version"] == 1
    frozen = SynthesisVersion.objects.get(pk=first.pk).content

    fiche = FichePage.objects.get(title="La classe d'accueil et de mobilisation fait son théâtre").specific
    fiche.title = "Titre modifié après publication"
    fiche.save_revision().publish()
    week = PerseveranceWeek.objects.get(academie__code="amiens", school_year__code="2015-2016")
    week.actions_declared = {"raw": "Nombre d'actions identifiées : 999", "value": 999, "unknown": False}
    week.save()

    assert SynthesisVersion.objects.get(pk=first.pk).content == frozen
    assert "Titre modifié après publication" not in _example_titles(frozen, "amiens")
    shown, version = content_for("2015-2016")
    assert version == first and shown == frozen

    second = publish("2015-2016")
    assert second.number == 2
    assert "Titre modifié après publication" in _example_titles(second.content, "amiens")
    assert second.content["introduction"] == "Introduction éditée dans l'administration."
    assert second.content["conclusion"] == "Conclusion éditée."
    assert content_for("2015-2016")[1] == second
    assert content_for("2015-2016", 1)[0] == frozen


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/synthese/2015-2016/", "/synthese/2015-2016/synthese.csv"])
def test_a_version_number_in_other_digits_gives_the_latest_version_not_a_500(client, path):
    """``str.isdigit()`` is true for « ² », which ``int()`` refuses: the public page and its export answered 500."""
    from fiches.models import SchoolYear

    SchoolYear.objects.get_or_create(code="2015-2016")
    assert client.get(path, {"version": "²"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("annee", ["1999-2000", "٢٠١٥-٢٠١٦"])
def test_publishing_the_synthesis_of_a_year_that_does_not_exist_is_a_404(client, annee):
    """A year removed since the page was shown, or typed (the route's « \\d » takes other digits too): 500 before."""
    from tests import factories

    client.force_login(factories.user("racine", is_superuser=True, is_staff=True))
    response = client.post(f"/admin/syntheses/{annee}/publier/")
    assert response.status_code == 404
    assert not SynthesisVersion.objects.exists()
