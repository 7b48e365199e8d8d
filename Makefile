# GBF Dashboard — the two commands a newcomer needs:
#   make run    create .venv, install, build the sample database if missing, start the app on :8501
#   make test   the same set-up plus dev tools (and, as root on Debian, PostGIS, Chromium, Noto CJK),
#               then ruff and pytest
# Other targets: make bench (national-scale benchmarks), make sample-db, make clean.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB := var/gbf_sample.sqlite
PORT ?= 8501

.PHONY: run test lint pytest bench sample-db system-deps clean screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

sample-db: $(VENV)/.runtime-installed
	@if [ -z "$$DATABASE_URL" ]; then $(BIN)/python cli.py --db sqlite:///$(SAMPLE_DB) init --sample --if-missing; \
	else echo "DATABASE_URL is set: using it, no sample database built"; fi

run: sample-db
	$(BIN)/python cli.py serve --port $(PORT)

system-deps:
	@bash scripts/install_system_deps.sh

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

pytest: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

test: $(VENV)/.dev-installed system-deps lint pytest

bench: $(VENV)/.dev-installed system-deps
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

screenshots: $(VENV)/.dev-installed system-deps
	GBF_SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/test_browser.py -q
