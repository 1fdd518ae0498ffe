# bigauto — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKS := requirements/dev.lock requirements/build.lock
# uv writes the locks (fast, and it never copies this machine's pip.conf indexes into them);
# it lives in its own throwaway venv, never in $(VENV). Installing needs only pip.
TOOLS := .venv-tools
UV_VERSION ?= 0.13.9
UV_COMPILE = $(TOOLS)/bin/uv pip compile --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command 'make lock' $(LOCK_FLAGS)

.PHONY: run test lint bench install lock clean

# Create the virtual environment if missing and (re)install when a lock or pyproject.toml changes.
# Every file comes from requirements/*.lock with its hash checked: first pip itself and the build
# backend, then the app's and the dev tools' pins, then the project, editable, built offline with
# the hashed backend (no build isolation, which would fetch hatchling unchecked).
$(STAMP): pyproject.toml $(LOCKS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/build.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Refresh the locks after a change to pyproject.toml's dependencies (existing pins are kept where
# they still fit). `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest allowed release.
lock:
	@test -x $(TOOLS)/bin/uv || { $(PYTHON) -m venv $(TOOLS) && \
		$(TOOLS)/bin/python -m pip install --quiet 'uv==$(UV_VERSION)'; }
	$(UV_COMPILE) pyproject.toml --extra dev -o requirements/dev.lock
	$(UV_COMPILE) requirements/build.in -c requirements/dev.lock -o requirements/build.lock

# Migrate, load demo data into an empty database, serve on http://127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/bigauto migrate
	$(BIN)/bigauto seed-demo --if-empty
	$(BIN)/bigauto serve

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache .hypothesis
