# The two commands of the README:
#   make book   build the HTML book into _build/html (creates .venv if needed, executes every page, strict)
#   make test   run the whole test suite (unit tests, solution notebooks, student stubs, staleness, book build)
# Other targets: make labs (regenerate the notebooks from labs/src), make clean.

PYTHON ?= python3
VENV   ?= .venv
# The CPU build of PyTorch is all the book and the tests need. On the CI machines this pin is a
# CPU wheel on local disk; elsewhere override it, e.g.
#   make test TORCH="torch --index-url https://download.pytorch.org/whl/cpu"
# It is installed only when the environment has no torch yet (Colab and conda users keep theirs).
TORCH  ?= torch==2.13.0
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.mirlab-installed

.PHONY: book test labs env clean

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -c "import torch" 2>/dev/null || $(VPY) -m pip install --quiet $(TORCH)
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
