# The two set-up commands: `make run` and `make test`. Everything else is a helper for them.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)

.PHONY: run test install lint serve worker clean

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "A Python >= 3.12 is needed (see above)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

## Migrate, load the demo data and serve the app with a Celery worker and beat.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	scripts/run-all "$(PY)"

## The whole test suite.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/ .pytest_cache
