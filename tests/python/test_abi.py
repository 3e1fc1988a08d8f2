"""Importing rdha with a Python other than the one rdha._core was built for names both
versions and how to rebuild, instead of Python's misleading "circular import"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig


def _import_rdha(package_parent):
    return subprocess.run(
        [sys.executable, "-c", "import rdha"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(package_parent)},
    )


def test_an_extension_built_for_another_python_is_named_with_both_versions(package_path, tmp_path):
    package = tmp_path / "rdha"
    shutil.copytree(package_path / "rdha", package, symlinks=False, ignore=shutil.ignore_patterns("_bin", "__pycache__"))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")  # e.g. .cpython-311-x86_64-linux-gnu.so
    other = suffix.replace(f"cpython-{sys.version_info.major}{sys.version_info.minor}-", "cpython-399-")
    assert other != suffix
    (package / f"_core{suffix}").rename(package / f"_core{other}")

    result = _import_rdha(tmp_path)
    assert result.returncode == 1
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        f"ImportError: rdha._core was built for Python 3.99, but this is Python {running} ({sys.executable}). "
        f"Run rdha with the Python it was built for, or rebuild it for this one: "
        f"cmake -S . -B build -DPython_EXECUTABLE={sys.executable} && cmake --build build, "
        f"or {sys.executable} -m pip install --no-build-isolation ."
    )
    assert "circular import" not in last_line


def test_a_missing_extension_keeps_python_s_own_error(package_path, tmp_path):
    """No extension for any version: nothing to explain, Python's ImportError stands."""
    package = tmp_path / "rdha"
    shutil.copytree(package_path / "rdha", package, symlinks=False, ignore=shutil.ignore_patterns("_bin", "__pycache__"))
    (package / f"_core{sysconfig.get_config_var('EXT_SUFFIX')}").unlink()
    result = _import_rdha(tmp_path)
    assert result.returncode == 1
    assert "cannot import name '_core'" in result.stderr
    assert "was built for Python" not in result.stderr


def test_an_extension_for_this_python_is_never_blamed_on_an_old_one(package_path, tmp_path):
    """A stale _core of another version beside a matching one that fails to load: the
    message must not say the module was built for another Python."""
    package = tmp_path / "rdha"
    shutil.copytree(package_path / "rdha", package, symlinks=False, ignore=shutil.ignore_patterns("_bin", "__pycache__"))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    matching = package / f"_core{suffix}"
    shutil.copyfile(matching, package / f"_core{suffix.replace(f'cpython-{sys.version_info.major}{sys.version_info.minor}-', 'cpython-399-')}")
    matching.unlink()
    matching.write_bytes(b"not an ELF file")  # present for this interpreter, but unloadable
    result = _import_rdha(tmp_path)
    assert result.returncode == 1
    assert "was built for Python" not in result.stderr
