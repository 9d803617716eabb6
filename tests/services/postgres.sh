#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, from Debian's packages.
#   postgres.sh start   install the server if missing, create a cluster, start it, create the database
#   postgres.sh stop    stop it
# Environment: PG_PORT (default 54329), PG_DATA (default /tmp/accroche-pg-$PG_PORT),
# PG_DB / PG_USER (default accroche). Prints the DATABASE_URL to use.
set -euo pipefail
PG_PORT="${PG_PORT:-54329}"
PG_DATA="${PG_DATA:-/tmp/accroche-pg-$PG_PORT}"
PG_DB="${PG_DB:-accroche}"
PG_USER="${PG_USER:-accroche}"
SOCKET_DIR="$PG_DATA/socket"

say() { echo "[postgres] $*"; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_server() {
  say "aucun serveur PostgreSQL trouvé : installation depuis les paquets Debian"
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; else
      say "ERREUR : installez le paquet Debian « postgresql » (apt-get install postgresql) puis relancez."; exit 1
    fi
  else SUDO=""; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
}

# The server refuses to run as root: as root, run it as the "postgres" system user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  BIN="$(find_bindir || true)"
  if [ -z "$BIN" ]; then install_server; BIN="$(find_bindir)"; fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "création du cluster dans $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_owner "$BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  mkdir -p "$SOCKET_DIR"; [ "$(id -u)" -eq 0 ] && chown postgres: "$SOCKET_DIR"
  if as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    say "déjà démarré sur 127.0.0.1:$PG_PORT"
  else
    say "démarrage sur 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
      -o "-p $PG_PORT -k $SOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
      || { say "ERREUR : le serveur n'a pas démarré ; journal :"; tail -n 20 "$PG_DATA/server.log"; exit 1; }
  fi
  if ! "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  fi
  say "prêt : DATABASE_URL=postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
}

stop() {
  BIN="$(find_bindir || true)"
  if [ -n "$BIN" ] && [ -s "$PG_DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && say "arrêté"
  else
    say "non démarré"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
