#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: the system packages the tests need,
# a real PostgreSQL, a real Elasticsearch 8 node, Debian's Chromium, then pytest.
# Services started here are stopped at the end; ones already running are left alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
export PG_PORT="${PG_PORT:-54329}"
export ES_PORT="${ES_PORT:-9217}"
export DATABASE_URL="${DATABASE_URL:-postgres://accroche@127.0.0.1:$PG_PORT/accroche}"
export ACCROCHE_TEST_ES_URL="${ACCROCHE_TEST_ES_URL:-http://127.0.0.1:$ES_PORT}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
mkdir -p artifacts

apt_install() {
  local missing=("$@")
  echo "==> Paquets Debian manquants : ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=""; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need=()
[ -x "$CHROMIUM_PATH" ] || need+=(chromium)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v mvn >/dev/null || need+=(maven)
# Elasticsearch and the build of search/es_node need a JDK 17 or newer (Debian's default JDK is).
command -v javac >/dev/null || need+=(default-jdk-headless)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

started_pg=0; started_es=0
cleanup() {
  [ $started_es -eq 1 ] && search/es_node/esctl stop || true
  [ $started_pg -eq 1 ] && bash tests/services/postgres.sh stop || true
}
trap cleanup EXIT

echo "==> PostgreSQL"
if ! (echo > "/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then started_pg=1; fi
bash tests/services/postgres.sh start

echo "==> Elasticsearch 8 (premier lancement : résolution Maven, une minute environ)"
if ! search/es_node/esctl status >/dev/null 2>&1; then started_es=1; fi
search/es_node/esctl start

echo "==> Tests"
status=0
# Two pytest-xdist workers (PYTEST_WORKERS to change): a test file, or the tests of one served
# deployment, run on one worker (tests/conftest.py). The slowest tests are listed at the end, to keep
# the suite within its time budget.
$PY -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup --no-loadscope-reorder --durations=25 "$@" || status=$?
exit $status
