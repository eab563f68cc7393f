"""The report reads well as text and as an HTML table."""

import numpy as np

import grader
from checker_layers import affine_backward, affine_forward, affine_inputs, relu_backward, relu_forward, with_wrong


def failing_report():
    return grader.check_layer(affine_forward, with_wrong(affine_backward, 1, lambda dw: 2 * dw), affine_inputs())


def test_passing_report_fields_and_text():
    report = grader.check_layer(affine_forward, affine_backward, affine_inputs())
    assert report.ok and report.problem is None and report.warnings == []
    param = report.params["w"]
    assert param.diagnosis is None and param.kinks == []
    assert isinstance(param.worst_index, tuple) and len(param.worst_index) == 2
    text = str(report)
    assert text.startswith("Gradient check of affine passed (full mode, h=1e-05, 77 loss evaluations")
    assert "ok   w: good" in text


def test_failing_report_names_the_parameter_the_bug_and_the_entries():
    text = str(failing_report())
    assert "FAILED" in text
    assert "FAIL w: wrong" in text
    assert "w is scaled by 2" in text
    assert "numerical" in text and "analytic" in text


def test_html_table_has_a_row_per_parameter():
    html = failing_report()._repr_html_()
    assert html.count("<tr>") == 1 + 3
    for cell in ("<th>verdict</th>", "<th>rel. error</th>", "numerical vs analytic", "<th>diagnosis</th>"):
        assert cell in html
    assert "is scaled by 2" in html and ">wrong<" in html


def test_html_escapes_names_and_messages():
    report = grader.gradcheck(lambda p: float(np.sum(p["<w>"])), {"<w>": np.ones(2)}, {"<w>": "<b>"})
    html = report._repr_html_()
    assert "<w>" not in html and "&lt;w&gt;" in html


def test_kinks_appear_in_text_html_and_fields():
    x = np.array([[3e-6, 1.0, -1.0]])
    report = grader.check_layer(relu_forward, relu_backward, x)
    assert report.ok
    assert report.params["x"].kinks == [(0, 0)]
    assert "inconclusive at 1 kink(s)" in str(report)
    assert "inconclusive at 1 kink(s)" in report._repr_html_()


def test_repr_is_one_line():
    assert repr(failing_report()).count("\n") == 0
