"""Remote state from Python: the spec's state section, the backend block it gives the stack,
and the state bootstrap, byte-identical to `rdha bootstrap`."""

from __future__ import annotations

import pathlib
import subprocess

import pytest

import rdha

STATE = {"account_id": "123456789012", "bucket": "rdha-state-123456789012"}
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_state_section_is_off_by_default():
    spec = rdha.HaStackSpec()
    assert spec.state.enabled is False
    assert spec.state.locking == rdha.StateLocking.lockfile
    versions = rdha.build_ha_stack(spec).to_json()["versions.tf.json"]["terraform"]
    assert "backend" not in versions


def test_enabled_state_emits_the_s3_backend_and_raises_required_version():
    spec = rdha.HaStackSpec.from_dict({"state": {**STATE, "enabled": True, "kms_key_id": KEY}})
    versions = rdha.build_ha_stack(spec).to_json()["versions.tf.json"]["terraform"]
    assert versions["backend"] == {"s3": {"bucket": STATE["bucket"], "key": "rdha/terraform.tfstate",
                                          "region": "us-east-1", "encrypt": True, "kms_key_id": KEY,
                                          "use_lockfile": True}}
    assert versions["required_version"] == ">= 1.11.0"


def test_a_leading_slash_in_the_key_is_a_spec_error():
    spec = rdha.HaStackSpec.from_dict({"state": STATE})
    spec.state.key = "/rdha/terraform.tfstate"
    with pytest.raises(rdha.SpecError) as error:
        rdha.build_bootstrap_stack(spec)
    assert [(p.subject, p.message) for p in error.value.problems] == [
        ("state.key", "\"/rdha/terraform.tfstate\" starts with \"/\"; S3 keys have no leading slash, so the S3 "
                      "backend refuses it. Use \"rdha/terraform.tfstate\".")]


def test_bootstrap_replicates_delete_markers():
    stack = rdha.build_bootstrap_stack(rdha.HaStackSpec.from_dict({"state": STATE}))
    blocks = stack.to_json()["main.tf.json"]["resource"]  # single-block objects in topological order
    replication = next(entry["aws_s3_bucket_replication_configuration"]["state"] for entry in blocks
                       if "aws_s3_bucket_replication_configuration" in entry)
    assert replication["rule"][0]["delete_marker_replication"] == [{"status": "Enabled"}]
    assert replication["depends_on"] == ["aws_s3_bucket_versioning.state", "aws_s3_bucket_versioning.state_replica"]


def test_bootstrap_is_byte_identical_to_the_cli(cli: pathlib.Path, tmp_path: pathlib.Path):
    config = tmp_path / "spec.json"
    config.write_text('{"state": {"account_id": "123456789012", "bucket": "rdha-state-123456789012"}}')
    written = rdha.build_bootstrap_stack(rdha.HaStackSpec.from_json(config.read_text())).synth(tmp_path / "python")
    result = subprocess.run([str(cli), "bootstrap", "--config", str(config), "--out", str(tmp_path / "cli")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(written) == sorted(p.name for p in (tmp_path / "cli").glob("*.tf.json"))
    for name in [*written, ".rdha-manifest.json"]:
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
