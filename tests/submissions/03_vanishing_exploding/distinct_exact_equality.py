# fails: distinct_units_tests
# expects: round-off
# np.unique on the columns: exact equality, so units equal up to round-off count as different.
# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    units = np.vstack([W, np.reshape(b, (1, -1))])
    return np.unique(units, axis=1).shape[1]
