"""System check of the portal's signing key: ACCROCHE_PORTAL_KEY naming a file that cannot be read (missing,
a directory, not a key) fails ``manage.py migrate`` and ``check`` when the portal is deployed, instead of the
first establishment's report, which was stored and then answered with a server error because its receipt
could not be signed."""
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from portal import httpsig


@checks.register(checks.Tags.security)
def portal_key_is_readable(app_configs=None, **kwargs) -> list[checks.Error]:
    value = settings.ACCROCHE_PORTAL_KEY.strip()
    if settings.ACCROCHE_ROLE == "node" or not value:
        return []
    try:
        httpsig.load_private_key(value)
    except (OSError, ValueError) as error:
        return [checks.Error(
            _("ACCROCHE_PORTAL_KEY ne donne pas de clé de signature lisible : %(error)s") % {"error": error},
            hint=_("Indiquez le chemin d'un fichier lisible contenant la clé Ed25519 du portail (graine en base64), "
                   "ou laissez ACCROCHE_PORTAL_KEY vide : la clé est alors créée dans ACCROCHE_KEY_DIR."),
            id="indicators.E001")]
    return []
