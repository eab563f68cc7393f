"""Shared fixtures: the repository layout and one course folder per test session."""

from pathlib import Path

import pytest

from grader.classroom import CourseFolder

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
