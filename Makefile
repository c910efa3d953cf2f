# The two commands a newcomer needs: `make run` and `make test`.
# Everything they depend on is installed by the targets below.

PYTHON_BIN := $(shell ./scripts/find-python.sh)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test setup install migrate demo system-packages lint check pytest \
        test-postgres messages openapi bench bench-admin bench-http screenshots clean

ifeq ($(PYTHON_BIN),)
$(error No Python 3.12+ interpreter found; see the message above)
endif

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

# The demo site's address follows PORT (see portal/settings/dev.py).
demo: migrate
	PORTAL_DEV_PORT=$(PORT) $(MANAGE) load_demo_content

setup: demo
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) create_demo_users

run: setup
	PORT=$(PORT) ./scripts/run-dev.sh

system-packages:
	./scripts/ensure-system-packages.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install system-packages
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	./scripts/check-messages.sh

# --frozen-clocks: the date-dependent tests run once more at each awkward
# instant (Monday 00:30, both daylight-saving changes, New Year's Eve).
pytest: install system-packages
	$(VENV)/bin/pytest --frozen-clocks

test: lint check pytest

# The same suite against a throwaway PostgreSQL database (see README).
test-postgres: install system-packages
	./scripts/test-postgres.sh

# Refresh the catalogues after changing user-facing text, translate the new
# English entries, then run it again to compile.
messages: install system-packages
	$(MANAGE) makemessages --locale sv --locale en --no-location --no-obsolete \
		--ignore "$(VENV)/*" --ignore "tests/*" --ignore "bench/*" --ignore "staticfiles/*"
	$(MANAGE) compilemessages --ignore "$(VENV)/*"

# Rewrite docs/openapi.yaml after changing the API (a test fails while it is stale).
openapi: install
	$(MANAGE) spectacular --file docs/openapi.yaml --validate --fail-on-warn

bench: install
	$(PY) bench/run.py

# The portal over HTTP beside its bare-view ceiling (see bench/http.py):
# needs PostgreSQL on 127.0.0.1:5432; BENCH_ARGS=--varnish adds the HTTP cache.
bench-http: install
	./scripts/ensure-system-packages.sh --bench
	$(PY) -m bench.http $(BENCH_ARGS)

# Render docs/screenshots/ from a throwaway database and server (see the script).
screenshots: install system-packages
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 var

# The moderation admin at 100,000 comments on a throwaway PostgreSQL database
# (see bench/admin.py; BENCH_COMMENTS, BENCH_ROUNDS and BENCH_POSTGRES_URL).
bench-admin: install
	$(PY) bench/admin.py
