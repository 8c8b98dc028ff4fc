# Two commands for a fresh machine with Python 3.11+, git and make:
#   make run   environment + pinned dependencies + ETL + dashboard on http://127.0.0.1:8050
#   make test  environment + pinned test dependencies + lint + the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test etl serve lint fmt lock bench vendor-plotly clean

$(VENV)/.runtime: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e . || $(PIP) install --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.lock $(VENV)/.runtime
	$(PIP) install -r requirements-test.lock
	touch $@

etl: $(VENV)/.runtime
	$(BIN)/sti-etl run

# web (gunicorn) and clock (scheduled refreshes) from the Procfile, together
serve: $(VENV)/.runtime
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

run: etl serve

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint sql --disable-progress-bar

fmt: $(VENV)/.test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/sqlfluff fix sql --disable-progress-bar

test: lint
	$(BIN)/python -m pytest

# Benchmarks at scale tiers (minutes; not part of `make test`): BENCHMARKS.md and bench/results/.
# Options: make bench BENCH_ARGS="--tiers S,M,L,XL" (see python -m bench --help).
BENCH_ARGS ?= --tiers S,M,L
bench: $(VENV)/.test
	$(BIN)/python -m bench $(BENCH_ARGS)

# After upgrading plotly: fetch the plotly.js cartesian bundle of the same version (needs npm).
vendor-plotly: $(VENV)/.runtime
	set -e; v=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())"); \
	d=$$(mktemp -d); (cd $$d && npm pack --silent plotly.js-cartesian-dist-min@$$v >/dev/null && tar xzf *.tgz); \
	rm -f dashboard/assets/vendor/plotly-cartesian-*.min.js; \
	cp $$d/package/plotly-cartesian.min.js dashboard/assets/vendor/plotly-cartesian-$$v.min.js; \
	cp $$d/package/LICENSE dashboard/assets/vendor/plotly.js-LICENSE.txt; rm -rf $$d

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: $(VENV)/.runtime
	$(PIP) install uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 -q -o requirements-test.lock
	$(BIN)/uv pip compile pyproject.toml -c requirements-test.lock --python-version 3.11 -q -o requirements.lock

clean:
	rm -rf $(VENV) data/warehouse .pytest_cache .ruff_cache tests/artifacts
