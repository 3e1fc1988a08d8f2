#!/usr/bin/env python3
"""Writes `emulator_override.tf.json` into a Terraform working directory so that every
AWS provider configuration talks only to the local emulator.

For each `provider "aws"` configuration found in the directory's *.tf.json files (the
default one and every alias), the override sets every service endpoint the provider
knows (the names come from `terraform providers schema -json` of the initialised
directory, so none is missed), STS included, fake credentials,
`skip_credentials_validation` and `skip_metadata_api_check`. The account-id lookup stays
on: with `skip_requesting_account_id` the provider renders same-account security-group
references as `account/sg-...` and a re-plan drifts. The override also gives the state a
local backend, so a stack that declares a remote backend still runs here.

With --dark-endpoint URL (a closed local port), the default provider configuration (the
primary region) and Route 53 in every configuration are pointed at URL instead: the primary
region and Route 53's control plane (hosted in us-east-1) are down, as in a region loss.
STS stays on the emulator: a configuration for after the failover takes credentials from the
DR region's STS (`sts_region`), which is up.

Usage: tf_override.py --dir WORKDIR --endpoint http://127.0.0.1:PORT [--schema SCHEMA_JSON]
                      [--dark-endpoint http://127.0.0.1:CLOSED_PORT]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys

AWS = "registry.terraform.io/hashicorp/aws"

# Alternative names of endpoints another name already covers (hashicorp/aws 5.100.0):
# setting both warns "Invalid Attribute Combination", so only the canonical one is set.
ENDPOINT_ALIASES = frozenset("""
amg appintegrationsservice applicationautoscaling appregistry beanstalk cloudcontrolapi cloudhsm
cloudwatchevents cloudwatchevidently cloudwatchlog cloudwatchlogs cloudwatchobservabilityaccessmanager
cloudwatchrum codedeploy cognitoidentityprovider config costandusagereportservice costexplorer
databasemigration databasemigrationservice directoryservice elasticloadbalancing elasticloadbalancingv2
elasticsearchservice es eventbridge gluedatabrew inspectorv2 lex lexmodelbuilding lexmodelbuildingservice
lexmodelsv2 locationservice managedgrafana msk opensearchingestion opensearchservice prometheus
prometheusservice recyclebin redshiftdataapiservice resourcegroupstagging s3api sdb
serverlessapplicationrepository serverlessapprepo stepfunctions transcribeservice
""".split())


def provider_aliases(workdir: str) -> list[str]:
    """Aliases of the aws provider configurations ("" for the default one)."""
    aliases: set[str] = set()
    for path in sorted(glob.glob(os.path.join(workdir, "*.tf.json"))):
        if path.endswith("override.tf.json"):
            continue
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        providers = document.get("provider", {})
        blocks = providers.get("aws", [])
        for block in blocks if isinstance(blocks, list) else [blocks]:
            aliases.add(block.get("alias", ""))
    return sorted(aliases) or [""]


def endpoint_names(workdir: str, schema_path: str | None) -> list[str]:
    if schema_path:
        with open(schema_path, encoding="utf-8") as handle:
            schema = json.load(handle)
    else:
        text = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=workdir, check=True,
                              capture_output=True, text=True).stdout
        schema = json.loads(text)
    provider = schema["provider_schemas"][AWS]["provider"]["block"]
    names = provider["block_types"]["endpoints"]["block"]["attributes"]
    return sorted(name for name in names if name not in ENDPOINT_ALIASES)


def override_document(aliases: list[str], endpoints: list[str], url: str, dark: str | None = None) -> dict:
    configs = []
    for alias in aliases:
        def endpoint(name: str) -> str:
            if dark and name != "sts" and (not alias or name == "route53"):
                return dark
            return url

        config = {
            "access_key": "testing",
            "secret_key": "testing",
            "skip_credentials_validation": True,
            "skip_metadata_api_check": True,
            "endpoints": [{name: endpoint(name) for name in endpoints}],
        }
        if alias:
            config["alias"] = alias
        configs.append(config)
    return {"provider": {"aws": configs}, "terraform": {"backend": {"local": {}}}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="initialised Terraform working directory")
    parser.add_argument("--endpoint", required=True, help="emulator URL, http://127.0.0.1:PORT")
    parser.add_argument("--schema", help="provider schema JSON (default: ask terraform)")
    parser.add_argument("--dark-endpoint", help="closed local port for the primary region and Route 53")
    parser.add_argument("--backend-only", action="store_true",
                        help="write only the local backend (before `terraform init`, which the endpoint list needs)")
    args = parser.parse_args()
    for given in (args.endpoint, args.dark_endpoint or args.endpoint):
        if not given.startswith(("http://127.0.0.1:", "http://localhost:")):
            print(f"tf_override.py: refusing non-loopback endpoint {given}", file=sys.stderr)
            return 2
    if args.backend_only:
        document = {"terraform": {"backend": {"local": {}}}}
    else:
        document = override_document(provider_aliases(args.dir), endpoint_names(args.dir, args.schema), args.endpoint,
                                     args.dark_endpoint)
    with open(os.path.join(args.dir, "emulator_override.tf.json"), "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
