#!/usr/bin/env bash
# Builds the real control plane's binaries from the Go module proxy into a per-machine cache
# keyed by their versions: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok.
# Prints the folder holding them on its last line. A later run finds them there and builds nothing.
#
#   build-binaries.sh            build what is missing, print the folder
#   build-binaries.sh --check    exit 0 when everything is built, 1 otherwise (builds nothing)
set -euo pipefail

KUBERNETES_VERSION="${KUBERNETES_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
CACHE_ROOT="${MESH_SANDBOX_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh-sandbox/bin}"
DEST="$CACHE_ROOT/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwok-stages.yaml)

export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

LOG_PREFIX="cluster binaries"
source "$(dirname "${BASH_SOURCE[0]}")/go-build.sh"
start_build "${1:-}" "$DEST" "${BINARIES[@]}"

build_kubernetes() {
  local minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
  local staging="v0.$minor.${KUBERNETES_VERSION##*.}"
  log "k8s.io/kubernetes $KUBERNETES_VERSION: reading its go.mod"
  local gomod
  gomod="$(cd "$work" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  mkdir -p "$work/kubernetes"
  {
    echo "module local/meshsandbox/kubernetes"
    echo
    grep -E '^go ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    echo "replace ("
    # Every staging module that k8s.io/kubernetes replaces by a local folder, replaced instead by
    # its published release; those the proxy does not serve become empty local modules.
    grep -E '=> \./staging/' "$gomod" | awk '{print $1}' | while read -r module; do
      if (cd "$work" && go mod download "$module@$staging" >/dev/null 2>&1); then
        echo "  $module => $module $staging"
      else
        local dir="$work/empty/${module//\//_}"
        mkdir -p "$dir" && echo "module $module" >"$dir/go.mod"
        echo "  $module => $dir"
      fi
    done
    echo ")"
  } >"$work/kubernetes/go.mod"
  cat >"$work/kubernetes/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  local ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$work/kubernetes" && log "resolving modules" && go mod tidy -e >/dev/null 2>&1 || true)
  for binary in kube-apiserver kube-controller-manager kube-scheduler; do
    [[ -x "$DEST/$binary" ]] && continue
    log "building $binary (the first one takes the longest)"
    (cd "$work/kubernetes" && go build -tags tools -trimpath -ldflags "-s -w $ldflags" -o "$DEST/$binary.tmp" "k8s.io/kubernetes/cmd/$binary")
    mv "$DEST/$binary.tmp" "$DEST/$binary"
    log "$binary built ($((SECONDS - started)) s so far)"
  done
}

# kwok refuses to start without Stage objects; its default "fast" stages ship in its module.
copy_kwok_stages() {
  local module
  module="$(module_dir sigs.k8s.io/kwok "$KWOK_VERSION")"
  local stages="$module/kustomize/stage"
  {
    for file in node/fast/node-initialize.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      echo "---"
      cat "$stages/$file"
    done
  } >"$DEST/kwok-stages.yaml.tmp"
  mv "$DEST/kwok-stages.yaml.tmp" "$DEST/kwok-stages.yaml"
  log "kwok stages copied from $stages"
}

for binary in "${missing[@]}"; do
  case "$binary" in
    etcd) build_from_module "$DEST" etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3 ;;
    kwok) build_from_module "$DEST" kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok ;;
    kwok-stages.yaml) copy_kwok_stages ;;
    kube-*) [[ -x "$DEST/$binary" ]] || build_kubernetes ;;
  esac
done
log "all built in $((SECONDS - started)) s into $DEST"
echo "$DEST"
