# gongkai: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-postgres bench system-deps migrate demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo

run: migrate
	sh scripts/system-deps.sh runtime
	$(PY) manage.py demo --if-empty
	# the task queue's worker (bulk checks, notices) runs beside the server and stops with it
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; $(PY) manage.py runserver $(HOST)

system-deps:
	sh scripts/system-deps.sh

test: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install system-deps
	sh scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

# SIZE=S (default) or SIZE=M; the generated data set is cached under var/bench/
bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .hypothesis screenshots
