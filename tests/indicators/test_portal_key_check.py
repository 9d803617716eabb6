"""A portal key setting that gives no key fails the system checks that ``migrate`` runs (indicators.E001)."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from portal import httpsig


@pytest.mark.parametrize("value", ["{missing}", "{directory}", "{not_a_key}"])
def test_an_unreadable_portal_key_fails_the_checks(settings, tmp_path, value):
    (tmp_path / "not_a_key").write_text("ceci n'est pas une clé\n")
    settings.ACCROCHE_ROLE = "portal"
    settings.ACCROCHE_PORTAL_KEY = value.format(missing=tmp_path / "absente.key", directory=tmp_path,
                                                not_a_key=tmp_path / "not_a_key")
    with pytest.raises(SystemCheckError, match="ACCROCHE_PORTAL_KEY ne donne pas de clé de signature lisible"):
        call_command("check", "--tag", "security")


def test_a_key_file_a_seed_or_no_setting_passes(settings, tmp_path):
    key_file = tmp_path / "portal.key"
    httpsig.write_private_key(httpsig.generate_private_key(), key_file)
    settings.ACCROCHE_ROLE = "portal"
    for value in (str(key_file), httpsig.private_key_text(httpsig.generate_private_key()), ""):
        settings.ACCROCHE_PORTAL_KEY = value
        call_command("check", "--tag", "security")
