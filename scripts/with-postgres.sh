#!/bin/sh
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, listening
# only on a unix socket there, stopped and removed afterwards whatever the command returns.
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
DIR=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
# PostgreSQL refuses to run as root; as root we run the cluster as the postgres user.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  AS="runuser -u postgres --"
else
  AS=""
fi
cleanup() {
  $AS "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
$AS "$PGBIN/initdb" -D "$DIR/data" -U gongkai --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
$AS "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
SOCKET=$(printf '%s' "$DIR" | sed 's|/|%2F|g')
export DATABASE_URL="postgres://gongkai@$SOCKET/gongkai"
echo "PostgreSQL $($PGBIN/postgres --version | awk '{print $3}') on $DIR"
"$@"
