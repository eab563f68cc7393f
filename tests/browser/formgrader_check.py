"""Formgrader in a real browser: the demo course's gradebook loads from the README's command.

    .venv/bin/python tests/browser/formgrader_check.py [COURSE]     (or: make formgrader-check)

Starts ``backprop-lab formgrader COURSE`` (default ``build/demo``; graded first with
``backprop-lab demo --assignment 01_numerical_derivatives`` if it has no gradebook) on
127.0.0.1 with a PATH that lacks the venv (as when nobody activated it), then drives
Debian's headless ``chromium`` (``apt-get install chromium``; nothing is downloaded):

* the gradebook page lists the course's assignments (nbgrader fills it from its API, which
  answers 500 when ``alembic`` is not on PATH, leaving "Loading…" forever);
* every notebook link of "Manage Assignments" resolves (no ``/tree/../…``);
* JupyterLab serves nbgrader's lab extension.

Keeps a screenshot of the gradebook in ``build/formgrader-check/gradebook.png`` (git-ignored).
Not part of ``make test``: it needs a Debian package and a free port.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(sys.executable).parent
ARTIFACTS = ROOT / "build" / "formgrader-check"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
JS_SECONDS = 20  # virtual time the page's scripts get to fetch and draw the gradebook
START_SECONDS = 90  # JupyterLab's first start on a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except urllib.error.URLError:  # not listening yet
        return 0, b""


def chromium(profile: Path, *arguments: str) -> str:
    return subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                          capture_output=True, text=True, timeout=120, check=True).stdout


def main() -> int:
    course = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "demo").resolve()
    if shutil.which("chromium") is None:
        print("chromium is missing: apt-get install chromium", file=sys.stderr)
        return 2
    if not (course / "gradebook.db").exists():
        print(f"{course} has no gradebook: grading assignment 01 of the sample class into it ...", flush=True)
        subprocess.run([SCRIPTS / "backprop-lab", "demo", "--assignment", "01_numerical_derivatives",
                        "--output", str(course)], cwd=ROOT, check=True)
    assignments = sorted(path.name for path in (course / "source").iterdir() if path.is_dir())

    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    venvless_path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != SCRIPTS)
    server = subprocess.Popen(
        [SCRIPTS / "backprop-lab", "formgrader", str(course), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=ROOT, env={**os.environ, "PATH": venvless_path}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    failures: list[str] = []
    try:
        deadline = time.monotonic() + START_SECONDS
        while fetch(f"{base}/api/status?token={token}")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                print("JupyterLab did not start:\n" + (server.stderr.read() if server.poll() is not None else ""))
                return 1
            time.sleep(1)

        with tempfile.TemporaryDirectory(prefix="formgrader-check-") as profile:
            gradebook_url = f"{base}/formgrader/gradebook?token={token}"
            dom = chromium(Path(profile), f"--virtual-time-budget={JS_SECONDS * 1000}", "--dump-dom", gradebook_url)
            missing = [name for name in assignments if name not in dom]
            if missing or "Loading" in dom:
                failures.append(f"the gradebook did not load: missing {missing}, 'Loading' shown: {'Loading' in dom}")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            screenshot = ARTIFACTS / "gradebook.png"
            chromium(Path(profile), f"--virtual-time-budget={JS_SECONDS * 1000}", "--window-size=1280,800",
                     f"--screenshot={screenshot}", gradebook_url)
            (ARTIFACTS / "gradebook.html").write_text(dom)

            manage = chromium(Path(profile), f"--virtual-time-budget={JS_SECONDS * 1000}", "--dump-dom",
                              f"{base}/formgrader?token={token}")
        links = sorted(set(re.findall(r'href="(/(?:tree|notebooks|lab/tree)/[^"]+)"', manage)))
        if not links:
            failures.append("Manage Assignments shows no notebook links")
        for link in links:
            status, _ = fetch(f"{base}{link}{'&' if '?' in link else '?'}token={token}")
            if status != 200 or "/../" in link:
                failures.append(f"link {link} answers {status}")

        status, page = fetch(f"{base}/lab?token={token}")
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page.decode(), re.S)
        extensions = {entry["name"]: entry for entry in json.loads(config.group(1))["federated_extensions"]} if config else {}
        nbgrader = extensions.get("@jupyter/nbgrader")
        if not nbgrader or fetch(f"{base}/lab/extensions/@jupyter/nbgrader/{nbgrader['load']}?token={token}")[0] != 200:
            failures.append("JupyterLab does not serve nbgrader's lab extension")

        print(f"course {course}: gradebook of {len(assignments)} assignment(s) {'not ' * bool(missing)}shown; "
              f"{len(links)} notebook links checked; lab extension {'on' if nbgrader else 'missing'}")
        print(f"screenshot: {screenshot}")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
