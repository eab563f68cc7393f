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


#: Test files that autograde many notebooks, longest first (seconds on a 2-core machine:
#: 240, 90, 51, 50, 50, 45, 40, 37). ``make test`` runs two workers with ``--dist loadfile``,
#: which hands out files in collection order: a long file handed out last runs alone
#: at the end while the other worker idles.
LONGEST_FIRST = (
    "test_sample_class.py",
    "test_nb_03_vanishing_exploding.py",
    "test_nb_02_backprop.py",
    "test_nb_04_gradient_checking.py",
    "test_solutions_any_cpu.py",
    "test_cluster.py",
    "test_hostile_submissions.py",
    "test_forged_grades.py",
    "test_classroom.py",
    "test_nb_01_numerical_derivatives.py",
)


def pytest_collection_modifyitems(items):
    """Collect the long test files first (a stable sort: order within a file is kept)."""
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
