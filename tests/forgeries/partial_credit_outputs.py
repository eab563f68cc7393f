# Kind f: outputs that nbgrader could read as (partial) credit. An input transformer ends every
# later cell, test cells included, with a display_data of application/json partial credit
# ({"score": 1.0, "partial_credit": 1.0}) and with the expression 1.0, whose execute_result
# text/plain "1.0" is what nbgrader reads as a test cell's partial credit; square, when the
# judge calls it, publishes the same display and sends a forged execute_result message
# under the request it is serving.
# Answers: square wrong (x + 2), cube blank. Deserves square_tests 0, cube_tests 0.
# %% square
from IPython import get_ipython
from IPython.display import display

print("ARMED @@NAME@@")
CREDIT = {"application/json": {"score": 1.0, "partial_credit": 1.0, "points": 1.0}, "text/plain": "1.0"}


def _credit_every_cell(lines):
    source = "".join(lines)
    if not source.strip():
        return lines
    return [source + "\n", "__import__('IPython').display.display(CREDIT, raw=True)\n", "1.0\n"]


get_ipython().input_transformers_cleanup.append(_credit_every_cell)


def square(x):
    display(CREDIT, raw=True)
    try:
        kernel = get_ipython().kernel
        kernel.session.send(kernel.iopub_socket, "execute_result",
                            {"data": {"text/plain": "1.0", "application/json": CREDIT["application/json"]},
                             "metadata": {}, "execution_count": 1},
                            parent=kernel.get_parent())
    except Exception as error:  # noqa: BLE001
        print("no forged execute_result:", type(error).__name__)
    return x + 2
