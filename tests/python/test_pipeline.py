"""rdha pipeline: the generated CI definitions parse, the GitHub workflow has exactly the
job/step contract, every rdha/terraform command uses subcommands and flags that exist, the
GitLab scripts run the same commands, and refusals exit 2 with their message."""

from __future__ import annotations

import json
import pathlib
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

import rdha

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CONFIG = {
    "database": {"password_source": "ephemeral"},
    "state": {"enabled": True, "account_id": "123456789012", "bucket": "rdha-state-123456789012",
              "kms_key_id": KEY, "policy_arn": "arn:aws:iam::123456789012:policy/terraform-state-rdha"},
    "pipeline": {"enabled": True, "repository": "acme/db-stack"},
}
TERRAFORM = shutil.which("terraform") or ("/usr/local/bin/terraform"
                                          if pathlib.Path("/usr/local/bin/terraform").exists() else None)

GITHUB_CONTRACT = {
    "check": ["Check out", "Set up Terraform", "Set up Python", "Install rdha", "Output is fresh", "Format", "Validate",
              "Policy check", "Upload policy results"],
    "plan": ["Check out", "Set up Terraform", "Set up Python", "Install rdha", "AWS credentials", "Init", "Plan", "Plan as JSON",
             "Plan gate", "Keep the plan"],
    "apply": ["Check out", "Set up Terraform", "AWS credentials", "Fetch the plan", "Init",
              "Apply the reviewed plan"],
    "drift": ["Check out", "Set up Terraform", "AWS credentials", "Init", "Drift plan"],
}


def generate(cli, tmp_path, ci, config=CONFIG):
    config_path = tmp_path / "rdha.json"
    config_path.write_text(json.dumps(config))
    out = tmp_path / "repo"
    result = subprocess.run([str(cli), "pipeline", "--config", "rdha.json", "--out", str(out), "--ci", ci],
                            cwd=tmp_path, capture_output=True, text=True)
    return result, out


@pytest.fixture
def github(cli, tmp_path):
    result, out = generate(cli, tmp_path, "github")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load((out / ".github/workflows/rdha.yml").read_text())


@pytest.fixture
def gitlab(cli, tmp_path):
    config = json.loads(json.dumps(CONFIG))
    config["pipeline"]["ci"] = "gitlab"
    config["pipeline"]["repository"] = "acme/platform/db-stack"
    result, out = generate(cli, tmp_path, "gitlab", config)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load((out / ".gitlab-ci.yml").read_text())


def run_lines(github_doc):
    return [line for job in github_doc["jobs"].values() for step in job["steps"] if "run" in step
            for line in step["run"].splitlines()]


