# Backprop Lab. Two commands matter: `make demo` and `make test`.
# Both build the virtual environment in .venv on first use (only python3 is needed)
# and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test release solutions benchmarks formgrader-check clean

# pip is quiet, so say what the silent minutes are (first run: 2-5 minutes on 2 cores, most of it downloads).
$(STAMP): pyproject.toml
	@echo "installing .venv: creating the environment ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "installing .venv: numpy, JupyterLab, nbgrader and the course package (the longest step) ..."
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@
	@echo "installing .venv: done"

## Grade the bundled sample class and print the gradebook.
demo: $(STAMP)
	$(BIN)/backprop-lab demo

## Every test: the checker, the release, nbval on the solutions, autograding.
## Kernels run side by side, so each uses one BLAS thread rather than fighting over two cores.
test: export OMP_NUM_THREADS = 1
test: export OPENBLAS_NUM_THREADS = 1
test: export MKL_NUM_THREADS = 1
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder \
	    tests solutions --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg

## Regenerate the student release in notebooks/ from solutions/, and zip it with the
## checker's wheel for an LMS: build/backprop-lab-<version>-release.zip.
release: $(STAMP)
	$(BIN)/backprop-lab release
	$(BIN)/backprop-lab archive

## Re-execute the solution notebooks in place (after changing them or the checker).
solutions: $(STAMP)
	for notebook in solutions/*/*.ipynb; do \
	    $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	        --ExecutePreprocessor.record_timing=False "$$notebook" || exit 1; \
	done

## Print the speed figures (not a test).
benchmarks: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

## Open the demo course's Formgrader in headless Chromium (apt-get install chromium; not in `make test`).
formgrader-check: $(STAMP)
	$(BIN)/python tests/browser/formgrader_check.py

clean:
	rm -rf $(VENV) build .pytest_cache
