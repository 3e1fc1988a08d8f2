#!/usr/bin/env python3
"""Remote state against the emulator: the state bootstrap applied, a working directory moved
into its bucket, the state object checked, and the lock proven (docs/state.md).

Building blocks for an emulated flow (run.sh), each raising AssertionError or
subprocess.CalledProcessError with what went wrong and returning a one-line summary:

  apply_bootstrap(rdha, config, workdir, endpoint)   `rdha bootstrap` of the config's state
      section, init (offline plugin dir), endpoint override, apply; returns its outputs
  check_tls_only_and_lift(endpoint, backend)          a plain-HTTP PutObject into the bucket is
      refused (the TLS-only bucket policy, which the emulator evaluates); the emulator speaks
      only HTTP, so the policy is then deleted for the steps below
  switch_to_s3(workdir, endpoint, backend)            the working directory's state moves into
      the bucket: `terraform init -migrate-state -force-copy`, with the emulator's endpoints
      in the backend (the override file's backend replaces the configuration's)
  check_state_object(endpoint, backend, min_versions) the state object exists, is SSE-KMS
      with the bucket's key, and has at least min_versions versions
  check_lock_refused(workdir, endpoint, backend)      with a lock object present (written as
      Terraform writes one), `terraform plan -lock-timeout=0s` fails with Terraform's
      "Error acquiring the state lock"; the lock object is removed afterwards

  pull_state(workdir)                                 terraform.tfstate := `terraform state pull`
      (switch_to_s3 moves the stale local file aside), for checks that read the local file
  destroy_bootstrap(workdir, endpoint, backend)       both buckets emptied (every version
      and delete marker), prevent_destroy lifted by an override, `terraform destroy`: what
      the bootstrap created is gone (its KMS keys pending deletion), as NothingRemains wants

`backend` is the dict of the S3 backend's arguments (bucket, key, region, kms_key_id,
use_lockfile), e.g. from backend_of(outputs, key, region).

Run as a script, it proves the blocks on an emulator of its own with a tiny configuration
(one SNS topic) instead of the HA stack:

  python3 tests/e2e/state_backend.py [--rdha build/rdha]

The emulator stores the replication configuration but does not replicate: nothing here
proves that the replica receives the state or the delete markers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

E2E = Path(__file__).resolve().parent
ROOT = E2E.parents[1]
ACCOUNT_ID = "123456789012"  # the emulator's account
LOCK_ERROR = "Error acquiring the state lock"

# The same safety net as emulator.sh: anything not addressed to loopback hits a closed port.
SAFE_ENV = {
    "CHECKPOINT_DISABLE": "1",
    "TF_CLI_CONFIG_FILE": os.devnull,
    "TF_IN_AUTOMATION": "1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}
os.environ.update(SAFE_ENV)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402


def _loopback(endpoint: str) -> str:
    if not endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"refusing non-loopback endpoint {endpoint}")
    return endpoint


def _run(args: list[str], cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env={**os.environ, **SAFE_ENV})
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{(result.stdout + result.stderr)[-3000:]}")
    return result


def _terraform(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = _run(["terraform", f"-chdir={workdir}", *args, "-no-color"], check=False)
    with open(workdir / "terraform.log", "a", encoding="utf-8") as log:  # every run, for a failure's details
        log.write(f"$ terraform {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if check and result.returncode != 0:
        raise AssertionError(f"terraform {' '.join(args)} exited {result.returncode} in {workdir}:\n"
                             f"{(result.stdout + result.stderr)[-3000:]}")
    return result


def _s3(endpoint: str, region: str):
    return boto3.client("s3", endpoint_url=_loopback(endpoint), region_name=region,
                        config=Config(s3={"addressing_style": "path"}))


def _plugin_dir() -> str:
    return _run([str(ROOT / "tools" / "plugin_dir.sh")]).stdout.strip()


def _override(workdir: Path, endpoint: str) -> None:
    """The emulator override of tf_override.py (every provider on the emulator, local backend)."""
    _run([sys.executable, str(E2E / "tf_override.py"), "--dir", str(workdir), "--endpoint", endpoint])


def prepare(src: Path, workdir: Path, endpoint: str) -> None:
    """prepare_workdir of emulator.sh: copy, offline init with a local backend, endpoint override."""
    workdir.mkdir(parents=True, exist_ok=True)
    for path in src.glob("*.tf.json"):
        shutil.copy(path, workdir)
    _run([sys.executable, str(E2E / "tf_override.py"), "--dir", str(workdir), "--endpoint", endpoint,
          "--backend-only"])
    _terraform(workdir, "init", "-input=false", f"-plugin-dir={_plugin_dir()}")
    _override(workdir, endpoint)


def apply_bootstrap(rdha: str, config: Path, workdir: Path, endpoint: str) -> dict:
    """Writes the bootstrap of @config's state section, applies it; returns its outputs."""
    src = workdir.with_name(workdir.name + "-src")
    _run([rdha, "bootstrap", "--config", str(config), "--out", str(src)])
    prepare(src, workdir, endpoint)
    _terraform(workdir, "apply", "-input=false", "-auto-approve")
    outputs = json.loads(_terraform(workdir, "output", "-json").stdout)
    return {name: value["value"] for name, value in outputs.items()}


