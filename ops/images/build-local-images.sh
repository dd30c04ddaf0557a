#!/usr/bin/env bash
# Builds the project's base images on a machine with a Docker engine but no registry.
#
#   local/busybox:1  /bin/busybox from Debian's busybox-static plus one /bin link per applet and /tmp;
#                    small and fast, used by driver and Testcontainers tests.
#   local/jre:17     a debootstrap'd Debian bookworm (minbase) with openjdk-17-jre-headless, the base
#                    of the orchestrate image when no registry is at hand (about 1-2 minutes).
#
# An image that already exists is kept unless --force. Nothing is pulled; packages come from the
# Debian mirror that apt is configured with (/etc/apt/sources.list and sources.list.d).
#
# Usage: build-local-images.sh [--only busybox|jre] [--force]
set -euo pipefail

BUSYBOX_IMAGE="local/busybox:1"
JRE_IMAGE="local/jre:17"
SUITE="bookworm"

only=""
force=false
while (( $# > 0 )); do
  case "$1" in
    --only)
      [[ $# -ge 2 ]] || { echo "build-local-images: --only needs a value: busybox or jre" >&2; exit 2; }
      only="$2"; shift 2 ;;
    --only=*) only="${1#--only=}"; shift ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-local-images: unknown argument '$1' (usage: [--only busybox|jre] [--force])" >&2; exit 2 ;;
  esac
done
case "$only" in
  ""|busybox|jre) ;;
  *) echo "build-local-images: --only must be busybox or jre, not '$only'" >&2; exit 2 ;;
esac

log() { echo "build-local-images: $*"; }
die() { echo "build-local-images: ERROR: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || die "no Docker engine answers; run ops/ci/setup-docker.sh first"

export DEBIAN_FRONTEND=noninteractive
apt_updated=false
apt_install() {
  local pkg="$1"
  if dpkg -s "$pkg" >/dev/null 2>&1; then return 0; fi
  [[ "$(id -u)" == 0 ]] || die "package $pkg is missing and only root can install it"
  if [[ "$apt_updated" == false ]]; then apt-get update -qq || die "apt-get update failed"; apt_updated=true; fi
  log "installing $pkg"
  apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null || die "apt-get install $pkg failed"
}

# Returns 0 when the image should be (re)built; prints why not otherwise.
wants_build() {
  local image="$1"
  if docker image inspect "$image" >/dev/null 2>&1; then
    if [[ "$force" == true ]]; then
      log "$image exists; rebuilding (--force)"
      return 0
    fi
    log "$image exists; skipping (use --force to rebuild)"
    return 1
  fi
  return 0
}

# A --force rebuild leaves the previous image untagged; drop such leftovers of ours only.
prune_replaced() {
  docker image prune -f --filter "label=io.orchestrate.base-image" >/dev/null || true
}

# Unmounts anything left mounted under a build root, then deletes it. Refuses to delete while a
# mount remains, because rm -rf through a bind-mounted /dev or /proc would damage the host.
remove_root() {
  local dir="$1"
  [[ -n "$dir" && -d "$dir" ]] || return 0
  local m
  for m in $(awk -v d="$dir" '$2 ~ "^"d {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  if awk -v d="$dir" '$2 ~ "^"d {found=1} END {exit !found}' /proc/mounts; then
    echo "build-local-images: WARNING: mounts remain under $dir; not deleting it" >&2
    return 0
  fi
  rm -rf "$dir"
}

work=""
cleanup() { remove_root "$work"; }
trap cleanup EXIT

# The first http(s) Debian mirror apt uses for the suite, from one-line (.list) or deb822 (.sources) files.
debian_mirror() {
  local f uri=""
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri=$(awk -v s="$SUITE" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /^https?:/) { if ($(i+1) == s) { print $i; exit } break } }' "$f")
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # deb822 stanzas are separated by blank lines; take the URIs of the first stanza listing the suite.
    uri=$(awk -v s="$SUITE" '
      BEGIN { RS = ""; FS = "\n" }
      {
        u = ""; hit = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split(substr($i, 6), a, " "); u = a[1] }
          if ($i ~ /^Suites:/) { n = split(substr($i, 8), b, " "); for (j = 1; j <= n; j++) if (b[j] == s) hit = 1 }
        }
        if (hit && u ~ /^https?:/) { print u; exit }
      }' "$f")
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  return 1
}

