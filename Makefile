# BERT, built by hand — set-up and everyday commands. `make lab` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root unless told to.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: setup lab test test-fast release check-release grade-demo bench doctor clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

lab: setup
	$(BIN)/python -m ipykernel install --user --name bertcourse --display-name "Python (BERT course)" >/dev/null
	@echo "Opening JupyterLab on the course; open the URL printed below (start with course/00_setup.ipynb)."
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(ROOT_FLAG) course/00_setup.ipynb

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

release: setup
	$(BIN)/bertcourse release

check-release: setup
	$(BIN)/bertcourse check-release

doctor: setup
	$(BIN)/bertcourse doctor

bench: setup
	$(BIN)/python benchmarks/bench_model.py

clean:
	rm -rf $(VENV) build out .pytest_cache
