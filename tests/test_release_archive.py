"""The LMS archive works outside the repository: its wheel installs the checker, and every
copied-out notebook passes its visible tests with correct answers.

The fresh venv gets the wheel the documented way (``pip install <wheel>``, but ``--no-deps
--no-index``); its dependencies (numpy, matplotlib, ipykernel) come from this project's
venv through a ``.pth`` file, so the test needs no network. That ``.pth`` adds the
project's site-packages as a plain path: the editable install of ``grader`` in it is a
``.pth`` hook that only runs in a site directory, so the repository's ``grader`` stays
invisible and the kernel can import only the wheel's.
"""

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import RELEASE, ROOT
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from grader.trusted.release_archive import build_release_archive, project_version
from grader.trusted.submissions import apply_edits, read_answer_file

ASSIGNMENTS = sorted(path.name for path in RELEASE.iterdir() if path.is_dir())
CORRECT_ANSWERS = ROOT / "samples" / "ada_perfect"
KERNEL_NAME = "backprop-lab-fresh-venv"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The archive built from this repository, unpacked far from it; returns its top folder."""
    scratch = tmp_path_factory.mktemp("lms")
    archive = build_release_archive(ROOT, scratch / "release.zip", say=lambda message: None)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(scratch / "student")
    (top,) = (scratch / "student").iterdir()
    return top


def _bare_venv(folder: Path) -> Path:
    """A venv whose only packages are the project's dependencies (no grader); returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _kernel_spec(folder: Path, python: Path) -> Path:
    """A Jupyter path holding a kernel spec that runs ipykernel with ``python``."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh venv", "language": "python",
    }))
    return folder


@pytest.fixture(scope="module")
def student_python(unpacked, tmp_path_factory) -> Path:
    """A fresh venv with the archive's wheel installed; returns its python."""
    python = _bare_venv(tmp_path_factory.mktemp("venv") / "student")
    (wheel,) = unpacked.glob("backprop_lab-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    return python


def _execute(notebook, folder: Path, python: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_spec(tmp_path / "jupyter", python)))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    client = NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=120,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def test_archive_holds_the_release_the_wheel_and_a_readme(unpacked):
    version = project_version(ROOT)
    assert unpacked.name == f"backprop-lab-{version}"
    held = sorted(str(path.relative_to(unpacked)) for path in unpacked.rglob("*") if path.is_file())
    released = sorted(str(path.relative_to(RELEASE)) for path in RELEASE.glob("*/*.ipynb"))
    assert held == sorted(["README.md", f"backprop_lab-{version}-py3-none-any.whl", *released])
    for path in RELEASE.glob("*/*.ipynb"):
        assert (unpacked / path.relative_to(RELEASE)).read_bytes() == path.read_bytes()
    readme = (unpacked / "README.md").read_text()
    assert f"pip install backprop_lab-{version}-py3-none-any.whl" in readme
    assert "pip install grader" in readme, "the README must warn about the unrelated PyPI package"


def test_the_wheel_gives_the_fresh_venv_the_course_checker(unpacked, student_python):
    found = subprocess.run(
        [student_python, "-c", "import grader, importlib.metadata as m; "
                               "print(grader.__file__); print(m.version('backprop-lab')); grader.expect_gradients"],
        cwd=unpacked, check=True, capture_output=True, text=True).stdout.split()
    assert Path(found[0]).is_relative_to(student_python.parents[1]), f"grader imported from {found[0]}"
    assert found[1] == project_version(ROOT)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_copied_out_notebook_passes_its_visible_tests_with_correct_answers(
        assignment, unpacked, student_python, tmp_path, monkeypatch):
    (path,) = (unpacked / assignment).glob("*.ipynb")
    notebook = apply_edits(nbformat.read(path, as_version=4),
                           read_answer_file(CORRECT_ANSWERS / f"{assignment}.py"))
    notebook.cells.append(nbformat.v4.new_code_cell("import grader; print(grader.__file__)"))
    try:
        _execute(notebook, path.parent, student_python, tmp_path, monkeypatch)
    except CellExecutionError as error:
        pytest.fail(f"{assignment} fails outside the repository:\n{str(error)[-1500:]}")
    imported_from = Path(notebook.cells[-1].outputs[0]["text"].strip())
    assert imported_from.is_relative_to(student_python.parents[1]), f"the kernel imported {imported_from}"


@pytest.mark.parametrize("impostor", [None, "grader.py"], ids=["no grader", "an unrelated grader"])
def test_without_the_checker_the_first_code_cell_says_how_to_install_it(
        impostor, unpacked, tmp_path, monkeypatch):
    python = _bare_venv(tmp_path / "venv")
    (path,) = (unpacked / ASSIGNMENTS[0]).glob("*.ipynb")
    folder = tmp_path / "copy"
    folder.mkdir()
    if impostor:  # PyPI's `grader` stands in: importable, but not the course's checker
        (folder / impostor).write_text("def grade(): pass\n")
    (wheel,) = unpacked.glob("backprop_lab-*.whl")
    notebook = nbformat.read(path, as_version=4)
    first_code = next(index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    notebook.cells = notebook.cells[: first_code + 1]
    (folder / path.name).write_text("")  # the notebook sits in its own folder, the wheel beside it
    wheel_beside = tmp_path / wheel.name
    wheel_beside.write_bytes(wheel.read_bytes())

    with pytest.raises(CellExecutionError) as raised:
        _execute(notebook, folder, python, tmp_path, monkeypatch)
    message = raised.value.evalue
    assert raised.value.ename == "ModuleNotFoundError"
    assert "\n" not in message
    assert f'%pip install --no-deps "{wheel_beside}"' in message, message
