# The README's two commands: `make demo` (set up, build the graph from the sample articles on
# the embedded store) and `make test` (set up, fetch Neo4j and a browser, run every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint browser neo4j-jars clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/kg build data/samples data/articles

neo4j-jars: setup
	$(BIN)/kg neo4j fetch

browser:
	@bash scripts/install-browser.sh

lint: setup
	$(BIN)/ruff check kg tests bench

test: setup neo4j-jars browser lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .kg
