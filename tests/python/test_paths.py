"""Every path parameter takes a str or an os.PathLike[str] (pathlib.Path), as the stubs say,
and means the same file either way; other types are refused with a TypeError."""

from __future__ import annotations

import pathlib
import re

import pytest

import rdha

PIPELINE_CONFIG = {
    "database": {"password_source": "ephemeral"},
    "state": {"enabled": True, "account_id": "123456789012", "bucket": "rdha-state-123456789012",
              "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
              "policy_arn": "arn:aws:iam::123456789012:policy/terraform-state-rdha"},
    "pipeline": {"enabled": True, "repository": "acme/db-stack"},
}


@pytest.fixture(scope="module")
def stack() -> rdha.Stack:
    return rdha.build_ha_stack(rdha.HaStackSpec())


def test_synth_and_write_tf_json_take_a_pathlib_path(stack, tmp_path):
    by_path = stack.synth(tmp_path / "a")
    assert by_path == rdha.write_tf_json(stack, tmp_path / "b") == stack.synth(str(tmp_path / "c"))
    for name in by_path:
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "c" / name).read_text()


def test_pipeline_paths_take_a_pathlib_path(tmp_path):
    spec = rdha.HaStackSpec.from_dict(PIPELINE_CONFIG)
    by_str = rdha.pipeline_files(spec, "config/rdha.json", tf_dir="infra/tf")
    assert rdha.pipeline_files(spec, pathlib.Path("config/rdha.json"), tf_dir=pathlib.Path("infra/tf")) == by_str
    written = rdha.write_pipeline(spec, pathlib.Path("config/rdha.json"), tmp_path, tf_dir=pathlib.PurePosixPath("infra/tf"))
    assert written == list(by_str) and (tmp_path / written[0]).read_text() == by_str[written[0]]


def test_sarif_tf_dir_takes_a_pathlib_path(stack):
    findings = stack.check(today="2026-11-26")
    assert findings.to_sarif(tf_dir=pathlib.PurePosixPath("infra/db")) == findings.to_sarif(tf_dir="infra/db")


def test_a_path_of_another_type_is_a_type_error(stack):
    with pytest.raises(TypeError, match=re.escape("synth(): incompatible function arguments")):
        stack.synth(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("synth(): incompatible function arguments")):
        stack.synth(b"out")  # type: ignore[arg-type]
