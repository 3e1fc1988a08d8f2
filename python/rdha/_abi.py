"""Why rdha._core did not import: built for another Python.

A compiled extension loads only into the interpreter version it was built for (its file
name carries that ABI tag, e.g. ``_core.cpython-312-x86_64-linux-gnu.so``). When none
matches the running interpreter, Python reports the missing module as a possible
"circular import", which sends users the wrong way; this names both versions instead.
"""

from __future__ import annotations

import pathlib
import re
import sys

# CPython's tag in an extension's file name: cpython-312 (and cpython-313t, free-threaded).
_CPYTHON_TAG = re.compile(r"^_core\.cpython-(\d)(\d+)([a-z]*)[-.]")


def _built_for(package_dir: pathlib.Path) -> list[str]:
    """The Python versions of the _core extensions in package_dir that this interpreter
    cannot load, e.g. ["3.12"]."""
    running = f"{sys.implementation.cache_tag}{sys.abiflags}"  # cpython-311
    versions = []
    for candidate in sorted(package_dir.glob("_core.cpython-*")):
        match = _CPYTHON_TAG.match(candidate.name)
        if not match:
            continue
        if f"cpython-{match[1]}{match[2]}{match[3]}" == running:
            return []  # one for this interpreter exists: the import failed for another reason
        versions.append(f"{match[1]}.{match[2]}{match[3]}")
    return versions


def version_mismatch(package_dir: pathlib.Path) -> ImportError | None:
    """An ImportError naming the interpreter's version and the one rdha._core was built
    for, when the extension in package_dir exists only for other versions; None otherwise."""
    versions = _built_for(package_dir)
    if not versions:
        return None
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    return ImportError(
        f"rdha._core was built for Python {', '.join(versions)}, but this is Python {running} "
        f"({sys.executable}). Run rdha with the Python it was built for, or rebuild it for this one: "
        f"cmake -S . -B build -DPython_EXECUTABLE={sys.executable} && cmake --build build, "
        f"or {sys.executable} -m pip install --no-build-isolation ."
    )
