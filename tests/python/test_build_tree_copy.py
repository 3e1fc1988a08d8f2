"""A copy of the build tree's package imports its own files: the pure-Python sources are
copies and the CLI a relative link (python/CMakeLists.txt), so nothing in the copy points
back into the checkout or the original build tree."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

# Every module of the package and the CLI it runs, as the interpreter resolves them.
REPORT = """
import json, os, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import rdha, rdha.cli
names = [m.name for m in pkgutil.iter_modules(rdha.__path__, "rdha.")]
for name in names:
    __import__(name)
files = [os.path.realpath(sys.modules[n].__file__) for n in ["rdha", *names]]
print(json.dumps({"files": files, "cli": os.path.realpath(rdha.cli.cli_path())}))
"""


def test_a_copied_build_tree_imports_its_own_files(package_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    copy = tmp_path / "build-copy"
    # As `cp -r` does: links are copied as links.
    shutil.copytree(package_path, copy / "python", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    # A stand-in for the CLI at its place in the copied tree: the link must lead there.
    (copy / "rdha").write_text("#!/bin/sh\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RDHA_CLI")}
    result = subprocess.run(
        [sys.executable, "-c", REPORT, str(copy / "python")],
        capture_output=True, text=True, env={**env, "PYTHONDONTWRITEBYTECODE": "1"}, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    package = (copy / "python" / "rdha").resolve()
    assert any(f.endswith(".so") for f in report["files"]), report
    outside = [f for f in report["files"] if pathlib.Path(f).parent != package]
    assert not outside, f"imported from outside the copy {package}: {outside}"
    assert report["cli"] == str(copy.resolve() / "rdha")


def test_the_build_tree_holds_the_current_sources(root: pathlib.Path, package_path: pathlib.Path) -> None:
    sources = sorted(p for p in (root / "python" / "rdha").iterdir() if p.is_file() and p.suffix in (".py", ".pyi", ".typed"))
    assert sources
    for source in sources:
        built = package_path / "rdha" / source.name
        assert not built.is_symlink(), f"{built} links to the checkout; a copy of the tree would import the checkout's file"
        assert built.read_bytes() == source.read_bytes(), f"{built} is stale: rebuild (cmake --build)"
