# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The package alone is enough for the demo (every dependency ships a wheel: no compiler);
# the test and check tools come on top for `make test` and `make check`.
RUN    := $(VENV)/.installed-run
STAMP  := $(VENV)/.installed

.PHONY: demo test check format bench clean

$(RUN): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(RUN)

$(STAMP): $(RUN)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(RUN)
	$(VENV)/bin/allyhub demo

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: $(STAMP)
	$(VENV)/bin/allyhub bench all

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info
