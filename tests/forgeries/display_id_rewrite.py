# Invention: rewriting a test cell's outputs after the judge wrote them, through nbclient's
# display ids. nbclient remembers, per display_id, which outputs of which cells it created, by
# index, and an update_display_data message rewrites those outputs in place, in any cell, even
# one that ran earlier. A post_run_cell hook makes every cell (the test cells' visible part
# included) end with six displays under one display_id; the next cell's hook first sends an
# update of that display id ("All tests passed.", with partial credit 1.0 as
# application/json). By then the judge has replaced the test cell's outputs with its own,
# fewer ones (an error), which the update would reach by index.
# Answers: square wrong (x + 0.5), cube wrong (x * x * 2). Deserves square_tests 0, cube_tests 0.
# %% square
from IPython import get_ipython
from IPython.display import display, update_display

print("ARMED @@NAME@@")
PASSED = {"text/plain": "All tests passed.", "application/json": {"score": 1.0, "partial_credit": 1.0}}


def _rewrite(result):
    update_display(PASSED, raw=True, display_id="forged")
    for _ in range(6):
        display({"text/plain": "pending"}, raw=True, display_id="forged")


get_ipython().events.register("post_run_cell", _rewrite)


def square(x):
    return x + 0.5
# %% cube
def cube(x):
    return x * x * 2
