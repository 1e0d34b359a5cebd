#!/usr/bin/env bash
# Runs every test: builds once, then each tests/*/*.csproj on SQLite and on PostgreSQL.
# The last line printed is always `tests: N passed, N failed`; exit 0 only when nothing failed,
# something passed and every `dotnet test` run completed.
#
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter Cases]
#
#   GHISEU_TEST_POSTGRES   Npgsql connection string to an existing server whose user may
#                          CREATE DATABASE; when unset a throw-away server is started.
#   GHISEU_TEST_IMAP       host:port of an IMAP server with user ghiseu / ghiseu-test; when unset a
#                          throw-away Dovecot is started (scripts/dovecot-temp.sh)
#   GHISEU_TEST_PROVIDERS  which providers to run (default "Sqlite Postgres").
#   GHISEU_TEST_RESULTS    where TRX files go (default <root>/TestResults/ghiseu, emptied first).
#   GHISEU_TEST_HANG_TIMEOUT  kill a test host that makes no progress for this long (default 20m).
#   GHISEU_ROOT            repository root (default: this script's parent directory).
#   GHISEU_PG_BIN          PostgreSQL bin directory (default: newest /usr/lib/postgresql/*/bin).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "${GHISEU_ROOT:-$SCRIPT_DIR/..}" && pwd)
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE="${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}"

PROVIDERS=" ${GHISEU_TEST_PROVIDERS:-Sqlite Postgres} "
RESULTS=${GHISEU_TEST_RESULTS:-$ROOT/TestResults/ghiseu}
HANG_TIMEOUT=${GHISEU_TEST_HANG_TIMEOUT:-20m}
SOLUTION=Ghiseu.slnx
BROWSER_PROJECT=Ghiseu.BrowserTests
EXTRA_ARGS=("$@")

PASSED=0
FAILED=0
SUMMARY=()

say() { printf '%s\n' "$*"; }
wants() { [[ "$PROVIDERS" == *" $1 "* ]]; }

record() { # record <label> <passed> <failed> [note]
  local line="$1: $2 passed, $3 failed${4:+ ($4)}"
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SUMMARY+=("$line")
  say "$line"
}

finish() {
  cleanup_postgres
  cleanup_dovecot
  say ""
  say "── summary ──"
  local line
  for line in "${SUMMARY[@]+"${SUMMARY[@]}"}"; do say "$line"; done
  local rc=0
  if ((FAILED > 0 || PASSED == 0)); then rc=1; fi
  # Must stay the very last line of output.
  say "tests: $PASSED passed, $FAILED failed"
  exit "$rc"
}

# ---------------------------------------------------------------- throw-away PostgreSQL

# start_postgres / cleanup_postgres, PG_TMP, PG_PORT, PG_CONNECTION (see the file).
# shellcheck source=scripts/pg-temp.sh
source "$SCRIPT_DIR/pg-temp.sh"
# start_dovecot / cleanup_dovecot, IMAP_PORT (see the file).
# shellcheck source=scripts/dovecot-temp.sh
source "$SCRIPT_DIR/dovecot-temp.sh"

# ---------------------------------------------------------------- TRX parsing

