#!/usr/bin/env bash
# `make node`: a second, separate establishment node beside the running demo portal (`make run`):
# its own SQLite database and port, its own key, enrolled on the portal by a management command,
# its SAS report built and sent over HTTP, then served on NODE_PORT.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORTAL_URL=${PORTAL_URL:-http://$HOST:${PORT:-8000}}
NODE_PORT=${NODE_PORT:-8001}
NODE_DIR=${NODE_DIR:-$PWD/var/node}
NODE_UAI=${NODE_UAI:-0470018L}
mkdir -p "$NODE_DIR"

portal() { "$PY" manage.py "$@"; }  # the demo portal's own configuration (var/keys, db.sqlite3)
NODE_ENV=(ACCROCHE_ROLE=node "DATABASE_URL=sqlite:///$NODE_DIR/db.sqlite3" "ACCROCHE_KEY_DIR=$NODE_DIR/keys"
          "ACCROCHE_NODE_UAI=$NODE_UAI" "ACCROCHE_PORTAL_URL=$PORTAL_URL"
          "ACCROCHE_PORTAL_PUBLIC_KEY=$(portal portal_public_key)")
node() { env "${NODE_ENV[@]}" "$PY" manage.py "$@"; }

echo "==> Nœud $NODE_UAI : base $NODE_DIR/db.sqlite3"
node migrate --noinput >/dev/null
node load_demo >/dev/null
node sas_load_demo >/dev/null
echo "==> Clé du nœud (l'empreinte doit être la même que celle enregistrée par l'académie)"
KEYGEN=$(node node_keygen)
echo "$KEYGEN"
echo "==> Enregistrement de la clé sur le portail (administrateur de l'académie)"
portal register_establishment_key "$NODE_UAI" "$(sed -n 's/^Clé publique : //p' <<<"$KEYGEN")"
echo "==> Rapport d'indicateurs, envoyé au portail $PORTAL_URL"
node report_indicators --uai "$NODE_UAI"
node send_reports --now
echo "==> Nœud sur http://$HOST:$NODE_PORT/ (Ctrl-C pour l'arrêter)"
exec env "${NODE_ENV[@]}" "$PY" manage.py runserver --noreload "$HOST:$NODE_PORT"
