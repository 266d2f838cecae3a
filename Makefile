# luoshi: `make site` builds the site into site/, `make test` runs every test.
# Both set up what they need themselves: a virtualenv in .venv (and, for the
# tests, Debian's chromium and CJK fonts through apt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.luoshi-site
TEST_STAMP := $(VENV)/.luoshi-test
BENCH_STAMP := $(VENV)/.luoshi-bench
PRESET ?= city

.PHONY: site validate test lint browser serve bench clean

site: $(SITE_STAMP)
	$(BIN)/luoshi validate
	$(BIN)/luoshi build --datasets datasets/datapackage.json --out site

validate: $(SITE_STAMP)
	$(BIN)/luoshi validate

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The benchmark's own dependencies (psutil, playwright): the `bench` extra.
$(BENCH_STAMP): pyproject.toml $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Headless tests drive Debian's chromium; never a browser downloaded at run time.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check generators tools build_backend scripts tests
	$(BIN)/ruff format --check generators tools build_backend scripts tests

test: $(TEST_STAMP) browser lint
	$(BIN)/python -m pytest -q

serve: site
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

bench: $(BENCH_STAMP) browser
	$(BIN)/luoshi-tools bench --preset $(PRESET)

clean:
	rm -rf site .site-* .luoshi-cache build bench-results/*.tmp
