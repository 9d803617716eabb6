"""Build this node's indicator reports with the enabled plugins and put them in the outbox."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fiches.models import Establishment
from plugins.models import PluginActivation
from plugins.node_reports import build_report, reporting_periods
from portal.outbox.models import OutboxReport
from portal.outbox.queue import enqueue_report, sent_reports


class Command(BaseCommand):
    help = ("Prépare les rapports d'indicateurs de l'établissement (périodes déclarées par ses extensions), "
            "protégés par le secret statistique, et les met en file d'envoi vers le portail.")

    def add_arguments(self, parser):
        parser.add_argument("--uai", help="Établissement (par défaut ACCROCHE_NODE_UAI, sinon ceux dont une "
                                          "extension est activée).")
        parser.add_argument("--period", help="Code de la période (par défaut toutes celles des extensions).")
        parser.add_argument("--again", action="store_true",
                            help="Prépare aussi les périodes déjà envoyées (rapport corrigé).")

    def handle(self, *args, uai=None, period=None, again=False, **options):
        for establishment in self._establishments(uai or settings.ACCROCHE_NODE_UAI):
            periods = [p for p in reporting_periods(establishment) if period in (None, p.code)]
            if period and not periods:
                raise CommandError(f"{establishment} ne déclare pas la période {period}.")
            for reported in periods:
                queued = OutboxReport.objects.filter(establishment_uai=establishment.uai, period_code=reported.code
                                                     ).exclude(status=OutboxReport.Status.REFUSED)
                if queued.exists() and not again:
                    continue
                prepared = build_report(establishment, reported, sent_reports(establishment.uai))
                if prepared is None:
                    continue
                entry = enqueue_report(prepared.report)
                secret = sum(value.suppressed for value in prepared.report.values)
                self.stdout.write(f"{establishment} — {reported.code} : rapport n° {entry.sequence} en file "
                                  f"({len(prepared.report.values) - secret} cellules publiées, {secret} secrètes).")

    def _establishments(self, uai: str):
        if uai:
            establishment = Establishment.objects.filter(uai=uai).first()
            if establishment is None:
                raise CommandError(f"Aucun établissement d'UAI {uai} sur ce nœud.")
            return [establishment]
        ids = PluginActivation.objects.filter(enabled=True).values_list("establishment_id", flat=True)
        return Establishment.objects.filter(pk__in=ids).exclude(uai__isnull=True).exclude(uai="").order_by("name")
