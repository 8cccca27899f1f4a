#!/usr/bin/env bash
# Make sure PostgreSQL and RabbitMQ answer on loopback before the tests run.
# Starts local servers that are installed but stopped; on Debian as root installs the missing
# packages; otherwise stops with a message naming what is missing and how to get it.
set -euo pipefail

PG_PORT=${PG_PORT:-5432}
AMQP_PORT=${AMQP_PORT:-5672}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local name=$1 port=$2 tries=${3:-60}
  for _ in $(seq "$tries"); do
    listening "$port" && return 0
    sleep 1
  done
  echo "ensure-services: $name did not start listening on 127.0.0.1:$port" >&2
  return 1
}

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  echo "ensure-services: installing $*" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  listening "$PG_PORT" && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    can_install || {
      echo "ensure-services: PostgreSQL is not running on 127.0.0.1:$PG_PORT and is not installed." >&2
      echo "  Install PostgreSQL 15+ (e.g. 'apt-get install postgresql') or set TEST_DATABASE_URL." >&2
      exit 1
    }
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    # The suite connects as postgres without a password, on loopback only.
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL "$PG_PORT"
}

ensure_rabbitmq() {
  listening "$AMQP_PORT" && return 0
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    can_install || {
      echo "ensure-services: RabbitMQ is not running on 127.0.0.1:$AMQP_PORT and is not installed." >&2
      echo "  Install RabbitMQ 3.10+ (e.g. 'apt-get install rabbitmq-server') or set AMQP_URL." >&2
      exit 1
    }
    apt_install rabbitmq-server
  fi
  rabbitmq-server -detached || true
  wait_for RabbitMQ "$AMQP_PORT" 120
}

ensure_postgres
ensure_rabbitmq
echo "ensure-services: PostgreSQL :$PG_PORT and RabbitMQ :$AMQP_PORT are up" >&2