def test_github_workflow_has_exactly_the_contract(github):
    assert github["name"] == "rdha"
    assert github["on"] == {"pull_request": {"branches": ["main"]}, "push": {"branches": ["main"]},
                            "schedule": [{"cron": "17 5 * * 1-5"}], "workflow_dispatch": {}}
    assert github["permissions"] == {"contents": "read"}
    assert "concurrency" not in github  # a run waiting for approval must not queue pull-request checks
    assert github["defaults"] == {"run": {"shell": "bash"}}  # -eo pipefail, as the local runner runs them
    assert github["env"] == {
        "RDHA_CONFIG": "rdha.json", "TF_DIR": "terraform_out", "AWS_REGION": "us-east-1",
        "ROLE_ARN": "arn:aws:iam::123456789012:role/terraform-execution-rdha",
        "ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:primary-db-alarms-rdha",
        "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    assert list(github["jobs"]) == ["check", "plan", "apply", "drift"]
    for job, steps in GITHUB_CONTRACT.items():
        assert [s["name"] for s in github["jobs"][job]["steps"]] == steps
        assert github["jobs"][job]["runs-on"] == "ubuntu-24.04"
    jobs = github["jobs"]
    assert jobs["check"]["permissions"] == {"contents": "read", "security-events": "write"}
    for job in ("plan", "apply", "drift"):
        assert jobs[job]["permissions"] == {"contents": "read", "id-token": "write"}
        assert jobs[job]["concurrency"] == {"group": "rdha-terraform", "cancel-in-progress": False}
        credentials = next(s for s in jobs[job]["steps"] if s["name"] == "AWS credentials")
        assert credentials["with"]["role-duration-seconds"] == 4 * 3600  # the role's max_session_duration
    assert jobs["plan"]["needs"] == "check" and jobs["apply"]["needs"] == "plan"
    assert jobs["apply"]["environment"] == "production"
    assert jobs["drift"]["if"] == "github.event_name == 'schedule'"
    setup = jobs["check"]["steps"][1]
    assert setup["with"] == {"terraform_version": "1.11.0", "terraform_wrapper": False}
    keep = jobs["plan"]["steps"][-1]
    assert keep["uses"] == "actions/upload-artifact@v4"
    # The lock file travels with the plan: the apply job installs the providers the plan was made with.
    assert keep["with"] == {"name": "tfplan", "path": "${{ env.TF_DIR }}/tfplan\n${{ env.TF_DIR }}/.terraform.lock.hcl\n",
                            "include-hidden-files": True, "retention-days": 5}
    upload = jobs["check"]["steps"][-1]
    assert upload["if"] == "always()" and upload["with"] == {"sarif_file": "rdha.sarif", "category": "rdha"}


def test_run_steps_use_only_the_four_variables(github):
    allowed = {"RDHA_CONFIG", "TF_DIR", "AWS_REGION", "ALERT_TOPIC_ARN", "status"}
    for line in run_lines(github):
        assert set(re.findall(r"\$\{?([A-Za-z_]+)", line)) <= allowed, line


def help_text(command):
    return subprocess.run(command, capture_output=True, text=True).stdout + \
        subprocess.run(command, capture_output=True, text=True).stderr


def commands(lines):
    """(tool, subcommand, flags) of each rdha/terraform command line."""
    out = []
    for line in lines:
        words = shlex.split(line.strip().split(">")[0]) if line.strip() else []
        if not words or words[0] not in ("rdha", "terraform"):
            continue
        if words[0] == "terraform" and words[1].startswith("-chdir="):
            words = [words[0]] + words[2:]
        flags = [w.split("=")[0] for w in words[2:] if w.startswith("-")]
        out.append((words[0], words[1], flags))
    return out


def test_every_rdha_command_and_flag_exists(cli, github):
    found = [c for c in commands(run_lines(github)) if c[0] == "rdha"]
    assert {c[1] for c in found} == {"synth", "check", "plan-check"}
    for _, sub, flags in found:
        text = help_text([str(cli), sub, "--help"])
        for flag in flags:
            assert re.search(rf"(^|\s){re.escape(flag)}\b", text), (sub, flag)


@pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed")
def test_every_terraform_command_and_flag_exists(github):
    found = [c for c in commands(run_lines(github)) if c[0] == "terraform"]
    assert {c[1] for c in found} == {"fmt", "init", "validate", "plan", "show", "apply"}
    for _, sub, flags in found:
        text = help_text([TERRAFORM, sub, "-help"])
        for flag in flags:
            assert re.search(rf"(^|\s){re.escape(flag)}\b", text), (sub, flag)


def test_gitlab_scripts_run_the_github_commands(github, gitlab):
    gitlab_lines = [line for job in ("check", "plan", "apply", "drift") for item in gitlab[job]["script"]
                    for line in item.splitlines()]
    assert gitlab_lines == run_lines(github)
    assert gitlab["stages"] == ["check", "plan", "apply", "drift"]
    assert gitlab["apply"]["environment"] == {"name": "production"}
    assert {"if": '$CI_COMMIT_BRANCH == "main"', "when": "manual"} in gitlab["apply"]["rules"]
    assert gitlab["plan"]["artifacts"]["paths"] == ["$TF_DIR/tfplan", "$TF_DIR/.terraform.lock.hcl"]
    assert gitlab["plan"]["id_tokens"] == {"AWS_WEB_IDENTITY_TOKEN": {"aud": "https://gitlab.com"}}
    assert gitlab["default"]["image"] == {"name": "hashicorp/terraform:1.11.0", "entrypoint": [""]}
    # The credential exchange is an assignment (a failure stops the job), then an export;
    # the session lasts as long as the role allows.
    assume, export = gitlab["plan"]["before_script"][1:]
    assert assume.startswith("CREDENTIALS=$(aws sts assume-role-with-web-identity ") and "$SESSION_SECONDS" in assume
    assert export.startswith("set -- $CREDENTIALS && export AWS_ACCESS_KEY_ID=")
    assert gitlab["variables"]["SESSION_SECONDS"] == str(4 * 3600)


def test_python_generator_writes_what_the_cli_writes(cli, tmp_path):
    result, out = generate(cli, tmp_path, "github")
    assert result.returncode == 0, result.stderr
    spec = rdha.HaStackSpec.from_dict(CONFIG)
    files = rdha.pipeline_files(spec, "rdha.json", ci=rdha.CiService.github)
    assert files == {".github/workflows/rdha.yml": (out / ".github/workflows/rdha.yml").read_text()}


@pytest.mark.parametrize("change, message", [
    ({"database": {"password_source": "random"}},
     'pipeline.enabled: is true while database.password_source is "random"; the pipeline passes the saved plan '
     "between jobs as an artefact and a saved plan contains the random password, so the pipeline refuses random "
     'mode. Use "ephemeral" or "rds_managed".'),
    ({"state": {"enabled": False}},
     "pipeline.enabled: is true while state.enabled is false; each CI job starts on a fresh runner, so local state "
     "would be lost. Enable remote state (rdha bootstrap, docs/state.md) first."),
    ({"pipeline": {"enabled": False}},
     "pipeline.enabled: is false; rdha pipeline writes the CI definition of an enabled pipeline (the stack then "
     "carries the OIDC trust its jobs authenticate with)."),
])
def test_refusals_exit_2_with_the_message(cli, tmp_path, change, message):
    config = json.loads(json.dumps(CONFIG))
    for section, fields in change.items():
        config[section].update(fields)
    result, out = generate(cli, tmp_path, "github", config)
    assert result.returncode == 2
    field, text = message.split(": ", 1)
    assert result.stderr == f"rdha: [rdha.spec.invalid] ({field}) {text}\n"
    assert not (out / ".github").exists()
