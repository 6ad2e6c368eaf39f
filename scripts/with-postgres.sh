#!/bin/sh
# Run a command against a PostgreSQL cluster listening only on a unix socket in its folder.
# By default the cluster is throwaway: initdb in a temporary folder, stopped and removed afterwards
# whatever the command returns. With PG_KEEP=<folder> (bench/run.py: var/bench/pg) the cluster is
# kept there: initdb the first time, started for the command (or used as it is when already
# running, e.g. by another run) and stopped afterwards by the run that started it, never removed,
# so a generated data set survives to the next run.
set -e
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    PGBIN=$(find_bin)
  else
    echo "make test-postgres needs Debian's postgresql package: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi
if [ -n "$PG_KEEP" ]; then
  mkdir -p "$PG_KEEP"
  DIR=$(cd "$PG_KEEP" && pwd)
else
  DIR=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
fi
# PostgreSQL refuses to run as root; as root we run the cluster as the postgres user.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  AS="runuser -u postgres --"
else
  AS=""
fi
STARTED=""
cleanup() {
  if [ -n "$STARTED" ]; then
    $AS "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -z "$PG_KEEP" ]; then
    rm -rf "$DIR"
  fi
}
trap cleanup EXIT INT TERM
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  rm -rf "$DIR/data"  # an initdb cut short leaves a folder initdb refuses
  $AS "$PGBIN/initdb" -D "$DIR/data" -U gongkai --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! $AS "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  STARTED=1
  $AS "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
    -o "-k $DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
SOCKET=$(printf '%s' "$DIR" | sed 's|/|%2F|g')
export DATABASE_URL="postgres://gongkai@$SOCKET/gongkai"
echo "PostgreSQL $($PGBIN/postgres --version | awk '{print $3}') on $DIR"
"$@"
