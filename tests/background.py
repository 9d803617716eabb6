"""Session setups that take minutes (the embedded portal's demo database, the deployment's template
database) start in a background thread as soon as collection shows that a test will need them.

They run ``manage.py`` / ``entrypoint.sh`` in child processes, so on two cores they overlap with the
hundreds of unit tests that come first instead of stalling the session when the first browser or
deployment test asks for them. The fixture that needs one calls :func:`result`, which waits for it
(or runs it there and then when nothing started it) and re-raises its error in that test.
"""
from __future__ import annotations

import threading
from typing import Callable

_builds: dict[str, "_Build"] = {}


class _Build:
    def __init__(self, build: Callable[[], object]):
        self._build = build
        self._value = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self._value = self._build()
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


def start(name: str, build: Callable[[], object]) -> None:
    """Start ``build`` in the background under ``name`` unless it already started."""
    if name not in _builds:
        _builds[name] = _Build(build).start()


def result(name: str, build: Callable[[], object]):
    """The value of the build ``name``: waited for when it runs in the background, else run now."""
    start(name, build)
    return _builds[name].wait()
