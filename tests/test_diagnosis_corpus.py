"""The diagnosis corpus: every buggy answer file's failure must *name its bug*, not only cost its points.

Answer files come from ``tests/diagnosis_corpus/<assignment>/`` (bug patterns seen in real
students' code, written fresh) and ``tests/submissions/<assignment>/`` (the planted bugs).
Each buggy file says on ``# expects:`` lines what its failing cells' messages must contain.
Cells run in this process (``tests/notebook_messages.py``), seconds per file rather than
the minutes of an nbgrader run; the autograde suites check the points. In ``make test`` this
file checks the real-world corpus only: the planted bugs' messages are checked by the
autograde suites on the autograded notebooks (``test_planted_bug_failure_names_the_bug``).

``python tests/test_diagnosis_corpus.py`` prints the figure: diagnoses right / buggy files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from autograde_suite import expected_failures
from notebook_messages import NOT_YET_NAMED, ROOT, expected_diagnoses, failure_messages

CORPORA = (ROOT / "tests" / "diagnosis_corpus", ROOT / "tests" / "submissions")


def buggy_files(corpora=CORPORA) -> list[Path]:
    return [path for corpus in corpora for path in sorted(corpus.glob("*/*.py")) if expected_failures(path)]


def diagnosis_problem(path: Path) -> str | None:
    """Why the failure of ``path`` does not name its bug, or None when it does."""
    fails = expected_failures(path)
    in_corpus = path.is_relative_to(CORPORA[0])
    messages = failure_messages(path.parent.name, path, only=None if in_corpus else fails)
    if in_corpus and set(messages) != fails:
        return f"failed {sorted(messages)}, expected exactly {sorted(fails)}"
    text = "\n".join(messages.get(grade_id, "") for grade_id in fails)
    missing = [words for words in expected_diagnoses(path) if words.lower() not in text.lower()]
    if not expected_diagnoses(path):
        return "no '# expects:' line"
    return f"the message does not say {missing}:\n{text}" if missing else None


@pytest.mark.parametrize(
    "path",
    [pytest.param(path, marks=[pytest.mark.xfail(strict=True, reason="diagnosis not yet specific")]
                  if path.stem in NOT_YET_NAMED else []) for path in buggy_files(CORPORA[:1])],
    ids=lambda path: f"{path.parent.parent.name}/{path.parent.name}/{path.stem}",
)
def test_the_failure_names_the_bug(path):
    problem = diagnosis_problem(path)
    assert problem is None, problem


@pytest.mark.parametrize("path", sorted(CORPORA[0].glob("*/*.py")), ids=lambda path: path.stem)
def test_alternative_correct_corpus_answers_pass(path):
    if expected_failures(path):
        pytest.skip("a buggy file")
    assert failure_messages(path.parent.name, path) == {}


if __name__ == "__main__":
    files = buggy_files()
    wrong = {path: problem for path in files if (problem := diagnosis_problem(path))}
    for path, problem in wrong.items():
        print(f"- {path.relative_to(ROOT)}: {problem.splitlines()[0][:160]}")
    print(f"diagnoses right: {len(files) - len(wrong)} / {len(files)} buggy files "
          f"({100 * (len(files) - len(wrong)) / len(files):.0f}%)", file=sys.stdout)
