"""Runs the recovery runbook of `rdha drill` against the emulator, command by command.

The runbook's steps carry exact AWS CLI lines (`aws rds promote-read-replica
--db-instance-identifier X --region us-west-2 ...`). The AWS CLI is not installed here, and
it must not be: the emulator is reached through boto3 with an explicit endpoint. Each line
is translated into the boto3 call the CLI would make, using botocore's own service model
(the CLI derives its command and option names from the same model with
`xform_name(name, "-")`), so the drill executes the commands rdha prints, not a copy of them.

What is executed, per step phase: `assess`, `recover` and `verify` steps run in order;
`failback` steps (rebuilding redundancy once the lost domain returns) do not. A command
addressed to `lost_region` is skipped when one is given; the region drill gives none and
instead hands in clients whose lost-region (and Route 53 control-plane) endpoints are a
closed port, so such a command runs and fails as it would in the outage. Lines that are
not a single plain `aws` invocation (pipes, substitutions, other programs) are reported,
not run.

When `rdha drill` is not available, `fallback_runbook()` gives the same AWS calls for a
region loss (promote the DR replica, wait, turn its backups on) as CLI lines.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jmespath
from botocore import xform_name

# Options of the CLI itself (not of the API call): ignored or taken as the region.
_GLOBAL_WITH_VALUE = {"--output", "--query", "--profile", "--cli-read-timeout", "--cli-connect-timeout", "--color",
                      "--ca-bundle", "--cli-binary-format"}
_GLOBAL_FLAGS = {"--no-cli-pager", "--debug", "--no-paginate", "--no-verify-ssl", "--no-sign-request",
                 "--cli-auto-prompt", "--no-cli-auto-prompt"}
_SHELL_TOKENS = {"|", "||", "&&", ";", ">", ">>", "<", "2>", "2>&1", "&"}
EXECUTED_PHASES = ("assess", "recover", "verify")


class RunbookError(Exception):
    """A runbook line that cannot be translated into one boto3 call."""


@dataclass
class AwsCall:
    """One AWS CLI line as a boto3 call."""

    line: str
    service: str  # boto3 client name
    operation: str  # snake_case client method, or waiter name when `waiter` is set
    params: dict[str, Any]
    region: str | None
    waiter: bool = False
    query: str | None = None  # --query (JMESPath), applied when a variable takes the output


@dataclass
class CommandOutcome:
    step_id: str
    phase: str
    line: str
    status: str  # "ok", "failed", "skipped"
    detail: str = ""
    response: Any = None
    started: datetime.datetime | None = None  # when the call was made (UTC)


@dataclass
class DrillRun:
    source: str  # "rdha drill" or "fallback: <why>"
    outcomes: list[CommandOutcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[CommandOutcome]:
        return [o for o in self.outcomes if o.status == status]


def runbook_steps(report: Any) -> list[dict[str, Any]]:
    """The runbook steps of a `rdha drill --format json` report: the first list of objects
    with `commands` found (the documented shape keeps them under `runbook.steps` /
    `manual_steps`; searching keeps this independent of the exact nesting)."""
    if isinstance(report, dict):
        for key in ("manual_steps", "runbook", "steps"):
            if key in report:
                found = runbook_steps(report[key])
                if found:
                    return found
        for value in report.values():
            found = runbook_steps(value)
            if found:
                return found
    elif isinstance(report, list):
        if report and all(isinstance(s, dict) and "commands" in s for s in report):
            return report
        for value in report:
            found = runbook_steps(value)
            if found:
                return found
    return []


def _shorthand(value: str, shape: Any, line: str) -> dict[str, Any]:
    """The CLI's flat shorthand for a structure: `Name=X,Value=Y` (no nesting, no lists)."""
    out: dict[str, Any] = {}
    for pair in value.split(","):
        key, sep, item = pair.partition("=")
        if not sep or key not in shape.members:
            raise RunbookError(f"{line}: cannot read {value!r} as shorthand for {shape.name}")
        out[key] = _convert(item, shape.members[key], line)
    return out


def _convert(value: str, shape: Any, line: str) -> Any:
    kind = shape.type_name
    if kind == "structure" and not value.lstrip().startswith("{"):
        return _shorthand(value, shape, line)
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        if value.lower() not in ("true", "false"):
            raise RunbookError(f"{line}: expected true/false, got {value!r}")
        return value.lower() == "true"
    if kind in ("structure", "map", "list"):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise RunbookError(f"{line}: shorthand syntax is not supported, give JSON ({value!r})") from exc
    return value


_SUBSTITUTION = re.compile(r"\$\(([^()]*)\)")
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
_AWS_SUBSTITUTION = re.compile(r"^\$\((aws\s.*)\)$", re.S)
_DATE_COMMAND = re.compile(r"date( [-+\w%:' ]+)?")


