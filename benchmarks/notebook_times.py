"""Print how long each solution notebook takes to execute (goal: at most 15 s each).

Run with ``python benchmarks/notebook_times.py`` (or ``make benchmarks``). Each notebook
is executed once in a fresh kernel with nbclient, as nbval and nbgrader do; the time
includes kernel start-up, which is what an instructor waits for per submission.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
GOAL_SECONDS = 15.0


def execution_seconds(path: Path) -> float:
    """Wall-clock seconds to execute the notebook at ``path`` in a fresh kernel."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's own start-up warnings, not the notebook's
    return time.perf_counter() - start


def main() -> None:
    print(f"{'solution notebook':<55} {'seconds':>8}  goal ≤ {GOAL_SECONDS:.0f} s")
    for path in sorted(SOLUTIONS.glob("*/*.ipynb")):
        seconds = execution_seconds(path)
        verdict = "ok" if seconds <= GOAL_SECONDS else "TOO SLOW"
        print(f"{str(path.relative_to(SOLUTIONS)):<55} {seconds:8.1f}  {verdict}")


if __name__ == "__main__":
    main()
