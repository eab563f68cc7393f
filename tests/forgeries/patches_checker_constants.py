# Kind c: the grader's checker, as the kernel can import it, loosened: every float constant of
# every grader.checker module becomes 1e300 (PASS = 1e300, GOOD, BUG, ...), rel_error and
# compare-like functions always report agreement, and every grader module in sys.modules gets
# the same treatment (including grader.in_kernel.wire's limits).
# Answers: square wrong (x ** 3), cube wrong (x ** 2). Deserves square_tests 0, cube_tests 0.
# %% square
import importlib
import pkgutil
import sys

print("ARMED @@NAME@@")
_changed = []
try:
    import grader.checker

    for _info in pkgutil.iter_modules(grader.checker.__path__):
        try:
            importlib.import_module(f"grader.checker.{_info.name}")
        except Exception as error:  # noqa: BLE001
            print("cannot import", _info.name, type(error).__name__)
except Exception as error:  # noqa: BLE001
    print("no grader.checker in the kernel:", type(error).__name__)

for _name, _module in list(sys.modules.items()):
    if not _name.startswith("grader") or _module is None:
        continue
    for _attribute, _value in list(vars(_module).items()):
        if isinstance(_value, float) and not isinstance(_value, bool):
            setattr(_module, _attribute, 1e300)
            _changed.append(f"{_name}.{_attribute}")
        elif callable(_value) and _attribute in ("rel_error", "compare", "tier", "expect_close", "check"):
            setattr(_module, _attribute, lambda *args, **kwargs: 0.0)
            _changed.append(f"{_name}.{_attribute}()")
print(len(_changed), "grader names loosened")


def square(x):
    return x ** 3
# %% cube
def cube(x):
    return x ** 2
