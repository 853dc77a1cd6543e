# Two entry points: `make run` (portal with the demo ecosystem) and `make test` (whole suite).
# Everything else here is a step they depend on; each step is skipped when already done.
PY      := .venv/bin/python
FLASK   := .venv/bin/flask
export FLASK_APP := wsgi.py
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test venv vendor i18n db system-deps lint bench

run: venv vendor i18n db
	@$(PY) -m app.seeding.demo_accounts
	PORTAL_MATCHING_WARMUP=1 $(FLASK) run --host 127.0.0.1 --port 5000

test: venv vendor i18n system-deps
	$(PY) -m pytest -q

# torch CPU build first (the local wheel): otherwise sentence-transformers pulls a multi-GB CUDA
# build. Then everything from the lock, every file checked against its hash. After editing
# requirements*.txt, regenerate the lock (the command is at the top of requirements.lock).
venv: .venv/.stamp
.venv/.stamp: requirements.lock
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q torch==2.13.0+cpu
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	@! $(PY) -m pip list 2>/dev/null | grep -iE '^nvidia-|cuda' || (echo "CUDA packages found in .venv" && exit 1)
	touch $@

vendor: app/static/vendor/.stamp
app/static/vendor/.stamp: package.json
	npm install --no-audit --no-fund
	$(PY) -m app.vendor
	touch $@

i18n: venv
	@$(PY) -m app.i18n

# Migrations, demo data, the search index (filled once for databases that predate it; the ORM
# keeps it in step afterwards) and embeddings; each is idempotent and quick when nothing changed.
# They run again only when their inputs changed since the last success (the code, migrations,
# seed files or the real data: SETUP_INPUTS), when the default SQLite file is gone, or for
# another DATABASE_URL (one stamp per URL); `rm instance/.setup-*` forces them.
DATA_DIR     := $(or $(PORTAL_DATA_DIR),../shared/data)
SETUP_INPUTS := $(shell find app matching migrations seed_data -path app/static -prune -o -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.csv' -o -name '*.json' \) -print 2>/dev/null) \
                $(shell find $(DATA_DIR) -type f 2>/dev/null)
SETUP_STAMP  := instance/.setup-$(shell printf '%s' "$(DATABASE_URL)|$(PORTAL_DATABASE_URL)" | md5sum | cut -c1-8)

db: venv
	@mkdir -p instance
	@if [ -z "$(DATABASE_URL)$(PORTAL_DATABASE_URL)" ] && [ ! -f instance/portal.db ]; then rm -f $(SETUP_STAMP); fi
	@$(MAKE) --no-print-directory $(SETUP_STAMP)

$(SETUP_STAMP): $(SETUP_INPUTS)
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) search rebuild --if-empty
	$(FLASK) match rebuild
	@touch $@

# PostgreSQL 15 server binaries and Debian's Chromium for the test suite.
system-deps:
	@test -x /usr/lib/postgresql/15/bin/initdb || (apt-get update -q && apt-get install -y -q postgresql-15)
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium)

lint: venv
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench: venv
	$(PY) bench/consortium.py
	$(PY) bench/matching_speed.py
