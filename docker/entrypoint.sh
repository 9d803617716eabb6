#!/bin/sh
# Accroche container entrypoint.
#
#   web              [migrate if ACCROCHE_MIGRATE_ON_START=1, the default] then gunicorn on 0.0.0.0:8000
#   worker [ARGS]    django-tasks background worker (django-tasks-db ORM backend): manage.py db_worker
#   scheduler [ARGS] the periodic jobs at their times (SAS retention purge, digests, reminders, sessions):
#                    manage.py run_schedule; one such process per deployment
#   migrate [ARGS]   one-shot: manage.py migrate --noinput (the compose "migrate" service)
#   manage ARGS      any management command, e.g. "manage createsuperuser"
#   anything else    executed as is (e.g. "sh" for a shell)
#
# ACCROCHE_APP_DIR (default /app, the image's) is where manage.py is: tests/deploy run this very
# script from a checkout. GUNICORN_BIND (default 0.0.0.0:8000, what the image exposes) is where
# gunicorn listens.
set -eu

cd "${ACCROCHE_APP_DIR:-/app}"

cmd="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$cmd" in
  web)
    if [ "${ACCROCHE_MIGRATE_ON_START:-1}" = "1" ]; then
      python manage.py migrate --noinput
    fi
    # portal/gunicorn_config.py: French pages for the malformed requests gunicorn answers itself (400, 414, 431).
    exec gunicorn portal.wsgi:application \
      --config python:portal.gunicorn_config \
      --bind "${GUNICORN_BIND:-0.0.0.0:8000}" \
      --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --access-logfile - \
      --error-logfile - \
      "$@"
    ;;
  worker)
    exec python manage.py db_worker "$@"
    ;;
  scheduler)
    exec python manage.py run_schedule "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    exec "$cmd" "$@"
    ;;
esac
