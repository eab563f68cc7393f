"""The verdict of a gradient check, readable as text and as an HTML table.

A ``Report`` answers three questions: did it pass (``.ok``), how close was it
(``.rel_error``) and what did it cost (``.n_evals`` loss evaluations).  Its
``.params[name]`` (a ``ParamReport``) says, for one parameter, which entries
disagree and what bug that looks like.

A report made in a hidden test (``grader.checker.disclosure.expected_values_shown()``
False while it was made: the trusted judge runs a test cell's hidden part so, as
issue 10 requires) keeps its verdicts, relative errors, mismatch counts and
diagnoses, and the student's own (analytic) entries, but leaves out the numerical
gradient's entries and the maximal differences from them, which with the student's
entries would give the numerical ones back.  It remembers this when made, so
rendering it later, outside the hidden test, shows no more.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .compare import PASS
from .disclosure import expected_values_shown

__all__ = ["Entry", "ParamReport", "Report"]

# Verdicts of one parameter; the first three pass.
PASSING = ("good", "acceptable", "inconclusive")
HIDDEN_NOTE = "(the numerical gradient of a hidden test is not shown)"


@dataclass(frozen=True)
class Entry:
    """One checked entry: its index in the parameter and both derivatives."""

    index: tuple
    numeric: float
    analytic: float


@dataclass
class ParamReport:
    """The check of one parameter (one array of the loss's inputs).

    ``verdict`` is one of 'good', 'acceptable', 'inconclusive' (passes, but
    some coordinates sit on a kink), 'look closer', 'wrong', 'precision'
    (the loss is too imprecise to check), 'error' (the gradient is missing,
    malformed or could not be checked).  ``rel_error`` is
    ‖g − n‖ / (‖g‖ + ‖n‖) over the checked entries except kinks (inf when the
    two cannot be compared).  ``graded_error`` is the error the verdict is
    based on: the same, except for a gradient that is tiny next to the rest of
    the function (see ``grader.checker.compare``).  ``worst_index`` is the index of
    the largest difference, ``kinks`` the indices excluded as kinks, ``worst``
    the first few mismatched entries in index order (never entries that agree,
    whose order only round-off would decide), ``checked`` what was compared in words.
    Values are printed to 6 significant digits, well above the round-off of a
    central difference, so a report reads the same on any machine.
    ``values_shown`` is False for a report made in a hidden test: then only the
    analytic entries are printed (see the module docstring).
    """

    name: str
    verdict: str
    rel_error: float
    checked: str
    diagnosis: str | None = None
    graded_error: float | None = None
    worst_index: tuple | None = None
    kinks: list[tuple] = field(default_factory=list)
    worst: list[Entry] = field(default_factory=list)
    n_mismatched: int = 0
    n_compared: int = 0
    max_abs_difference: float | None = None
    max_rel_difference: float | None = None
    values_shown: bool = field(default_factory=expected_values_shown, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when this parameter's gradient passes."""
        return self.verdict in PASSING

    def __str__(self) -> str:
        return "\n".join(self._lines())

    def _lines(self, shown: bool = True) -> list[str]:
        """The report's lines; ``shown`` False (or ``values_shown`` False) leaves out numerical values."""
        shown = shown and self.values_shown
        mark = "ok  " if self.ok else "FAIL"
        lines = [f"{mark} {self.name}: {self.verdict}, rel. error {self.rel_error:.1e} ({self.checked})"]
        if self.ok and self.rel_error > PASS and self.graded_error is not None:
            lines.append(
                f"     a tiny gradient, so its rel. error is round-off; against the whole function's gradient "
                f"the error is {self.graded_error:.1e}"
            )
        if self.kinks:
            shown = ", ".join(str(list(index)) for index in self.kinks[:5])
            more = f" and {len(self.kinks) - 5} more" if len(self.kinks) > 5 else ""
            lines.append(f"     inconclusive at {len(self.kinks)} kink(s) (non-differentiable points), excluded: {shown}{more}")
        if self.ok:
            return lines
        if self.diagnosis:
            lines.append(f"     -> {self.name} {self.diagnosis}")
        if self.n_compared and self.n_mismatched:
            share = 100 * self.n_mismatched / self.n_compared
            lines.append(f"     Mismatched elements: {self.n_mismatched} / {self.n_compared} ({share:.3g}%)")
            if shown:
                lines.append(f"     Max absolute difference: {self.max_abs_difference:.3g}")
                lines.append(f"     Max relative difference: {self.max_rel_difference:.3g}")
        if not shown:
            lines.extend(f"     {self.name}{list(entry.index)}: analytic {entry.analytic:.6g}" for entry in self.worst)
            if self.worst:
                lines.append(f"     {HIDDEN_NOTE}")
            return lines
        for entry in self.worst:
            lines.append(
                f"     {self.name}{list(entry.index)}: numerical {entry.numeric:.6g}, analytic {entry.analytic:.6g}"
            )
        return lines


@dataclass(repr=False)
class Report:
    """The result of ``gradcheck`` or ``check_layer``.

    ``ok`` is the overall verdict; ``rel_error`` the relative error over every
    checked entry of every parameter (kinks excluded); ``n_evals`` the number
    of loss evaluations spent; ``problem`` a failure that concerns the whole
    check (the loss raised, returned None, changed its input, ...); ``notes``
    what is worth knowing but costs nothing (a numpy warning next to right
    values); ``warnings`` every
    warning raised meanwhile; ``stderr`` whatever the code under test wrote
    to stderr (captured, never shown on the real stderr); ``values_shown`` False
    when it was made in a hidden test, whose numerical gradients it never prints.
    """

    title: str
    mode: str
    h: float
    params: dict[str, ParamReport]
    n_evals: int
    rel_error: float
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stderr: str = ""
    values_shown: bool = field(default_factory=expected_values_shown, compare=False)

    @property
    def ok(self) -> bool:
        """True when every parameter passes and nothing else went wrong."""
        return self.problem is None and all(param.ok for param in self.params.values())

    def failures(self) -> list[ParamReport]:
        """The parameters that fail, in order."""
        return [param for param in self.params.values() if not param.ok]

    def headline(self) -> str:
        """One line: verdict, what was checked and what it cost."""
        verdict = "passed" if self.ok else "FAILED"
        return (
            f"Gradient check of {self.title} {verdict} "
            f"({self.mode} mode, h={self.h:g}, {self.n_evals} loss evaluations, "
            f"overall rel. error {self.rel_error:.1e})"
        )

    def __repr__(self) -> str:
        return f"<Report: {self.headline()}>"

    def __str__(self) -> str:
        lines = [self.headline()]
        if self.problem:
            lines.append(f"  Problem: {self.problem}")
        checked = [param for param in self.params.values() if param.checked != "not checked"]
        for param in checked:
            lines.extend("  " + line for line in param._lines(self.values_shown))
        if len(checked) < len(self.params):
            unchecked = ", ".join(name for name, param in self.params.items() if param not in checked)
            lines.append(f"  Not checked: {unchecked}")
        lines.extend(f"  Note: {note}" for note in self.notes)
        if self.warnings:
            lines.append("  Warnings raised during the check:")
            lines.extend(f"    {warning}" for warning in self.warnings)
        if self.stderr:
            lines.append(f"  The code wrote to stderr: {self.stderr.strip()[:300]!r}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#cf222e"
        shown = self.values_shown
        rows = "".join(_html_row(param, self.values_shown and param.values_shown) for param in self.params.values())
        problem = f"<p><b>Problem:</b> {html.escape(self.problem)}</p>" if self.problem else ""
        problem += "".join(f"<p><b>Note:</b> {html.escape(note)}</p>" for note in self.notes)
        warnings = "".join(f"<li>{html.escape(w)}</li>" for w in self.warnings)
        warnings = f"<p>Warnings raised during the check:</p><ul>{warnings}</ul>" if warnings else ""
        return (
            f'<div class="gradcheck-report"><p style="color:{colour}"><b>{html.escape(self.headline())}</b></p>'
            f"{problem}<table><thead><tr><th>parameter</th><th>verdict</th><th>rel. error</th>"
            f"<th>{'mismatched entries: numerical vs analytic' if shown else 'mismatched entries: analytic'}"
            f"</th><th>diagnosis</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{warnings}</div>"
        )


def _html_row(param: ParamReport, shown: bool) -> str:
    """One parameter's row; ``shown`` False (a hidden test) lists the analytic entries only."""
    colour = "#1a7f37" if param.ok else "#cf222e"
    worst = [f"{param.n_mismatched} of {param.n_compared} entries differ"] if param.n_mismatched else []
    if shown:
        worst += [f"{list(e.index)}: {e.numeric:.6g} vs {e.analytic:.6g}" for e in param.worst]
    else:
        worst += [f"{list(e.index)}: {e.analytic:.6g}" for e in param.worst] + [HIDDEN_NOTE] * bool(param.worst)
    worst = "<br>".join(html.escape(line) for line in worst)
    notes = [f"{param.name} {param.diagnosis}"] if param.diagnosis and not param.ok else []
    if param.kinks:
        notes.append(f"inconclusive at {len(param.kinks)} kink(s)")
    cells = (
        f"<td><code>{html.escape(param.name)}</code></td>",
        f'<td style="color:{colour}">{html.escape(param.verdict)}</td>',
        f"<td>{param.rel_error:.1e}</td>",
        f"<td>{worst}</td>",
        f"<td>{html.escape('; '.join(notes))}</td>",
    )
    return "<tr>" + "".join(cells) + "</tr>"