def shell_words(line: str, variables: dict[str, str]) -> list[str]:
    """The words bash passes to the command on `line`: quotes removed, `$VAR` / `${VAR}`
    expanded from `variables` (an unset one is an error), `$(date ...)` run. Nothing else
    is executed: shell operators, other command substitutions and backticks are refused."""
    for match in _SUBSTITUTION.finditer(line):
        if not _DATE_COMMAND.fullmatch(match.group(1).strip()):
            raise RunbookError(f"{line}: command substitution $({match.group(1)}) is not run")
    if "`" in line:
        raise RunbookError(f"{line}: backticks are not run")
    try:
        probe = shlex.split(_SUBSTITUTION.sub("X", line), comments=True)
    except ValueError as exc:
        raise RunbookError(f"{line}: {exc}") from exc
    if any(t in _SHELL_TOKENS for t in probe):
        raise RunbookError(f"{line}: not a single command (shell operators)")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", "set -u; printf '%s\\0' " + line],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", **variables},
        capture_output=True, text=True, timeout=10, check=False,
    )
    if done.returncode != 0:
        raise RunbookError(f"{line}: {done.stderr.strip()}")
    return done.stdout.split("\0")[:-1]


def parse_aws_line(line: str, session_client: Callable[[str, str | None], Any], default_region: str | None,
                   variables: dict[str, str] | None = None) -> AwsCall:
    """Translates `aws SERVICE COMMAND --opt value ...` into an AwsCall (botocore's model
    maps the kebab-case names back to the API's)."""
    return parse_aws_words(shell_words(line, variables or {}), line, session_client, default_region)


def parse_aws_words(tokens: list[str], line: str, session_client: Callable[[str, str | None], Any],
                    default_region: str | None) -> AwsCall:
    if len(tokens) < 3 or tokens[0] != "aws":
        raise RunbookError(f"{line}: not an aws command")
    service = tokens[1]
    waiter = tokens[2] == "wait"
    rest = tokens[4:] if waiter else tokens[3:]
    if waiter and len(tokens) < 4:
        raise RunbookError(f"{line}: `aws {service} wait` without a waiter name")
    options: list[tuple[str, list[str]]] = []
    region = default_region
    query = None
    i = 0
    while i < len(rest):
        token = rest[i]
        if not token.startswith("--"):
            raise RunbookError(f"{line}: unexpected argument {token!r}")
        values = []
        i += 1
        while i < len(rest) and not rest[i].startswith("--"):
            values.append(rest[i])
            i += 1
        if token == "--region":
            region = values[0] if values else None
        elif token == "--endpoint-url":
            raise RunbookError(f"{line}: --endpoint-url in a runbook line would bypass the emulator")
        elif token == "--query":
            query = values[0] if values else None
        elif token in _GLOBAL_WITH_VALUE or token in _GLOBAL_FLAGS:
            pass
        else:
            options.append((token[2:], values))
    client = session_client(service, region)
    model = client.meta.service_model
    if waiter:
        name = tokens[3].replace("-", "_")
        if name not in client.waiter_names:
            raise RunbookError(f"{line}: no waiter {tokens[3]!r} for {service}")
        operation_name = client.get_waiter(name).config.operation
        operation = name
    else:
        by_cli_name = {xform_name(op, "-"): op for op in model.operation_names}
        if tokens[2] not in by_cli_name:
            raise RunbookError(f"{line}: {service} has no command {tokens[2]!r}")
        operation_name = by_cli_name[tokens[2]]
        operation = xform_name(operation_name)
    input_shape = model.operation_model(operation_name).input_shape
    members = input_shape.members if input_shape is not None else {}
    by_option = {xform_name(m, "-"): m for m in members}
    params: dict[str, Any] = {}
    for name, values in options:
        negated = name.startswith("no-") and name[3:] in by_option and members[by_option[name[3:]]].type_name == "boolean"
        key = by_option.get(name[3:] if negated else name)
        if key is None:
            raise RunbookError(f"{line}: {service} {tokens[2]} has no option --{name}")
        shape = members[key]
        if shape.type_name == "boolean" and not values:
            params[key] = not negated
        elif not values:
            raise RunbookError(f"{line}: --{name} needs a value")
        elif shape.type_name == "list" and not values[0].lstrip().startswith("["):
            params[key] = [_convert(v, shape.member, line) for v in values]
        elif len(values) == 1:
            params[key] = _convert(values[0], shape, line)
        else:
            raise RunbookError(f"{line}: --{name} takes one value, got {values}")
    return AwsCall(line, service, operation, params, region, waiter, query)


def render_text(value: Any) -> str:
    """A query result as `--output text` prints a scalar or a flat list."""
    if value is None:
        return "None"
    if isinstance(value, list):
        return "\t".join(render_text(v) for v in value)
    return str(value)


