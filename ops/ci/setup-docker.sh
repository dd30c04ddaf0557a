#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, without any registry.
#
# Idempotent: installs docker.io only when dockerd is missing, starts dockerd only when `docker info`
# fails, then waits (bounded) until the engine answers. Exits non-zero with a message saying what
# to look at when it cannot. Concurrent callers are serialised by a lock so that two builds on one
# machine do not start two daemons.
#
# Environment:
#   DOCKER_WAIT_SECONDS  how long to wait for `docker info` after starting dockerd (default 60)
#   DOCKERD_LOG          where dockerd writes its log (default /tmp/dockerd.log)
set -euo pipefail

WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"
DOCKERD_LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"
LOCK_FILE="/tmp/orchestrate-setup-docker.lock"

log() { echo "setup-docker: $*"; }
die() { echo "setup-docker: ERROR: $*" >&2; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }

exec 9>"$LOCK_FILE"
if ! flock -w 300 9; then
  die "another setup-docker.sh held $LOCK_FILE for more than 300 s"
fi

if engine_answers; then
  log "engine already answers ($(docker info --format '{{.ServerVersion}} {{.Driver}} cgroup{{.CgroupVersion}}' 2>/dev/null))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  [[ "$(id -u)" == 0 ]] || die "dockerd is not installed and this is not root; run: sudo apt-get install -y docker.io"
  log "installing docker.io with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker.io >/tmp/setup-docker-apt.log 2>&1 \
    || { tail -n 20 /tmp/setup-docker-apt.log >&2; die "apt-get install docker.io failed (full log: /tmp/setup-docker-apt.log)"; }
fi
command -v docker >/dev/null 2>&1 || die "docker client not found on PATH after installing docker.io"

# A daemon we started is alive while its pid runs (a zombie counts as exited). Any process named
# dockerd also counts: until setsid and nohup have exec'd, our child is not yet called dockerd,
# and one found running at the start is not our child at all.
started_pid=""
daemon_alive() {
  if [[ -n "$started_pid" ]]; then
    local state
    state="$(ps -o stat= -p "$started_pid" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z* ]] && return 0
  fi
  pgrep -x dockerd >/dev/null 2>&1
}

start_daemon() {
  [[ "$(id -u)" == 0 ]] || die "dockerd is not running and only root can start it"
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid detaches the daemon from this shell's process group so it outlives the caller.
  # 9>&- keeps the daemon from inheriting (and so holding forever) the lock taken above.
  setsid nohup dockerd --storage-driver=overlay2 >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  started_pid=$!
}

# The log's tail goes to stdout as well as the reason, so that a CI report that keeps only stdout
# still says why the engine did not come up.
show_log_tail() { echo "setup-docker: last lines of $DOCKERD_LOG:"; tail -n 20 "$DOCKERD_LOG" 2>/dev/null | sed 's/^/  /' || true; }

if pgrep -x dockerd >/dev/null 2>&1; then
  # A daemon is running but not answering yet (still starting, or stopping).
  log "dockerd is running (pid $(pgrep -x dockerd | head -n1)); waiting for it to answer"
else
  : >"$DOCKERD_LOG"
  start_daemon
fi

# One more start is allowed: a daemon that was still shutting down when we looked (its pid file
# and sockets held) makes the first start fail, and the second then finds the way clear.
starts_left=1
wait_start=$SECONDS
deadline=$((SECONDS + WAIT_SECONDS))
while (( SECONDS < deadline )); do
  if engine_answers; then
    log "engine answers after $((SECONDS - wait_start))s ($(docker info --format '{{.ServerVersion}} {{.Driver}} cgroup{{.CgroupVersion}}' 2>/dev/null))"
    exit 0
  fi
  if ! daemon_alive; then
    show_log_tail
    (( starts_left > 0 )) || die "dockerd exited during startup; see $DOCKERD_LOG"
    starts_left=$((starts_left - 1))
    log "dockerd is not running; starting it again"
    start_daemon
  fi
  sleep 1
done
show_log_tail
die "docker info did not answer within ${WAIT_SECONDS}s; see $DOCKERD_LOG"
