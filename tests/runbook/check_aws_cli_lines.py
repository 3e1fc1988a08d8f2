#!/usr/bin/env python3
"""Every AWS CLI line `rdha migrate` prints is a real command of the AWS CLI.

The CLI derives its command names from the service model's operation names and its option
names from the operation's input members (botocore's `xform_name(name, "-")`); this check
reads each aws-cli line of `rdha migrate --format json` for every migration variant of the
spec corpus and translates it with the same parser the emulated drill uses
(tests/e2e/drill.py, `parse_aws_words`), which refuses an unknown command, waiter or option.
Nothing is called: the clients only lend their service models.

Usage: python3 tests/runbook/check_aws_cli_lines.py [RDHA_BINARY]   (needs botocore)
Runs as the ctest runbook.AwsCliLines; exits 77 (skipped) only when botocore is missing.
"""

from __future__ import annotations

import json
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

try:
    import botocore.session
except ImportError:
    print("SKIP: botocore is not installed for", sys.executable)
    sys.exit(77)

from drill import RunbookError, parse_aws_words  # noqa: E402

_SESSION = botocore.session.get_session()
_CLIENTS: dict[tuple[str, str | None], object] = {}
_ASSIGNED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\$\((aws\s.*)\)$", re.S)
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def client(service: str, region: str | None):
    key = (service, region)
    if key not in _CLIENTS:
        _CLIENTS[key] = _SESSION.create_client(service, region_name=region or "us-east-1", aws_access_key_id="x",
                                               aws_secret_access_key="x")
    return _CLIENTS[key]


def aws_words(line: str) -> list[str]:
    """The words of the aws invocation on @p line: `VAR=$(aws ...)` gives the inner command;
    shell variables stand for values the earlier lines set."""
    match = _ASSIGNED.match(line.strip())
    command = match.group(1) if match else line.strip()
    return shlex.split(_VARIABLE.sub(lambda m: "VALUE-" + m.group(1), command))


def check(binary: str, config: pathlib.Path) -> list[str]:
    done = subprocess.run([binary, "migrate", "--format", "json", "--config", str(config)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        return [f"{config.name}: rdha migrate exited {done.returncode}: {done.stderr.strip()}"]
    failures = []
    lines = 0
    for step in json.loads(done.stdout)["steps"]:
        for command in step["commands"]:
            if command["kind"] != "aws-cli":
                continue
            lines += 1
            try:
                parse_aws_words(aws_words(command["line"]), command["line"], client, step["region"] or None)
            except (RunbookError, ValueError) as exc:
                failures.append(f"{config.name}: step {step['id']}: {exc}")
    print(f"{config.name}: {lines} aws-cli lines checked")
    return failures


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "rdha")
    configs = sorted((ROOT / "tests" / "spec_corpus" / "terraform_variants").glob("migration_*.json"))
    failures = [failure for config in configs for failure in check(binary, config)]
    for failure in failures:
        print("FAIL:", failure)
    if not configs:
        print("FAIL: no migration variants")
        return 1
    print("PASS" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
