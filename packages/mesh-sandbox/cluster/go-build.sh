# Sourced by the build scripts here: the cache check, progress lines and a build of one binary
# from the Go module proxy. The caller sets LOG_PREFIX, then calls start_build.
# shellcheck shell=bash

# start_build <first script argument> <dest> <artifact>...: sets `missing` to the artifacts not
# in dest yet. With --check, exits 0 when none is missing (1 otherwise); with nothing missing,
# prints dest and exits; else makes dest, a scratch folder `work` and the clock `started`.
start_build() {
  local mode="$1" dest="$2"
  shift 2
  missing=()
  local artifact
  for artifact in "$@"; do
    [[ -e "$dest/$artifact" ]] || missing+=("$artifact")
  done
  if [[ "$mode" == "--check" ]]; then
    [[ ${#missing[@]} -eq 0 ]]
    exit
  fi
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "$dest"
    exit 0
  fi
  command -v go >/dev/null || { echo "$LOG_PREFIX: Go is needed to build ${missing[*]} (https://go.dev)" >&2; exit 1; }
  mkdir -p "$dest"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  started=$SECONDS
}

log() { echo "[$LOG_PREFIX $(date +%H:%M:%S)] $*" >&2; }

# A module whose go.mod has replace directives (etcd's server) cannot be `go install`ed; a
# small consumer module that requires it builds it the same way for every module.
# An optional sixth argument adds -ldflags (e.g. -X main.version=...).
build_from_module() {
  local dest="$1" binary="$2" module="$3" version="$4" package="$5" ldflags="${6:-}"
  [[ -x "$dest/$binary" ]] && return
  log "building $binary from $module@$version"
  local dir="$work/$binary"
  mkdir -p "$dir"
  printf 'module local/meshsandbox/%s\n\ngo 1.24\n\nrequire %s %s\n' "$binary" "$module" "$version" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" >"$dir/tools.go"
  (cd "$dir" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$dir" && go build -tags tools -trimpath -ldflags "-s -w $ldflags" -o "$dest/$binary.tmp" "$package")
  mv "$dest/$binary.tmp" "$dest/$binary"
  log "$binary built ($((SECONDS - started)) s so far)"
}

# The folder of a module version in the module cache (downloaded when missing).
module_dir() {
  (cd "$work" && go mod download -json "$1@$2" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
}
