"""Speed and sensitivity of the reference gradient checker (a report, not a test).

On a two-layer tanh/softmax network with 10,000 parameters it prints, all
measured in this run:

(a) full-mode check time ÷ the time of the same 2N bare loss evaluations,
    the physical floor of any elementwise check (goal ≤ 1.05; for context, a
    plain CS231n-style Python loop measures ≈ 1.05 and torch.autograd.gradcheck
    ≈ 1.07 on such a net);
(b) full-mode time ÷ fast-mode time (goal ≥ 100; torch's fast mode is ~700×
    cheaper than its slow mode, but on this net it missed a single wrong
    gradient entry in 5 of 5 seeds even when that entry was off by max|g|);
(c) how often fast mode catches a single gradient entry off by 1e-3·max|g|
    (and by max|g|), over 20 seeds (goal: every time).

Times are CPU times of this process (``time.process_time``) with one BLAS
thread, so that other load on the machine does not distort the ratios.

Run:  python benchmarks/checker_speed.py
"""

from __future__ import annotations

import os

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")  # before numpy loads its BLAS

import time  # noqa: E402

import numpy as np  # noqa: E402

import grader  # noqa: E402

INPUTS, HIDDEN, CLASSES, BATCH = 100, 90, 10, 64  # 100·90 + 90 + 90·10 + 10 = 10,000 parameters
REPEATS = 5  # interleaved rounds; the minimum of each is reported
SEEDS = 20


def make_problem(seed: int = 0):
    """A two-layer tanh/softmax net: (loss(params) -> float, params, grads)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((BATCH, INPUTS))
    y = rng.integers(CLASSES, size=BATCH)
    params = {
        "W1": rng.standard_normal((INPUTS, HIDDEN)) / np.sqrt(INPUTS),
        "b1": 0.1 * rng.standard_normal(HIDDEN),
        "W2": rng.standard_normal((HIDDEN, CLASSES)) / np.sqrt(HIDDEN),
        "b2": 0.1 * rng.standard_normal(CLASSES),
    }
    rows = np.arange(BATCH)

    def loss(p):
        hidden = np.tanh(X @ p["W1"] + p["b1"])
        scores = hidden @ p["W2"] + p["b2"]
        scores = scores - scores.max(axis=1, keepdims=True)
        log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return float(-log_probs[rows, y].mean())

    hidden = np.tanh(X @ params["W1"] + params["b1"])
    scores = hidden @ params["W2"] + params["b2"]
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[rows, y] -= 1
    dscores /= BATCH
    dhidden = dscores @ params["W2"].T * (1 - hidden**2)
    grads = {
        "W1": X.T @ dhidden,
        "b1": dhidden.sum(axis=0),
        "W2": hidden.T @ dscores,
        "b2": dscores.sum(axis=0),
    }
    return loss, params, grads


def best_time(run, repeats: int = 1) -> float:
    """The smallest CPU time of ``repeats`` runs, in seconds (the least disturbed)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def bare_evaluations(loss, params, count: int) -> None:
    for _ in range(count):
        loss(params)


def plain_loop(loss, params) -> dict:
    """CS231n's eval_numerical_gradient, applied to every parameter: the usual baseline."""
    numeric = {}
    for name, x in params.items():
        gradient = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
        while not it.finished:
            i = it.multi_index
            old = x[i]
            x[i] = old + 1e-5
            plus = loss(params)
            x[i] = old - 1e-5
            minus = loss(params)
            x[i] = old
            gradient[i] = (plus - minus) / 2e-5
            it.iternext()
        numeric[name] = gradient
    return numeric


def main() -> None:
    loss, params, grads = make_problem()
    size = sum(p.size for p in params.values())
    full_report = grader.gradcheck(loss, params, grads, mode="full")
    fast_report = grader.gradcheck(loss, params, grads, mode="fast")
    assert full_report.ok and fast_report.ok, (str(full_report), str(fast_report))

    floor_times, full_times, plain_times = [], [], []
    for _ in range(REPEATS):  # interleaved, so slow phases of the machine hit all alike
        floor_times.append(best_time(lambda: bare_evaluations(loss, params, 2 * size)))
        full_times.append(best_time(lambda: grader.gradcheck(loss, params, grads, mode="full")))
        plain_times.append(best_time(lambda: plain_loop(loss, params)))
    floor, full, plain = min(floor_times), min(full_times), min(plain_times)
    fast = best_time(lambda: grader.gradcheck(loss, params, grads, mode="fast"), repeats=10)

    print(f"Two-layer tanh/softmax net, {size} parameters, batch {BATCH}")
    print(f"  full check: {full_report.n_evals} loss evaluations, {full:.3f} s; "
          f"fast check: {fast_report.n_evals} evaluations, {1e3 * fast:.2f} ms")
    print(f"(a) full check ÷ {2 * size} bare loss evaluations ({floor:.3f} s): {full / floor:.3f}   (goal ≤ 1.05)")
    print(f"    for comparison, a plain CS231n-style loop (no verdict, no kinks): {plain / floor:.3f}")
    print("    (ratios vary by a few per cent from run to run on a busy machine)")
    print(f"(b) full check ÷ fast check: {full / fast:.0f}×   (goal ≥ 100)")

    for factor in (1e-3, 1.0):
        caught = sum(not single_entry_check(loss, params, grads, seed, factor).ok for seed in range(SEEDS))
        print(f"(c) fast mode caught a single entry off by {factor:g}·max|g| in {caught} of {SEEDS} seeds   (goal: all)")


def single_entry_check(loss, params, grads, seed: int, factor: float):
    """Fast-mode check after moving one seeded entry of one seeded parameter by factor·max|g|."""
    rng = np.random.default_rng(seed)
    name = list(grads)[rng.integers(len(grads))]
    wrong = {key: value.copy() for key, value in grads.items()}
    entry = rng.integers(wrong[name].size)
    wrong[name].flat[entry] += rng.choice([-1, 1]) * factor * np.max(np.abs(grads[name]))
    return grader.gradcheck(loss, params, wrong, mode="fast", seed=seed)


if __name__ == "__main__":
    main()
