#!/usr/bin/env bash
# Builds a real Kiali server (github.com/kiali/kiali, the OSSM 2.5/2.6 line) from the Go module
# proxy into the per-machine cache, beside the CRD its informers wait for that the shared Maistra
# CRDs lack (WasmPlugin, from istio.io/api). Prints the folder holding them on its last line.
#
#   build-kiali.sh            build what is missing, print the folder
#   build-kiali.sh --check    exit 0 when everything is built, 1 otherwise (builds nothing)
set -euo pipefail

KIALI_VERSION="${KIALI_VERSION:-v1.73.0}"
# The oldest istio.io/api the proxy serves whose WasmPlugin CRD serves v1alpha1, as Kiali 1.73 lists it.
ISTIO_API_VERSION="${ISTIO_API_VERSION:-v1.20.0}"
CACHE_ROOT="${MESH_SANDBOX_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh-sandbox/bin}"
DEST="$CACHE_ROOT/kiali-$KIALI_VERSION-istio-api-$ISTIO_API_VERSION"
ARTIFACTS=(kiali wasmplugins.crd.yaml)

export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

LOG_PREFIX="kiali"
source "$(dirname "${BASH_SOURCE[0]}")/go-build.sh"
start_build "${1:-}" "$DEST" "${ARTIFACTS[@]}"

copy_wasmplugins_crd() {
  local crds
  crds="$(module_dir istio.io/api "$ISTIO_API_VERSION")/kubernetes/customresourcedefinitions.gen.yaml"
  awk 'BEGIN { RS = "\n---\n" } /name: wasmplugins.extensions.istio.io/ { print; exit }' "$crds" >"$DEST/wasmplugins.crd.yaml.tmp"
  grep -q 'kind: CustomResourceDefinition' "$DEST/wasmplugins.crd.yaml.tmp" || { echo "build-kiali: no WasmPlugin CRD in $crds" >&2; exit 1; }
  mv "$DEST/wasmplugins.crd.yaml.tmp" "$DEST/wasmplugins.crd.yaml"
  log "WasmPlugin CRD taken from istio.io/api@$ISTIO_API_VERSION"
}

for artifact in "${missing[@]}"; do
  case "$artifact" in
    kiali) build_from_module "$DEST" kiali github.com/kiali/kiali "$KIALI_VERSION" github.com/kiali/kiali \
      "-X main.version=$KIALI_VERSION -X main.commitHash=$KIALI_VERSION" ;;
    wasmplugins.crd.yaml) copy_wasmplugins_crd ;;
  esac
done
log "built in $((SECONDS - started)) s into $DEST"
echo "$DEST"
