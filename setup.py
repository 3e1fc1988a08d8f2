"""setuptools half of the rdha Python package build: the extension rdha._core and the rdha
CLI are built by CMake from the project's own CMakeLists.txt.

Metadata lives in pyproject.toml. CMake build directory: build-pip/py<major><minor> at the root
(kept between builds, so a rebuild is incremental), or $RDHA_PIP_BUILD_DIR. The
interpreter running the build is the one the extension is built for. Set
$RDHA_BUILD_JOBS to change the parallelism (default: the number of CPUs).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeExtension(Extension):
    """An extension CMake builds: no sources for setuptools to compile."""

    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    """Configures and builds the _core and rdha_cli targets, then copies the module and
    the CLI program (as rdha/_bin/rdha) where setuptools expects them."""

    def build_extension(self, ext: Extension) -> None:
        build_dir = pathlib.Path(
            os.environ.get("RDHA_PIP_BUILD_DIR", ROOT / "build-pip" / f"py{sys.version_info[0]}{sys.version_info[1]}")
        )
        jobs = os.environ.get("RDHA_BUILD_JOBS", str(os.cpu_count() or 1))
        cmake = shutil.which("cmake")
        if cmake is None:
            raise RuntimeError("building rdha needs CMake >= 3.25 on PATH (Debian: apt-get install cmake)")
        subprocess.run(
            [
                cmake,
                "-S", str(ROOT),
                "-B", str(build_dir),
                "-DCMAKE_BUILD_TYPE=Release",
                "-DRDHA_BUILD_TESTS=OFF",
                "-DRDHA_BUILD_PYTHON=ON",
                f"-DPython_EXECUTABLE={sys.executable}",
            ],
            check=True,
        )
        subprocess.run([cmake, "--build", str(build_dir), "--target", "_core", "rdha_cli", "-j", jobs], check=True)

        module = build_dir / "python" / "rdha" / f"_core{sysconfig.get_config_var('EXT_SUFFIX')}"
        if not module.exists():
            raise RuntimeError(f"CMake did not produce {module}")
        destination = pathlib.Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(module, destination)

        program = build_dir / "rdha"
        bin_dir = destination.parent / "_bin"
        bin_dir.mkdir(exist_ok=True)
        shutil.copy2(program.resolve(), bin_dir / "rdha")

    def copy_extensions_to_source(self) -> None:
        # In-place builds (pip install -e) copy only the module to the source tree; the CLI
        # must follow it into python/rdha/_bin.
        super().copy_extensions_to_source()
        build_py = self.get_finalized_command("build_py")
        built = pathlib.Path(self.build_lib) / "rdha" / "_bin" / "rdha"
        target = pathlib.Path(build_py.get_package_dir("rdha")) / "_bin" / "rdha"
        target.parent.mkdir(exist_ok=True)
        shutil.copy2(built, target)


setup(
    ext_modules=[CMakeExtension("rdha._core")],
    cmdclass={"build_ext": CMakeBuild},
    # setuptools' own scratch space, out of build/ (the CMake build directory of `make`).
    options={"build": {"build_base": str(ROOT / "build-pip" / "setuptools")}},
)
