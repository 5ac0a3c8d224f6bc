# Two commands for a fresh machine:
#   make run   installs everything, migrates, seeds synthetic demo data and serves http://127.0.0.1:8000
#   make test  installs everything and runs the whole suite (unit, PostgreSQL when DATABASE_URL names it, browser)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_CHILDREN ?= 2000

.PHONY: install install-system install-python install-frontend install-browser run serve seed test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install-python: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

install-frontend:
	npm ci --no-audit --no-fund --silent
	npm run --silent build

# Debian packages: Pango for WeasyPrint's PDFs (plans and letters), and fonts.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation
install-system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null); \
	  else \
	    echo "Missing Debian packages:$$missing. Run 'sudo apt-get install$$missing' and try again." >&2; exit 1; \
	  fi; \
	fi

# Browser tests drive Debian's Chromium: Playwright's own browser download is not used.
install-browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null); \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' and try again." >&2; exit 1; \
	  fi; \
	fi

install: install-system install-python install-frontend

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py collectstatic --no-input -v0
	DEBUG=1 $(BIN)/python manage.py seed_demo --children $(DEMO_CHILDREN) --seed 1 --if-empty
	DEBUG=1 $(BIN)/python manage.py seed_linkage_quality_demo --seed 1
	@echo ""
	@echo "sendcase is starting on http://127.0.0.1:8000 (press Ctrl+C to stop)."
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install-python
	$(BIN)/ruff check .

test: install install-browser lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var src/sendcase/static/govuk src/sendcase/static/vendor
