"""manage.py run_schedule: the core's periodic jobs and the plugins' (hook scheduled_jobs), run by APScheduler at their
cron times; one job's failure is logged and stops neither the others nor its own next runs."""
import datetime as dt
import logging
import threading
import types

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.core import mail
from django.core.management import CommandError, call_command

from fiches.models import PerseveranceWeek, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from plugins import hookimpl
from plugins.jobs import ScheduledJob
from plugins.manager import get_plugin_manager
from portal.schedule.scheduler import build_scheduler, planned_jobs, time_zone
from tests import factories


@pytest.fixture
def plugin_jobs():
    """Registers a throwaway plugin whose hook scheduled_jobs returns the jobs given."""
    pm = get_plugin_manager()
    names = []

    def register(*jobs):
        name = f"plugin-test-{len(names)}"
        pm.register(types.SimpleNamespace(scheduled_jobs=hookimpl(lambda: list(jobs))), name=name)
        names.append(name)

    yield register
    for name in names:
        pm.unregister(name=name)


def _boom():
    raise RuntimeError("serveur de courriel injoignable")


def test_the_schedule_lists_the_core_jobs_and_the_sas_purge_declared_through_the_hook(capsys):
    call_command("run_schedule", "--list")
    out = capsys.readouterr().out
    for name, cron in (("sas_purge", "30 3 * * *"), ("send_digests", "0 * * * *"),
                       ("send_week_reminders", "0 9 * * mon"), ("clearsessions", "0 4 * * *")):
        assert f"{name} — " in out and f"horaire (cron, Europe/Paris) : {cron} ; prochaine exécution : " in out
    purge = next(item for item in planned_jobs() if item.job.name == "sas_purge")
    assert purge.job.run.__module__ == "plugins.builtin.sas.retention_job"
    assert purge.next_run().tzinfo is not None and (purge.next_run().hour, purge.next_run().minute) == (3, 30)


def test_a_failing_job_is_logged_and_the_next_job_still_runs(plugin_jobs, caplog):
    ran = threading.Event()
    plugin_jobs(ScheduledJob("test_boom", "Tâche qui échoue", "0 2 * * *", _boom),
                ScheduledJob("test_next", "Tâche suivante", "5 2 * * *", ran.set))
    planned = [item for item in planned_jobs() if item.job.name.startswith("test_")]
    scheduler = build_scheduler(planned, BackgroundScheduler)
    with caplog.at_level(logging.INFO, logger="portal.schedule"):
        scheduler.start()
        try:
            now = dt.datetime.now(time_zone())
            scheduler.modify_job("test_boom", next_run_time=now)
            scheduler.modify_job("test_next", next_run_time=now + dt.timedelta(milliseconds=200))
            assert ran.wait(10), "the job after the failing one did not run"
            next_boom = scheduler.get_job("test_boom").next_run_time
        finally:
            scheduler.shutdown(wait=True)
    failure = next(r for r in caplog.records if "en échec" in r.getMessage())
    assert failure.getMessage() == ("Tâche planifiée « test_boom » (Tâche qui échoue) en échec ; "
                                    "elle repartira à sa prochaine heure.")
    assert failure.exc_info and "serveur de courriel injoignable" in caplog.text  # the traceback is in the log
    assert (next_boom.hour, next_boom.minute) == (2, 0) and next_boom > now  # its next run is still planned


def test_once_runs_a_job_now_and_says_in_french_when_it_fails_or_is_unknown(plugin_jobs, caplog):
    plugin_jobs(ScheduledJob("test_boom", "Tâche qui échoue", "0 2 * * *", _boom))
    with pytest.raises(CommandError, match="La tâche « test_boom » a échoué"):
        call_command("run_schedule", "--once", "test_boom")
    assert "serveur de courriel injoignable" in caplog.text
    with pytest.raises(CommandError, match="Tâche inconnue : « purge »"):
        call_command("run_schedule", "--once", "purge")


def test_a_job_with_a_wrong_cron_line_or_a_taken_name_is_left_out_not_the_others(plugin_jobs, caplog):
    plugin_jobs(ScheduledJob("test_wrong", "Horaire faux", "99 * * * *", _boom),
                ScheduledJob("send_digests", "Homonyme", "0 1 * * *", _boom))
    planned = {item.job.name: item.job for item in planned_jobs()}
    assert "test_wrong" not in planned and planned["send_digests"].label != "Homonyme"
    assert {"send_digests", "send_week_reminders", "clearsessions", "sas_purge"} <= set(planned)
    assert "« test_wrong » ignorée : horaire « 99 * * * * » invalide" in caplog.text
    assert "« send_digests » ignorée : une autre tâche porte déjà ce nom" in caplog.text


@pytest.mark.django_db
def test_the_week_reminders_job_reminds_the_bilans_of_this_school_year_only():
    lycee = factories.establishment("Lycée Flora Tristan", "creteil", commune="Noisy-le-Grand")
    factories.user("redacteur.tristan", role="editor", establishment=lycee)
    today = dt.date.today()
    for code, ended in (("2010-2011", dt.date(2010, 11, 20)), ("2099-2100", today - dt.timedelta(days=1))):
        week = PerseveranceWeek.objects.create(academie=lycee.academie, school_year=SchoolYear.objects.create(code=code),
                                               end_date=ended)
        PerseveranceWeekAction.objects.create(week=week, establishment=lycee, title=f"Action {code}")
    call_command("run_schedule", "--once", "send_week_reminders")
    assert [message.subject for message in mail.outbox] == [
        "Semaine de la persévérance : bilan attendu pour « Action 2099-2100 »"]