def backend_of(outputs: dict, key: str, region: str) -> dict:
    """The S3 backend arguments the spec's state section gives, from the bootstrap's outputs."""
    return {"bucket": outputs["state_bucket"], "key": key, "region": region, "encrypt": True,
            "kms_key_id": outputs["kms_key_arn"], "use_lockfile": True}


def check_tls_only_and_lift(endpoint: str, backend: dict) -> str:
    s3 = _s3(endpoint, backend["region"])
    try:
        s3.put_object(Bucket=backend["bucket"], Key="tls-probe", Body=b"probe")
    except s3.exceptions.ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert status == 403, f"plain-HTTP PutObject failed with {status}, not 403 (AccessDenied by the policy)"
    else:
        raise AssertionError("a plain-HTTP PutObject into the state bucket was accepted: the TLS-only policy is missing")
    # The emulator has no TLS: without the policy, the backend's own (HTTP) requests go through.
    s3.delete_bucket_policy(Bucket=backend["bucket"])
    return f"plain-HTTP PutObject into {backend['bucket']} refused with 403 (TLS-only policy); policy lifted for HTTP"


def emulated_backend(backend: dict, endpoint: str) -> dict:
    """@backend with every AWS call of the S3 backend sent to the emulator."""
    url = _loopback(endpoint)
    return {**backend,
            "endpoints": {"s3": url, "sts": url, "iam": url, "dynamodb": url},
            "use_path_style": True,
            "access_key": "testing", "secret_key": "testing",
            "skip_credentials_validation": True, "skip_requesting_account_id": True,
            "skip_metadata_api_check": True, "skip_region_validation": True}


def switch_to_s3(workdir: Path, endpoint: str, backend: dict) -> str:
    """Moves the working directory's state into the bucket. The override's backend block
    replaces the configuration's (Terraform's override rules), so the committed
    configuration (with or without its own backend "s3" block) is left as it is."""
    override = workdir / "emulator_override.tf.json"
    document = json.loads(override.read_text())
    document.setdefault("terraform", {})["backend"] = {"s3": emulated_backend(backend, endpoint)}
    override.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    started = time.monotonic()
    _terraform(workdir, "init", "-input=false", "-migrate-state", "-force-copy", f"-plugin-dir={_plugin_dir()}")
    # Terraform leaves the local file as it was: moved aside, nothing can read a stale state.
    local = workdir / "terraform.tfstate"
    if local.exists():
        local.rename(workdir / "terraform.tfstate.before-s3")
    return f"state migrated to s3://{backend['bucket']}/{backend['key']} in {time.monotonic() - started:.1f} s"


