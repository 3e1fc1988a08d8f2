#!/usr/bin/env bash
# tools/plugin_dir.sh [PLUGIN_DIR] — prints the path of an offline Terraform plugin dir.
#
# The dir serves hashicorp/aws 5.100.0 (linked from /opt/tf-plugins) and hashicorp/random
# 3.6.3 (the offline stand-in from ../shared/tools/tf-random-standin). It is built once
# with the stand-in's install.sh and cached; default location build/tf-plugins.
# Use it as:  terraform init -plugin-dir="$(tools/plugin_dir.sh)"
# stdout carries only the path; progress goes to stderr.
# Environment: RDHA_BUILD_DIR (default <repo>/build), RDHA_SHARED_DIR (default <repo>/../shared).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD_DIR=${RDHA_BUILD_DIR:-$ROOT/build}
SHARED_DIR=${RDHA_SHARED_DIR:-$ROOT/../shared}
PLUGIN_DIR=${1:-$BUILD_DIR/tf-plugins}
STANDIN_DIR=$SHARED_DIR/tools/tf-random-standin
INSTALL_SH=$STANDIN_DIR/install.sh

if [ ! -f "$INSTALL_SH" ]; then
  echo "plugin_dir.sh: the offline hashicorp/random stand-in is missing: $INSTALL_SH" >&2
  echo "plugin_dir.sh: expected the shared tools next to the repository (set RDHA_SHARED_DIR)" >&2
  exit 1
fi
STANDIN_DIR=$(cd "$STANDIN_DIR" && pwd -P)

mkdir -p "$PLUGIN_DIR"
PLUGIN_DIR=$(cd "$PLUGIN_DIR" && pwd -P)
STAMP=$PLUGIN_DIR/.rdha-plugin-dir
# The cache is valid while the stand-in has not moved or changed (the launcher embeds its path).
WANT="standin=$STANDIN_DIR $(cksum < "$INSTALL_SH" | cut -d' ' -f1) $(cksum < "$STANDIN_DIR/tf_random_standin.py" | cut -d' ' -f1)"

is_current() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] || return 1
  ls "$PLUGIN_DIR"/registry.terraform.io/hashicorp/random/*/*/terraform-provider-random_* >/dev/null 2>&1 || return 1
  # every linked provider (aws) must still resolve
  ! find "$PLUGIN_DIR" -xtype l | grep -q .
}

build() {
  if ! is_current; then
    echo "plugin_dir.sh: building the offline plugin dir $PLUGIN_DIR" >&2
    rm -f "$STAMP"
    bash "$INSTALL_SH" "$PLUGIN_DIR" >&2
    printf '%s\n' "$WANT" > "$STAMP"
  fi
}

# Serialise concurrent callers (parallel test runs share the cache).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$PLUGIN_DIR/.lock"
  flock 9
fi
build
echo "$PLUGIN_DIR"
