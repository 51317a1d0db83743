# Everyday targets of the course. Only Python 3.10+ and make are needed first:
# every target below creates/refreshes .venv itself from requirements.txt.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FIRST  := notebooks/01_generative_vs_discriminative.ipynb
NB     ?= notebooks/*.ipynb
# Notebooks run in parallel, one per core; each notebook pins torch to one thread itself
# (course_lib.repro.seed_everything), so results do not depend on OMP_NUM_THREADS.
# The kernel is the venv's Python with the network blocked (course_lib/offline.py), so every
# nbval run also proves that no notebook downloads anything.
NBVAL_OPTS := --nbval --nbval-kernel-name course-offline --nbval-sanitize-with tests/nbval_sanitize.cfg \
              -n 2 --dist loadfile -p no:cacheprovider
KERNEL := $(VENV)/share/jupyter/kernels/course-offline/kernel.json
# Test-only tools live in their own venv, never in the course's environment.
TOOLS       := $(VENV)/tools
TOOLS_STAMP := $(TOOLS)/.installed
R2D_PIN     := jupyter-repo2docker==2026.4.0
PLAYWRIGHT_PIN := playwright==1.65.2
CHROMIUM    ?= /usr/bin/chromium
# Jupyter refuses to run as root unless told (containers, CI machines)
ROOT_OK     := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: venv lab test unit nbval outputs bench checkpoints clean help student slides ui-test

help:
	@echo "make lab      create .venv if needed and start JupyterLab on the course"
	@echo "make test     unit tests + strict nbval over every notebook"
	@echo "make venv     set-up only (pinned dependencies + course_lib, editable)"
	@echo "make outputs  re-execute notebooks and store their outputs (NB=path to pick one)"
	@echo "make student  write student/: the notebooks with solutions replaced by placeholders"
	@echo "make slides   write slides/: reveal.js decks of every notebook that open offline"
	@echo "make ui-test  real-browser test: JupyterLab in headless Chromium, run a lecture, move a slider"
	@echo "make bench    run the speed/quality benchmarks in benchmarks/"
	@echo "make checkpoints  re-train the shipped checkpoints with the scripts in scripts/ (long)"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(ROOT_OK) $(LAB_ARGS) $(FIRST)

$(KERNEL): $(STAMP) course_lib/offline.py
	$(BIN)/python -m course_lib.offline install

$(TOOLS_STAMP):
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check $(R2D_PIN)
	touch $(TOOLS_STAMP)

unit: $(STAMP) $(KERNEL) $(TOOLS_STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

nbval: $(STAMP) $(KERNEL)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks

test: unit nbval

outputs: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

# Re-train every shipped checkpoint (long: tens of minutes to about an hour on 2 cores);
# afterwards re-run `make outputs` and commit checkpoints/ and notebooks/ together.
checkpoints: $(STAMP)
	for s in scripts/make_*_checkpoints.py; do $(BIN)/python $$s || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache slides student build

student: $(STAMP)
	rm -rf student
	$(BIN)/python tools/make_student.py --out student $(NB)

slides: $(STAMP)
	$(BIN)/python tools/make_slides.py --out slides $(NB)

# Real browser: Debian's chromium (apt-get, no browser download) driven by Playwright from PyPI.
ui-test: $(STAMP)
	test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PLAYWRIGHT_PIN)
	COURSE_UI_TEST=1 CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/ui -q -s -p no:cacheprovider
