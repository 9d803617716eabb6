"""The embedded portal's database, as `make run` fills it: SQLite, dev settings, the demo loaded."""
import os
import subprocess
import sys
from pathlib import Path

from tests import background

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = (["migrate", "--noinput"], ["load_demo"], ["sas_load_demo"], ["networks_load_demo"])


def environment(db_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ELASTICSEARCH_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=f"sqlite:///{db_path}", DJANGO_DEBUG="True")
    return env


def build_database() -> dict:
    """A new SQLite database with the demo in the test run's shared folder (removed when the run
    ends); the environment of the processes that use it."""
    folder = background.shared_folder() / "embedded"
    folder.mkdir()
    env = environment(folder / "db.sqlite3")
    for command in DEMO_COMMANDS:
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(command)} a échoué ({done.returncode}) :\n{done.stderr[-3000:]}")
    return env
