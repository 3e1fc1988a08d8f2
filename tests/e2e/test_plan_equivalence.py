"""Tests of tests/e2e/plan_equivalence.py, the comparer of plans across output formats and
layouts: on hand-made plan documents for each kind of difference, and on real plans that
Terraform makes offline of one small configuration written flat and as modules.

    python3 -m unittest tests/e2e/test_plan_equivalence.py

The real-plan tests need terraform and the offline plugin dir (tools/plugin_dir.sh); they
plan against no endpoint at all (empty state, no refresh, credentials checks skipped), so
they are skipped, with the reason, only when terraform or the plugin dir is missing.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plan_equivalence  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def plan_document(prefix: str = "", cidr: str = "10.0.0.0/16", policy: str = '{"a": 1, "b": [2]}') -> dict:
    """A minimal `terraform show -json` plan: one VPC in a provider aliased `dr`, one read data source."""
    address = f"{prefix}aws_vpc.dr"
    provider_key = "aws.dr"
    module: dict = {"resources": [{"address": "aws_vpc.dr", "mode": "managed", "type": "aws_vpc", "name": "dr",
                                    "provider_config_key": provider_key}]}
    root: dict = module
    if prefix:
        root = {"module_calls": {"dr_network": {"module": module}}}
    return {
        "format_version": "1.2",
        "configuration": {
            "provider_config": {"aws.dr": {"name": "aws", "alias": "dr",
                                           "expressions": {"region": {"constant_value": "us-west-2"}}}},
            "root_module": root,
        },
        "resource_changes": [{
            "address": address, "mode": "managed", "type": "aws_vpc", "name": "dr",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None,
                       "after": {"cidr_block": cidr, "tags": {"Policy": policy}},
                       "after_unknown": {"id": True, "tags": {}}, "after_sensitive": {"tags": {}}},
        }],
        "prior_state": {"values": {"root_module": {"resources": [{
            "address": "data.aws_region.dr", "mode": "data", "type": "aws_region",
            "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"name": "us-west-2"},
            "sensitive_values": {}}]}}},
        "output_changes": {"vpc_id": {"actions": ["create"], "after_unknown": True, "after_sensitive": False}},
    }


def run_compare(reference: dict, other: dict, waivers: list | None = None) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as scratch:
        paths = []
        for name, document in (("flat.json", reference), ("modules.json", other)):
            path = os.path.join(scratch, name)
            Path(path).write_text(json.dumps(document), encoding="utf-8")
            paths.append(path)
        args = paths
        if waivers is not None:
            waiver_path = os.path.join(scratch, "waivers.json")
            Path(waiver_path).write_text(json.dumps(waivers), encoding="utf-8")
            args = ["--waivers", waiver_path] + paths
        out = io.StringIO()
        with redirect_stdout(out):
            status = plan_equivalence.main(args)
        return status, out.getvalue()


class Comparer(unittest.TestCase):
    def test_module_address_maps_to_the_flat_address(self) -> None:
        status, out = run_compare(plan_document(), plan_document("module.dr_network."))
        self.assertEqual(status, 0, out)
        self.assertIn("PASS modules.json plan the same as flat.json (1 resources, 1 data reads, 1 outputs)", out)

    def test_a_different_value_fails_naming_address_and_path(self) -> None:
        status, out = run_compare(plan_document(), plan_document("module.dr_network.", cidr="10.1.0.0/16"))
        self.assertEqual(status, 1)
        self.assertIn('aws_vpc.dr: after.cidr_block: "10.0.0.0/16" vs "10.1.0.0/16"', out)

    def test_json_strings_compare_decoded(self) -> None:
        respaced = plan_document("module.dr_network.", policy='{"b":[2],"a":1}')
        self.assertEqual(run_compare(plan_document(), respaced)[0], 0)
        changed = plan_document("module.dr_network.", policy='{"b":[3],"a":1}')
        status, out = run_compare(plan_document(), changed)
        self.assertEqual(status, 1)
        self.assertIn("after.tags.Policy.(json).b[0]: 2 vs 3", out)

    def test_a_json_string_is_not_an_object(self) -> None:
        other = plan_document("module.dr_network.")
        other["resource_changes"][0]["change"]["after"]["tags"]["Policy"] = {"a": 1, "b": [2]}
        self.assertEqual(run_compare(plan_document(), other)[0], 1)

    def test_region_of_the_provider_configuration(self) -> None:
        other = plan_document("module.dr_network.")
        other["configuration"]["provider_config"]["aws.dr"]["expressions"]["region"]["constant_value"] = "us-east-1"
        status, out = run_compare(plan_document(), other)
        self.assertEqual(status, 1)
        self.assertIn('region: "us-west-2" vs "us-east-1"', out)

    def test_unknown_and_sensitive_marks(self) -> None:
        for field, value in (("after_unknown", {"id": True, "tags": {}, "arn": True}),
                             ("after_sensitive", {"tags": {}, "cidr_block": True})):
            other = plan_document("module.dr_network.")
            other["resource_changes"][0]["change"][field] = value
            status, out = run_compare(plan_document(), other)
            self.assertEqual(status, 1, field)
            self.assertIn(field, out)

    def test_missing_resource_data_read_and_output(self) -> None:
        for strip in ("resource_changes", "prior_state", "output_changes"):
            other = plan_document("module.dr_network.")
            other[strip] = {} if strip != "resource_changes" else []
            status, out = run_compare(plan_document(), other)
            self.assertEqual(status, 1, strip)
            self.assertIn("planned only in flat.json", out)

    def test_two_modules_planning_one_flat_address_fail(self) -> None:
        other = plan_document("module.dr_network.")
        twin = copy.deepcopy(other["resource_changes"][0])
        twin["address"] = "module.dr_database.aws_vpc.dr"
        other["resource_changes"].append(twin)
        status, out = run_compare(plan_document(), other)
        self.assertEqual(status, 1)
        self.assertIn("two resources plan as aws_vpc.dr", out)

    def test_an_empty_reference_fails(self) -> None:
        empty = plan_document()
        empty["resource_changes"] = []
        self.assertEqual(run_compare(empty, empty)[0], 1)

    def test_other_plan_format_fails(self) -> None:
        other = plan_document("module.dr_network.")
        other["format_version"] = "2.0"
        self.assertEqual(run_compare(plan_document(), other)[0], 1)

    def test_waiver_needs_its_exact_difference_and_a_reason(self) -> None:
        other = plan_document("module.dr_network.", cidr="10.1.0.0/16")
        what = 'after.cidr_block: "10.0.0.0/16" vs "10.1.0.0/16"'
        waiver = {"plan": "modules.json", "address": "aws_vpc.dr", "what": what, "reason": "test"}
        status, out = run_compare(plan_document(), other, [waiver])
        self.assertEqual(status, 0, out)
        self.assertIn("waived modules.json aws_vpc.dr", out)
        self.assertEqual(run_compare(plan_document(), other, [dict(waiver, address="aws_vpc.other")])[0], 1)
        with self.assertRaisesRegex(ValueError, "has no reason"):
            run_compare(plan_document(), other, [dict(waiver, reason=" ")])


# One configuration, flat and as two modules (network in the dr region, a policy user in the
# root region), wired the way the modules layout wires them: output → variable, providers passed.
PROVIDERS = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
provider "aws" {
  alias                       = "dr"
  region                      = "us-west-2"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""
VPC = """
resource "aws_vpc" "dr" {
  provider   = aws.dr
  cidr_block = "CIDR"
  tags       = { Name = "dr-rdha" }
}
"""
TOPIC = """
resource "aws_sns_topic" "alarms" {
  name   = "alarms-rdha"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "sns:Publish", Principal = "*", Resource = "*", Condition = { StringEquals = { "aws:SourceVpc" = VPC_ID } } }] })
}
output "topic_arn" { value = aws_sns_topic.alarms.arn }
"""
FLAT = PROVIDERS + VPC + TOPIC.replace("VPC_ID", "aws_vpc.dr.id") + 'output "vpc_cidr" { value = aws_vpc.dr.cidr_block }\n'
MODULES = PROVIDERS + """
module "dr_network" {
  source    = "./modules/dr_network"
  providers = { aws.dr = aws.dr }
}
module "primary_monitoring" {
  source    = "./modules/primary_monitoring"
  providers = { aws = aws }
  vpc_dr_id = module.dr_network.vpc_dr_id
}
output "topic_arn" { value = module.primary_monitoring.topic_arn }
output "vpc_cidr" { value = module.dr_network.vpc_dr_cidr_block }
"""
CHILD_NETWORK = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", configuration_aliases = [aws.dr] }
  }
}
""" + VPC + """
output "vpc_dr_id" { value = aws_vpc.dr.id }
output "vpc_dr_cidr_block" { value = aws_vpc.dr.cidr_block }
"""
CHILD_MONITORING = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
variable "vpc_dr_id" { type = string }
""" + TOPIC.replace("VPC_ID", "var.vpc_dr_id")


def terraform_plan(directory: Path, plugin_dir: str) -> dict:
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE=os.devnull, TF_IN_AUTOMATION="1",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1,localhost")
    for args in (["init", "-input=false", f"-plugin-dir={plugin_dir}"],
                 ["plan", "-input=false", "-refresh=false", "-out=plan.bin"]):
        result = subprocess.run(["terraform", f"-chdir={directory}", *args], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise AssertionError(f"terraform {args[0]} in {directory}: {result.stdout}{result.stderr}")
    shown = subprocess.run(["terraform", f"-chdir={directory}", "show", "-json", "plan.bin"], env=env,
                           capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


class RealPlans(unittest.TestCase):
    """Plans Terraform makes of the same configuration flat and as modules compare equal;
    a changed value inside a module does not."""

    plans: dict[str, dict] = {}

    @classmethod
    def setUpClass(cls) -> None:
        if shutil.which("terraform") is None:
            raise unittest.SkipTest("terraform not found")
        found = subprocess.run(["bash", str(ROOT / "tools/plugin_dir.sh")], capture_output=True, text=True)
        if found.returncode != 0:
            raise unittest.SkipTest(f"no offline plugin dir: {found.stderr.strip()}")
        cls.scratch = tempfile.TemporaryDirectory()
        layouts = {
            "flat": {"main.tf": FLAT.replace("CIDR", "10.20.0.0/16")},
            "modules": {"main.tf": MODULES, "modules/dr_network/main.tf": CHILD_NETWORK.replace("CIDR", "10.20.0.0/16"),
                        "modules/primary_monitoring/main.tf": CHILD_MONITORING},
            "changed": {"main.tf": MODULES, "modules/dr_network/main.tf": CHILD_NETWORK.replace("CIDR", "10.21.0.0/16"),
                        "modules/primary_monitoring/main.tf": CHILD_MONITORING},
        }
        for layout, files in layouts.items():
            directory = Path(cls.scratch.name) / layout
            for name, text in files.items():
                (directory / name).parent.mkdir(parents=True, exist_ok=True)
                (directory / name).write_text(text, encoding="utf-8")
            cls.plans[layout] = terraform_plan(directory, found.stdout.strip())

    @classmethod
    def tearDownClass(cls) -> None:
        cls.scratch.cleanup()

    def test_flat_and_modules_plan_the_same(self) -> None:
        status, out = run_compare(self.plans["flat"], self.plans["modules"])
        self.assertEqual(status, 0, out)
        self.assertIn("(2 resources, 0 data reads, 2 outputs)", out)

    def test_the_region_comes_from_the_passed_provider(self) -> None:
        plan = plan_equivalence.read_plan_document(self.plans["modules"], "modules.json")
        self.assertEqual(plan.resources["aws_vpc.dr"]["region"], "us-west-2")
        self.assertEqual(plan.resources["aws_sns_topic.alarms"]["region"], "us-east-1")

    def test_a_changed_value_in_a_module_fails(self) -> None:
        status, out = run_compare(self.plans["flat"], self.plans["changed"])
        self.assertEqual(status, 1)
        self.assertIn('aws_vpc.dr: after.cidr_block: "10.20.0.0/16" vs "10.21.0.0/16"', out)
        self.assertIn('output.vpc_cidr: after: "10.20.0.0/16" vs "10.21.0.0/16"', out)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(f"{result.testsRun - len(result.failures) - len(result.errors)} passed, "
          f"{len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)
