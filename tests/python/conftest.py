"""pytest setup for the rdha Python package: import it from the CMake build tree.

The build writes an importable package to $RDHA_BUILD_DIR/python/rdha (the compiled
rdha._core, copies of the sources in python/rdha, and _bin/rdha, the CLI); `make test`
passes RDHA_BUILD_DIR, and it defaults to build/ at the repository root. The suite runs
with the interpreter the module was built for (Debian's /usr/bin/python3, which has
pytest).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DIR = pathlib.Path(os.environ.get("RDHA_BUILD_DIR", ROOT / "build")).resolve()
PACKAGE_PARENT = BUILD_DIR / "python"
MODULE = PACKAGE_PARENT / "rdha" / f"_core{sysconfig.get_config_var('EXT_SUFFIX')}"

if not MODULE.exists():
    raise pytest.UsageError(
        f"rdha._core is not built for this interpreter ({sys.executable}): {MODULE} is missing. "
        f"Build first: cmake -S {ROOT} -B {BUILD_DIR} && cmake --build {BUILD_DIR}"
    )
sys.path.insert(0, str(PACKAGE_PARENT))


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def build_dir() -> pathlib.Path:
    return BUILD_DIR


@pytest.fixture(scope="session")
def package_path() -> pathlib.Path:
    """The directory to put on sys.path / PYTHONPATH to import the built rdha."""
    return PACKAGE_PARENT


@pytest.fixture(scope="session")
def cli(build_dir: pathlib.Path) -> pathlib.Path:
    """The rdha CLI built by CMake."""
    program = build_dir / "rdha"
    if not program.exists():
        pytest.fail(f"the rdha CLI is not built: {program} is missing")
    return program


@pytest.fixture(scope="session")
def terraform_validate(root: pathlib.Path):
    """Runs tests/terraform/validate.sh on a directory (real terraform, offline); returns
    the completed process. Skips when terraform is not installed."""
    if shutil.which("terraform") is None:
        pytest.skip("terraform is not installed")

    def run(directory: pathlib.Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(root / "tests" / "terraform" / "validate.sh"), str(directory)],
            capture_output=True,
            text=True,
            env={**os.environ, "CHECKPOINT_DISABLE": "1"},
            timeout=600,
        )

    return run
