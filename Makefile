# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint architecture format fixtures migrate data browser bench fuzz clean

$(PY):
	@PYTHON=$$(bin/find-python) && echo "Creating $(VENV) with $$PYTHON" && "$$PYTHON" -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

# Loading twice changes nothing: fixtures use natural keys and overwrite rows in place.
data: migrate
	$(PY) manage.py load_reference_data

run: data
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The architecture, configured in pyproject.toml: the import contracts between the engine, the
# domain, the pages, the API and the exports (import-linter), and the types (mypy, with the Django
# and DRF stubs).
architecture: install
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Browser tests need Debian's Chromium; bin/ensure-chromium installs it when it can.
browser:
	@bin/ensure-chromium

# worksteal: each worker starts on its own half of the tests (a module's once-loaded data is loaded
# once) and takes work from the other when it runs out (the slow browser tests balance out).
test: install lint architecture browser
	$(BIN)/pytest -n 2 --dist worksteal $(PYTEST_ARGS)

# Regenerates fixtures/ from data/ and the taxonomy shipped in hdx-python-country;
# FROM=folder first refreshes data/ from an upstream copy (e.g. make fixtures FROM=../shared/data).
fixtures: install
	$(PY) manage.py build_fixtures --out fixtures $(if $(FROM),--from $(FROM))

# Scratch databases of synthetic data for the benchmarks, under var/: built when missing,
# never overwritten (delete one to rebuild it). 198 participants x 64 obligations x 1 or 79
# dated assessments: 12,672 and 1,001,088 rows.
BENCH_DBS := var/bench-small.sqlite3 var/bench-1m.sqlite3

var/bench-small.sqlite3: | install
	$(PY) bench/run.py --build $@ --assessments 1

var/bench-1m.sqlite3: | install
	$(PY) bench/run.py --build $@ --assessments 79

# Every figure of issue 6, one line each with its target and verdict (about 6 minutes).
# BENCH_ARGS, e.g.: --postgres (also on PostgreSQL), --only 2,3, --load-seconds 10, --strict.
bench: install $(BENCH_DBS)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null 2>&1; } \
		|| echo "wrk is missing (apt-get install wrk): the load figure will be skipped."
	$(PY) bench/run.py $(BENCH_ARGS)

# The long schemathesis exploration of the API (every check, every phase, anonymous and with an
# editor's token) on a scratch copy of the real data; the suite runs a bounded one. Minutes:
# FUZZ_EXAMPLES=50 for a shorter run.
fuzz: install
	bin/fuzz

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache .import_linter_cache test-results