# Prints "<passed> <failed>" from a TRX file's ResultSummary/Counters; fails if there is none.
# failed counts failed + error + timeout + aborted; notExecuted counts as neither.
trx_counts() {
  local trx=$1
  if [[ "${GHISEU_TRX_PARSER:-}" != sed ]] && command -v python3 >/dev/null 2>&1 \
      && python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1; then
    python3 - "$trx" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    sys.exit(1)
counters = next((e for e in root.iter() if e.tag.rsplit('}', 1)[-1] == 'Counters'), None)
if counters is None:
    sys.exit(1)
def n(name):
    try:
        return int(counters.get(name, '0'))
    except ValueError:
        return 0
print(n('passed'), n('failed') + n('error') + n('timeout') + n('aborted'))
PY
    return
  fi
  local counters
  counters=$(tr '\r\n' '  ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1) || return 1
  [[ -n "$counters" ]] || return 1
  attr() { local v; v=$(sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  echo "$(attr passed) $(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))"
}

# ---------------------------------------------------------------- test runs

run_project() { # run_project <provider> <csproj>
  local provider=$1 project=$2 name
  name=$(basename "$project" .csproj)
  local label="[$provider] $name" trx="$provider-$name.trx"
  rm -f "$RESULTS/$trx"
  say ""
  say "── $label"
  local rc=0
  GHISEU_TEST_PROVIDER=$provider dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$trx" --results-directory "$RESULTS" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
    "${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"}" || rc=$?
  local counts passed failed
  if [[ -f "$RESULTS/$trx" ]] && counts=$(trx_counts "$RESULTS/$trx"); then
    read -r passed failed <<<"$counts"
    if ((rc != 0 && failed == 0)); then
      record "$label" "$passed" 1 "dotnet test exited $rc"
    else
      record "$label" "$passed" "$failed"
    fi
  else
    record "$label" 0 1 "no test results; dotnet test exited $rc"
  fi
}

main() {
  # Every tests/*/*.csproj; the (slow) browser tests last.
  local projects=() p has_browser=0
  for p in tests/*/*.csproj; do
    [[ -f "$p" ]] || continue
    if [[ "$(basename "$p" .csproj)" == "$BROWSER_PROJECT" ]]; then has_browser=1; else projects+=("$p"); fi
  done
  if ((has_browser)); then projects+=(tests/*/"$BROWSER_PROJECT.csproj"); fi

  local need_pg=0
  if wants Postgres && [[ -z "${GHISEU_TEST_POSTGRES:-}" ]]; then need_pg=1; fi
  local need_imap=0
  if [[ -z "${GHISEU_TEST_IMAP:-}" ]]; then need_imap=1; fi
  if ! GHISEU_NEED_POSTGRES=$need_pg GHISEU_NEED_IMAP=$need_imap GHISEU_NEED_BROWSER="${GHISEU_NEED_BROWSER:-$has_browser}" \
      bash "$SCRIPT_DIR/install-deps.sh"; then
    record "install-deps" 0 1 "scripts/install-deps.sh failed"
    finish
  fi

  trap 'cleanup_postgres; cleanup_dovecot' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local pg_ok=1
  if ((need_pg)); then
    local t0
    t0=$(date +%s%N)
    if start_postgres; then
      export GHISEU_TEST_POSTGRES=$PG_CONNECTION
      say "postgres: throw-away server on 127.0.0.1:$PG_PORT ready in $((($(date +%s%N) - t0) / 1000000)) ms"
    else
      pg_ok=0
      cleanup_postgres
    fi
  fi

  if ((need_imap)); then
    if start_dovecot; then
      export GHISEU_TEST_IMAP="127.0.0.1:$IMAP_PORT"
      say "imap: throw-away Dovecot on $GHISEU_TEST_IMAP"
    else
      # The IMAP tests fail (not skip) without a server; say why here.
      say "imap: could not start Dovecot; the IMAP tests will fail"
      cleanup_dovecot
    fi
  fi

  say "build: dotnet build $SOLUTION -c Release"
  local build_opts=(-c Release --nologo -v quiet)
  # Build servers outlive the script; on a throw-away CI machine they only get in the way.
  if [[ -n "${CI:-}" ]]; then build_opts+=(--disable-build-servers); fi
  if ! dotnet build "$SOLUTION" "${build_opts[@]}"; then
    record "build" 0 1 "dotnet build failed"
    finish
  fi
  # A test project missing from the solution would have no binaries for --no-build.
  for p in "${projects[@]+"${projects[@]}"}"; do
    if ! grep -qF "\"$p\"" "$SOLUTION"; then
      say "build: $p is not in $SOLUTION; building it separately"
      if ! dotnet build "$p" "${build_opts[@]}"; then
        record "build $p" 0 1 "dotnet build failed"
        finish
      fi
    fi
  done

  # The default results directory is ours: drop the previous run's TRX and blame leftovers.
  if [[ -z "${GHISEU_TEST_RESULTS:-}" ]]; then rm -rf "$RESULTS"; fi
  mkdir -p "$RESULTS"
  if ((${#projects[@]} == 0)); then
    record "tests" 0 1 "no tests/*/*.csproj found"
  fi
  local provider
  for provider in Sqlite Postgres; do
    wants "$provider" || continue
    if [[ $provider == Postgres && $pg_ok == 0 ]]; then
      record "[Postgres]" 0 1 "could not start PostgreSQL"
      continue
    fi
    for p in "${projects[@]+"${projects[@]}"}"; do
      if [[ "$(basename "$p" .csproj)" == "$BROWSER_PROJECT" && $provider != Sqlite ]]; then continue; fi
      run_project "$provider" "$p"
    done
  done
  finish
}

main
