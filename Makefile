# One virtual environment for running, testing and benchmarking.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench shots installer installer-smoke

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/rrdesk --demo

test: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff check rrdesk tests benchmarks

bench: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The PyInstaller bundle dist/rrdesk/ (a few minutes; not part of make test or CI).
$(BIN)/.installed-installer: $(BIN)/.installed
	$(BIN)/pip install -q -e '.[dev,installer]'
	touch $@

installer: $(BIN)/.installed-installer
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build installer/rrdesk.spec

installer-smoke:
	installer/smoke.sh dist/rrdesk