build_busybox() {
  wants_build "$BUSYBOX_IMAGE" || return 0
  local t0=$SECONDS
  apt_install busybox-static
  local bb=/bin/busybox
  [[ -x "$bb" ]] || die "busybox-static is installed but $bb is missing"
  work=$(mktemp -d /var/tmp/orchestrate-busybox.XXXXXX)
  local root="$work/root"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  local n=0 applet
  while read -r applet; do
    [[ -n "$applet" && "$applet" != busybox ]] || continue
    ln -sf busybox "$root/bin/$applet"
    n=$((n + 1))
  done < <("$bb" --list)
  # A root user lets `id`, `whoami` and tools that look up uid 0 behave.
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  log "busybox rootfs: /bin/busybox + $n applet links, /tmp, /etc/passwd"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$work/rootfs.tar" .
  docker import \
    --change 'CMD ["sh"]' \
    --change 'ENV PATH=/bin' \
    --change 'LABEL io.orchestrate.base-image=busybox' \
    "$work/rootfs.tar" "$BUSYBOX_IMAGE" >/dev/null
  prune_replaced
  remove_root "$work"; work=""
  docker run --rm "$BUSYBOX_IMAGE" sh -c 'echo hello from busybox' | grep -q 'hello from busybox' \
    || die "$BUSYBOX_IMAGE was imported but does not run sh"
  log "$BUSYBOX_IMAGE built in $((SECONDS - t0))s ($(docker image inspect -f '{{.Size}}' "$BUSYBOX_IMAGE") bytes)"
}

build_jre() {
  wants_build "$JRE_IMAGE" || return 0
  local t0=$SECONDS
  apt_install debootstrap
  local mirror
  mirror=$(debian_mirror) || die "no http(s) Debian mirror for '$SUITE' in /etc/apt/sources.list or sources.list.d"
  work=$(mktemp -d /var/tmp/orchestrate-jre.XXXXXX)
  local root="$work/root"
  log "debootstrap $SUITE minbase + openjdk-17-jre-headless from $mirror (1-2 minutes; log: $work/debootstrap.log)"
  if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    cp "$work/debootstrap.log" /tmp/orchestrate-debootstrap.log 2>/dev/null || true
    die "debootstrap failed (log kept at /tmp/orchestrate-debootstrap.log)"
  fi
  log "debootstrap done after $((SECONDS - t0))s; trimming caches"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log \
         "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/debootstrap
  local java_home
  java_home=$(cd "$root" && ls -d usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n1)
  [[ -n "$java_home" && -x "$root/$java_home/bin/java" ]] || die "no java under $root/usr/lib/jvm after debootstrap"
  tar --numeric-owner -C "$root" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf "$work/rootfs.tar" .
  docker import \
    --change "ENV JAVA_HOME=/$java_home" \
    --change "ENV PATH=/$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["java", "-version"]' \
    --change 'LABEL io.orchestrate.base-image=jre17' \
    "$work/rootfs.tar" "$JRE_IMAGE" >/dev/null
  prune_replaced
  remove_root "$work"; work=""
  docker run --rm "$JRE_IMAGE" java -version 2>&1 | grep -q 'version "17' \
    || die "$JRE_IMAGE was imported but java -version does not report 17"
  log "$JRE_IMAGE built in $((SECONDS - t0))s ($(docker image inspect -f '{{.Size}}' "$JRE_IMAGE") bytes)"
}

start=$SECONDS
if [[ -z "$only" || "$only" == busybox ]]; then build_busybox; fi
if [[ -z "$only" || "$only" == jre ]]; then build_jre; fi
log "done in $((SECONDS - start))s"
