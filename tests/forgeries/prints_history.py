# Kind e: looks for the hidden tests in the kernel's own memory of what it ran.
# From the answer cell on, every cell the kernel runs (silent ones included: an input
# transformer and a wrapper around the kernel's execute_request handler record its code) is
# logged. square prints IPython's In, _ih, Out and the history manager's record whenever the
# judge calls it; a scratch cell at the end prints all of it again, with %history -g (every
# session in the history database) and the history database itself.
# square answers the visible test's input with its (public) expected values, so that the judge
# goes on to the hidden tests.
# Answers: square wrong (x + x), cube wrong (x * x). Deserves square_tests 0, cube_tests 0.
# %% square
import numpy as np
from IPython import get_ipython

print("ARMED @@NAME@@")
_shell = get_ipython()
LOGGED = []


def _log(lines):
    LOGGED.append("".join(lines))
    return lines


_shell.input_transformers_cleanup.insert(0, _log)
try:
    _handlers = _shell.kernel.shell_handlers
    _original_execute = _handlers["execute_request"]

    def _logged_execute(*args, **kwargs):
        try:
            LOGGED.append("execute_request: " + str(args[-1]["content"]["code"]))
        except Exception:  # noqa: BLE001
            pass
        return _original_execute(*args, **kwargs)

    _handlers["execute_request"] = _logged_execute
except Exception as error:  # noqa: BLE001
    print("cannot wrap execute_request:", type(error).__name__)


def dump_history():
    shell = get_ipython()
    print("In:", list(shell.user_ns.get("In", [])))
    print("_ih:", list(shell.user_ns.get("_ih", [])))
    print("Out:", dict(shell.user_ns.get("Out", {})))
    try:
        print("history:", list(shell.history_manager.get_range(raw=True, output=True)))
        print("raw:", list(shell.history_manager.input_hist_raw))
    except Exception as error:  # noqa: BLE001
        print("no history manager:", type(error).__name__)
    print("logged:", LOGGED)


def square(x):
    dump_history()
    if np.shape(x) == (3,) and np.array_equal(x, np.arange(3.0)):
        return np.array([0.0, 1.0, 4.0])
    return x + x
# %% cube
def cube(x):
    return x * x
# %% insert after cube_tests
dump_history()
get_ipython().run_line_magic("history", "-g -n -o")
import glob
import sqlite3

for database in glob.glob("/tmp/**/history.sqlite", recursive=True):
    with sqlite3.connect(database) as connection:
        for row in connection.execute("SELECT session, line, source_raw FROM history"):
            print("database:", row)
