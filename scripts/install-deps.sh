#!/usr/bin/env bash
# Installs what the tests need, only if it is missing (idempotent, quiet).
#
#   GHISEU_NEED_POSTGRES=0   skip PostgreSQL (default 1; scripts/test.sh sets 0 when
#                            GHISEU_TEST_POSTGRES points at an existing server)
#   GHISEU_NEED_IMAP=0       skip Dovecot (default 1; scripts/test.sh sets 0 when
#                            GHISEU_TEST_IMAP points at an existing server)
#   GHISEU_NEED_BROWSER=1    also install Debian's Chromium + chromium-driver, and the browser
#                            tests' npm packages (default 0; scripts/test.sh sets 1 when
#                            tests/Ghiseu.BrowserTests exists)
#
# Debian/Ubuntu (apt-get) only; elsewhere it says what is missing and fails.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

APT_UPDATED=0
PACKAGES=()   # Debian packages still to install, collected by the need_* functions

log() { printf 'install-deps: %s\n' "$*" >&2; }

# Newest /usr/lib/postgresql/<version>/bin that has initdb (Debian does not put it on PATH).
postgres_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then printf '%s\n' "$d"; fi
  done | sort -V | tail -n 1
}

need_postgres() {
  [[ "${GHISEU_NEED_POSTGRES:-1}" == 1 ]] || return 0
  if [[ -n "${GHISEU_PG_BIN:-}" && -x "${GHISEU_PG_BIN}/initdb" ]]; then return 0; fi
  if [[ -n "$(postgres_bin_dir)" ]]; then return 0; fi
  # postgresql (Debian's default major, with contrib: unaccent etc.); pg_isready comes with it.
  PACKAGES+=(postgresql)
}

need_imap() {
  [[ "${GHISEU_NEED_IMAP:-1}" == 1 ]] || return 0
  # The IMAP tests run against a throw-away Dovecot (scripts/dovecot-temp.sh).
  command -v dovecot >/dev/null 2>&1 || PACKAGES+=(dovecot-imapd)
}

need_publicsuffix() {
  # DMARC alignment takes the organizational domain from the Public Suffix List.
  [[ -f /usr/share/publicsuffix/public_suffix_list.dat ]] || PACKAGES+=(publicsuffix)
}

need_browser() {
  [[ "${GHISEU_NEED_BROWSER:-0}" == 1 ]] || return 0
  # Playwright drives Debian's Chromium (ExecutablePath=/usr/bin/chromium); never downloads one.
  command -v chromium >/dev/null 2>&1 || PACKAGES+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || PACKAGES+=(chromium-driver)
  # Fonts so pages render with real glyph metrics (cheap if already present).
  [[ -d /usr/share/fonts/truetype/dejavu ]] || PACKAGES+=(fonts-dejavu-core)
  # npm installs axe-core, which the accessibility tests inject into pages.
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
}

# The browser tests' npm packages (axe-core), at the versions in their package-lock.json.
install_browser_packages() {
  [[ "${GHISEU_NEED_BROWSER:-0}" == 1 ]] || return 0
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Ghiseu.BrowserTests"
  [[ -f "$dir/package-lock.json" ]] || return 0
  if [[ -f "$dir/node_modules/axe-core/axe.min.js" ]]; then return 0; fi
  log "npm ci in tests/Ghiseu.BrowserTests"
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    log "npm ci failed in $dir"
    exit 1
  fi
}

apt_install() {
  (($# > 0)) || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing: $* (no apt-get here; install them by hand)"
    exit 1
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo -E)
    else
      log "missing: $* (run as root, or install them: apt-get install $*)"
      exit 1
    fi
  fi
  log "installing: $*"
  if [[ $APT_UPDATED == 0 ]]; then
    "${sudo[@]}" apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  # -qq is not fully silent for dpkg; keep its chatter out of the test output unless it fails.
  local out
  out=$(mktemp)
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "$@" >"$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    log "apt-get install $* failed"
    exit 1
  fi
  rm -f "$out"
}

main() {
  need_postgres
  need_browser
  need_imap
  need_publicsuffix
  apt_install "${PACKAGES[@]+"${PACKAGES[@]}"}"
  install_browser_packages
  if [[ "${GHISEU_NEED_POSTGRES:-1}" == 1 && -z "${GHISEU_PG_BIN:-}" && -z "$(postgres_bin_dir)" ]]; then
    log "PostgreSQL was installed but no /usr/lib/postgresql/*/bin/initdb was found"
    exit 1
  fi
}

# Sourcing (as scripts/test.sh does for postgres_bin_dir) defines the functions only.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
