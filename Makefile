# Accroche — two commands on a fresh machine:
#   make run    set up and serve the portal with demo data on http://127.0.0.1:8000
#   make test   set up and run the whole test suite (PostgreSQL, Elasticsearch, Chromium)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run node test install install-test migrate demo es es-stop es-status pg pg-stop check messages clean

$(VENV)/.installed: pyproject.toml
	@echo "==> Environnement Python ($(VENV))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@echo "==> Installation des dépendances (quelques minutes la première fois)"
	@$(PY) -m pip install --quiet --progress-bar off -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "==> Dépendances de test"
	@$(PY) -m pip install --quiet --progress-bar off -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	@echo "==> Base SQLite et migrations"
	@$(PY) manage.py migrate --noinput

demo: migrate
	@echo "==> Données de démonstration"
	@$(PY) manage.py load_demo
	@$(PY) manage.py sas_load_demo
	@$(PY) manage.py indicators_load_demo
	@echo "==> Rapport d'indicateurs de la campagne SAS, envoyé au portail (HTTP signé)"
	@$(PY) manage.py report_indicators
	@$(PY) manage.py demo_send_reports
	@$(PY) manage.py networks_load_demo

run: demo
	@echo "==> Portail sur http://$(HOST):$(PORT)/  (administration : http://$(HOST):$(PORT)/admin/, voir README)"
	@$(PY) manage.py runserver $(HOST):$(PORT)

# A second establishment node (own SQLite database, port NODE_PORT) reporting to `make run`'s portal.
node: install
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash portal/outbox/node_demo.sh

test: install-test
	@bash tests/services/run-suite.sh

pg:
	@bash tests/services/postgres.sh start
pg-stop:
	@bash tests/services/postgres.sh stop

es:
	@search/es_node/esctl start
es-stop:
	@search/es_node/esctl stop
es-status:
	@search/es_node/esctl status

check: install
	@DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-secret-but-long-enough-to-pass-the-deploy-check-1234567890 \
	  DJANGO_ALLOWED_HOSTS=accroche.example.org DJANGO_SETTINGS_MODULE=portal.settings.production \
	  $(PY) manage.py check --deploy --fail-level WARNING
	@$(PY) manage.py makemigrations --check --dry-run

# The French catalogues (portal/locale, plugins/builtin/sas/locale): extract the strings, then compile
# them; needs GNU gettext. Counted strings need their two forms written in (docs/architecture.md, "Translations").
NOT_TRANSLATED := $(VENV) tests artifacts bench docker docs var build search/es_node '*.egg-info'
messages: install
	@$(PY) manage.py makemessages -l fr --no-obsolete --add-location=file $(addprefix -i ,$(NOT_TRANSLATED))
	@$(PY) manage.py compilemessages -l fr -i '.*' $(addprefix -i ,$(NOT_TRANSLATED))

clean:
	rm -rf $(VENV) db.sqlite3 var .cache
