# The two set-up commands: `make run` and `make test`. Everything else is a helper for them.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)

# uv reads no pip configuration: the locks hold PyPI's own files and hashes (uv's default index),
# whatever extra indexes or local wheels this machine's pip is pointed at. --universal: one lock
# for every platform and Python >= 3.12.
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --quiet --no-config --universal \
	--python-version 3.12 --generate-hashes --custom-compile-command "make lock"

.PHONY: run test install lint lock serve worker clean messages catalogues

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "A Python >= 3.12 is needed (see above)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip

# requirements-dev.txt is the whole set (runtime and tools), every file pinned by its hash.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes --requirement requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

## Compile the translation catalogues (.po -> .mo) in pure Python: no GNU gettext needed.
catalogues: install
	$(PY) manage.py compile_catalogues

## Regenerate locale/{fr,es}/LC_MESSAGES/*.po from the code (needs GNU gettext's xgettext).
messages: install
	$(PY) manage.py update_catalogues

## Migrate, load the demo data and serve the app with a Celery worker and beat.
run: catalogues
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	scripts/run-all "$(PY)"

## The whole test suite.
test: catalogues
	$(PY) -m pytest $(PYTEST_ARGS)

## Lint, format check and type check: what .ci/run runs before the tests.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## Re-pin requirements.txt (runtime) and requirements-dev.txt (runtime + dev group) from
## pyproject.toml. Pins already in the files are kept unless pyproject.toml needs another;
## `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed.
lock: install
	$(LOCK) $(LOCK_ARGS) --output-file requirements.txt
	$(LOCK) $(LOCK_ARGS) --group dev --constraint requirements.txt --output-file requirements-dev.txt

clean:
	rm -rf var/ .pytest_cache .mypy_cache
