"""What an instructor uploads to an LMS: the student notebooks and the checker's wheel, in one zip.

The archive unpacks into one folder::

    backprop-lab-<version>/
        README.md                                   how to install the checker, work, hand in
        backprop_lab-<version>-py3-none-any.whl     the course's checker (imported as ``grader``)
        01_numerical_derivatives/numerical_derivatives.ipynb
        ...

The notebooks are the committed student release (``notebooks/``, what ``make release``
generates); the first code cell of each finds the wheel in its parent folder and prints
the one-line install command when ``grader`` is missing. The wheel is built by
``pip wheel`` from a copy of the sources, so stale files of a previous build can never
slip into it (pip fetches setuptools once for its build environment, then uses its cache).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

#: What the wheel is built from: everything ``pyproject.toml`` refers to, nothing else.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "grader")

STUDENT_README = """\
# Backprop Lab {version}: student release

Four assignments, one folder each, to work in order (01 to 04). Every notebook opens with
its points, a time estimate, what to hand in and how to run its tests.

The tests use the course's gradient checker: the Python package **backprop-lab**, imported
as `grader`, which is the file `{wheel}` in this folder. Do not run `pip install grader`:
that installs an unrelated project of the same name from PyPI.

## On your own computer (Python 3.11 or newer)

In this folder:

    python3 -m venv .venv
    .venv/bin/pip install {wheel}       # the checker, numpy, matplotlib, JupyterLab
    .venv/bin/jupyter lab

(On Windows: `.venv\\Scripts\\pip` and `.venv\\Scripts\\jupyter`.)

## In an existing Jupyter environment, or in Google Colab

Colab and most Jupyter installations already have numpy and matplotlib, so install only
the checker. In Colab, upload the notebook and `{wheel}` (Files pane), then run in a cell:

    %pip install --no-deps {wheel}

and restart the kernel (Runtime > Restart session). The first code cell of every notebook
prints this command, with the file's full path, when the checker is missing.

## Handing in

Hand in each notebook file under its own name, after Kernel > Restart Kernel and Run All
Cells. Keep every cell: test cells are restored from the instructor's copy before grading.
"""


def project_version(repository: Path) -> str:
    return tomllib.loads((repository / "pyproject.toml").read_text())["project"]["version"]


def build_wheel(repository: Path, output: Path) -> Path:
    """Build the backprop-lab wheel into ``output`` and return its path (about 3 s)."""
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backprop-lab-wheel-") as scratch:
        sources = Path(scratch) / "src"
        sources.mkdir()
        for name in WHEEL_SOURCES:
            origin = repository / name
            if origin.is_dir():
                shutil.copytree(origin, sources / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(origin, sources / name)
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(scratch), str(sources)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        if built.returncode != 0:  # setuptools' deprecation chatter goes to stderr too: show it only on failure
            raise RuntimeError(f"pip wheel failed to build backprop-lab:\n{built.stderr[-3000:]}")
        (wheel,) = Path(scratch).glob("backprop_lab-*.whl")
        target = output / wheel.name
        shutil.copy2(wheel, target)
    return target


def build_release_archive(repository: Path, output: Path, say=print) -> Path:
    """Zip ``notebooks/``, the wheel and the student README into ``output`` (a .zip path); return it.

    Takes a few seconds (the wheel build); prints one line per step through ``say``.
    """
    version = project_version(repository)
    folder = f"backprop-lab-{version}"
    notebooks = sorted((repository / "notebooks").glob("*/*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no student release in {repository / 'notebooks'}: run `make release`")
    with tempfile.TemporaryDirectory(prefix="backprop-lab-archive-") as scratch:
        say("building the checker's wheel ...")
        wheel = build_wheel(repository, Path(scratch))
        readme = STUDENT_README.format(version=version, wheel=wheel.name)
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{folder}/README.md", readme)
            archive.write(wheel, f"{folder}/{wheel.name}")
            for notebook in notebooks:
                archive.write(notebook, f"{folder}/{notebook.relative_to(repository / 'notebooks').as_posix()}")
    say(f"release archive for the LMS: {output} ({len(notebooks)} notebooks and {wheel.name})")
    return output
