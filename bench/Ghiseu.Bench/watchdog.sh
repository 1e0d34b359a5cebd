#!/usr/bin/env bash
# Started by the benchmark with its own pid and its temp root. When the benchmark is gone (killed,
# crashed or done), stops what it left in the root: Ghiseu servers (ROOT/*.server.pid) and
# throw-away PostgreSQL servers (ROOT/ghiseu-pg.*), then removes the root.
# Ignores INT/HUP/TERM so that a Ctrl-C, which also reaches it, cannot stop it before the benchmark.
set -u
trap '' INT HUP TERM
bench_pid=$1 root=$2 repo=$3

while kill -0 "$bench_pid" 2>/dev/null; do sleep 1; done
[[ -d "$root" ]] || exit 0

for f in "$root"/*.server.pid; do
  [[ -f "$f" ]] || continue
  pid=$(cat "$f" 2>/dev/null || true)
  # Only a Ghiseu server that this benchmark started (its command line names the root).
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "Ghiseu.dll" \
      && tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qF "$root"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
for d in "$root"/ghiseu-pg.*; do
  [[ -d "$d" ]] && timeout 60 bash "$repo/scripts/pg-temp.sh" stop "$d" >/dev/null 2>&1
done
rm -rf "$root"
