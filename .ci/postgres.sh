# Sourced by .ci/run and bench/run: a throwaway PostgreSQL (Debian's package) in a temp dir on a free loopback port.
# After `start_postgres NAME`, DATABASE_URL points at database NAME; the cluster is stopped and removed on exit.

start_postgres() {
  local dbname=${1:-nieuweroute}
  if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA=$(mktemp -d)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  PGUSER_OS=postgres
  chown -R "$PGUSER_OS" "$PGDATA" 2>/dev/null || PGUSER_OS=$(id -un)
  as_pg "'$PGBIN/initdb' -D '$PGDATA' -U nieuweroute --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  as_pg "'$PGBIN/pg_ctl' -D '$PGDATA' -o \"-h 127.0.0.1 -p $PGPORT -k '$PGDATA' ${PGOPTIONS_EXTRA:-}\" -l '$PGDATA/log' -w start >/dev/null"
  trap 'stop_postgres' EXIT
  as_pg "'$PGBIN/createdb' -h 127.0.0.1 -p $PGPORT -U nieuweroute $dbname"
  export PGBIN PGPORT PGDATA
  export DATABASE_URL="postgres://nieuweroute@127.0.0.1:$PGPORT/$dbname"
}

as_pg() { if [ "$(id -u)" = 0 ] && [ "$PGUSER_OS" = postgres ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

stop_postgres() {
  as_pg "\"$PGBIN/pg_ctl\" -D \"$PGDATA\" -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
