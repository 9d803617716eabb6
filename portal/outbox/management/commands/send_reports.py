"""Send the outbox now (or keep sending, with --loop, as a worker would)."""
import time

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from portal.outbox.models import OutboxReport
from portal.outbox.sending import send_pending


class Command(BaseCommand):
    help = "Envoie au portail les rapports d'indicateurs en attente, dans l'ordre."

    def add_arguments(self, parser):
        parser.add_argument("--portal-url", default=None, help="Adresse du portail (par défaut ACCROCHE_PORTAL_URL).")
        parser.add_argument("--loop", action="store_true", help="Continue tant que le processus tourne.")
        parser.add_argument("--interval", type=float, default=1.0, help="Pause entre deux passages (--loop).")
        parser.add_argument("--retry-refused", action="store_true",
                            help="Remet en attente les rapports refusés (après l'enregistrement de la clé, par exemple).")
        parser.add_argument("--now", action="store_true", help="N'attend pas la prochaine tentative prévue.")

    def handle(self, *args, portal_url=None, loop=False, interval=1.0, retry_refused=False, now=False, **options):
        if retry_refused:
            count = OutboxReport.objects.filter(status=OutboxReport.Status.REFUSED).update(
                status=OutboxReport.Status.PENDING, next_attempt_at=timezone.now())
            self.stdout.write(f"Rapports refusés remis en attente : {count}.")
        if now:
            OutboxReport.objects.exclude(status__in=[OutboxReport.Status.ACKNOWLEDGED, OutboxReport.Status.REFUSED]
                                         ).update(next_attempt_at=timezone.now())
        while True:
            summary = send_pending(portal_url=portal_url)
            if summary.acknowledged or summary.refused or not loop:
                self.stdout.write(f"reçus : {len(summary.acknowledged)}, refusés : {len(summary.refused)}, "
                                  f"en attente : {len(summary.waiting)}")
            if not loop:
                counts = dict(OutboxReport.objects.values_list("status").annotate(n=Count("pk")))
                self.stdout.write("File d'envoi : " + ", ".join(
                    f"{label} {counts.get(status, 0)}" for status, label in OutboxReport.Status.choices))
                return
            time.sleep(interval)
