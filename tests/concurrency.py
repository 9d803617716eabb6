"""Two requests at the same moment (a double click, two people on one object), against the real PostgreSQL.

Each request runs in its own thread, so on its own database connection: what the test wrote for them must be
committed first (:func:`in_own_connection`), and the threads are released together (:func:`together`).
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client


def force_login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def creation_token(user, url: str) -> str:
    """The token the creation form at ``url`` is shown with (portal/create_once.py): what the browser sends
    back with each click on its button. Asked from a connection of its own: signing in writes the account's row,
    which the test's open transaction would otherwise hold against the requests' threads."""
    html = in_own_connection(lambda: force_login(Client(), user).get(url).content.decode())
    return re.search(r'name="creation_token" value="([^"]+)"', html).group(1)


def in_own_connection(function):
    """``function()`` run in a thread with its own (autocommit) database connection, so that what it writes
    is committed and the requests' threads see it; its result."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except Exception as error:  # noqa: BLE001 - raised again in the caller
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def backend_pid() -> int:
    """The PostgreSQL backend of this thread's connection (what :func:`release_when_waiting` watches)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waits_for_a_lock(pid: int) -> bool:
    def read():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'",
                           [pid])
            return cursor.fetchone()[0] > 0
    return in_own_connection(read)


def release_when_waiting(jobs, release: threading.Event, done: threading.Event, waiter: list[int]) -> None:
    """Each of ``jobs`` run in its own thread and connection; ``release`` set (the first job, holding a lock, then
    commits) once ``done`` is set or the backend in ``waiter`` (:func:`backend_pid`, appended by the second job)
    waits for a lock; then the threads waited for."""
    threads = [threading.Thread(target=in_own_connection, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    while not done.is_set() and not (waiter and _waits_for_a_lock(waiter[0])):
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(timeout=60)


def post_form(client: Client, url: str, data):
    return client.post(url, data)


def together(*posts, sign_in: Callable[[Client, object], Client] = force_login,
             send: Callable[[Client, str, object], object] = post_form) -> list:
    """Each ``(user, url, data)`` POSTed from its own thread and connection, signed in by ``sign_in`` and sent
    by ``send`` (a form by default), the threads released together; their responses (or exceptions), in the
    order of ``posts``."""
    barrier, results = threading.Barrier(len(posts)), [None] * len(posts)

    def post(n, user, url, data):
        try:
            client = sign_in(Client(), user)
            barrier.wait(timeout=30)
            results[n] = send(client, url, data)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n, *posted)) for n, posted in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
