# Dossier — every workflow is one target. `make demo` and `make test` are the README's two commands.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= dossier.db
STAMP := $(VENV)/.installed

.PHONY: setup browser demo test test-fast lint format bench clean postgres postgres-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip  # pip 23.2 cannot resolve trafilatura's lxml[html-clean]
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)  ## virtual environment with Dossier and its dev tools

browser:  ## Debian's chromium for the browser tests (Playwright never downloads a browser)
	bash scripts/install_browser.sh

demo: setup  ## ingest the bundled example corpus, list it, and open the web app on http://127.0.0.1:8000
	$(BIN)/dossier ingest examples/corpus --db $(DB)
	$(BIN)/dossier docs --db $(DB)
	@if [ -z "$$CI" ]; then echo "web app: http://127.0.0.1:8000 (Ctrl-C to stop)"; $(BIN)/dossier serve --db $(DB); fi

test: setup browser  ## lint, type-check and run the whole test suite (slow end-to-end and browser tests included)
	$(BIN)/ruff check dossier tests bench
	$(BIN)/ruff format --check dossier tests bench
	$(BIN)/mypy
	@# the store tests run on SQLite and on a throwaway PostgreSQL cluster started here, stopped afterwards
	PGDATA_DIR=$$(mktemp -d /tmp/dossier-pg.XXXXXX) && \
	URL=$$(PGPORT=55433 bash scripts/postgres.sh start $$PGDATA_DIR) && \
	status=0; DOSSIER_TEST_PG=$$URL $(BIN)/python -m pytest -q || status=$$?; \
	bash scripts/postgres.sh stop $$PGDATA_DIR; rm -rf $$PGDATA_DIR; exit $$status

postgres:  ## a local PostgreSQL for --db postgresql://… (Debian's postgresql; data in .postgres/, port 55432)
	bash scripts/postgres.sh start $(CURDIR)/.postgres

postgres-stop:
	bash scripts/postgres.sh stop $(CURDIR)/.postgres

test-fast: setup  ## the test suite without the slow end-to-end tests
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check dossier tests bench
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format dossier tests bench
	$(BIN)/ruff check --fix dossier tests bench

bench: setup  ## accuracy and speed benchmarks against the shared corpora (ratios vs. baselines)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/metadata.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/annotate.py
	$(BIN)/python bench/timex.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/timeline.py
	$(BIN)/python bench/scale.py --quick  # the full run (100 → 10,000 documents) takes an hour: see its docstring

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm
