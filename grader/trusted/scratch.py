"""The kernel's scratch folder, as the trusted side must treat it once the kernel is gone.

The sandboxed kernel can write its scratch folder (the notebook's folder in the grading
shard), and nbgrader's own steps then write and copy files there with this process's
rights: writing the autograded notebook follows a link put in its place (a link to
``gradebook.db`` overwrote the course's gradebook), opening a named pipe blocks, a link
to ``/dev/zero`` never ends. So before anything of the trusted side touches the folder,
``vet_scratch`` leaves only folders and regular files in it: no folder nested deeper than
``MAX_SCRATCH_DEPTH`` or holding more than ``MAX_SCRATCH_ENTRIES`` entries (thousands of
nested folders broke Python's recursion and PATH_MAX), no notebook the kernel made (nbgrader
would look for it in the gradebook), files within ``MAX_COPIED_FILE_MB`` each and
``MAX_SCRATCH_MB`` in all (notebooks first). ``copy_regular_files`` copies back without
following a link even if one appears meanwhile; ``read_regular_files`` reads by the same rules,
for a cluster worker to send back (grader.trusted.shard_parcel), and ``write_files`` writes what
was sent without leaving its folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path

from grader.limits import MAX_COPIED_FILE_MB, MAX_SCRATCH_DEPTH, MAX_SCRATCH_ENTRIES, MAX_SCRATCH_MB, MIB


def vet_scratch(folder: Path, notebooks: set[str]) -> list[str]:
    """Remove from ``folder`` everything but folders and regular files within the limits above,
    and every notebook but ``notebooks`` (file names); return what was removed (paths relative
    to ``folder``)."""
    folder = Path(folder)
    removed = []
    for path in sorted(folder.iterdir()):
        if not _within_bounds(path):
            remove_tree(path)
            removed.append(path)
        elif path.suffix == ".ipynb" and path.name not in notebooks and not path.is_dir():
            path.unlink()
            removed.append(path)
    files = []
    _sort_out(folder, removed, files)
    budget = MAX_SCRATCH_MB * MIB
    for path, size in sorted(files, key=lambda item: (item[0].suffix != ".ipynb", str(item[0]))):
        if size > MAX_COPIED_FILE_MB * MIB or size > budget:
            path.unlink()
            removed.append(path)
        else:
            budget -= size
    return [str(path.relative_to(folder)) for path in removed]


def _within_bounds(path: Path) -> bool:
    """False for a folder nested deeper than MAX_SCRATCH_DEPTH or with more than MAX_SCRATCH_ENTRIES
    entries below it (walked without recursion, never deeper than the bound)."""
    pending, seen = [(path, 1)], 0
    while pending:
        folder, depth = pending.pop()
        if not folder.is_dir() or folder.is_symlink():
            continue
        if depth > MAX_SCRATCH_DEPTH:
            return False
        with os.scandir(folder) as entries:
            for entry in entries:
                seen += 1
                if seen > MAX_SCRATCH_ENTRIES:
                    return False
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), depth + 1))
    return True


def remove_tree(path: Path) -> None:
    """Remove ``path`` and everything below it, nbgrader's read-only files included.

    ``rm -rf``, not ``shutil.rmtree``: a kernel can nest folders thousands deep, past
    Python's recursion limit and PATH_MAX, and GNU rm removes any depth."""
    if os.path.lexists(path):
        subprocess.run(["chmod", "-R", "u+rwx", "--", str(path)], capture_output=True)
        subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], capture_output=True)


def _sort_out(folder: Path, removed: list, files: list) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                if path.suffix == ".ipynb":  # a folder where nbgrader writes a notebook
                    shutil.rmtree(path)
                    removed.append(path)
                else:
                    _sort_out(path, removed, files)
            elif entry.is_file(follow_symlinks=False):
                files.append((path, entry.stat(follow_symlinks=False).st_size))
            else:  # a link, a named pipe, a socket, a device
                path.unlink()
                removed.append(path)


def copy_regular_files(source: Path, target: Path) -> None:
    """Copy the regular files below ``source`` into ``target``, never through a link (see above)."""
    target.mkdir(parents=True, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                copy_regular_files(Path(entry.path), target / entry.name)
            elif entry.is_file(follow_symlinks=False):
                _copy_regular_file(Path(entry.path), target / entry.name)


def _copy_regular_file(source: Path, target: Path) -> None:
    with _open_regular_file(source) as handle:
        if handle is None:
            return
        with open(target, "wb") as copy:
            shutil.copyfileobj(handle, copy)
        os.chmod(target, stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o644)


def read_regular_files(folder: Path) -> dict[str, bytes]:
    """The regular files below ``folder`` as ``{path relative to folder, with /: bytes}``, read by
    the rules of ``copy_regular_files``; ``{}`` when ``folder`` is not a folder (or is a link)."""
    folder = Path(folder)
    files = {}
    pending = [folder] if folder.is_dir() and not folder.is_symlink() else []
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    with _open_regular_file(Path(entry.path)) as handle:
                        if handle is not None:
                            files[Path(entry.path).relative_to(folder).as_posix()] = handle.read()
    return files


def write_files(files: dict[str, bytes], target: Path) -> None:
    """Write ``{relative path: bytes}`` (as ``read_regular_files`` returns) below ``target``.

    Raises ValueError, before writing anything, for a path that would leave ``target``
    (absolute, empty, or with a ``..`` part)."""
    for name in files:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise ValueError(f"refusing to write {name!r}: it is not a path inside {target}")
    for name, data in files.items():
        path = Path(target) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def _open_regular_file(path: Path):
    """The open file at ``path`` if it is a regular file within MAX_COPIED_FILE_MB, else None;
    never follows a link (one may replace the file meanwhile), never blocks on a named pipe."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        yield None  # replaced by a link or removed meanwhile
        return
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        yield handle if stat.S_ISREG(status.st_mode) and status.st_size <= MAX_COPIED_FILE_MB * MIB else None
