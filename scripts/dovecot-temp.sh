#!/usr/bin/env bash
# A throw-away Dovecot IMAP server in a temp dir, on a free port of 127.0.0.1, for the tests and the
# benchmark: its own configuration, a passwd-file with one test user, plain IMAP (loopback only).
# Nothing under /etc is read or changed. As root, mail is owned by the `dovecot` system user that the
# package creates; otherwise Dovecot runs as the calling user.
#
# Sourced (scripts/test.sh):
#   start_dovecot     sets IMAP_TMP, IMAP_PORT, IMAP_USER, IMAP_PASSWORD; returns non-zero on failure
#   cleanup_dovecot   stops the server and removes IMAP_TMP; safe to call twice or before a start
#
# Run:
#   scripts/dovecot-temp.sh start       prints IMAP_TMP=…, IMAP_PORT=…, IMAP_USER=…, IMAP_PASSWORD=… and leaves it running
#   scripts/dovecot-temp.sh stop DIR    stops the server started in DIR and removes DIR
#
# Settings: GHISEU_IMAP_PORT first port to try (default 51143); TMPDIR where the temp dir is made.

IMAP_TMP=""
IMAP_PORT=""
IMAP_USER="ghiseu"
IMAP_PASSWORD="ghiseu-test"

imap_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup_dovecot() {
  [[ -n "$IMAP_TMP" ]] || return 0
  if [[ -f "$IMAP_TMP/dovecot.conf" ]]; then
    dovecot -c "$IMAP_TMP/dovecot.conf" stop >/dev/null 2>&1 || true
    local pid
    pid=$(cat "$IMAP_TMP/run/master.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      local i
      for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$IMAP_TMP"
  IMAP_TMP=""
}

start_dovecot() {
  if ! command -v dovecot >/dev/null 2>&1; then
    printf '%s\n' "dovecot: not installed (apt-get install dovecot-imapd)" >&2
    return 1
  fi
  IMAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ghiseu-imap.XXXXXX")
  chmod 755 "$IMAP_TMP"
  local mail_user login_user internal_user
  if [[ $(id -u) -eq 0 ]]; then
    mail_user=dovecot login_user=dovenull internal_user=dovecot
  else
    mail_user=$(id -un) login_user=$(id -un) internal_user=$(id -un)
  fi
  mkdir -p "$IMAP_TMP/run" "$IMAP_TMP/mail"
  chown "$mail_user" "$IMAP_TMP/mail" 2>/dev/null || true
  printf '%s:{PLAIN}%s\n' "$IMAP_USER" "$IMAP_PASSWORD" >"$IMAP_TMP/users"
  chmod 644 "$IMAP_TMP/users"

  local port=${GHISEU_IMAP_PORT:-51143} tries=0
  while :; do
    while imap_port_in_use "$port"; do port=$((port + 1)); done
    cat >"$IMAP_TMP/dovecot.conf" <<CONF
# ghiseu throw-away IMAP server for tests; nothing here is read from /etc
base_dir = $IMAP_TMP/run
state_dir = $IMAP_TMP/state
log_path = $IMAP_TMP/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = $login_user
default_internal_user = $internal_user
first_valid_uid = 0
mail_location = maildir:$IMAP_TMP/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $IMAP_TMP/users
}
userdb {
  driver = static
  args = uid=$mail_user gid=$(id -gn "$mail_user") home=$IMAP_TMP/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
CONF
    mkdir -p "$IMAP_TMP/state"
    if dovecot -c "$IMAP_TMP/dovecot.conf" >/dev/null 2>"$IMAP_TMP/start.err"; then
      local i
      for i in $(seq 1 50); do
        if imap_port_in_use "$port"; then IMAP_PORT=$port; return 0; fi
        sleep 0.1
      done
    fi
    tries=$((tries + 1))
    cat "$IMAP_TMP/start.err" "$IMAP_TMP/dovecot.log" >&2 2>/dev/null || true
    if ((tries >= 3)); then return 1; fi
    dovecot -c "$IMAP_TMP/dovecot.conf" stop >/dev/null 2>&1 || true
    port=$((port + 1))
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      if ! start_dovecot; then
        cleanup_dovecot
        exit 1
      fi
      printf 'IMAP_TMP=%s\nIMAP_PORT=%s\nIMAP_USER=%s\nIMAP_PASSWORD=%s\n' "$IMAP_TMP" "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD"
      ;;
    stop)
      dir=${2:?usage: dovecot-temp.sh stop DIR}
      if [[ ! -f "$dir/dovecot.conf" || "$(basename "$dir")" != ghiseu-imap.* ]]; then
        printf 'dovecot-temp: %s is not a dovecot-temp directory\n' "$dir" >&2
        exit 1
      fi
      IMAP_TMP=$dir
      cleanup_dovecot
      ;;
    *)
      printf 'usage: %s start | stop DIR\n' "$0" >&2
      exit 2
      ;;
  esac
fi
