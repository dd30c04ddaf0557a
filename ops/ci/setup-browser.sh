#!/usr/bin/env bash
# Installs the headless browser the web UI's tests (WebUiIT, WebUiTlsIT) drive: Debian's chromium
# and its matching chromium-driver, from the distribution (no download of a browser build at test
# time), and libnss3-tools, whose certutil and pk12util give a test browser the cluster's CA and a
# client certificate. For a browser to present that certificate without a prompt, Chromium needs
# the AutoSelectCertificateForUrls policy: written here for https://127.0.0.1 only (the tests'
# managers), so it never picks a certificate for any other site.
#
# Idempotent: installs only what is missing, then checks that both binaries start and report the
# same major version (a driver for another Chromium refuses to start sessions). Runs as root on a
# fresh Debian machine, as .ci/run does.
set -euo pipefail

log() { echo "setup-browser: $*"; }
die() { echo "setup-browser: ERROR: $*" >&2; exit 1; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/certutil ] && [ -x /usr/bin/pk12util ]; then
  log "chromium, chromium-driver and libnss3-tools already installed"
else
  log "installing chromium chromium-driver libnss3-tools"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq chromium chromium-driver libnss3-tools >/dev/null || die "apt-get install chromium chromium-driver libnss3-tools failed"
fi

policy=/etc/chromium/policies/managed/orchestrate-ci.json
mkdir -p "$(dirname "$policy")"
cat > "$policy" <<'JSON'
{"AutoSelectCertificateForUrls": ["{\"pattern\":\"https://127.0.0.1\",\"filter\":{}}"]}
JSON
log "client certificates chosen without a prompt for https://127.0.0.1 ($policy)"

browser=$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1) || true
driver=$(/usr/bin/chromedriver --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1) || true
[ -n "$browser" ] || die "/usr/bin/chromium --version printed no version"
[ "$browser" = "$driver" ] || die "chromium is version ${browser%.} but chromedriver is ${driver%.}: install both from the same release"
log "chromium and chromedriver ${browser%.} ready"
