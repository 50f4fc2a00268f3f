# The two commands a fresh machine needs:
#   make demo   set up, run docai on the bundled samples into out/demo.duckdb
#   make test   set up, run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME ?= $(CURDIR)/.prefect
export DO_NOT_TRACK := 1
export ORT_DISABLE_TELEMETRY := 1

.PHONY: install system-deps demo flow serve test test-ops bench bench-scaleout clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(STAMP)

# Debian packages the tests use for real: Tesseract (second OCR engine), Chromium (report).
system-deps:
	@./scripts/system-deps.sh

demo: install
	mkdir -p out
	$(VENV)/bin/docai run samples --db out/demo.duckdb --report out/report
	$(VENV)/bin/docai query "SELECT file_name, status, vendor_name, invoice_number, invoice_date, total_amount, currency FROM invoices ORDER BY file_name" --db out/demo.duckdb
	@echo "open out/report/index.html in a browser"

flow: install
	$(PY) -m flows.extract samples --db out/flow.duckdb

# The nightly deployment against a Prefect server (prefect server start --host 127.0.0.1):
#   make serve INBOX=/srv/invoices DB=/srv/docai.duckdb [PREFECT_API_URL=...]
INBOX ?= samples
DB ?= out/nightly.duckdb
serve: install
	mkdir -p $(dir $(DB))
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} \
		$(VENV)/bin/docai serve --inbox $(INBOX) --db $(DB)

test-ops: install
	$(VENV)/bin/pytest -q tests/ops

test: install system-deps
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/pipeline_bench.py

bench-scaleout: install
	$(PY) bench/scaleout_bench.py

clean:
	rm -rf $(VENV) out .prefect .pytest_cache
