#!/usr/bin/env python3
"""Runs the CI pipeline `rdha pipeline` writes, step by step, on an emulated flow: not the CI
service, but the same commands in the same order in a repository laid out as the pipeline
expects (docs/pipeline.md).

The flow (run.sh, ephemeral password source):
  1. the state bootstrap is applied (tests/e2e/state_backend.py): the pipeline needs remote
     state, since every CI job starts on a fresh runner;
  2. a repository is written: rdha.json (the flow's config with the state and pipeline
     sections), terraform_out/ from `rdha synth`, .github/workflows/rdha.yml from
     `rdha pipeline`; terraform_out/ gets the emulator override (providers and the S3
     backend on the emulator) and the offline plugin dir (TF_CLI_ARGS_init);
  3. the workflow's jobs run in file order for the event that selects them: push (check,
     plan, apply: the stack is applied from the reviewed saved plan), then schedule (drift)
     twice: without drift (exit 0, no alert) and with a tag added to the primary VPC behind
     Terraform's back (the drift step exits 2 and the alert arrives on an SQS queue
     subscribed to the stack's primary alarm topic);
  4. the deployed execution role trusts the CI's OIDC provider for exactly the workflow's
     branch and environment, and the state object is SSE-KMS and versioned.

Every `run:` step runs as GitHub runs it with the workflow's `defaults.run.shell: bash`
(`bash --noprofile --norc -eo pipefail`; the runner checks that default), with the
workflow's env; `uses:` steps are emulated by the table USES (an unknown action is a
failure: every step is accounted for). "Install rdha" is skipped: the build's rdha is on PATH.

Prints PASS/FAIL lines and ends with `N passed, M failed`. Writes FDIR/applied when the
apply step succeeded, FDIR/backend.json (for `state_backend.py finish`) and WORK/terraform.tfstate
(the backend's state, for the checks that read the local file). Logs go to WORK/pipeline-*.log.

Not proven here: the CI service itself (triggers, environment approval, artefact storage),
GitHub's OIDC token and AWS's evaluation of the trust policy (the emulator accepts any
credentials), the SARIF upload, publishing to an SSE-KMS topic (the emulator does not
check the publisher's KMS permissions).

Usage: pipeline_run.py --rdha RDHA --fdir FDIR --endpoint URL
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import state_backend  # noqa: E402  (also sets the safety-net environment)
from state_backend import ACCOUNT_ID, STATE_KEY  # noqa: E402

REPOSITORY = "example-org/trading-db"
GITHUB_SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
STEP_TIMEOUT = int(os.environ.get("RDHA_E2E_STEP_TIMEOUT", "720"))

results = {"passed": 0, "failed": 0}


def report(ok: bool, text: str) -> bool:
    results["passed" if ok else "failed"] += 1
    print(f"{'PASS' if ok else 'FAIL'}: {text}", flush=True)
    return ok


class Runner:
    """The workflow of one repository, its jobs run on this machine."""

    def __init__(self, repo: Path, workflow: Path, rdha: str, endpoint: str) -> None:
        self.repo, self.endpoint = repo, endpoint
        self.document = yaml.safe_load(workflow.read_text())
        self.jobs: dict = self.document["jobs"]
        self.env = {k: str(v) for k, v in self.document.get("env", {}).items()}
        self.work = repo / self.env["TF_DIR"]
        bin_dir = repo.parent / "pipeline-bin"  # `rdha` on PATH: the build's binary
        bin_dir.mkdir(exist_ok=True)
        link = bin_dir / "rdha"
        if not link.exists():
            link.symlink_to(Path(rdha).resolve())
        self.base_env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
                         "TF_CLI_ARGS_init": f"-plugin-dir={state_backend._plugin_dir()}",
                         "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": self.env.get("AWS_REGION", "us-east-1")}
        self.log_index = 0
        self.artefact: list[str] = []
        shell = self.document.get("defaults", {}).get("run", {}).get("shell")
        assert shell == "bash", f"defaults.run.shell is {shell!r}: GitHub would run steps with `bash -e`, not pipefail"

    # -- expressions: the few forms the workflow uses -----------------------------------
    def condition(self, expression: str | None, event: str) -> bool:
        if expression is None:
            return True
        if not re.fullmatch(r"[\sa-z_.!=|&'()]+", expression):
            raise AssertionError(f"condition outside the emulated forms: {expression!r}")
        python = (expression.replace("github.event_name", repr(event)).replace("||", " or ")
                  .replace("&&", " and ").replace("always()", "True"))
        return bool(eval(python, {"__builtins__": {}}, {}))  # noqa: S307 (whitelisted above)

    def expand(self, value: str) -> str:
        return re.sub(r"\$\{\{\s*env\.([A-Z_]+)\s*\}\}", lambda m: self.env[m.group(1)], value)

    # -- `uses:` steps ---------------------------------------------------------------------
    def uses(self, step: dict, job: str) -> str:
        action, inputs = step["uses"], {k: self.expand(str(v)) for k, v in step.get("with", {}).items()}
        name = action.split("@")[0]
        if name == "actions/checkout":
            return "the repository is this directory"
        if name == "actions/setup-python":
            return f"python3 {sys.version.split()[0]} here, the workflow asks for {inputs['python-version']}"
        if name == "hashicorp/setup-terraform":
            assert inputs.get("terraform_wrapper") in ("False", "false"), \
                f"{job}: terraform_wrapper must be false (the wrapper rewrites stdout: show -json, exit codes)"
            wanted = tuple(int(x) for x in inputs["terraform_version"].split("."))
            local = json.loads(subprocess.run(["terraform", "version", "-json"], capture_output=True,
                                              text=True, check=True).stdout)["terraform_version"]
            assert tuple(int(x) for x in local.split(".")[:3]) >= wanted, f"terraform {local} < {wanted}"
            return f"terraform {local} here, the workflow pins {inputs['terraform_version']}"
        if name == "aws-actions/configure-aws-credentials":
            assert inputs["role-to-assume"] == self.env["ROLE_ARN"], inputs
            assert re.fullmatch(rf"arn:aws:iam::{ACCOUNT_ID}:role/[\w+=,.@-]+", inputs["role-to-assume"]), inputs
            assert inputs["aws-region"] == self.env["AWS_REGION"], inputs
            return f"emulator credentials stand in for {inputs['role-to-assume']} (web identity)"
        if name == "github/codeql-action/upload-sarif":
            sarif = json.loads((self.repo / inputs["sarif_file"]).read_text())
            assert sarif.get("version") == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "rdha", \
                f"{inputs['sarif_file']} is not rdha's SARIF 2.1.0"
            results = sarif["runs"][0].get("results", [])
            for result in results:  # code scanning rejects a result without a file and line
                physical = result["locations"][0]["physicalLocation"]
                lines = (self.repo / physical["artifactLocation"]["uri"]).read_text().splitlines()
                line = lines[physical["region"]["startLine"] - 1]
                name = result["locations"][0]["logicalLocations"][0]["name"].rsplit(".", 1)[-1]
                assert f'"{name}": {{' in line, f"{result['ruleId']}: line {line!r} is not the block of {name}"
            return f"{inputs['sarif_file']}: SARIF 2.1.0, {len(results)} results, each at its block's file and line"
        if name == "actions/upload-artifact":
            paths = [self.repo / line.strip() for line in inputs["path"].splitlines() if line.strip()]
            hidden = [p for p in paths if p.name.startswith(".")]
            assert not hidden or inputs.get("include-hidden-files") in ("True", "true"), \
                f"{action}: {hidden[0].name} is skipped without include-hidden-files"
            missing = [str(p) for p in paths if not p.is_file()]
            assert not missing, f"{action}: no {missing} (the artefact passes on this machine's disk)"
            self.artefact = sorted(p.name for p in paths)
            return f"{', '.join(self.artefact)} kept between the jobs"
        if name == "actions/download-artifact":
            path = self.repo / inputs["path"]
            assert all((path / name).is_file() for name in self.artefact), f"{action}: {self.artefact} not in {path}"
            return f"{', '.join(self.artefact)} into {inputs['path']}"
        raise AssertionError(f"{job}: step {step.get('name')!r} uses {action}, which this runner does not emulate")

    # -- one job ---------------------------------------------------------------------------
    def run_job(self, job: str, event: str, expect: dict[str, int] | None = None) -> dict[str, int]:
        """Runs @job's steps; returns each run step's exit status. A step whose status is not
        @expect's (default 0) fails the job, as on the CI service (later steps are skipped
        unless their `if` is always())."""
        spec = self.jobs[job]
        assert self.condition(spec.get("if"), event), f"job {job} does not run on {event}"
        expect = expect or {}
        statuses: dict[str, int] = {}
        failed = False
        env = {**self.base_env, **self.env, **{k: str(v) for k, v in spec.get("env", {}).items()}}
        for step in spec["steps"]:
            name = step.get("name", step.get("uses", step.get("run", "")))
            if failed and "always()" not in str(step.get("if", "")):
                continue
            if "uses" in step:
                print(f"  [{job}] {name}: {self.uses(step, job)}", flush=True)
                continue
            if name == "Install rdha":
                print(f"  [{job}] {name}: skipped (the build's rdha is on PATH)", flush=True)
                continue
            assert "${{" not in step["run"], f"{job}/{name}: run uses an expression, not an env variable"
            self.log_index += 1
            log = self.work / f"pipeline-{self.log_index:02d}-{job}.log"
            started = time.monotonic()
            with open(log, "w", encoding="utf-8") as out:
                out.write(f"# {job} / {name}\n$ {step['run']}\n")
                out.flush()
                status = subprocess.run(GITHUB_SHELL + [step["run"]], cwd=self.repo, env=env, stdout=out,
                                        stderr=subprocess.STDOUT, timeout=STEP_TIMEOUT).returncode
            statuses[name] = status
            print(f"  [{job}] {name}: exit {status} in {time.monotonic() - started:.0f} s ({log.name})", flush=True)
            if status != expect.get(name, 0):
                tail = log.read_text(errors="replace").splitlines()[-15:]
                raise AssertionError(f"{job}/{name} exited {status}, expected {expect.get(name, 0)}:\n" + "\n".join(tail))
            failed = failed or status != 0
        return statuses

    def jobs_for(self, event: str) -> list[str]:
        return [job for job, spec in self.jobs.items() if self.condition(spec.get("if"), event)]


# ---- the flow ----------------------------------------------------------------------------------


def write_repository(rdha: str, fdir: Path, endpoint: str) -> tuple[Path, dict]:
    """Bootstrap applied, then the repository: config, synthesised stack, workflow."""
    config = json.loads((fdir / "config.json").read_text())
    config["state"] = {"account_id": ACCOUNT_ID, "bucket": f"rdha-state-{ACCOUNT_ID}", "key": STATE_KEY}
    (fdir / "config-state.json").write_text(json.dumps(config, indent=2))
    outputs = state_backend.apply_bootstrap(rdha, fdir / "config-state.json", fdir / "bootstrap", endpoint)
    config["state"].update(enabled=True, kms_key_id=outputs["kms_key_arn"], policy_arn=outputs["policy_arn"])
    config["pipeline"] = {"enabled": True, "repository": REPOSITORY}
    repo = fdir / "repo"
    repo.mkdir()
    (repo / "rdha.json").write_text(json.dumps(config, indent=2) + "\n")
    for command in (["synth", "--config", "rdha.json", "--out", "terraform_out"],
                    ["pipeline", "--ci", "github", "--config", "rdha.json", "--out", "."]):
        state_backend._run([rdha, *command], cwd=repo)
    backend = state_backend.emitted_backend(rdha, repo / "rdha.json", fdir / "src-state")
    (fdir / "backend.json").write_text(json.dumps(backend, indent=2))
    print(state_backend.check_tls_only_and_lift(endpoint, backend))
    return repo, backend


def emulate(work: Path, endpoint: str, backend: dict) -> None:
    """Providers and the S3 backend of terraform_out/ on the emulator: the override file
    (which rdha does not own, so `rdha synth --check` ignores it). The endpoint list comes
    from the provider schema, which needs an initialised backend: the directory is first
    initialised with the emulated backend alone, the same one the full override keeps, so the
    pipeline's own Init finds it unchanged."""
    override = work / "emulator_override.tf.json"
    backend_block = {"s3": state_backend.emulated_backend(backend, endpoint)}
    override.write_text(json.dumps({"terraform": {"backend": backend_block}}, indent=2, sort_keys=True) + "\n")
    state_backend._terraform(work, "init", "-input=false", f"-plugin-dir={state_backend._plugin_dir()}")
    state_backend._override(work, endpoint)
    document = json.loads(override.read_text())
    document.setdefault("terraform", {})["backend"] = backend_block
    override.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def check_trust(runner: Runner) -> str:
    """The applied execution role trusts the OIDC provider for exactly the workflow's branch
    and environment, with the STS audience (docs/pipeline.md)."""
    iam = state_backend.boto3.client("iam", endpoint_url=runner.endpoint, region_name="us-east-1")
    role_name = runner.env["ROLE_ARN"].rsplit("/", 1)[1]
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    statements = [s for s in trust["Statement"] if s["Action"] == "sts:AssumeRoleWithWebIdentity"]
    assert len(statements) == 1, f"{role_name}: {len(statements)} web-identity statements"
    provider = statements[0]["Principal"]["Federated"]
    providers = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    assert provider in providers, f"{provider} is not an OIDC provider of the account ({providers})"
    equals = statements[0]["Condition"]["StringEquals"]
    assert set(statements[0]["Condition"]) == {"StringEquals"}, statements[0]["Condition"]
    as_set = lambda v: set(v) if isinstance(v, list) else {v}  # noqa: E731
    host = "token.actions.githubusercontent.com"
    assert as_set(equals[f"{host}:aud"]) == {"sts.amazonaws.com"}, equals
    push = runner.document.get("on", runner.document.get(True))["push"]["branches"][0]
    environment = runner.jobs["apply"]["environment"]
    wanted = {f"repo:{REPOSITORY}:ref:refs/heads/{push}", f"repo:{REPOSITORY}:environment:{environment}"}
    assert as_set(equals[f"{host}:sub"]) == wanted, f"sub {equals[f'{host}:sub']} != {wanted}"
    return f"{role_name} trusts {provider.rsplit('/', 1)[1]} for {sorted(wanted)} only (aud sts.amazonaws.com)"


