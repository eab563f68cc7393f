# fails:
# Not a bug: the solution keeps one representative per group in a loop. Here distinct_units builds
# the matrix of pairwise distances at once and counts the units that match no earlier unit (the
# groups are well separated, so "first of its group" and "new representative" agree), and
# tied_unit_groups reuses distinct_units on the incoming weights stacked with the outgoing ones.
# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    U = np.concatenate([np.asarray(W, dtype=float), np.asarray(b, dtype=float)[None, :]], axis=0).T
    distances = np.linalg.norm(U[:, None, :] - U[None, :, :], axis=-1)
    sizes = np.linalg.norm(U, axis=1)
    same = distances <= rtol * np.maximum(sizes[:, None], sizes[None, :])
    earlier_match = np.tril(same, k=-1).any(axis=1)
    return int(np.sum(~earlier_match))
# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    return distinct_units(np.vstack([W_in, np.transpose(W_out)]), b, rtol)
