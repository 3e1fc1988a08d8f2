"""Packaging: one version for C++ and Python, declared metadata, the rdha console script,
and (opt-in, slow) an offline `pip install --no-build-isolation .` into a fresh venv."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest

import rdha
import rdha.cli


def test_version_comes_from_the_root_version_file(root):
    assert rdha.__version__ == (root / "VERSION").read_text().strip()


def test_pyproject_declares_the_package(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())
    meta = project["project"]
    assert meta["name"] == "rdha"
    assert meta["requires-python"] == ">=3.11"
    assert meta["dynamic"] == ["version"]
    assert meta["scripts"] == {"rdha": "rdha.cli:main"}
    assert "license" in meta
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"file": "VERSION"}
    assert project["build-system"]["build-backend"] == "rdha_build"


def test_public_names_are_exported():
    assert set(rdha.__all__) <= set(dir(rdha))
    for name in ("HaStackSpec", "Stack", "Ref", "build_ha_stack", "build_network", "SchemaError", "CycleError"):
        assert name in rdha.__all__


def test_cli_entry_point_runs_the_bundled_program(capfd):
    assert rdha.cli.cli_path().name == "rdha"
    assert rdha.cli.main(["defaults"]) == 0
    out = capfd.readouterr().out
    assert rdha.HaStackSpec.from_json(out) == rdha.HaStackSpec()


@pytest.mark.slow
@pytest.mark.pip
@pytest.mark.skipif(os.environ.get("RDHA_TEST_PIP") != "1", reason="builds the package with CMake (minutes): set RDHA_TEST_PIP=1")
def test_pip_install_offline_into_a_fresh_venv(root, tmp_path):
    python = shutil.which("python3", path=os.environ.get("RDHA_PIP_PATH", os.environ.get("PATH", "")))
    assert python is not None
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-build-isolation", "--no-index", str(root)]
    subprocess.run(pip, check=True, cwd=tmp_path, timeout=3600)
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import rdha; print(rdha.__version__, len(rdha.build_ha_stack(rdha.HaStackSpec())))"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    )
    assert check.stdout.split()[0] == rdha.__version__
    assert subprocess.run([str(venv / "bin" / "rdha"), "defaults"], capture_output=True, cwd=tmp_path).returncode == 0


def test_python_dash_m_rdha_runs_the_cli(package_path, cli):
    """`python -m rdha` is the CLI: same output, same exit codes."""
    env = {**os.environ, "PYTHONPATH": str(package_path)}
    by_module = subprocess.run([sys.executable, "-m", "rdha", "defaults"], capture_output=True, text=True, env=env,
                               timeout=120)
    direct = subprocess.run([str(cli), "defaults"], capture_output=True, text=True, timeout=120)
    assert (by_module.returncode, by_module.stdout, by_module.stderr) == (0, direct.stdout, direct.stderr)
    refused = subprocess.run([sys.executable, "-m", "rdha", "synth", "--no-such-option"], capture_output=True,
                             text=True, env=env, timeout=120)
    direct = subprocess.run([str(cli), "synth", "--no-such-option"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == direct.returncode != 0 and refused.stderr == direct.stderr
