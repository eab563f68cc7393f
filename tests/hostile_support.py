"""Operating-system plumbing for tests/test_hostile_submissions.py (no grader imports here).

Everything that looks at what a grading run left behind without trusting it: the
processes of the run (found by a variable in their environment, or a token in their
command line), who holds a pipe open, the resource limits of a process, and
snapshots of a folder (path, kind, size, mtime, sha256) that never open a named pipe
or follow a symbolic link, so that a hostile submission's files cannot hang or flood
the test that inspects them.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Files larger than this are compared by size and mtime only, never read.
MAX_READ_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Process:
    pid: int
    state: str
    cmdline: str
    cwd: str

    def __str__(self) -> str:
        return f"pid {self.pid} [{self.state}] {self.cmdline[:160]!r} in {self.cwd}"


def _read(path: str, limit: int = 1 << 20) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit)
    except OSError:
        return b""


def _state(pid: int) -> str:
    text = _read(f"/proc/{pid}/stat", 4096).decode(errors="replace")
    fields = text.rsplit(")", 1)[-1].split()
    return fields[0] if fields else "?"


def processes(env_marker: str | None = None, cmdline_token: str | tuple[str, ...] | None = None) -> list[Process]:
    """Live (not zombie) processes, other than this one, whose environment holds the line
    ``env_marker`` or whose command line contains ``cmdline_token`` (or one of several)."""
    tokens = (cmdline_token,) if isinstance(cmdline_token, str) else tuple(cmdline_token or ())
    found = []
    own = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == own:
            continue
        pid = int(entry)
        cmdline = _read(f"/proc/{pid}/cmdline").replace(b"\0", b" ").decode(errors="replace").strip()
        matched = any(token in cmdline for token in tokens)
        if not matched and env_marker:
            matched = env_marker.encode() in _read(f"/proc/{pid}/environ", 4 << 20).split(b"\0")
        if not matched:
            continue
        state = _state(pid)
        if state in ("Z", "X", "?"):
            continue
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            cwd = "?"
        found.append(Process(pid, state, cmdline, cwd))
    return found


def kill(pids) -> None:
    """SIGKILL each process of ``pids`` (ids this test found by its own markers)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def pipe_holders(inode: int) -> list[int]:
    """Processes that hold the pipe ``inode`` open (either end)."""
    wanted = f"pipe:[{inode}]"
    holders = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            descriptors = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(f"/proc/{entry}/fd/{descriptor}") == wanted:
                    holders.append(int(entry))
                    break
            except OSError:
                continue
    return holders


def limits(pid: int) -> dict[str, tuple[str, str]]:
    """``/proc/<pid>/limits`` as {name: (soft, hard)}, e.g. {"Max address space": ("unlimited", …)}."""
    table = {}
    for line in _read(f"/proc/{pid}/limits").decode(errors="replace").splitlines()[1:]:
        # columns: name (may contain spaces), soft, hard, units (optional)
        parts = line[:26].strip(), line[26:47].strip(), line[47:68].strip()
        if parts[0]:
            table[parts[0]] = (parts[1], parts[2])
    return table


class ProcessWatcher(threading.Thread):
    """Polls /proc while a run goes on and remembers every process whose command line holds
    ``token``: when it was first seen, its limits then, its command line and working folder."""

    def __init__(self, token: str, interval: float = 0.1):
        super().__init__(daemon=True)
        self.token = token
        self.interval = interval
        self.seen: dict[int, dict] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for process in processes(cmdline_token=self.token):
                if process.pid not in self.seen:
                    self.seen[process.pid] = {"cmdline": process.cmdline, "cwd": process.cwd,
                                              "limits": limits(process.pid), "at": time.monotonic()}
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


@dataclass(frozen=True)
class Entry:
    kind: str  # "file", "dir", "link", "fifo", "other"
    size: int
    mtime_ns: int
    sha256: str  # of a regular file's content, "" otherwise, "large" when not read
    target: str = ""  # a link's target


def _sha256(path: str, size: int) -> str:
    if size > MAX_READ_BYTES:
        return "large"
    digest = hashlib.sha256()
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NOFOLLOW | os.O_NONBLOCK)) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def snapshot(root: Path, skip=lambda relative: False) -> dict[str, Entry]:
    """Every entry below ``root`` by relative path; links are recorded, never followed, and
    only regular files are read. ``skip(relative_path)`` prunes folders and files."""
    root = Path(root)
    entries: dict[str, Entry] = {}
    if not root.exists():
        return entries
    for folder, folders, files in os.walk(root, followlinks=False):
        relative_folder = os.path.relpath(folder, root)
        kept = []
        for name in folders:
            relative = os.path.normpath(os.path.join(relative_folder, name))
            if skip(relative):
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path):
                entries[relative] = Entry("link", 0, 0, "", os.readlink(path))
            else:
                kept.append(name)
        folders[:] = kept
        for name in files:
            relative = os.path.normpath(os.path.join(relative_folder, name))
            if skip(relative):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                entries[relative] = Entry("link", 0, 0, "", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                entries[relative] = Entry("file", info.st_size, info.st_mtime_ns, _sha256(path, info.st_size))
            elif stat.S_ISFIFO(info.st_mode):
                entries[relative] = Entry("fifo", 0, info.st_mtime_ns, "")
            else:
                entries[relative] = Entry("other", 0, info.st_mtime_ns, "")
    return entries


def read_regular(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The content of ``path`` if it is a regular file (not a link, pipe or device), else b""."""
    try:
        info = os.lstat(path)
    except OSError:
        return b""
    if not stat.S_ISREG(info.st_mode):
        return b""
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NOFOLLOW | os.O_NONBLOCK)) as handle:
            return handle.read(limit)
    except OSError:
        return b""


@dataclass
class Changes:
    """What differs between two snapshots: new, changed (content or metadata) and gone paths."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.gone)


def compare(before: dict[str, Entry], after: dict[str, Entry], only=lambda relative: True) -> Changes:
    changes = Changes()
    for path in sorted(set(before) | set(after)):
        if not only(path):
            continue
        if path not in before:
            changes.new.append(path)
        elif path not in after:
            changes.gone.append(path)
        elif before[path] != after[path] and before[path].kind != "dir":
            changes.changed.append(path)
    return changes


class PipeReader(threading.Thread):
    """Drains a pipe into memory (its last ``keep`` bytes) until end of file."""

    def __init__(self, pipe, keep: int = 200_000):
        super().__init__(daemon=True)
        self.pipe = pipe
        self.keep = keep
        self.data = b""

    def run(self) -> None:
        while True:
            try:
                block = self.pipe.read1(65536)
            except (OSError, ValueError):
                return
            if not block:
                return
            self.data = (self.data + block)[-self.keep:]
