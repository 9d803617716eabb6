"""Embedded demo: the node's outbox goes to the portal of the same process over real HTTP."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.outbox.embedded import loopback_refusal, send_in_process
from portal.outbox.models import OutboxReport


class Command(BaseCommand):
    help = ("Démonstration embarquée : enregistre la clé du nœud pour ses établissements, déclare les "
            "périodes attendues, puis envoie les rapports en attente au portail du même processus, par HTTP.")

    def handle(self, *args, **options):
        if settings.ACCROCHE_ROLE != "embedded":
            raise CommandError("Réservé à la démonstration embarquée (ACCROCHE_ROLE=embedded) : "
                               "un nœud réel utilise `send_reports`.")
        refusal = loopback_refusal()
        if refusal:
            raise CommandError(f"Démonstration impossible avec ces réglages : {refusal}. Lancez-la avec les réglages "
                               "de développement (`make run`) ; un nœud réel envoie ses rapports avec `send_reports`.")
        try:
            summary = send_in_process()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        acknowledged = OutboxReport.objects.filter(status=OutboxReport.Status.ACKNOWLEDGED).count()
        self.stdout.write(f"Rapports d'indicateurs envoyés maintenant : {len(summary.acknowledged)} ; reçus par le "
                          f"portail (accusé signé) en tout : {acknowledged} ; refusés : {len(summary.refused)} ; "
                          f"en attente : {len(summary.waiting)}")
