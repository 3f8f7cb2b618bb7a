# archivist: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/archivist demo

test: install
	$(BIN)/python -m pytest -n 2 -q

lint: install
	$(BIN)/ruff check archivist tests bench
	$(BIN)/ruff format --check archivist tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) archive.db build *.egg-info .pytest_cache .mypy_cache
