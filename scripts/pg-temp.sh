#!/usr/bin/env bash
# A throw-away PostgreSQL server in a temp dir, on a free port of 127.0.0.1, for the tests and the
# benchmark. PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user
# (created when missing).
#
# Sourced (scripts/test.sh):
#   start_postgres     sets PG_TMP, PG_BIN, PG_PORT and PG_CONNECTION (an Npgsql connection string
#                      for user postgres, database postgres); returns non-zero on failure
#   cleanup_postgres   stops the server and removes PG_TMP; safe to call twice or before a start
#
# Run (the benchmark, from any language):
#   scripts/pg-temp.sh start        prints PG_TMP=…, PG_BIN=…, PG_PORT=…, PG_CONNECTION=… lines and
#                                   leaves the server running; cleans up after itself on failure
#   scripts/pg-temp.sh stop DIR     stops the server started in DIR (a PG_TMP) and removes DIR
#
# Settings:
#   GHISEU_PG_BIN      PostgreSQL bin directory (default: newest /usr/lib/postgresql/*/bin)
#   GHISEU_PG_PORT     first port to try (default 55432)
#   GHISEU_PG_DURABLE  1 keeps PostgreSQL's durable defaults (fsync, synchronous_commit,
#                      full_page_writes); by default they are off: speed over durability
#   TMPDIR             where the temp dir is made (default /tmp)

PG_TMP=""
PG_BIN=""
PG_PORT=""
PG_CONNECTION=""
PG_AS=()   # command prefix that runs a PostgreSQL binary as a non-root user

postgres_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then printf '%s\n' "$d"; fi
  done | sort -V | tail -n 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets PG_AS; as root, creates the postgres OS user when it is missing.
postgres_user() {
  PG_AS=()
  if [[ $(id -u) -eq 0 ]]; then
    # PostgreSQL refuses to run as root.
    if ! id postgres >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    PG_AS=(runuser -u postgres --)
  fi
}

cleanup_postgres() {
  [[ -n "$PG_TMP" ]] || return 0
  local data="$PG_TMP/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    # immediate: no checkpoint, the data is thrown away anyway.
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 20 -s stop >/dev/null 2>&1 || true
    if [[ -f "$data/postmaster.pid" ]]; then
      local pid
      pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
      if [[ "$pid" =~ ^[0-9]+$ ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$PG_TMP"
  PG_TMP=""
}

start_postgres() {
  PG_BIN=${GHISEU_PG_BIN:-$(postgres_bin_dir)}
  if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
    printf '%s\n' "postgres: no initdb found under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  postgres_user
  PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ghiseu-pg.XXXXXX")
  if [[ ${#PG_AS[@]} -gt 0 ]]; then chown postgres: "$PG_TMP"; fi
  local data="$PG_TMP/data" log="$PG_TMP/server.log"
  # What `stop DIR` needs to find the server again.
  printf 'PG_BIN=%s\n' "$PG_BIN" >"$PG_TMP/pg-temp.env"

  if ! "${PG_AS[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync --no-instructions >"$PG_TMP/initdb.log" 2>&1; then
    cat "$PG_TMP/initdb.log" >&2
    return 1
  fi
  if [[ "${GHISEU_PG_DURABLE:-0}" == 1 ]]; then
    cat >>"$data/postgresql.conf" <<EOF

# ghiseu throw-away server, durable settings (PostgreSQL's defaults)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
max_connections = 300
EOF
  else
    cat >>"$data/postgresql.conf" <<EOF

# ghiseu test server: throw-away, speed over durability
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF
  fi
  cat >"$data/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF

  # Probe for a free port; retry on a lost race with another process binding it first.
  local port=${GHISEU_PG_PORT:-55432} tries=0
  while :; do
    while port_in_use "$port"; do port=$((port + 1)); done
    if "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 -s start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if ((tries >= 5)) || ! grep -qiE 'could not (bind|create listen)|address already in use' "$log" 2>/dev/null; then
      cat "$log" >&2 2>/dev/null || true
      return 1
    fi
    port=$((port + 1))
  done
  if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
    cat "$log" >&2
    return 1
  fi
  PG_PORT=$port
  PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

# The command-line form; does nothing when the file is sourced.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      if ! start_postgres; then
        cleanup_postgres
        exit 1
      fi
      printf 'PG_TMP=%s\nPG_BIN=%s\nPG_PORT=%s\nPG_CONNECTION=%s\n' "$PG_TMP" "$PG_BIN" "$PG_PORT" "$PG_CONNECTION"
      ;;
    stop)
      dir=${2:?usage: pg-temp.sh stop DIR}
      # Only ever a directory this script made.
      if [[ ! -f "$dir/pg-temp.env" || "$(basename "$dir")" != ghiseu-pg.* ]]; then
        printf 'pg-temp: %s is not a pg-temp directory\n' "$dir" >&2
        exit 1
      fi
      PG_BIN=$(sed -n 's/^PG_BIN=//p' "$dir/pg-temp.env")
      postgres_user
      PG_TMP=$dir
      cleanup_postgres
      ;;
    *)
      printf 'usage: %s start | stop DIR\n' "$0" >&2
      exit 2
      ;;
  esac
fi
