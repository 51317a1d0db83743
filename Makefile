# Everyday targets of the course. Only Python 3.11-3.14 and make are needed first:
# every target below creates/refreshes .venv itself from the lock file requirements.txt.
# PYTHON: the interpreter for .venv (default: python3, or a python3.1x on the PATH that fits;
# tools/find_python.sh stops with a clear message when none does).
PYTHON ?=
FIND_PYTHON := sh tools/find_python.sh $(PYTHON)
# TORCH_INDEX: where torch comes from -- cpu (default: PyTorch's CPU-only index on Linux, if it
# answers within seconds), default (PyPI: the CUDA build on Linux), or an index URL (tools/torch_index.py)
TORCH_INDEX ?= cpu
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FIRST  := notebooks/01_generative_vs_discriminative.ipynb
STUDENT_FIRST := student/01_generative_vs_discriminative.ipynb
# EDITION: instructor (default: notebooks/, solutions and outputs), student (student/), or the Korean
# edition's: ko (ko/, generated from notebooks/ and translations/ko by `make korean`) or student-ko
KO_FIRST := $(firstword $(wildcard ko/*.ipynb))
EDITION ?= instructor
NB     ?= notebooks/*.ipynb
# Notebooks run in parallel, one per core; each notebook pins torch to one thread itself
# (course_lib.repro.seed_everything), so results do not depend on OMP_NUM_THREADS.
# The kernel is the venv's Python with the network blocked (course_lib/offline.py), so every
# nbval run also proves that no notebook downloads anything.
NBVAL_OPTS := --nbval --nbval-kernel-name course-offline --nbval-sanitize-with tests/nbval_sanitize.cfg \
              -n 2 --dist loadfile -p no:cacheprovider
KERNEL := $(VENV)/share/jupyter/kernels/course-offline/kernel.json
# Other machines, simulated (make test-portable): a stored output must not depend on the CPU. torch's
# generic and AVX2 vector kernels, MKL and oneDNN capped to older instruction sets, NumPy's OpenBLAS
# on another core type, and 1 and 2 threads between them. course_lib.repro.describe_machine prints
# what each run really uses; tests/test_core.py checks that the variables take effect.
MACHINE_GENERIC := ATEN_CPU_CAPABILITY=default MKL_ENABLE_INSTRUCTIONS=AVX ONEDNN_MAX_CPU_ISA=AVX \
                   OPENBLAS_CORETYPE=Prescott OMP_NUM_THREADS=1
MACHINE_AVX2    := ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 \
                   OPENBLAS_CORETYPE=Zen OMP_NUM_THREADS=2
# Test-only tools live in their own venv, never in the course's environment.
TOOLS       := $(VENV)/tools
TOOLS_STAMP := $(TOOLS)/.installed
R2D_PIN     := jupyter-repo2docker==2026.4.0
UV_PIN      := uv==0.13.9
RUFF_PIN    := ruff==0.17.6
PLAYWRIGHT_PIN := playwright==1.65.2
CHROMIUM    ?= /usr/bin/chromium
# Jupyter refuses to run as root unless told (containers, CI machines)
ROOT_OK     := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: venv lab test lint unit nbval test-portable lock lock-check outputs bench checkpoints clean help student slides ui-test \
        site site-lock course readme korean

help:
	@echo "make lab      create .venv if needed and start JupyterLab on the course (EDITION=student: the student edition)"
	@echo "make test     unit tests + strict nbval over every notebook, here and on two simulated machines"
	@echo "make lint     ruff over the whole tree (part of make test)"
	@echo "make test-portable  strict nbval under simulated other CPUs only (part of make test)"
	@echo "make venv     set-up only (pinned dependencies + course_lib, editable)"
	@echo "make outputs  re-execute notebooks and store their outputs (NB=path to pick one)"
	@echo "make student  write student/ and student-ko/ (committed): nbgrader's student version of every lecture"
	@echo "make korean   write ko/ (committed): the Korean edition, from notebooks/ and translations/ko (tools/translate.py)"
	@echo "make course DIR=...  write an nbgrader course directory for a class (docs/instructors.md)"
	@echo "make readme   refresh README's learning goals and launch links (from [tool.course] in pyproject.toml)"
	@echo "make slides   write slides/: reveal.js decks of every notebook that open offline (1280x720, code hidden)"
	@echo "make site     write build/site: the course website (Sphinx + MyST-NB) from the stored notebooks"
	@echo "make ui-test  real-browser tests: JupyterLab in headless Chromium (run a lecture, move a slider), the website offline, every slide deck at 1280x720"
	@echo "make bench    run the speed/quality benchmarks in benchmarks/"
	@echo "make lock     refresh the lock file requirements.txt from requirements.in (uv pip compile)"
	@echo "make site-lock  refresh site/requirements.txt (the website's tools) from site/requirements.in"
	@echo "make checkpoints  re-train the shipped checkpoints with the scripts in scripts/ (long)"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || { py=$$($(FIND_PYTHON)) && echo "creating $(VENV) with $$py" && $$py -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	  $$($(BIN)/python tools/torch_index.py $(TORCH_INDEX)) -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# EDITION=student opens the student edition (student/: no solutions, no outputs) instead
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(ROOT_OK) $(LAB_ARGS) $(or $(EDITION_FIRST_$(EDITION)),$(FIRST))

EDITION_FIRST_student := $(STUDENT_FIRST)
EDITION_FIRST_ko := $(KO_FIRST)
EDITION_FIRST_student-ko := $(subst ko/,student-ko/,$(KO_FIRST))

$(KERNEL): $(STAMP) course_lib/offline.py
	$(BIN)/python -m course_lib.offline install

$(TOOLS_STAMP): Makefile
	@test -x $(TOOLS)/bin/python || { py=$$($(FIND_PYTHON)) && $$py -m venv $(TOOLS); }
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check $(R2D_PIN) $(RUFF_PIN)
	touch $(TOOLS_STAMP)

# Refresh the lock file requirements.txt from requirements.in (every installed package pinned, for
# every platform and supported Python). The CUDA-only packages that PyPI's torch lists for Linux are
# left out: `make` installs the CPU build, which needs none of them (tests/test_environment.py).
CUDA_ONLY := cuda-bindings cuda-pathfinder cuda-toolkit triton nvidia-cublas nvidia-cuda-cupti \
             nvidia-cuda-nvrtc nvidia-cuda-runtime nvidia-cudnn-cu13 nvidia-cufft nvidia-cufile \
             nvidia-curand nvidia-cusolver nvidia-cusparse nvidia-cusparselt-cu13 nvidia-nccl-cu13 \
             nvidia-nvjitlink nvidia-nvshmem-cu13 nvidia-nvtx
LOCK_PYTHONS := 3.11 3.12 3.13 3.14
lock: $(TOOLS_STAMP)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check $(UV_PIN)
	$(TOOLS)/bin/uv pip compile requirements.in --universal --python-version 3.11 --quiet \
	  $(foreach p,$(CUDA_ONLY),--no-emit-package $(p)) --custom-compile-command "make lock" -o requirements.txt
	$(MAKE) lock-check

# Every locked package has a wheel for each supported Python on Linux, macOS and Windows (needs PyPI).
lock-check: $(TOOLS_STAMP)
	@$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check $(UV_PIN)
	@for v in $(LOCK_PYTHONS); do for platform in x86_64-manylinux_2_28 aarch64-manylinux_2_28 \
	    aarch64-apple-darwin x86_64-pc-windows-msvc; do \
	  MACOSX_DEPLOYMENT_TARGET=14.0 $(TOOLS)/bin/uv pip compile requirements.txt --no-deps --quiet \
	    --only-binary :all: --no-python-downloads --python-version $$v --python-platform $$platform \
	    -o /dev/null || { echo "no wheels for Python $$v on $$platform"; exit 1; }; \
	  echo "Python $$v, $$platform: every locked package has a wheel"; done; done

# ruff, with the rules in pyproject.toml, over the library, tests, tools, scripts and notebooks
lint: $(TOOLS_STAMP)
	$(TOOLS)/bin/ruff check --no-cache .

unit: $(STAMP) $(KERNEL) $(TOOLS_STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider -n 2

# the English lectures and the Korean edition (same code and outputs; checks answer in Korean)
nbval: $(STAMP) $(KERNEL)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks $(wildcard ko/*.ipynb)

# Strict nbval again on simulated other machines (each line of the loop is one machine).
test-portable: $(STAMP) $(KERNEL)
	@for machine in "$(MACHINE_GENERIC)" "$(MACHINE_AVX2)"; do \
	  echo "== strict nbval on a simulated machine: $$machine"; \
	  env $$machine $(BIN)/python -c "from course_lib.repro import describe_machine as d; print(d())" && \
	  env $$machine $(BIN)/python -m pytest $(NBVAL_OPTS) -q notebooks || exit 1; \
	done

test: lint unit nbval test-portable

outputs: $(STAMP) $(KERNEL)
	$(BIN)/python tools/execute_notebooks.py $(NB)

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

# Re-train every shipped checkpoint (long: tens of minutes to about an hour on 2 cores);
# afterwards re-run `make outputs` and commit checkpoints/ and notebooks/ together.
checkpoints: $(STAMP)
	for s in scripts/make_*_checkpoints.py; do $(BIN)/python $$s || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache slides build

# The student edition, student/ (committed, so Binder, JupyterHub links and GitHub open it): nbgrader's
# generate_assignment on every lecture. Re-run after editing a notebook; tests/test_student.py fails
# while student/ differs from what this writes.
student: $(STAMP)
	$(BIN)/python tools/make_student.py --out student $(NB)
	$(if $(wildcard ko/*.ipynb),$(BIN)/python tools/make_student.py --out student-ko ko/*.ipynb)

# The Korean edition, ko/ (committed): English code and outputs, Korean text (tools/make_korean.py).
# tests/test_korean.py fails while a translation is stale or ko/ differs from what this writes.
korean: $(STAMP)
	$(BIN)/python tools/make_korean.py --out ko

# An nbgrader course directory for a class (docs/instructors.md): make course DIR=~/gm-course
# [COURSE_ID=gm-2027] [EXCHANGE=/srv/nbgrader/exchange] [EDITION=ko: the Korean lectures]; then plain
# nbgrader commands inside DIR.
COURSE_ID ?= generative-models
course: $(STAMP)
	@test -n "$(DIR)" || { echo "make course needs DIR=<folder for the nbgrader course directory>"; exit 1; }
	$(BIN)/python tools/make_course.py "$(DIR)" $(if $(filter ko,$(EDITION)),ko/*.ipynb) \
	  --course-id "$(COURSE_ID)" $(if $(EXCHANGE),--exchange "$(EXCHANGE)")
	@echo "activate the course environment first (nbgrader runs alembic from the PATH): . $(abspath $(VENV))/bin/activate"

# README's generated parts: learning goals (from the notebooks) and launch links ([tool.course])
readme: $(STAMP)
	$(BIN)/python tools/course_map.py --write

slides: $(STAMP)
	$(BIN)/python tools/make_slides.py --out slides $(NB)
	$(if $(wildcard ko/*.ipynb),$(BIN)/python tools/make_slides.py --out slides/ko ko/*.ipynb)

# The course website, build/site: Sphinx + MyST-NB + sphinx-book-theme render the stored notebooks
# (never executed; no network at build time or when read). Its tools live in their own venv, from
# their own lock site/requirements.txt (`make site-lock`), never in the course's requirements.
SITE_VENV  := $(VENV)/site
SITE_STAMP := $(SITE_VENV)/.installed
$(SITE_STAMP): site/requirements.txt
	@test -x $(SITE_VENV)/bin/python || { py=$$($(FIND_PYTHON)) && $$py -m venv $(SITE_VENV); }
	$(SITE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r site/requirements.txt
	touch $(SITE_STAMP)

site: $(SITE_STAMP)
	$(SITE_VENV)/bin/python tools/make_site.py --out build/site

site-lock: $(TOOLS_STAMP)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check $(UV_PIN)
	$(TOOLS)/bin/uv pip compile site/requirements.in --universal --python-version 3.11 --quiet \
	  --custom-compile-command "make site-lock" -o site/requirements.txt

# Real browser: Debian's chromium (apt-get, no browser download) driven by Playwright from PyPI.
# The website's test (tests/ui/test_site.py) reads build/site, and needs a system font with Hangul
# for the glossary (Debian's fonts-nanum when fontconfig knows none; the site loads no web font).
ui-test: $(STAMP) site
	test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	fc-list :lang=ko 2>/dev/null | grep -q . || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-nanum >/dev/null; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PLAYWRIGHT_PIN)
	COURSE_UI_TEST=1 CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/ui -q -s -p no:cacheprovider
