# Two commands matter: `make run` (the whole system, embedded) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test up bench lint format migrate clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## everything in one process, SQLite under var/, at http://127.0.0.1:8000
	$(BIN)/python -m services run all --port 8000

test: $(STAMP)  ## the whole suite over the real PostgreSQL and RabbitMQ
	deploy/dev/ensure-services.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider

up: $(STAMP)  ## distributed: every service its own process (DATABASE_URL, AMQP_URL)
	deploy/dev/ensure-services.sh
	$(BIN)/python -m services up

migrate: $(STAMP)
	$(BIN)/python -m services migrate

bench: $(STAMP)  ## throughput and latency figures, printed and written under var/bench/
	deploy/dev/ensure-services.sh
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
