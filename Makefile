# Training Neural Networks, from NumPy to Keras: the course's commands.
# Every target creates .venv on first use (Python 3.11 and make are all it needs) and reuses it.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterHub's proxy (npm) and the lab settings every JupyterLab from .venv reads (no news prompt).
PROXY := $(VENV)/node_modules/.bin/configurable-http-proxy
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
ASSIGNMENTS := $(notdir $(wildcard solutions/[0-9][0-9]_*))
# Quiet TensorFlow everywhere a kernel starts from here (nbgrader, nbval, jupyter-book).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help site test chromium lab hub release release-all grade demo-grade bench lint format clean

help:
	@echo "make site                build the course site into book/_build/html"
	@echo "make test                run the whole test suite"
	@echo "make lab                 open JupyterLab on the course (ROLE=instructor: with Create Assignment)"
	@echo "make hub                 JupyterHub for a class on this machine (STUDENTS=hub/students.csv)"
	@echo "make release A=NN_topic  regenerate one assignment's student version in exercises/"
	@echo "make grade A=NN_topic    autograde submitted/ (J=n students at once), write feedback/ and grades.csv"
	@echo "make demo-grade          grade a simulated class of five in demo-class/ and show the report"
	@echo "make bench               run benchmarks/ and print the tables"
	@echo "make lint / make format  ruff check / ruff format"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" >/dev/null
	touch $(STAMP)

$(LAB_SETTINGS): hub/lab/overrides.json $(STAMP)
	mkdir -p $(dir $@) && cp $< $@

$(PROXY):
	@command -v npm >/dev/null 2>&1 || { echo "make hub needs Node.js and npm (apt-get install nodejs npm)"; exit 2; }
	npm install --prefix $(VENV) --no-audit --no-fund --silent "configurable-http-proxy@>=4.6 <6"

site: $(STAMP) release-all
	$(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml --path-output book -W -n --keep-going
	@echo "Site built: $(CURDIR)/book/_build/html/index.html"

# Two test workers share the two cores: one BLAS thread each beats two that fight.
test: $(STAMP) $(LAB_SETTINGS) $(PROXY) chromium
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m pytest

# The site's browser test uses Debian's Chromium (never a browser that a tool downloads).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium for the browser test: sudo apt-get install chromium"; fi; }

# make lab LAB_DIR=<folder> LAB_ARGS="--no-browser --port=8890": another folder, more options;
# as root (in a container) it adds --allow-root.
# A student's JupyterLab by default (hub/student: no Create Assignment, formgrader or course list).
LAB_DIR ?= .
ROLE ?= student
lab: $(STAMP) $(LAB_SETTINGS)
	$(if $(filter instructor,$(ROLE)),,JUPYTER_CONFIG_PATH=$(CURDIR)/hub/student) $(BIN)/jupyter lab --notebook-dir=$(LAB_DIR) $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# make hub STUDENTS=<csv> INSTRUCTOR=<name> HUB_IP=0.0.0.0 HUB_PORT=8000: passwords in hub/state/passwords.csv.
STUDENTS ?= hub/students.csv
INSTRUCTOR ?= instructor
HUB_IP ?= 127.0.0.1
HUB_PORT ?= 8000
hub: $(STAMP) $(LAB_SETTINGS) $(PROXY)
	$(BIN)/python -m course_admin.hub --root . --state hub/state --students $(STUDENTS) \
	  --instructor $(INSTRUCTOR) --ip $(HUB_IP) --port $(HUB_PORT)

release: $(STAMP)
	@test -n "$(A)" || { echo "usage: make release A=NN_topic (one of: $(ASSIGNMENTS))"; exit 2; }
	$(BIN)/python -m course_admin.release --root . $(A)

release-all: $(STAMP)
	$(BIN)/python -m course_admin.release --root . $(ASSIGNMENTS)

# J: students graded at once (default one per core, at most 8).
J ?=
grade: $(STAMP)
	@test -n "$(A)" || { echo "usage: make grade A=NN_topic (one of: $(ASSIGNMENTS))"; exit 2; }
	COURSE_GRADING_JOBS=$(J) $(BIN)/python -m course_admin.grading --root . $(A)

demo-grade: $(STAMP)
	$(BIN)/python -m course_admin.demo --root . $(A)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf book/_build gradebook.db autograded feedback grades.csv grading-report demo-class .pytest_cache
