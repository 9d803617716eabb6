"""The accessibility checker used by the page tests does catch what it claims to."""
from tests import a11y


def test_checker_reports_broken_markup():
    found = a11y.problems('<html lang="en"><body><h1>a</h1><h1>b</h1><h4>c</h4><img src="x.png"><input name="q"></body></html>')
    joined = " | ".join(found)
    for expected in ("langue", "banner", "<main>", "#content", "2 titres h1", "h1 → h4", "image sans alternative", "champ sans étiquette : q"):
        assert expected in joined, expected


def test_checker_accepts_sound_markup():
    html = (
        '<html lang="fr"><body><a href="#content">Contenu</a><header role="banner"><nav role="navigation"></nav></header>'
        '<main id="content" role="main"><h1>Titre</h1><h2>Section</h2><label for="q">Recherche</label><input id="q" name="q">'
        '<img src="a.png" alt=""></main><footer role="contentinfo"></footer></body></html>'
    )
    assert a11y.problems(html) == []
