"""Embedded demo: the node's outbox goes to the portal of the same process over real HTTP."""
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fiches.models import Establishment
from portal import httpsig
from portal.indicators.keys import register_key
from portal.indicators.models import EstablishmentKey, ExpectedReport, ReportingPeriod
from portal.outbox.identity import node_key_path, node_private_key
from portal.outbox.loopback import served_portal
from portal.outbox.models import OutboxReport
from portal.outbox.sending import send_pending


class Command(BaseCommand):
    help = ("Démonstration embarquée : enregistre la clé du nœud pour ses établissements, déclare les "
            "périodes attendues, puis envoie les rapports en attente au portail du même processus, par HTTP.")

    def handle(self, *args, **options):
        if settings.ACCROCHE_ROLE != "embedded":
            raise CommandError("Réservé à la démonstration embarquée (ACCROCHE_ROLE=embedded) : "
                               "un nœud réel utilise `send_reports`.")
        entries = OutboxReport.objects.exclude(status__in=[OutboxReport.Status.ACKNOWLEDGED,
                                                           OutboxReport.Status.REFUSED])
        if not entries.exists():
            self.stdout.write("Aucun rapport d'indicateurs en attente.")
            return
        key = self._node_key()
        for entry in entries:
            self._enrol(entry, key)
        with served_portal() as url:
            summary = send_pending(portal_url=url)
        self.stdout.write(f"Rapports d'indicateurs reçus par le portail : {len(summary.acknowledged)}, "
                          f"refusés : {len(summary.refused)}, en attente : {len(summary.waiting)}")

    def _node_key(self):
        path = node_key_path()
        if path is not None and not path.exists():
            httpsig.write_private_key(httpsig.generate_private_key(), path)
        return node_private_key()

    def _enrol(self, entry: OutboxReport, key) -> None:
        """What the académie would do: register the node's key, expect a report for the period."""
        establishment = Establishment.objects.get(uai=entry.establishment_uai)
        fingerprint = httpsig.fingerprint(key)
        registered = EstablishmentKey.objects.filter(fingerprint=fingerprint).first()
        if registered is None:
            register_key(establishment, httpsig.public_key_text(key))
        elif registered.establishment_id != establishment.pk:
            raise CommandError(f"La clé du nœud est déjà enregistrée pour {registered.establishment}.")
        period = json.loads(bytes(entry.payload))["period"]
        declared, _created = ReportingPeriod.objects.get_or_create(code=period["code"], defaults={
            "kind": period["kind"], "label": period.get("label") or period["code"],
            "start": period["start"], "end": period["end"],
        })
        ExpectedReport.objects.get_or_create(establishment=establishment, period=declared)
