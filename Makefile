# Một Cửa desk — developer entry points. Every target sets up .venv by itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/demo-data

.PHONY: run test lint bench bundle clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	MOTCUA_HOME=$(DEMO_HOME) $(BIN)/python -m app demo-setup
	MOTCUA_HOME=$(DEMO_HOME) $(BIN)/python -m app

# After the tests, every page and dialog must fit the two smallest counter screens (motcua selftest --screen),
# run on a fresh data folder with its first administrator; a failing fit fails `make test`.
SELFTEST_SCREENS := 1366x768 1280x720

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider --durations=20
	@home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	echo 'Selftest-Mat-khau-2026' | $(BIN)/python -m app --data-dir "$$home" init --agency-code 000.00.00.H00 \
		--agency-name "Trung tâm Phục vụ hành chính công xã Kiểm Tra" --parent-name "Ủy ban nhân dân xã Kiểm Tra" \
		--place "Kiểm Tra" --admin quantri --admin-name "Người Kiểm Tra" --password-stdin >/dev/null && \
	for screen in $(SELFTEST_SCREENS); do \
		QT_QPA_PLATFORM=offscreen $(BIN)/python -m app --data-dir "$$home" selftest --screen $$screen || exit 1; \
	done
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy

BUNDLE_STAMP := $(VENV)/.installed-bundle

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

# The one-folder app for this platform in dist/motcua (see docs/install.md); Windows runs the same spec.
bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/motcua.spec
	@du -sh dist/motcua

# 1,000,000 dossiers on SQLite, then the PostgreSQL column (a server of its own started from Debian's
# postgresql package, the same dossiers copied, 8 counter processes at once); writes docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python -m bench --out bench-out --docs docs/benchmarks.md
	$(BIN)/python -m bench.import_register --rows 100000 --out bench-out

clean:
	rm -rf $(VENV) demo-data bench-out build dist
