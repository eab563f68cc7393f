# fails: tied_unit_groups_tests
# expects: compare b[j] too
# Compares incoming and outgoing weights but not the biases.
# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    units = np.hstack([np.transpose(W_in), W_out])
    representatives = []
    for unit in units:
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)
