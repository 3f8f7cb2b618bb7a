# archivist: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-scale clean

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
	$(MAKE) bench-scale

# issue 7: migrate throughput and peak memory per size, database and engine, beside the
# I/O floor (bench/scale_bench.py); 200,000 articles take hours on 2 cores
SCALE_SIZES ?= 10000,200000
SCALE_REPEATS ?= 3
bench-scale: install
	$(BIN)/python -m bench.scale_bench --sizes $(SCALE_SIZES) --repeats $(SCALE_REPEATS)

clean:
	rm -rf $(VENV) archive.db build *.egg-info .pytest_cache .mypy_cache
