"""The ``rdha`` console script: runs the C++ command-line tool shipped in the package.

``pip install`` puts the compiled ``rdha`` program in ``rdha/_bin/`` and an ``rdha``
script on PATH that execs it, so ``rdha synth --out DIR`` behaves (arguments, output, exit
codes 0/1/2) exactly as the CLI built by CMake. ``RDHA_CLI`` overrides the program path.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from typing import Sequence

__all__ = ["cli_path", "main"]


def cli_path() -> pathlib.Path:
    """The ``rdha`` program: ``$RDHA_CLI`` if set, else the one inside the package."""
    override = os.environ.get("RDHA_CLI")
    if override:
        return pathlib.Path(override)
    # Not resolved: _bin/ is the one beside the file as imported, even if it is a link.
    bundled = pathlib.Path(__file__).absolute().parent / "_bin" / ("rdha.exe" if os.name == "nt" else "rdha")
    if not bundled.exists():
        raise FileNotFoundError(
            f"the rdha program is not installed at {bundled}; reinstall the package "
            "(pip install --no-build-isolation .) or set RDHA_CLI to its path"
        )
    return bundled


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the CLI with ``argv`` (default: this process's arguments) and returns its exit
    code. As the console script on POSIX, the process is replaced by the program."""
    try:
        program = str(cli_path())
    except FileNotFoundError as e:
        print(f"rdha: {e}", file=sys.stderr)
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    if argv is None and os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(program, [program, *args])
    return subprocess.call([program, *args])


if __name__ == "__main__":
    sys.exit(main())
