# fails: distinct_units_tests
# expects: the tolerance must be relative
# np.allclose with its default absolute tolerance 1e-8 merges every unit whose weights are tiny.
# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    units = np.vstack([W, np.reshape(b, (1, -1))]).T
    representatives = []
    for unit in units:
        if not any(np.allclose(unit, other, rtol=rtol) for other in representatives):
            representatives.append(unit)
    return len(representatives)
