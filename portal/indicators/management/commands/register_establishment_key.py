"""Register (or revoke) an establishment node's public key on the portal, from the shell."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fiches.models import Establishment
from portal import httpsig
from portal.indicators.keys import register_key
from portal.indicators.models import EstablishmentKey


class Command(BaseCommand):
    help = ("Enregistre la clé publique d'un établissement (affichée par `node_keygen` sur son serveur), "
            "ou la révoque avec --revoke.")

    def add_arguments(self, parser):
        parser.add_argument("uai")
        parser.add_argument("public_key", help="Clé publique Ed25519 en base64, ou son empreinte avec --revoke.")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, uai, public_key, revoke=False, **options):
        establishment = Establishment.objects.filter(uai=uai).first()
        if establishment is None:
            raise CommandError(f"Aucun établissement d'UAI {uai} sur ce portail.")
        if revoke:
            count = EstablishmentKey.objects.filter(establishment=establishment, revoked_at__isnull=True).filter(
                fingerprint__in=[public_key, _fingerprint_or_empty(public_key)]).update(revoked_at=timezone.now())
            if not count:
                raise CommandError("Aucune clé active de cet établissement ne correspond.")
            self.stdout.write(f"Clé révoquée pour {establishment}.")
            return
        known = EstablishmentKey.objects.filter(establishment=establishment, public_key=public_key.strip()).first()
        if known is not None:
            self.stdout.write(f"Clé déjà enregistrée pour {establishment} ; empreinte : {known.fingerprint}")
            return
        try:
            key = register_key(establishment, public_key)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Clé enregistrée pour {establishment} ; empreinte : {key.fingerprint}")


def _fingerprint_or_empty(public_key: str) -> str:
    try:
        return httpsig.fingerprint(public_key)
    except httpsig.KeyFormatError:
        return ""
