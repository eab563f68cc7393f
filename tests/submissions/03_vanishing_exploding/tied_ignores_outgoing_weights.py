# fails: tied_unit_groups_tests
# expects: outgoing weights (rows of W_out)
# Compares incoming weights and bias only (the count distinct_units gives), forgetting that units with
# different outgoing weights receive different gradients.
# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    units = np.vstack([W_in, np.reshape(b, (1, -1))]).T
    representatives = []
    for unit in units:
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)
