"""``manage.py networks_load_demo``: demo networks, members and events (idempotent; after load_demo)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.networks.demo import NetworkDemoLoader


class Command(BaseCommand):
    help = _("Charge les réseaux de démonstration (RIPPS de Poitiers, deux FOQUALE de Créteil) et leurs événements.")

    def handle(self, *args, **options):
        loader = NetworkDemoLoader(say=self.stdout.write)
        accounts = loader.run()
        self.stdout.write(_("Réseaux créés : %(networks)s ; établissements ajoutés : %(establishments)s ; événements : %(events)s ; "
                            "comptes : %(accounts)s ; rapports d'indicateurs : %(reports)s.") % loader.created)
        self.stdout.write(self.style.WARNING(_("Comptes de DÉMONSTRATION des réseaux (mots de passe publics) :")))
        for username, password, label, was_created in accounts:
            note = "" if was_created else _(" (compte déjà présent : mot de passe inchangé)")
            self.stdout.write(f"  {username:<22} {password:<26} {label}{note}")