def drift_alert(runner: Runner, state: dict) -> str:
    """A tag added to the primary VPC outside Terraform: the drift job exits 2 and the
    alert reaches a queue subscribed to the alert topic. The tag and queue are removed."""
    topic = runner.env["ALERT_TOPIC_ARN"]
    region = topic.split(":")[3]
    make = lambda service: state_backend.boto3.client(service, endpoint_url=runner.endpoint, region_name=region)  # noqa: E731
    sns, sqs, ec2 = make("sns"), make("sqs"), make("ec2")
    vpc_id = next(r["instances"][0]["attributes"]["id"] for r in state["resources"]
                  if r["type"] == "aws_vpc" and r["name"] == "primary" and r["mode"] == "managed")
    queue = sqs.create_queue(QueueName="rdha-drift-probe")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"]
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "changed-by", "Value": "hand"}])
    try:
        runner.run_job("drift", "schedule", expect={"Drift plan": 2})
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=5, MaxNumberOfMessages=10).get("Messages", [])
        assert len(messages) == 1, f"{len(messages)} alerts on the topic, expected 1"
        envelope = json.loads(messages[0]["Body"])
        assert envelope.get("Subject") == "rdha: drift detected", envelope.get("Subject")
        assert "aws_vpc.primary" in envelope["Message"], envelope["Message"][:500]
    finally:
        ec2.delete_tags(Resources=[vpc_id], Tags=[{"Key": "changed-by"}])
        sns.unsubscribe(SubscriptionArn=subscription)
        sqs.delete_queue(QueueUrl=queue)
    return f"drift on aws_vpc.primary: the drift plan exited 2 and \"{envelope['Subject']}\" reached the topic"


