"""Real processes for the network test: a portal and establishment nodes, each its own
PostgreSQL database (cloned from the migrated test database), server and worker."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

from tests import databases
from tests.deploy.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def clone_database(template: str, name: str) -> str:
    """A new database copied from ``template`` (already migrated and bootstrapped); its URL."""
    databases.copy_database(template, name)
    return databases.database_url(name)


def drop_database(url: str) -> None:
    databases.drop_database(psycopg.conninfo.conninfo_to_dict(url)["dbname"])


@dataclass
class Deployment:
    """One deployment of Accroche (a portal or a node): its environment and its processes."""

    name: str
    database_url: str
    settings: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "DATABASE_URL", "ELASTICSEARCH_URL", "ACCROCHE_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.production", DJANGO_SECRET_KEY="e2e-network-" + self.name * 8,
            DJANGO_SECURE_SSL_REDIRECT="False", DJANGO_ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=self.database_url,
            LOG_LEVEL="WARNING", **self.settings,
        )
        return env

    def open_console(self) -> None:
        """Start the deployment's console (tests/e2e_network/driver.py); :meth:`run` talks to it."""
        self.processes["console"] = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("driver.py"))], cwd=ROOT, env=self.env(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True)

    def run(self, code: str) -> str:
        console = self.processes["console"]
        console.stdin.write(json.dumps({"code": code}) + "\n")
        console.stdin.flush()
        line = console.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} : la console s'est arrêtée")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(f"{self.name} :\n{answer['error']}")
        return answer["out"]

    def manage(self, *args: str) -> str:
        """A management command, run in the console."""
        return self.run(f"from django.core.management import call_command; call_command(*{list(args)!r})")

    def log(self, kind: str) -> Path:
        return self.log_dir / f"{self.name}-{kind}.log"

    def start(self, kind: str, *command: str) -> None:
        with self.log(kind).open("a") as log:
            self.processes[kind] = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=subprocess.DEVNULL,
                                                    stderr=log, start_new_session=True)

    def serve(self) -> None:
        self.start("web", sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-b", f"127.0.0.1:{self.port}",
                   "-w", "1", "--threads", "4", "--graceful-timeout", "1")

    def work(self) -> None:
        self.start("worker", sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay")

    def wait_until_served(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                requests.get(self.url + path, timeout=10)
                return
            except (requests.ConnectionError, requests.Timeout):
                web = self.processes["web"]
                if web.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name} n'a pas démarré : {self.log('web').read_text()[-2000:]}")
                time.sleep(0.2)

    def kill(self, kind: str) -> None:
        process = self.processes.pop(kind)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for kind in list(self.processes):
            process = self.processes[kind]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            del self.processes[kind]

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).fetchall()


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"délai dépassé : {what}")
        time.sleep(interval)
