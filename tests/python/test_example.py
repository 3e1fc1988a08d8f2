"""The notebook-style example under python/examples runs and emits a valid stack."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest


@pytest.mark.terraform
def test_notebook_example_runs_and_its_output_validates(root, package_path, tmp_path, terraform_validate):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(root / "python" / "examples" / "notebook_example.py"), str(out)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(package_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "aws_db_instance.replica_3" in result.stdout
    assert (out / "database.tf.json").exists()
    validated = terraform_validate(out)
    assert validated.returncode == 0, validated.stdout + validated.stderr