def run(rdha: str, fdir: Path, endpoint: str) -> None:
    timings: list[str] = []
    step = lambda label: timings.append(f"{label} {time.monotonic() - started:.0f}")  # noqa: E731
    started = time.monotonic()
    repo, backend = write_repository(rdha, fdir, endpoint)
    report(True, f"bootstrap applied; repository written ({repo}: rdha.json, terraform_out/, .github/workflows/rdha.yml)")
    runner = Runner(repo, repo / ".github/workflows/rdha.yml", rdha, endpoint)
    emulate(runner.work, endpoint, backend)
    step("setup")

    push_jobs = runner.jobs_for("push")
    if not report(push_jobs == ["check", "plan", "apply"], f"a push runs {push_jobs}"):
        return
    for job in push_jobs:
        started = time.monotonic()
        try:
            runner.run_job(job, "push")
        except AssertionError as error:
            report(False, f"job {job}: {error}")
            return
        if job == "apply":
            (fdir / "applied").write_text("")
        report(True, f"job {job} ({time.monotonic() - started:.0f} s)")
        step(job)

    started = time.monotonic()
    print(state_backend.pull_state(runner.work))
    state = json.loads((runner.work / "terraform.tfstate").read_text())
    for check in (lambda: check_trust(runner), lambda: state_backend.check_state_object(endpoint, backend)):
        try:
            report(True, check())
        except (AssertionError, KeyError) as error:
            report(False, f"{error}")
    drift_jobs = runner.jobs_for("schedule")
    report(drift_jobs == ["drift"], f"a schedule runs {drift_jobs}")
    for label, action in (("drift: none after the apply (exit 0, no alert)", lambda: runner.run_job("drift", "schedule")),
                          ("drift alert", lambda: drift_alert(runner, state))):
        try:
            detail = action()
            report(True, detail if isinstance(detail, str) else label)
        except (AssertionError, KeyError, StopIteration) as error:
            report(False, f"{label}: {error}")
    step("drift")
    (fdir / "pipeline-timings").write_text("\n".join(timings) + "\n")
    print("timings (s): " + ", ".join(timings))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rdha", required=True)
    parser.add_argument("--fdir", type=Path, required=True, help="the flow's directory (config.json)")
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    try:
        run(args.rdha, args.fdir, args.endpoint)
    except (AssertionError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        report(False, f"pipeline: {error}")
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    if shutil.which("terraform") is None:
        print("SKIP: terraform not found")
        sys.exit(0)
    sys.exit(main())
