#!/usr/bin/env bash
# Installs promtool (Debian's prometheus package) so AlertRulesTest can check
# ops/prometheus/alerts.yml; with CI=true that test fails when promtool is missing.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then
  echo "promtool present: $(promtool --version 2>&1 | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts a Prometheus server where an init system runs; the tests need only promtool.
$SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
command -v promtool
