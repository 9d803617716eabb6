"""``manage.py load_demo``: the demo fiches, Semaines de la persévérance and accounts (idempotent)."""
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fiches.demo import SEMAINE_FILE
from portal.home.demo import load_demo


class Command(BaseCommand):
    help = _("Charge les données de démonstration (fiche SAS MILY, Semaine de la persévérance 2015-2016, comptes de démonstration).")

    def handle(self, *args, **options):
        started = time.monotonic()
        loader, result = load_demo(say=self.stdout.write)
        call_command("publish_synthesis", "2015-2016", "--narrative", str(SEMAINE_FILE), "--if-missing", stdout=self.stdout)
        created = result["created"]
        geocoder = loader.geocoder
        self.stdout.write(
            _("Créés — fiches : %(fiches)s ; Semaines : %(weeks)s ; exemples mis en avant : %(examples)s ; comptes : %(accounts)s.")
            % created
        )
        if geocoder.located:
            self.stdout.write(
                _("Établissements localisés : %(n)s (dont %(approx)s en position approximative).")
                % {"n": geocoder.located, "approx": geocoder.approximate}
            )
        self.stdout.write("")
        self.stdout.write(self.style.WARNING(_("Comptes de DÉMONSTRATION — mots de passe publics, à ne jamais utiliser en production :")))
        for username, password, label, was_created in result["accounts"]:
            note = "" if was_created else _(" (compte déjà présent : mot de passe inchangé)")
            self.stdout.write(f"  {username:<22} {password:<26} {label}{note}")
        self.stdout.write(self.style.SUCCESS(_("Terminé en %(s).1f s.") % {"s": time.monotonic() - started}))
