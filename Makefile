# The two commands of the README:
#   make book   build the HTML book into _build/html (creates .venv if needed, executes every page, strict)
#   make test   run the whole test suite (unit tests, solution notebooks, student stubs, staleness, book build)
# Other targets: make labs (regenerate the notebooks from labs/src), make clean.

PYTHON ?= python3
VENV   ?= .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.mirlab-installed

.PHONY: book test labs env clean

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

book: $(STAMP)
	$(VPY) -m mirlab.labs build --check
	$(VENV)/bin/jupyter-book build -W -n --keep-going .

labs: $(STAMP)
	$(VPY) -m mirlab.labs build

test: $(STAMP)
	$(VPY) -m mirlab.labs build --solutions-only
	MIRLAB_CHECK_STRICT=1 MIRLAB_CHECK_HIDDEN=1 $(VPY) -m pytest

clean:
	rm -rf _build
