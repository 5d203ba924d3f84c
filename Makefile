# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# mkdocs-material >= 9.7 prints a banner about MkDocs 2.0 on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast check export bench lint serve clean pull due

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

site: $(VENV)/.installed
	$(BIN)/okrsite check
	$(BIN)/mkdocs build --clean --site-dir site

# The whole suite, after the linters (CI runs this through .ci/run).
test: lint node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest

# The quick subset while working: no browser, nothing marked slow.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not browser and not slow"

check: $(VENV)/.installed
	$(BIN)/okrsite check

# The example's warehouse is data/warehouse.sql, made into a SQLite file on each run; a real
# company sets OKRSITE_WAREHOUSE_URL to its own database instead (README, "The weekly cadence").
pull: $(VENV)/.installed
	rm -f data/warehouse.sqlite
	$(BIN)/python -c "import sqlite3; sqlite3.connect('data/warehouse.sqlite').executescript(open('data/warehouse.sql', encoding='utf-8').read())"
	OKRSITE_WAREHOUSE_URL=sqlite:///data/warehouse.sqlite $(BIN)/okrsite pull

due: $(VENV)/.installed
	$(BIN)/okrsite due

export: $(VENV)/.installed
	$(BIN)/okrsite export -o okrs.json

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

# ruff over everything, mypy in strict mode (pyproject.toml) over the package.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check okrsite tests bench
	$(BIN)/ruff format --check okrsite
	$(BIN)/mypy okrsite

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

clean:
	rm -rf site .cache $(VENV) node_modules data/warehouse.sqlite