def pull_state(workdir: Path) -> str:
    """Writes the backend's state to terraform.tfstate, for checks that read the local file."""
    text = _terraform(workdir, "state", "pull").stdout
    (workdir / "terraform.tfstate").write_text(text)
    return f"terraform.tfstate pulled from the backend ({len(json.loads(text).get('resources', []))} resources)"


def check_state_object(endpoint: str, backend: dict, min_versions: int = 1) -> str:
    s3 = _s3(endpoint, backend["region"])
    head = s3.head_object(Bucket=backend["bucket"], Key=backend["key"])
    assert head.get("ServerSideEncryption") == "aws:kms", f"state object not SSE-KMS: {head.get('ServerSideEncryption')}"
    assert head.get("SSEKMSKeyId") == backend["kms_key_id"], (
        f"state object encrypted with {head.get('SSEKMSKeyId')}, not {backend['kms_key_id']}")
    versions = [v for v in s3.list_object_versions(Bucket=backend["bucket"], Prefix=backend["key"]).get("Versions", [])
                if v["Key"] == backend["key"]]
    assert len(versions) >= min_versions, f"{len(versions)} version(s) of the state object, expected >= {min_versions}"
    assert all(v["VersionId"] not in (None, "", "null") for v in versions), "a version without an id: versioning off"
    state = json.loads(s3.get_object(Bucket=backend["bucket"], Key=backend["key"])["Body"].read())
    return (f"s3://{backend['bucket']}/{backend['key']}: SSE-KMS with the bucket's key, {len(versions)} version(s), "
            f"serial {state['serial']}")


def check_lock_refused(workdir: Path, endpoint: str, backend: dict) -> str:
    """A lock object as Terraform writes one (its lock info as JSON, SSE-KMS like the state)
    makes `terraform plan -lock-timeout=0s` fail with Terraform's lock error."""
    s3 = _s3(endpoint, backend["region"])
    lock_key = backend["key"] + ".tflock"
    info = {"ID": str(uuid.uuid4()), "Operation": "OperationTypeApply", "Info": "", "Who": "operator@elsewhere",
            "Version": "1.11.4", "Created": "2026-01-01T00:00:00Z", "Path": f"{backend['bucket']}/{backend['key']}"}
    s3.put_object(Bucket=backend["bucket"], Key=lock_key, Body=json.dumps(info).encode(),
                  ServerSideEncryption="aws:kms", SSEKMSKeyId=backend["kms_key_id"])
    try:
        plan = _terraform(workdir, "plan", "-input=false", "-lock-timeout=0s", "-refresh=false", check=False)
        output = plan.stdout + plan.stderr
        assert plan.returncode != 0, "terraform plan succeeded while the lock object was present"
        assert LOCK_ERROR in output, f"terraform plan failed without the lock error:\n{output[-2000:]}"
        assert info["ID"] in output, "the lock error does not name the lock that is held"
    finally:
        s3.delete_object(Bucket=backend["bucket"], Key=lock_key)
    return f"plan -lock-timeout=0s refused with {LOCK_ERROR!r} while {lock_key} was held"


def destroy_bootstrap(workdir: Path, endpoint: str, backend: dict) -> str:
    outputs = json.loads(_terraform(workdir, "output", "-json").stdout)
    regions = {outputs["state_bucket"]["value"]: backend["region"]}
    replica_region = json.loads((workdir / "providers.tf.json").read_text())["provider"]["aws"][1]["region"]
    regions[outputs["replica_bucket"]["value"]] = replica_region
    removed = 0
    for bucket, region in regions.items():
        s3 = _s3(endpoint, region)
        listing = s3.list_object_versions(Bucket=bucket)
        for entry in listing.get("Versions", []) + listing.get("DeleteMarkers", []):
            s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])
            removed += 1
    # The buckets keep prevent_destroy in the configuration; an override lifts it here only.
    lift = {"resource": {"aws_s3_bucket": {name: {"lifecycle": {"prevent_destroy": False}}
                                           for name in ("state", "state_replica")}}}
    (workdir / "bootstrap_override.tf.json").write_text(json.dumps(lift, indent=2))
    _terraform(workdir, "destroy", "-input=false", "-auto-approve")
    return f"bootstrap destroyed ({removed} object versions removed from the two buckets first)"


