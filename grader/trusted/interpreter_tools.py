"""Make the running interpreter's scripts (``alembic``, ``jupyter``) findable by name.

nbgrader runs ``alembic`` from PATH (``nbgrader.api.get_alembic_version``) the first time
it opens a gradebook; in a venv that is not activated, PATH lacks ``.venv/bin`` and the
formgrader answers 500 ("Loading…" forever). Every process that may open a gradebook
calls this first: the grading pipeline, ``backprop-lab formgrader`` and, through
``nbgrader_config.py``, a Jupyter server or ``nbgrader`` command started in the repository.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def put_interpreter_tools_on_path() -> None:
    """Prepend the folder of ``sys.executable`` (a venv's ``bin/``) to PATH, once."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
