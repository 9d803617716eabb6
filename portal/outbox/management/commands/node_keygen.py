"""Create the node's Ed25519 key and print what the académie's administrator registers."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import httpsig
from portal.outbox.identity import node_key_path


class Command(BaseCommand):
    help = ("Crée la clé de signature de l'établissement (si elle n'existe pas) et affiche sa clé publique "
            "et son empreinte, à transmettre à l'administrateur de l'académie.")

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true",
                            help="Remplace la clé par une nouvelle (l'ancienne est gardée à côté, renommée).")

    def handle(self, *args, rotate=False, **options):
        path = node_key_path()
        if path is None:
            if rotate:
                raise CommandError("ACCROCHE_NODE_KEY contient la clé elle-même : remplacez-la dans la configuration.")
            key = httpsig.load_private_key(settings.ACCROCHE_NODE_KEY)
        else:
            if rotate and path.exists():
                path.rename(path.with_name(f"{path.name}.{timezone.now():%Y%m%d%H%M%S}.old"))
            if not path.exists():
                httpsig.write_private_key(httpsig.generate_private_key(), path)
                self.stderr.write(f"Nouvelle clé écrite dans {path} (lisible par son seul propriétaire).")
            key = httpsig.load_private_key(str(path))
        public = httpsig.public_key_text(key)
        self.stdout.write(f"UAI : {settings.ACCROCHE_NODE_UAI or '(ACCROCHE_NODE_UAI non défini)'}")
        self.stdout.write(f"Clé publique : {public}")
        self.stdout.write(f"Empreinte : {httpsig.fingerprint(key)}")
        self.stdout.write("À enregistrer par l'administrateur de l'académie (admin du portail, « Clés des "
                          "établissements »), ou sur le serveur du portail :")
        self.stdout.write(f"  manage.py register_establishment_key {settings.ACCROCHE_NODE_UAI or '<UAI>'} {public}")
