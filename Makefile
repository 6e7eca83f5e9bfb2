# Thin wrappers; every target sets up what it needs first and is quick when nothing changed, so
# any target works on a fresh clone and in any order (tests/test_makefile.py checks the graph).
# Run `make help` for the list.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DOCS_STAMP := $(VENV)/.docs-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build check test linkcheck pdf bench lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

serve: $(DOCS_STAMP) $(NODE_STAMP) ## Set up and serve the site with live reload on http://$(HOST)/
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST)

build: $(DOCS_STAMP) $(NODE_STAMP) ## Set up and build the static site into site/ (strict)
	$(BIN)/mkdocs build --strict

check: $(TEST_STAMP) $(NODE_STAMP) ## The author's loop, no browser: build, content, manifests, links, spelling, lint (under a minute)
	$(BIN)/python scripts/check.py

test: $(TEST_STAMP) $(NODE_STAMP) ## Set up and run the whole test suite (real Chromium), on every core
	$(BIN)/python -m pytest -n auto --dist loadfile

linkcheck: $(TEST_STAMP) build ## Check every link, anchor and asset of the built site offline (lychee)
	$(BIN)/python scripts/check_links.py site

pdf: $(TEST_STAMP) $(NODE_STAMP) ## Build, then print cheat sheets, the whole guide and questions to site/pdf/
	$(BIN)/python scripts/make_pdfs.py

bench: $(TEST_STAMP) $(NODE_STAMP) ## Measure bytes, requests and diagram time against a baseline
	$(BIN)/python scripts/bench.py

lock: ## Re-resolve requirements/*.lock with hashes (needs the network)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements/docs.lock requirements/docs.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements/test.lock requirements/test.in

clean: ## Remove the build, the virtual environment and node_modules
	rm -rf site $(VENV) node_modules .pytest_cache

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python >= 3.11.5 is needed (pymdown-extensions 13); set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)

$(DOCS_STAMP): requirements/docs.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/docs.lock
	touch $@

$(TEST_STAMP): requirements/test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.lock
	touch $@ $(DOCS_STAMP)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
