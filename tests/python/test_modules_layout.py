"""Stack.synth(dir, format=..., layout="modules"): the modules layout (docs/modules.md) from Python."""

from __future__ import annotations

import pytest

import rdha


@pytest.fixture(scope="module")
def stack() -> rdha.Stack:
    return rdha.build_ha_stack(rdha.HaStackSpec())


@pytest.mark.parametrize("fmt, ext", [("json", ".tf.json"), ("hcl", ".tf")])
def test_synth_modules_writes_the_root_and_one_module_per_region_and_concern(stack, tmp_path, fmt, ext):
    names = stack.synth(tmp_path, format=fmt, layout="modules")
    texts = stack.to_text(format=fmt, layout="modules")
    assert names == sorted(texts)
    for name in ("main", "moved", "outputs", "modules/dr_network/main", "modules/primary_database/variables"):
        assert name + ext in names
    assert "modules/dr_network/README.md" in names
    for name in names:
        assert (tmp_path / name).read_text(encoding="utf-8") == texts[name]


def test_the_default_layout_stays_flat(stack):
    assert stack.to_text() == stack.to_text(format="json", layout="flat")
    assert not any(name.startswith("modules/") for name in stack.to_text())


def test_switching_layout_removes_the_files_rdha_wrote_only(stack, tmp_path):
    module_names = stack.synth(tmp_path, format="hcl", layout="modules")
    (tmp_path / "modules" / "dr_network" / "notes.md").write_text("# mine\n")
    flat_names = stack.synth(tmp_path, format="hcl")
    assert not any((tmp_path / name).exists() for name in module_names if name not in flat_names)
    assert (tmp_path / "modules" / "dr_network" / "notes.md").read_text() == "# mine\n"


def test_an_unknown_layout_is_a_value_error_naming_the_valid_ones(stack, tmp_path):
    with pytest.raises(ValueError, match=r'"flat" or "modules", got "nested"'):
        stack.synth(tmp_path, layout="nested")
    assert not any(tmp_path.iterdir())
