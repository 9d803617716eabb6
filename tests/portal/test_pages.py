"""Public pages in French with DSFR markup: home, académies, fiche with every section, legal pages."""
import datetime as dt
import re

import pytest

from fiches.models import Academie, Dispositif, Level, Partner, TargetPublic, Theme
from tests import a11y, factories

pytestmark = pytest.mark.django_db

SECTION_HEADINGS = [
    "Lieu", "Public concerné", "Thématique et dispositif", "Objectifs", "Contenu et programme", "Ateliers",
    "Étapes et calendrier", "Résultats observés", "Indicateurs de réussite", "Organisation", "Liens, vidéos et documents",
]


@pytest.fixture
def full_fiche():
    lead = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen", uai="0470018L")
    partner_school = factories.establishment("Collège Jasmin", "bordeaux", commune="Agen", kind="college")
    fiche = factories.fiche(
        "SAS Mily",
        lead,
        live=False,
        summary="Un sas de quatre semaines avant Noël pour les élèves en risque de décrochage.",
        girls_boys_share="une majorité de filles",
        public_description="Élèves du lycée professionnel repérés par la communauté pédagogique.",
        communication="Communication par Pronote essentiellement.",
        duration_text="Programme de soutien organisé sur les 4 semaines précédant les vacances de Noël.",
        start_date=dt.date(2023, 11, 27),
        end_date=dt.date(2023, 12, 22),
        contact_name="Coordination MILY",
    )
    fiche.partner_establishments.add(partner_school)
    fiche.levels.add(Level.objects.get(slug="lycee-professionnel"))
    fiche.publics.add(TargetPublic.objects.get(slug="risque-decrochage"))
    fiche.themes.add(Theme.objects.get(slug="prevention"))
    fiche.dispositifs.add(Dispositif.objects.get(slug="sas"))
    fiche.external_partners.add(Partner.objects.create(name="Mission locale de l'Agenais"))
    fiche.objectives = [("objective", "Prévenir les ruptures scolaires en cours d'année")]
    fiche.programme = [("paragraph", "<p>Organisation d'ateliers thématiques.</p>")]
    fiche.workshops = [("workshop", {"name": "CPS : connaissance de soi", "group_size_min": 8, "group_size_max": 9, "facilitators": ["Infirmière"]})]
    fiche.steps = [("step", {"name": "Repérage", "actors": ["GPDS", "PP", "CPE", "RDS"], "dates_text": "jusqu'au 10 novembre", "tools": ["Fiche repérage Pronote"]})]
    fiche.means = [("means", {"kind": "hours", "text": "HSE dédiées"})]
    fiche.effects = [("effect", {"kind": "observed", "source": "Questionnaire de satisfaction élèves", "text": "Accroissement de la confiance en soi"})]
    fiche.indicators = [("indicator", {"category": "Scolarité", "label": "Absentéisme", "value": ""})]
    fiche.internal_roles = [("role", "La coordinatrice MLDS")]
    fiche.links = [("link", {"url": "https://example.org/video", "label": "Vidéo de présentation", "kind": "video"})]
    fiche.save_revision().publish()
    return fiche


def test_home_page(client, full_fiche):
    html = client.get("/").content.decode()
    assert "Chiffres clés" in html and "Dernières fiches publiées" in html
    assert "SAS Mily" in html
    assert 'action="/recherche/"' in html and 'href="/carte/"' in html
    assert 'name="q" maxlength="500"' in html  # no more than the search reads (search.params.MAX_QUERY_LENGTH)
    assert a11y.problems(html) == []


def test_fiche_page_shows_every_section(client, full_fiche):
    response = client.get(full_fiche.url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in SECTION_HEADINGS:
        assert f">{heading}</h2>" in html, heading
    for content in ("LP Antoine Lomet", "0470018L", "Collège Jasmin", "une majorité de filles", "Prévenir les ruptures",
                    "8 à 9 élèves", "GPDS, PP, CPE, RDS", "jusqu&#x27;au 10 novembre", "HSE dédiées", "Pronote",
                    "Accroissement de la confiance en soi", "Absentéisme", "La coordinatrice MLDS",
                    "Mission locale de l&#x27;Agenais", "Licence Ouverte"):
        assert content in html, content
    assert a11y.problems(html) == []


def test_draft_fiche_is_not_public(client):
    lead = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    draft = factories.fiche("Brouillon", lead, live=False)
    assert client.get(f"/bordeaux/{draft.slug}/").status_code == 404


def test_academie_index_and_section(client, full_fiche):
    html = client.get("/academies/").content.decode()
    assert "Bordeaux" in html and "Académies historiques" in html and "Caen" in html
    assert a11y.problems(html) == []
    section = client.get("/bordeaux/").content.decode()
    assert "Académie de Bordeaux" in section and "SAS Mily" in section
    assert a11y.problems(section) == []
    caen = client.get("/caen/").content.decode()
    assert "Académie historique" in caen and "Normandie" in caen


@pytest.mark.parametrize("url,title", [("/accessibilite/", "Déclaration d&#x27;accessibilité"), ("/mentions-legales/", "Mentions légales")])
def test_legal_pages(client, url, title):
    html = client.get(url).content.decode()
    assert f"<h1>{title}</h1>" in html
    assert a11y.problems(html) == []


def test_accessibility_statement_says_its_conformity():
    from portal.home.models import ContentPage

    body = ContentPage.objects.get(slug="accessibilite").body
    assert "partiellement conforme" in body and "Défenseur des droits" in body


def test_academie_index_counts_live_fiches_per_section_in_bounded_queries(client, django_assert_max_num_queries):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    for title, live in (("Fiche A", True), ("Fiche B", True), ("Brouillon", False)):
        factories.fiche(title, lomet, live=live)
    others = Academie.objects.filter(valid_to=None).exclude(code__in=["bordeaux", "nice"]).order_by("code")[:12]
    for academie in others:
        factories.fiche(f"Fiche de {academie.code}", factories.establishment(f"Lycée de {academie.code}", academie.code))
    with django_assert_max_num_queries(8):  # one count per section would be 13 more
        html = client.get("/academies/").content.decode()
    tiles = dict(re.findall(r'<a href="[^"]+">([^<]+)</a></h2>\s*<p class="fr-tile__detail">(\d+) fiches?</p>', html))
    assert tiles["Bordeaux"] == "2" and tiles["Nice"] == "0"
    assert all(tiles[academie.name] == "1" for academie in others)
