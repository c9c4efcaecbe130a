# Sourced by ./dev: puts Node >= 22 and the committed yarn release on the PATH.
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain_dir="$repo_root/.toolchain"
node_package='node@24'

node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

ensure_node() {
  if [ "$(node_major)" -ge 22 ]; then
    return
  fi
  local bin="$toolchain_dir/node_modules/.bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
    echo "Node $(node --version 2>/dev/null || echo 'none') is too old for Backstage; fetching $node_package into .toolchain/" >&2
    command -v npm >/dev/null 2>&1 || { echo "npm is needed to fetch Node 24" >&2; exit 1; }
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-save --no-audit --no-fund "$node_package" >&2
  fi
  export PATH="$bin:$PATH"
}

ensure_yarn() {
  local release
  release="$(ls "$repo_root"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$toolchain_dir/bin"
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$release" >"$toolchain_dir/bin/yarn"
  chmod +x "$toolchain_dir/bin/yarn"
  export PATH="$toolchain_dir/bin:$PATH"
}

install_dependencies() {
  if [ -n "${CI:-}" ]; then
    yarn install --immutable
  else
    yarn install
  fi
}

# PostgreSQL's server binaries: on the PATH, or where Debian's postgresql puts them.
postgres_installed() {
  command -v postgres >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# Debian packages the tests run for real: Prometheus (scrapes the sandbox),
# PostgreSQL (the backend tests start throwaway servers of their own from its
# binaries, never its system service) and Chromium with a font for the
# end-to-end test (yarn e2e drives /usr/bin/chromium; Playwright never
# downloads a browser of its own).
ensure_test_packages() {
  local missing=()
  [ -x /usr/bin/prometheus ] || missing+=(prometheus)
  postgres_installed || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: ${missing[*]} missing and apt-get unavailable (or not root): the tests that need Prometheus or PostgreSQL are skipped, and yarn e2e fails" >&2
    return
  fi
  echo "Installing ${missing[*]} from Debian's packages" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The local cluster's binaries and a real Kiali, built from the Go module proxy into a per-machine cache the
# first time (with progress on stderr), reused after.
build_cluster_binaries() {
  command -v go >/dev/null 2>&1 || { echo "Go is needed to build the local cluster (etcd, kube-apiserver, ...) from the Go module proxy" >&2; exit 1; }
  local started=$SECONDS
  bash "$repo_root/packages/mesh-sandbox/cluster/build-binaries.sh" >/dev/null
  # a real Kiali 1.73, which the Kiali client's tests read beside the sandbox's imitation
  bash "$repo_root/packages/mesh-sandbox/cluster/build-kiali.sh" >/dev/null
  echo "Local cluster binaries ready ($((SECONDS - started)) s)" >&2
}

# Playwright (yarn e2e) uses Debian's Chromium, never a browser it downloads.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

ensure_node
ensure_yarn
echo "Using node $(node --version), yarn $(yarn --version)" >&2
