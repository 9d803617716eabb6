"""Optional differential privacy: noisy académie roll-ups drawn once by OpenDP, ε spent per establishment and period."""
import pytest

from portal.accounts.models import Membership
from portal.indicators import privacy
from portal.indicators.models import NoisyRelease, PrivacySpend
from tests import factories

from .stored import cell, send, year

IDENTIFIED = "sas.students_identified"


@pytest.fixture
def reports(db):
    period = year()
    establishments = [factories.establishment(name, "bordeaux", bassin="Agen") for name in ("LP Lomet", "LP Palissy")]
    for establishment in establishments:
        send(establishment, period, [cell(IDENTIFIED, 400), cell(IDENTIFIED, 150, sex="M"), cell(IDENTIFIED, 250, sex="F"),
                                     cell(IDENTIFIED, 380, level="2pro"), cell(IDENTIFIED, None, "primary_secret", level="cap1"),
                                     cell(IDENTIFIED, None, "secondary_secret", level="tpro")])
    return period, establishments


def test_a_release_adds_noise_once_and_spends_epsilon_for_each_contributor(reports, settings):
    settings.ACCROCHE_DP_BUDGET = 1.0
    period, establishments = reports
    made = privacy.release(IDENTIFIED, period, "academie", "bordeaux", 0.5, None)
    cells = {c["key"]: c for c in made.cells}
    assert cells["level=cap1"]["value"] is None and cells["level=cap1"]["status"] == "secondary_secret"
    true = {"": 800, "sex=M": 300, "sex=F": 500, "level=2pro": 760}
    assert any(cells[key]["value"] != value for key, value in true.items()), "Laplace noise of scale 3 / 0.5 on four cells"
    assert all(abs(cells[key]["value"] - value) < 200 for key, value in true.items())
    assert sorted(PrivacySpend.objects.values_list("epsilon", flat=True)) == [0.5, 0.5]
    privacy.release(IDENTIFIED, period, "academie", "bordeaux", 0.5, None)
    with pytest.raises(privacy.ReleaseRefused, match="Budget de confidentialité épuisé pour 2"):
        privacy.release(IDENTIFIED, period, "academie", "bordeaux", 0.1, None)
    assert NoisyRelease.objects.count() == 2 and sorted(PrivacySpend.objects.values_list("epsilon", flat=True)) == [1.0, 1.0]


def test_analysts_release_and_read_budgets_of_their_academie_only(client, reports):
    period, _establishments = reports
    factories.user("analyste.lyon", role=Membership.Role.ANALYST, academie_code="lyon")
    client.login(username="analyste.lyon", password="motdepasse-de-test")
    url = f"/indicateurs/{period.code}/agregats/bruit/"
    assert client.post(url, {"indicateur": IDENTIFIED, "groupe": "bordeaux", "epsilon": "0,5"}).status_code == 403
    assert client.post(url, {"indicateur": IDENTIFIED, "groupe": "nation", "epsilon": "0,5"}).status_code == 403
    response = client.post(url, {"indicateur": IDENTIFIED, "groupe": "lyon", "epsilon": "beaucoup"}, follow=True)
    assert "ε doit être un nombre" in response.content.decode()
    factories.user("analyste.bordeaux", role=Membership.Role.ANALYST, academie_code="bordeaux")
    client.login(username="analyste.bordeaux", password="motdepasse-de-test")
    page = client.post(url, {"indicateur": IDENTIFIED, "groupe": "bordeaux", "epsilon": "0,25"}, follow=True)
    assert "Agrégat bruité publié" in page.content.decode()
    budget = client.get(f"/indicateurs/{period.code}/budget/").content.decode()
    assert "LP Lomet" in budget and "0.75" in budget.replace(",", ".")


@pytest.mark.parametrize("epsilon", ["1e-320", "5e-324", "1e-308"])
def test_an_epsilon_too_small_for_a_noise_is_refused_in_french_and_spends_nothing(client, reports, epsilon):
    """Below about 2e-308 the noise's scale (sensitivity / ε) is infinite: OpenDP refused it (500)."""
    period, _establishments = reports
    factories.user("analyste.bordeaux", role=Membership.Role.ANALYST, academie_code="bordeaux")
    client.login(username="analyste.bordeaux", password="motdepasse-de-test")
    response = client.post(f"/indicateurs/{period.code}/agregats/bruit/",
                           {"indicateur": IDENTIFIED, "groupe": "bordeaux", "epsilon": epsilon}, follow=True)
    assert response.status_code == 200
    assert "ε est trop petit" in response.content.decode()
    assert not NoisyRelease.objects.exists() and not PrivacySpend.objects.exclude(epsilon=0).exists()
