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


def test_stubs_type_check_the_package_and_the_example(root, tmp_path):
    """mypy accepts the package (with its stubs) and the notebook example written against it."""
    pytest.importorskip("mypy.main", reason="mypy (Debian python3-mypy) is needed")
    python_dir = root / "python"
    result = subprocess.run(
        # mypy is compiled with mypyc: call its main() rather than `python -m mypy`.
        [sys.executable, "-c", "import sys; from mypy.main import main; main(args=sys.argv[1:])",
         "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--python-version", "3.11",
         "-p", "rdha"],
        capture_output=True, text=True, timeout=600, cwd=python_dir, env={**os.environ, "MYPYPATH": str(python_dir)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from mypy.main import main; main(args=sys.argv[1:])",
         "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--python-version", "3.11",
         "examples/notebook_example.py"],
        capture_output=True, text=True, timeout=600, cwd=python_dir, env={**os.environ, "MYPYPATH": str(python_dir)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
