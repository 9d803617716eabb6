"""Print the portal's public key, which every node sets as ACCROCHE_PORTAL_PUBLIC_KEY."""
from django.core.management.base import BaseCommand

from portal import httpsig
from portal.indicators.keys import portal_private_key


class Command(BaseCommand):
    help = ("Affiche la clé publique du portail (à fixer dans ACCROCHE_PORTAL_PUBLIC_KEY sur chaque nœud) ; "
            "son empreinte avec --fingerprint.")

    def add_arguments(self, parser):
        parser.add_argument("--fingerprint", action="store_true")

    def handle(self, *args, fingerprint=False, **options):
        key = portal_private_key()
        self.stdout.write(httpsig.fingerprint(key) if fingerprint else httpsig.public_key_text(key))
