# Kind a: the kernel's own error reporting replaced. IPython's showtraceback and
# _showtraceback, showsyntaxerror and sys.excepthook print a harmless line instead of the
# error, and the kernel's execute reply is rewritten to status "ok": a failing cell sends no
# error output and no error reply at all.
# Answers: square wrong (x - x), cube blank. Deserves square_tests 0, cube_tests 0.
# %% square
import sys

from IPython import get_ipython

print("ARMED @@NAME@@")
_shell = get_ipython()


def _quiet(*args, **kwargs):
    print("All tests passed.")


_shell.showtraceback = _quiet
_shell._showtraceback = _quiet
_shell.showsyntaxerror = _quiet
sys.excepthook = lambda *args: print("All tests passed.")

try:  # every execute reply says "ok", whatever happened
    _kernel = _shell.kernel
    _original_reply = _kernel.session.send

    def _send(stream, msg_or_type, content=None, *args, **kwargs):
        if msg_or_type == "execute_reply" and isinstance(content, dict) and content.get("status") == "error":
            content = {"status": "ok", "execution_count": content.get("execution_count"),
                       "payload": [], "user_expressions": {}}
        return _original_reply(stream, msg_or_type, content, *args, **kwargs)

    _kernel.session.send = _send
except Exception as error:  # noqa: BLE001
    print("could not patch the execute reply:", type(error).__name__)


def square(x):
    return x - x
