# fails: sigmoid_neuron_tests
# expects: the sigmoid's output, not its input
# σ'(t) = (1 - σ)σ evaluated with the input t = dot instead of the output f.
# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    """A sigmoid neuron f = σ(w[0]·x[0] + … + w[D-1]·x[D-1] + w[D]) and its gradient.

    w: (D+1,) weights, the bias last.  x: (D,) inputs.
    Returns (f, dw, dx): f a float, dw = ∂f/∂w of shape (D+1,), dx = ∂f/∂x of shape (D,).
    """
    dot = np.dot(w[:-1], x) + w[-1]
    f = 1.0 / (1.0 + np.exp(-dot))
    ddot = (1.0 - dot) * dot
    dw = np.append(x, 1.0) * ddot
    dx = w[:-1] * ddot
    return float(f), dw, dx
