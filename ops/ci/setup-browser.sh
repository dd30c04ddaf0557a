#!/usr/bin/env bash
# Installs the headless browser the web UI's test (WebUiIT) drives: Debian's chromium and its
# matching chromium-driver, from the distribution (no download of a browser build at test time).
#
# Idempotent: installs only what is missing, then checks that both binaries start and report the
# same major version (a driver for another Chromium refuses to start sessions). Runs as root on a
# fresh Debian machine, as .ci/run does.
set -euo pipefail

log() { echo "setup-browser: $*"; }
die() { echo "setup-browser: ERROR: $*" >&2; exit 1; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  log "chromium and chromium-driver already installed"
else
  log "installing chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq chromium chromium-driver >/dev/null || die "apt-get install chromium chromium-driver failed"
fi

browser=$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1) || true
driver=$(/usr/bin/chromedriver --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1) || true
[ -n "$browser" ] || die "/usr/bin/chromium --version printed no version"
[ "$browser" = "$driver" ] || die "chromium is version ${browser%.} but chromedriver is ${driver%.}: install both from the same release"
log "chromium and chromedriver ${browser%.} ready"
