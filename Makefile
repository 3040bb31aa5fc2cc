# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SYSTEM_PACKAGES := chromium gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils

.PHONY: run test bench setup system venv messages migrate demo clean

run: setup migrate demo
	@$(PY) manage.py demodata --print-logins
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Seeds 100,000 trajecten into a throwaway PostgreSQL, serves them with gunicorn and measures (bench/README.md).
bench: setup $(VENV)/.bench-installed
	bash bench/run $(BENCH_ARGS)

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check '.[bench]'
	touch $@

setup: system venv messages

# Debian packages the app and its tests use (never a downloaded browser build).
system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check '.[dev]'
	touch $@

messages: venv
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: venv
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py demodata

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 build *.egg-info
