# unknot: `make run` to use it, `make test` to check it. Everything else is set up by these.
PORT ?= 8000
PY := .venv/bin/python
export DEBUG ?= true

.PHONY: run test bench serve lint format content setup messages backup restore demo demo-clinic

setup:
	@scripts/setup

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py content check
	@# The task worker (account emails) and the reminder sender run beside the web server and stop with it.
	$(PY) manage.py task_worker & worker=$$!; \
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py send_reminders --loop & sender=$$!; \
	trap 'kill $$worker $$sender 2>/dev/null' EXIT INT TERM; \
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test:
	@scripts/test

bench: setup
	$(PY) -m bench
	@echo "== the same on PostgreSQL"
	scripts/with-postgres $(PY) -m bench

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	DEBUG=true .venv/bin/mypy

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

content: setup
	$(PY) manage.py content check

demo: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo

demo-clinic: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo --clinic --patients 50

messages: setup
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py makemessages -l en -d djangojs --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests

backup: setup
	$(PY) manage.py backup $(FILE)

restore: setup
	@test -n "$(FILE)" || (echo "Say which backup: make restore FILE=var/backups/unknot-....sqlite3"; exit 2)
	$(PY) manage.py restore $(FILE)
