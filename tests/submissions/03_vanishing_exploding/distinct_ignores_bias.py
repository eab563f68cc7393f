# fails: distinct_units_tests
# expects: different bias
# Compares the incoming weights only: units that differ only in their bias are counted as one.
# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    representatives = []
    for unit in np.transpose(W):
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)
