# fails: distinct_units_tests
# expects: a unit is a column of W
# Counts distinct rows of W (the inputs) instead of its columns (the units).
# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    representatives = []
    for row in np.asarray(W):
        if not any(np.linalg.norm(row - other) <= rtol * max(np.linalg.norm(row), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(row)
    return len(representatives)
