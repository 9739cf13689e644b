# gikdata: `make help` lists the targets. Two commands set up everything on a fresh machine:
#   make demo   (the main job on the default corpus)    make test   (the test suite)
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/derived/gik.duckdb
BRIEFS := data/derived/briefs
# JupyterLab refuses to run as root without --allow-root: given only then.
USER_ID ?= $(shell id -u)
ALLOW_ROOT := $(if $(filter 0,$(USER_ID)),--allow-root)
# pip prints one warning per package about this machine's local index folders: not ours.
PIPQ := 2>&1 | { grep -v -E "is ignored: it is neither a file nor a directory" || true; }

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //' | awk -F': ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "gikdata needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip $(PIPQ)

$(VENV)/.installed-notebook: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[notebook]" $(PIPQ)
	$(BIN)/python -m ipykernel install --sys-prefix --name gikdata --display-name "Python (gikdata)" >/dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-notebook
	$(BIN)/pip install -q -e ".[notebook,test]" $(PIPQ)
	touch $@

## install: create .venv and install gikdata with its notebook extras
install: $(VENV)/.installed-notebook

## sysdeps: install Debian's chromium and fonts-noto-cjk (for the browser tests) when missing
sysdeps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null; then \
		echo "installing chromium and fonts-noto-cjk (apt)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	fi

## ingest: rebuild data/derived/gik.duckdb from data/raw
ingest: install
	$(BIN)/gik ingest --db $(DB)

JOBS ?= 2
## briefs: render every brief (agencies, comparisons, overview) and index.html into data/derived/briefs; unchanged ones are skipped
briefs: ingest
	$(BIN)/gik briefs --all --jobs $(JOBS) --db $(DB) --out $(BRIEFS)

## demo: the main job on the default corpus: install, ingest, render the briefs
demo: briefs
	@echo ""
	@echo "database:  $(DB)   (try: $(BIN)/gik sql \"select * from panel\")"
	@echo "briefs:    $(BRIEFS)/index.html"

## test: install test extras and system packages, then run the whole suite
test: $(VENV)/.installed-test sysdeps
	$(BIN)/python -m pytest -q

## lint: ruff and the import-layer contracts
lint: $(VENV)/.installed-test
	$(BIN)/ruff check gikdata tests bench scripts
	$(BIN)/lint-imports

## bench: benchmarks that print figures (not part of the tests; bench/run.py lists them)
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

## lab: JupyterLab with the `gikdata` kernel (registered inside .venv), opening on explore.ipynb (--allow-root only as root)
lab: install
	$(BIN)/python -m ipykernel install --sys-prefix --name gikdata --display-name "Python (gikdata)" >/dev/null
	$(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/explore.ipynb

## clean: remove everything generated (all of data/derived but its README, caches, build and test leftovers); data/raw and .venv stay
clean:
	[ ! -d data/derived ] || find data/derived -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .cache build dist gikdata.egg-info .pytest_cache .ruff_cache .hypothesis bench/results
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

.PHONY: help install sysdeps ingest briefs demo test lint bench lab clean
