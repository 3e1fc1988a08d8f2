"""The committed python/rdha/_core.pyi is exactly what stubgen makes of the built module."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_committed_stubs_match_the_compiled_module(root, package_path, tmp_path):
    pytest.importorskip("mypy.stubgen", reason="mypy (Debian python3-mypy) is needed to generate stubs")
    generated = tmp_path / "_core.pyi"
    subprocess.run(
        [sys.executable, str(root / "python" / "tools" / "stubgen.py"), "--output", str(generated)],
        check=True, timeout=300, env={**os.environ, "PYTHONPATH": str(package_path)},
    )
    committed = root / "python" / "rdha" / "_core.pyi"
    assert committed.exists(), "python/rdha/_core.pyi is missing: cmake --build build --target rdha_python_stubs"
    assert committed.read_text() == generated.read_text(), (
        "python/rdha/_core.pyi is out of date with the compiled module: "
        "cmake --build build --target rdha_python_stubs, then commit the result"
    )
    assert (root / "python" / "rdha" / "py.typed").exists()
