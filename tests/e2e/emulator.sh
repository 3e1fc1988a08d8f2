# tests/e2e/emulator.sh — shell functions shared by the emulator-backed Terraform runs
# (tests/terraform/test_plan.sh, tests/e2e/run.sh). Source it; do not run it.
#
#   start_emulator          starts tests/e2e/moto_server.py on a free 127.0.0.1 port;
#                           sets EMULATOR_PID, EMULATOR_PORT, EMULATOR_URL
#   stop_emulator           stops it by PID (safe to call twice; registered as EXIT trap)
#   prepare_workdir SRC DST copies a configuration, terraform init (offline plugin dir),
#                           writes the emulator override
#   tf DIR ARGS...          terraform -chdir=DIR ARGS... with the safety environment
#
# Safety: CHECKPOINT_DISABLE=1, fake credentials, HTTP(S)_PROXY pointing at a closed local
# port with NO_PROXY=127.0.0.1,localhost: anything addressed elsewhere fails at once.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$E2E_DIR/../.." && pwd -P)
EMULATOR_PYTHON=${EMULATOR_PYTHON:-python3}  # the interpreter with moto + boto3

export CHECKPOINT_DISABLE=1
export TF_CLI_CONFIG_FILE=/dev/null
export TF_IN_AUTOMATION=1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9
export https_proxy=$HTTPS_PROXY http_proxy=$HTTP_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

EMULATOR_PID=""

start_emulator() {
  local port_file
  port_file=$(mktemp "${TMPDIR:-/tmp}/rdha-moto-port.XXXXXX")
  rm -f "$port_file"
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$EMULATOR_PYTHON" "$E2E_DIR/moto_server.py" --port 0 \
    --port-file "$port_file" >"${EMULATOR_LOG:-/dev/null}" 2>&1 &
  EMULATOR_PID=$!
  trap stop_emulator EXIT
  local waited=0
  until [ -s "$port_file" ]; do
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then echo "emulator: failed to start" >&2; return 1; fi
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt 300 ]; then echo "emulator: no port after 60 s" >&2; return 1; fi
  done
  EMULATOR_PORT=$(cat "$port_file")
  EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
  export EMULATOR_URL
}

stop_emulator() {
  if [ -n "$EMULATOR_PID" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  EMULATOR_PID=""
}

tf() {
  local dir=$1
  shift
  terraform -chdir="$dir" "$@"
}

prepare_workdir() {
  local src=$1 dst=$2
  mkdir -p "$dst"
  cp "$src"/*.tf.json "$dst"/
  local plugin_dir
  plugin_dir=$("$REPO_ROOT/tools/plugin_dir.sh")
  "$EMULATOR_PYTHON" "$E2E_DIR/tf_override.py" --dir "$dst" --endpoint "$EMULATOR_URL" --backend-only
  tf "$dst" init -input=false -no-color -plugin-dir="$plugin_dir" >"$dst/init.log" 2>&1 ||
    { cat "$dst/init.log" >&2; return 1; }
  "$EMULATOR_PYTHON" "$E2E_DIR/tf_override.py" --dir "$dst" --endpoint "$EMULATOR_URL"
}