def run_runbook(
    steps: Iterable[dict[str, Any]],
    session_client: Callable[[str, str | None], Any],
    lost_region: str | None,
    source: str,
    waiter_config: dict[str, int] | None = None,
    skip_step: Callable[[dict[str, Any]], str | None] | None = None,
) -> DrillRun:
    """Executes the assess/recover/verify steps in order, as one shell session would:
    `VAR=$(aws ... --query Q --output text)` and `VAR=value` set variables for the later
    lines. Stops at the first failed `recover` command (later steps would act on a
    half-done recovery). `skip_step` may leave out more steps: it returns the reason, or
    None to run the step."""
    run = DrillRun(source)
    variables: dict[str, str] = {}
    aborted = False

    def execute(call: AwsCall) -> Any:
        run.outcomes[-1].started = datetime.datetime.now(datetime.timezone.utc)
        client = session_client(call.service, call.region)
        if call.waiter:
            client.get_waiter(call.operation).wait(**call.params, WaiterConfig=waiter_config or {"Delay": 1, "MaxAttempts": 30})
            return None
        response = getattr(client, call.operation)(**call.params)
        response.pop("ResponseMetadata", None)
        return response

    for step in steps:
        step_id = str(step.get("id", "?"))
        phase = str(step.get("phase", "recover"))
        reason = skip_step(step) if skip_step else None
        region = step.get("region") or None
        for line in step.get("commands", []):
            outcome = CommandOutcome(step_id, phase, line, "skipped")
            run.outcomes.append(outcome)
            if phase not in EXECUTED_PHASES:
                outcome.detail = f"{phase} step: runs when the lost domain returns"
                continue
            if reason:
                outcome.detail = reason
                continue
            if aborted:
                outcome.detail = "an earlier recover command failed"
                continue
            text = line.strip()
            assignment = _ASSIGNMENT.match(text)
            try:
                if assignment:
                    name, value = assignment.groups()
                    inner = _AWS_SUBSTITUTION.match(value.strip())
                    if inner:
                        call = parse_aws_line(inner.group(1), session_client, region, variables)
                        if lost_region and call.region == lost_region:
                            outcome.detail = f"addressed to the lost region {lost_region}"
                            continue
                        outcome.response = execute(call)
                        result = jmespath.search(call.query, outcome.response) if call.query else outcome.response
                        variables[name] = render_text(result)
                    else:
                        variables[name] = " ".join(shell_words(value, variables))
                    outcome.status, outcome.detail = "ok", f"{name}={variables[name]}"
                    continue
                if not text.startswith("aws "):
                    outcome.detail = "not an AWS CLI command (done by hand)"
                    continue
                call = parse_aws_line(text, session_client, region, variables)
                if lost_region and call.region == lost_region:
                    outcome.detail = f"addressed to the lost region {lost_region}"
                    continue
                outcome.response = execute(call)
                outcome.status = "ok"
            except Exception as exc:  # noqa: BLE001 - every failure is reported with its text
                outcome.status, outcome.detail = "failed", f"{type(exc).__name__}: {exc}"
                aborted = aborted or phase == "recover"
    return run


def rdha_drill_report(rdha: str, config: str | None, fail: str) -> tuple[dict[str, Any] | None, str]:
    """`rdha drill --fail FAIL --format json` as JSON, or (None, why it is unavailable)."""
    command = [rdha, "drill", "--fail", fail, "--format", "json"]
    if config:
        command[2:2] = ["--config", config]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{' '.join(command)}: {exc}"
    # Exit 1 is "findings" (e.g. a total outage): the report is still there.
    if done.returncode not in (0, 1):
        return None, f"{' '.join(command)} exited {done.returncode}: {(done.stderr or done.stdout).strip()[:300]}"
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError:
        return None, f"{' '.join(command)} printed no JSON: {(done.stdout or done.stderr).strip()[:300]}"


def fallback_runbook(dr_identifier: str, dr_region: str, backup_retention_days: int) -> list[dict[str, Any]]:
    """The region-loss recovery as `rdha drill` describes it, as CLI lines."""
    ident = shlex.quote(dr_identifier)
    return [
        {"id": "check-dr-replica", "phase": "assess", "region": dr_region,
         "commands": [f"aws rds describe-db-instances --db-instance-identifier {ident} --region {dr_region}"]},
        {"id": "promote-dr-replica", "phase": "recover", "region": dr_region,
         "commands": [
             f"aws rds promote-read-replica --db-instance-identifier {ident} "
             f"--backup-retention-period {backup_retention_days} --region {dr_region}",
             f"aws rds wait db-instance-available --db-instance-identifier {ident} --region {dr_region}",
         ]},
        {"id": "enable-dr-backups", "phase": "recover", "region": dr_region,
         "commands": [
             f"aws rds modify-db-instance --db-instance-identifier {ident} "
             f"--backup-retention-period {backup_retention_days} --apply-immediately --region {dr_region}",
         ]},
        {"id": "verify-dr-writer", "phase": "verify", "region": dr_region,
         "commands": [f"aws rds describe-db-instances --db-instance-identifier {ident} --region {dr_region}"]},
    ]
