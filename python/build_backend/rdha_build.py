"""PEP 517 / PEP 660 build backend of the rdha Python package (in-tree, see pyproject.toml).

setuptools does the work: ``setup.py build`` compiles the extension and the CLI through
CMake and collects the package, ``setup.py egg_info`` writes the metadata from
pyproject.toml. This module only packs the result into a wheel. setuptools' own
``bdist_wheel`` lives in the separate ``wheel`` package, which an offline interpreter (and
a fresh venv) usually lacks, and ``--no-build-isolation`` cannot fetch it; a wheel is a zip
with a ``.dist-info`` directory, so it is written here with the standard library.

Editable installs (``pip install -e .``) build the extension in place into python/rdha/ and
install a path hook that maps only the ``rdha`` package to python/rdha.
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from typing import Any

from setuptools import build_meta as _setuptools

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "rdha"

__all__ = [
    "get_requires_for_build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "build_wheel",
    "build_editable",
    "build_sdist",
]


# ---- setuptools ------------------------------------------------------------------------------


def _setup(*args: str) -> None:
    # stdout goes to stderr: pip shows it with -v and on failure, and PEP 517 frontends
    # may read the hook's stdout.
    subprocess.run([sys.executable, "setup.py", *args], cwd=ROOT, check=True, stdout=sys.stderr)


def _metadata(directory: pathlib.Path) -> pathlib.Path:
    """Writes <name>-<version>.dist-info into directory from setuptools' egg-info."""
    with tempfile.TemporaryDirectory() as scratch:
        _setup("egg_info", "--egg-base", scratch)
        egg_info = next(pathlib.Path(scratch).glob("*.egg-info"))
        pkg_info = (egg_info / "PKG-INFO").read_text(encoding="utf-8")
        headers = email.parser.Parser().parsestr(pkg_info, headersonly=True)
        dist_info = directory / f"{headers['Name'].replace('-', '_')}-{headers['Version']}.dist-info"
        dist_info.mkdir(parents=True, exist_ok=True)
        (dist_info / "METADATA").write_text(pkg_info, encoding="utf-8")
        for name in ("entry_points.txt", "top_level.txt"):
            if (egg_info / name).exists():
                shutil.copyfile(egg_info / name, dist_info / name)
    return dist_info


# ---- wheel writing ---------------------------------------------------------------------------


def _tag() -> str:
    """cp311-cp311-linux_x86_64: the extension ties the wheel to this interpreter and platform."""
    python = f"{sys.implementation.name[:2]}{sys.version_info[0]}{sys.version_info[1]}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{python}-{python}-{platform}"


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _pack(staging: pathlib.Path, dist_info: pathlib.Path, wheel_directory: str) -> str:
    tag = _tag()
    (dist_info / "WHEEL").write_text(
        f"Wheel-Version: 1.0\nGenerator: rdha_build\nRoot-Is-Purelib: false\nTag: {tag}\n", encoding="utf-8"
    )
    record_name = f"{dist_info.name}/RECORD"
    files = sorted(p for p in staging.rglob("*") if p.is_file() and p.relative_to(staging).as_posix() != record_name)
    records = []
    for path in files:
        data = path.read_bytes()
        records.append(f"{path.relative_to(staging).as_posix()},{_record_hash(data)},{len(data)}")
    records.append(f"{record_name},,")
    (dist_info / "RECORD").write_text("\n".join(records) + "\n", encoding="utf-8")

    name, version = dist_info.name[: -len(".dist-info")].rsplit("-", 1)
    wheel_name = f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(pathlib.Path(wheel_directory) / wheel_name, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path in [*files, dist_info / "RECORD"]:
            wheel.write(path, path.relative_to(staging).as_posix())  # keeps the mode bits (_bin/rdha)
    return wheel_name


# ---- PEP 517 hooks ---------------------------------------------------------------------------


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def get_requires_for_build_sdist(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    return _metadata(pathlib.Path(metadata_directory)).name


def prepare_metadata_for_build_editable(metadata_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    return prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_wheel(
    wheel_directory: str, config_settings: dict[str, Any] | None = None, metadata_directory: str | None = None
) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        staging = pathlib.Path(scratch) / "wheel"
        _setup("build", "--build-base", str(pathlib.Path(scratch) / "build"), "--build-lib", str(staging))
        return _pack(staging, _metadata(staging), wheel_directory)



_EDITABLE_FINDER = '''\
"""Editable install of rdha: maps the package rdha (only) to {source}."""
import sys
from importlib.machinery import PathFinder

_SOURCE = {source!r}


class _RdhaFinder:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != "rdha":
            return None
        return PathFinder.find_spec(fullname, [_SOURCE])


if not any(getattr(f, "__name__", "") == "_RdhaFinder" for f in sys.meta_path):
    sys.meta_path.append(_RdhaFinder)
'''


def build_editable(
    wheel_directory: str, config_settings: dict[str, Any] | None = None, metadata_directory: str | None = None
) -> str:
    _setup("build_ext", "--inplace")
    source = str(ROOT / "python")
    with tempfile.TemporaryDirectory() as scratch:
        staging = pathlib.Path(scratch) / "wheel"
        staging.mkdir()
        (staging / "__editable___rdha_finder.py").write_text(_EDITABLE_FINDER.format(source=source), encoding="utf-8")
        (staging / "__editable__.rdha.pth").write_text("import __editable___rdha_finder\n", encoding="utf-8")
        return _pack(staging, _metadata(staging), wheel_directory)


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    return _setuptools.build_sdist(sdist_directory, config_settings)


