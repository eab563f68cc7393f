"""The solution notebooks' compared outputs read the same on any CPU.

``make test`` runs nbval on the solutions with the machine's own OpenBLAS kernel.
Another CPU picks other kernels, which sum in another order, so any printed
digit that round-off decides would differ there. Here nbval runs again under
kernels that other CPUs select (OpenBLAS reads ``OPENBLAS_CORETYPE`` in numpy's
DYNAMIC_ARCH builds): Prescott, an old x86 kernel set without AVX, with one BLAS thread,
besides the machine's own (SkylakeX here, Haswell's AVX2 kernels on the AMD EPYC machines
CI runs on): the two ends of what x86 CPUs pick. A maintainer thus learns of a
machine-dependent output here, before a user's CI does. (Sandybridge, Haswell, Nehalem and
Atom pass too, run by hand with ``OPENBLAS_CORETYPE`` on 2026-11-30; each costs ``make test``
half a minute, so only Prescott runs in it.)
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CORE_TYPES = ("Prescott",)

#: Prints the name of the OpenBLAS kernel numpy runs, or nothing for a numpy without OpenBLAS.
CORE_NAME_PROGRAM = """
import ctypes, glob, os, numpy
libraries = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "*openblas*"))
for symbol in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
    function = getattr(ctypes.CDLL(libraries[0]), symbol, None) if libraries else None
    if function is not None:
        function.restype = ctypes.c_char_p
        print(function().decode())
        break
"""


def _environment(core_type: str | None) -> dict:
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    environment.pop("OPENBLAS_CORETYPE", None)
    if core_type:
        environment["OPENBLAS_CORETYPE"] = core_type
    return environment


def _core_name(core_type: str | None) -> str:
    result = subprocess.run([sys.executable, "-c", CORE_NAME_PROGRAM], env=_environment(core_type),
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="OpenBLAS x86 kernels only")
@pytest.mark.parametrize("core_type", CORE_TYPES)
def test_solution_outputs_do_not_depend_on_the_blas_kernel(core_type):
    forced, default = _core_name(core_type), _core_name(None)
    if not forced:
        pytest.skip("this numpy does not run OpenBLAS, whose kernel OPENBLAS_CORETYPE chooses")
    if forced == default:
        pytest.skip(f"this machine runs the {core_type} kernel already (checked by the main nbval run)")

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "solutions"],
        cwd=ROOT, env=_environment(core_type), capture_output=True, text=True,
    )
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert result.returncode == 0, (
        f"with the OpenBLAS {forced} kernel, these solution cells print other outputs than the committed "
        f"ones (round-off decides a printed digit or an order):\n" + "\n".join(failures)
        + "\n\n" + result.stdout[-4000:]
    )
