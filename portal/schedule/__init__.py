"""The periodic jobs of a deployment (digests, Semaine reminders, expired sessions, and the plugins' jobs such as the
SAS retention purge), run at their times by one process: ``manage.py run_schedule`` (APScheduler)."""
