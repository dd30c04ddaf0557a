#!/usr/bin/env bash
# Installs etcd 3.4 (Debian's etcd-server) so BenchVsEtcdIT can run `bench submit --vs etcd`;
# with CI=true that test fails when the etcd binary is missing.
set -euo pipefail
if command -v etcd >/dev/null 2>&1; then
  echo "etcd present: $(etcd --version 2>&1 | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
# The package starts an etcd member on the default ports where an init system runs; the bench starts its own.
$SUDO systemctl disable --now etcd >/dev/null 2>&1 || true
command -v etcd