# ---- the proof on an emulator of its own ------------------------------------------------

TINY_CONFIG = {
    "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": "5.100.0"}}},
    "provider": {"aws": [{"region": "us-east-1"}]},
    "resource": {"aws_sns_topic": {"probe": {"name": "state-probe-rdha", "tags": {"Round": "1"}}}},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(endpoint: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the emulator exited at start-up")
        try:
            with socket.create_connection(("127.0.0.1", int(endpoint.rsplit(":", 1)[1])), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the emulator did not listen on {endpoint} within {seconds} s")


def prove(rdha: str) -> int:
    timings: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="rdha-state-backend."))
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = open(work / "emulator.log", "w")
    emulator = subprocess.Popen([sys.executable, str(E2E / "moto_server.py"), "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **SAFE_ENV})
    ok = False
    try:
        _wait_for(endpoint, emulator)
        config = work / "spec.json"
        key = "rdha/terraform.tfstate"
        config.write_text(json.dumps({"state": {"account_id": ACCOUNT_ID, "bucket": f"rdha-state-{ACCOUNT_ID}",
                                                "key": key}}))

        started = time.monotonic()
        outputs = apply_bootstrap(rdha, config, work / "bootstrap", endpoint)
        timings["bootstrap apply"] = time.monotonic() - started
        print(f"PASS: bootstrap applied: {sorted(outputs)}")
        backend = backend_of(outputs, key, "us-east-1")

        print("PASS:", check_tls_only_and_lift(endpoint, backend))

        tiny_src = work / "tiny-src"
        tiny_src.mkdir()
        (tiny_src / "main.tf.json").write_text(json.dumps(TINY_CONFIG, indent=2))
        tiny = work / "tiny"
        prepare(tiny_src, tiny, endpoint)
        _terraform(tiny, "apply", "-input=false", "-auto-approve")
        print("PASS: tiny configuration applied with local state")

        started = time.monotonic()
        print("PASS:", switch_to_s3(tiny, endpoint, backend))
        timings["migrate"] = time.monotonic() - started
        started = time.monotonic()
        print("PASS:", check_state_object(endpoint, backend, min_versions=1))
        timings["state object checks"] = time.monotonic() - started
        started = time.monotonic()
        print("PASS:", check_lock_refused(tiny, endpoint, backend))
        timings["lock check"] = time.monotonic() - started

        # A change applied through the backend writes a second version of the state.
        TINY_CONFIG["resource"]["aws_sns_topic"]["probe"]["tags"]["Round"] = "2"
        (tiny / "main.tf.json").write_text(json.dumps(TINY_CONFIG, indent=2))
        _terraform(tiny, "apply", "-input=false", "-auto-approve")
        print("PASS:", check_state_object(endpoint, backend, min_versions=2))
        _terraform(tiny, "destroy", "-input=false", "-auto-approve")
        print("PASS:", check_state_object(endpoint, backend, min_versions=3))
        print("PASS:", pull_state(tiny))
        assert not json.loads((tiny / "terraform.tfstate").read_text()).get("resources"), "resources left after destroy"
        started = time.monotonic()
        print("PASS:", destroy_bootstrap(work / "bootstrap", endpoint, backend))
        timings["bootstrap destroy"] = time.monotonic() - started
        ok = True
    finally:
        emulator.terminate()
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()
        log.close()
        print("timings (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items()))
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work dir kept: {work}")
    print("not proven here: replication to the replica bucket (the emulator stores the configuration, "
          "replicates nothing), delete-marker replication, reading the replica in an outage")
    return 0 if ok else 1


# ---- the steps of an emulated flow (run.sh) ------------------------------------------------

STATE_KEY = "rdha/terraform.tfstate"


def emitted_backend(rdha: str, config: Path, out: Path) -> dict:
    """The arguments of the `backend "s3"` block `rdha synth` emits for @config."""
    _run([rdha, "synth", "--config", str(config), "--out", str(out)])
    for path in sorted(out.glob("*.tf.json")):
        for block in _as_list(json.loads(path.read_text()).get("terraform")):
            s3 = block.get("backend", {}).get("s3")
            if s3 is not None:
                return s3
    raise AssertionError(f"rdha synth wrote no backend \"s3\" block into {out}")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def flow_switch(rdha: str, fdir: Path, work: Path, endpoint: str) -> str:
    """After the flow's apply: the bootstrap of the flow's config with a state section
    applied, the work dir moved into its bucket, the object and the lock checked. The
    backend is kept in fdir/backend.json for flow_finish."""
    config = json.loads((fdir / "config.json").read_text())
    config["state"] = {"account_id": ACCOUNT_ID, "bucket": f"rdha-state-{ACCOUNT_ID}", "key": STATE_KEY}
    (fdir / "config-state.json").write_text(json.dumps(config, indent=2))
    outputs = apply_bootstrap(rdha, fdir / "config-state.json", fdir / "bootstrap", endpoint)
    # Step two of the documented flow: the bootstrap's outputs into the spec, and the backend
    # block rdha then emits is the one the work dir moves to (not one built here).
    config["state"].update(enabled=True, kms_key_id=outputs["kms_key_arn"], policy_arn=outputs["policy_arn"])
    (fdir / "config-state.json").write_text(json.dumps(config, indent=2))
    backend = emitted_backend(rdha, fdir / "config-state.json", fdir / "src-state")
    assert backend == backend_of(outputs, STATE_KEY, "us-east-1"), (
        f"the emitted backend {backend} is not the bootstrap's bucket and key with native locking")
    (fdir / "backend.json").write_text(json.dumps(backend, indent=2))
    for step in (check_tls_only_and_lift, lambda e, b: switch_to_s3(work, e, b), check_state_object,
                 lambda e, b: check_lock_refused(work, e, b)):
        print(step(endpoint, backend))
    return f"state in s3://{backend['bucket']}/{STATE_KEY}, SSE-KMS, versioned, lock honoured"


def flow_finish(fdir: Path, work: Path, endpoint: str) -> str:
    """After the flow's destroy (through the S3 backend): the state object has the
    destroy's version too, the local file is the backend's state (for NothingRemains), and
    the bootstrap is destroyed."""
    backend = json.loads((fdir / "backend.json").read_text())
    for line in (check_state_object(endpoint, backend, min_versions=2), pull_state(work),
                 destroy_bootstrap(fdir / "bootstrap", endpoint, backend)):
        print(line)
    return "state bucket versions kept through the destroy; bootstrap destroyed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rdha", default=os.environ.get("RDHA_E2E_RDHA", str(ROOT / "build" / "rdha")))
    parser.add_argument("step", nargs="?", choices=("prove", "switch", "finish"), default="prove",
                        help="prove: on an emulator of its own; switch/finish: steps of a run.sh flow")
    parser.add_argument("--fdir", type=Path, help="the flow's directory (config.json, bootstrap/, backend.json)")
    parser.add_argument("--work", type=Path, help="the flow's Terraform working directory")
    parser.add_argument("--endpoint", help="the flow's emulator")
    args = parser.parse_args()
    if shutil.which("terraform") is None:
        print("SKIP: terraform not found")
        return 0
    if args.step == "prove":
        return prove(args.rdha)
    if args.fdir is None or args.work is None or args.endpoint is None:
        parser.error(f"{args.step} needs --fdir, --work and --endpoint")
    try:
        print(flow_switch(args.rdha, args.fdir, args.work, args.endpoint) if args.step == "switch"
              else flow_finish(args.fdir, args.work, args.endpoint))
    except (AssertionError, subprocess.CalledProcessError) as error:
        print(f"FAILED: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
