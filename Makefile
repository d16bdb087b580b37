# Tavola: `make run` to start, `make test` to run every test. Nothing else is needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test demo lint format chromium clean translations bench-phone bench-exports bench-scale

# The interface catalogues, compiled to the .mo files the server reads (not committed).
MO := $(patsubst %.po,%.mo,$(wildcard workshop/translations/*/LC_MESSAGES/messages.po))

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

%.mo: %.po | $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile --statistics -i $< -o $@

## translations: compile the interface catalogues (flask --app workshop translate --help for more)
translations: $(MO)

## run: install, create the database, start the server (gunicorn + gevent) and print the address
run: $(VENV)/.installed translations
	$(PY) run.py

## demo: add a finished demo workshop to the database and print its links
demo: $(VENV)/.installed translations
	$(VENV)/bin/flask --app workshop demo

## chromium: Debian's Chromium for the end-to-end tests (Playwright cannot download browsers here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## test: lint, then the whole suite (services, real-server sockets, browser end-to-end)
test: $(VENV)/.installed-test translations chromium lint
	$(PY) -m pytest $(PYTEST_ARGS)

## bench-phone: page weight and load times on a throttled phone (Slow 3G, 4x CPU); see bench/
bench-phone: $(VENV)/.installed-test translations chromium
	$(PY) bench/phone_slow3g.py

## bench-exports: render time of every export format, and a live room's latency while PDFs are made
bench-exports: $(VENV)/.installed-test translations
	$(PY) bench/exports.py

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

## bench-scale: 1,000 phones on one server process (joins, votes, memory), the naive baseline, two processes
bench-scale: $(VENV)/.installed-bench translations
	$(PY) bench/scale.py $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
