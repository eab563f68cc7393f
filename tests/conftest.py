"""Shared fixtures: the repository layout and one course folder per test session."""

from pathlib import Path

import pytest

from grader.trusted.course import CourseFolder

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "notebooks"
SUBMISSIONS = ROOT / "tests" / "submissions"


@pytest.fixture(scope="session")
def released_course(tmp_path_factory) -> CourseFolder:
    """A course folder with every assignment generated from solutions/."""
    course = CourseFolder(tmp_path_factory.mktemp("course"), SOLUTIONS)
    course.generate_release()
    return course


def pytest_generate_tests(metafunc):
    """Give each buggy answer file of an AutogradeSuite its own test."""
    if "answer_file" in metafunc.fixturenames:
        from autograde_suite import answer_files

        files = answer_files(metafunc.cls.assignment)
        metafunc.parametrize("answer_file", files, ids=[path.stem for path in files])


#: The longest test files, longest first (seconds on a 2-core machine, in this order: 546, 99,
#: 77, 45, 45, 40, 38, 35, 33, 21, 20, 16). ``make test`` runs two workers with ``--dist loadfile
#: --no-loadscope-reorder``, which hands out files in collection order: a long file handed out
#: last runs alone at the end while the other worker idles. The sample class (graded twice, in
#: the local pool and on a cluster, two processes each) takes one worker the whole run while the
#: other takes every other file. (Without ``--no-loadscope-reorder`` xdist orders files by their
#: number of tests: the sample class started 4 minutes into the run and ran its last 2 minutes
#: alone.)
LONGEST_FIRST = (
    "test_sample_class.py",
    "test_nb_03_vanishing_exploding.py",
    "test_nb_02_backprop.py",
    "test_cluster.py",
    "test_classroom.py",
    "test_hostile_submissions.py",
    "test_solutions_any_cpu.py",
    "test_forged_grades.py",
    "test_release_archive.py",
    "test_nb_01_numerical_derivatives.py",
    "test_intake.py",
    "test_nb_04_gradient_checking.py",
)


def pytest_collection_modifyitems(items):
    """Collect the long test files first (a stable sort: order within a file is kept)."""
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
