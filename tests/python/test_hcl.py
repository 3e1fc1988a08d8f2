"""Stack.synth(dir, format="hcl"): the native-syntax output (docs/hcl.md) from Python."""

from __future__ import annotations

import pytest

import rdha


@pytest.fixture(scope="module")
def stack() -> rdha.Stack:
    return rdha.build_ha_stack(rdha.HaStackSpec())


def test_synth_hcl_writes_the_tf_files_to_text_renders(stack, tmp_path):
    names = stack.synth(tmp_path, format="hcl")
    texts = stack.to_text(format="hcl")
    assert names == sorted(texts) and "versions.tf" in names and "main.tf" in names
    for name in names:
        assert (tmp_path / name).read_text(encoding="utf-8") == texts[name]
    assert rdha.write_tf_hcl(stack, tmp_path / "again") == names
    assert 'resource "aws_db_instance" "primary" {' in texts["database.tf"]


def test_the_default_format_stays_json(stack):
    assert sorted(stack.to_text()) == sorted(stack.to_text(format="json"))
    assert all(name.endswith(".tf.json") for name in stack.to_text())


def test_switching_format_removes_the_files_rdha_wrote_only(stack, tmp_path):
    json_names = stack.synth(tmp_path)
    (tmp_path / "override.tf").write_text("# mine\n")
    stack.synth(tmp_path, format="hcl")
    assert not any((tmp_path / name).exists() for name in json_names)
    assert (tmp_path / "override.tf").read_text() == "# mine\n"


def test_an_unknown_format_is_a_value_error_naming_the_valid_ones(stack, tmp_path):
    with pytest.raises(ValueError, match=r'"json" or "hcl", got "yaml"'):
        stack.synth(tmp_path, format="yaml")
    assert not any(tmp_path.iterdir())
