"""``manage.py run_schedule [--list | --once NOM]``: run the periodic jobs at their times (one process per deployment),
list them, or run one now."""
import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.schedule.scheduler import build_scheduler, planned_jobs, run_job

logger = logging.getLogger("portal.schedule")


class Command(BaseCommand):
    help = _("Exécute les tâches planifiées (purge des dossiers d'élèves échus, lettres de suivi, relances, sessions "
             "expirées) à leurs heures. Un seul processus par déploiement.")

    def add_arguments(self, parser):
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--list", action="store_true", dest="show_list",
                            help=_("Affiche chaque tâche, son horaire et sa prochaine exécution, puis s'arrête."))
        choice.add_argument("--once", metavar=_("NOM"), help=_("Exécute la tâche NOM maintenant, puis s'arrête."))

    def handle(self, *args, show_list=False, once=None, **options):
        planned = planned_jobs()
        if show_list:
            self._list(planned)
        elif once:
            self._run_once(planned, once)
        else:
            self._serve(planned)

    def _list(self, planned):
        for item in planned:
            self.stdout.write(_("%(name)s — %(label)s\n    horaire (cron, %(tz)s) : %(cron)s ; prochaine exécution : "
                                "%(next)s") % {"name": item.job.name, "label": item.job.label, "cron": item.job.cron,
                                               "tz": settings.TIME_ZONE, "next": f"{item.next_run():%d/%m/%Y %H:%M}"})

    def _run_once(self, planned, name):
        jobs = {item.job.name: item.job for item in planned}
        if name not in jobs:
            raise CommandError(_("Tâche inconnue : « %(name)s ». Tâches : %(names)s.")
                               % {"name": name, "names": ", ".join(jobs)})
        if not run_job(jobs[name]):
            raise CommandError(_("La tâche « %(name)s » a échoué (voir le journal).") % {"name": name})
        self.stdout.write(_("Tâche « %(name)s » exécutée.") % {"name": name})

    def _serve(self, planned):
        scheduler = build_scheduler(planned)
        # docker stop / systemctl stop: let a running job finish, then leave.
        signal.signal(signal.SIGTERM, lambda signum, frame: scheduler.shutdown())
        for item in planned:
            logger.info("Tâche planifiée « %s » (%s) : prochaine exécution le %s.", item.job.name, item.job.cron,
                        f"{item.next_run():%d/%m/%Y à %H:%M}")
        logger.info("Planificateur démarré (tâches : %d, fuseau %s).", len(planned), settings.TIME_ZONE)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            scheduler.shutdown()
        logger.info("Planificateur arrêté.")
