#!/usr/bin/env bash
# Prepares a machine (Debian 12, root) for the stack tests: Podman's Docker API service,
# a local registry, and small test images built from files on this machine, because no
# image can be pulled from a public registry here (see ../shared/FACTS.md).
#
# Idempotent: run it again and it reuses what is already running.
# Prints the environment the tests need as `export` lines; use it as
#   eval "$(scripts/ci-stack-setup.sh)"
# Its own progress goes to stderr.
set -euo pipefail

STATE_DIR="${MACLOG_STACK_CI_DIR:-/tmp/maclog-stack-ci}"
SOCKET="$STATE_DIR/podman.sock"
REGISTRY="127.0.0.1:5000"
TAG_PREFIX="localhost/maclog-test"
FIXTURES="$(cd "$(dirname "$0")/../test/fixtures/stack" && pwd)"
# The stand-ins' tag changes with their script, so a machine set up before rebuilds them.
STANDIN_TAG="$(sha256sum "$FIXTURES/standin.sh" | cut -c1-12)"

say() { echo "ci-stack-setup: $*" >&2; }

install_packages() {
  local missing=()
  for pkg in curl podman runc docker-registry prometheus busybox-static; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]} > 0)); then
    say "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

write_configs() {
  mkdir -p "$STATE_DIR/registry-data"
  # crun fails on this machine's cgroups and the default ulimits are refused (FACTS.md).
  cat >"$STATE_DIR/containers.conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
EOF
  cat >"$STATE_DIR/registries.conf" <<EOF
unqualified-search-registries = []

[[registry]]
location = "$REGISTRY"
insecure = true
EOF
  cat >"$STATE_DIR/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry-data
http:
  addr: $REGISTRY
EOF
}

answers() { curl -fsS --max-time 2 "$@" >/dev/null 2>&1; }

start_podman_service() {
  if answers --unix-socket "$SOCKET" http://d/_ping; then return; fi
  say "starting podman system service on $SOCKET"
  rm -f "$SOCKET"
  nohup podman system service --time=0 "unix://$SOCKET" >"$STATE_DIR/podman.log" 2>&1 &
  for _ in $(seq 1 50); do
    answers --unix-socket "$SOCKET" http://d/_ping && return
    sleep 0.2
  done
  say "podman service did not answer; see $STATE_DIR/podman.log"
  exit 1
}

start_registry() {
  if answers "http://$REGISTRY/v2/"; then return; fi
  say "starting docker-registry on $REGISTRY"
  nohup docker-registry serve "$STATE_DIR/registry.yml" >"$STATE_DIR/registry.log" 2>&1 &
  for _ in $(seq 1 50); do
    answers "http://$REGISTRY/v2/" && return
    sleep 0.2
  done
  say "docker-registry did not answer; see $STATE_DIR/registry.log"
  exit 1
}

# Debian's prometheus binary with the two libraries it links, FROM scratch.
build_prometheus() {
  local ctx="$STATE_DIR/build/prometheus"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/lib64" "$ctx/rootfs/prometheus"
  mkdir -p "$ctx/rootfs/lib/x86_64-linux-gnu" "$ctx/rootfs/etc/prometheus"
  cp /usr/bin/prometheus "$ctx/rootfs/bin/prometheus"
  cp /lib/x86_64-linux-gnu/libc.so.6 "$ctx/rootfs/lib/x86_64-linux-gnu/"
  cp /lib64/ld-linux-x86-64.so.2 "$ctx/rootfs/lib64/"
  cat >"$ctx/Containerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
EOF
  podman build -q -t "$TAG_PREFIX/prometheus:2.42" "$ctx" >&2
}

# A stand-in answers the readiness path of Loki or Grafana and nothing else; see
# test/fixtures/stack/standin.sh. busybox gives it a shell, awk and httpd.
build_standin() {
  local service="$1" ready_path="$2"
  local ctx="$STATE_DIR/build/$service-standin"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/www/$(dirname "$ready_path")"
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  for tool in sh awk httpd; do ln -s busybox "$ctx/rootfs/bin/$tool"; done
  echo "stand-in ready" >"$ctx/rootfs/www/$ready_path"
  cp "$FIXTURES/standin.sh" "$ctx/rootfs/standin.sh"
  cat >"$ctx/Containerfile" <<EOF
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
ENTRYPOINT ["/bin/sh", "/standin.sh", "$service"]
EOF
  podman build -q -t "$TAG_PREFIX/$service-standin:$STANDIN_TAG" "$ctx" >&2
}

build_and_push() {
  export CONTAINERS_CONF="$STATE_DIR/containers.conf"
  export CONTAINERS_REGISTRIES_CONF="$STATE_DIR/registries.conf"
  podman image exists "$TAG_PREFIX/prometheus:2.42" || build_prometheus
  podman image exists "$TAG_PREFIX/loki-standin:$STANDIN_TAG" || build_standin loki ready
  podman image exists "$TAG_PREFIX/grafana-standin:$STANDIN_TAG" ||
    build_standin grafana api/health
  for image in prometheus:2.42 "loki-standin:$STANDIN_TAG" "grafana-standin:$STANDIN_TAG"; do
    podman push -q --tls-verify=false "$TAG_PREFIX/$image" "$REGISTRY/maclog-test/$image" >&2
  done
}

install_packages
write_configs
export CONTAINERS_CONF="$STATE_DIR/containers.conf"
export CONTAINERS_REGISTRIES_CONF="$STATE_DIR/registries.conf"
start_podman_service
start_registry
build_and_push

cat <<EOF
export DOCKER_HOST=unix://$SOCKET
export CONTAINERS_CONF=$STATE_DIR/containers.conf
export CONTAINERS_REGISTRIES_CONF=$STATE_DIR/registries.conf
export MACLOG_TEST_REGISTRY=$REGISTRY
export MACLOG_TEST_IMAGE_PREFIX=$TAG_PREFIX
export MACLOG_TEST_STANDIN_TAG=$STANDIN_TAG
EOF
