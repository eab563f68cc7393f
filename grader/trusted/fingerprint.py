"""Which grader a process runs: its package version and a hash of the grader's sources.

A cluster worker (grader.trusted.cluster) grades only for a client with the same
fingerprint: a worker with another version would grade differently, so it refuses.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import grader

DISTRIBUTION = "backprop-lab"


@cache
def grader_fingerprint() -> str:
    """``"backprop-lab 0.1.0, grader sources 1a2b3c4d5e6f"``: the installed version and the
    SHA-256 (12 hex digits) of every ``.py`` file of the ``grader`` package, names included."""
    try:
        installed = version(DISTRIBUTION)
    except PackageNotFoundError:
        installed = "(not installed)"
    package = Path(grader.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{DISTRIBUTION} {installed}, grader sources {digest.hexdigest()[:12]}"
