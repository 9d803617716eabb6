"""``manage.py sas_load_demo``: LP Antoine Lomet's demo SAS campaign and team accounts (idempotent)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...demo import load_sas_demo


class Command(BaseCommand):
    help = _("Charge la campagne SAS de démonstration du LP Antoine Lomet (élèves fictifs) et les comptes de l'équipe.")

    def handle(self, *args, **options):
        result = load_sas_demo()
        campaign = result["campaign"]
        self.stdout.write(_("Campagne : %(c)s — dossiers : %(n)s.") % {"c": campaign, "n": campaign.cases.count()})
        self.stdout.write(self.style.WARNING(_("Comptes SAS de DÉMONSTRATION — mots de passe publics, à ne jamais utiliser en production :")))
        for username, password, label, created in result["accounts"]:
            note = "" if created else _(" (compte déjà présent : mot de passe inchangé)")
            self.stdout.write(f"  {username:<22} {password:<26} {label}{note}")
        self.stdout.write(_("Écrans : /sas/"))
