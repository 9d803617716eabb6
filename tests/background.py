"""Session setups that take minutes (the embedded portal's demo database, the deployment's template
database) start in a background thread as soon as collection shows that a test will need them.

They run ``manage.py`` / ``entrypoint.sh`` in child processes, so on two cores they overlap with the
hundreds of unit tests that come first instead of stalling the session when the first browser or
deployment test asks for them. The fixture that needs one calls :func:`result`, which waits for it
(or runs it there and then when nothing started it) and re-raises its error in that test.

``make test`` runs the suite on several pytest-xdist workers. Each worker collects every test, so
each would start the same builds: a build runs once per test run, under a file lock in the run's
shared folder (:func:`shared_folder`); the workers that ask later wait for it and read its result.
"""
from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path
from typing import Callable

SHARED_FOLDER_VARIABLE = "ACCROCHE_TEST_SHARED_DIR"

_builds: dict[str, "_Build"] = {}


def shared_folder() -> Path:
    """The folder every worker of this test run shares (made and removed by tests/conftest.py)."""
    return Path(os.environ[SHARED_FOLDER_VARIABLE])


def _result_file(name: str) -> Path:
    """Where the build ``name`` leaves its JSON result for the other workers."""
    return shared_folder() / f"{name}.json"


def _once(name: str, build: Callable[[], object]):
    """``build()``'s JSON result, computed by the first worker that asks for it in this test run."""
    with open(shared_folder() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = _result_file(name)
        if done.exists():
            return json.loads(done.read_text())
        value = build()
        done.write_text(json.dumps(value))
        return value


class _Build:
    def __init__(self, name: str, build: Callable[[], object]):
        self._name = name
        self._build = build
        self._value = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self._value = _once(self._name, self._build)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test that waits for it
            self._error = error

    def start(self) -> "_Build":
        self._thread.start()
        return self

    def wait(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def finished(name: str):
    """The value of the build ``name`` if a process of this test run finished it, else None."""
    done = _result_file(name)
    return json.loads(done.read_text()) if done.exists() else None


def start(name: str, build: Callable[[], object]) -> None:
    """Start ``build`` in the background under ``name`` unless it already started."""
    if name not in _builds:
        _builds[name] = _Build(name, build).start()


def result(name: str, build: Callable[[], object]):
    """The value of the build ``name``: waited for when it runs in the background, else run now."""
    start(name, build)
    return _builds[name].wait()
