# Bruno writes the layers with explicit loops over the batch and his own names, batch
# normalization too (its statistics and every path of dx accumulated example by example).
# All correct.
# based on: ../ada_perfect/02_backprop.py

# %% matmul_backward
def matmul_backward(dD, W, X):
    """dW[m, k] = Σ_n dD[m, n] X[k, n];  dX[k, n] = Σ_m W[m, k] dD[m, n]."""
    rows, inner = W.shape
    columns = X.shape[1]
    grad_W, grad_X = np.zeros(W.shape), np.zeros(X.shape)
    for m in range(rows):
        for k in range(inner):
            for n in range(columns):
                grad_W[m, k] += dD[m, n] * X[k, n]
                grad_X[k, n] += W[m, k] * dD[m, n]
    return grad_W, grad_X

# %% affine_layer
def affine_forward(x, w, b):
    batch = []
    for row in x:
        batch.append(row @ w + b)
    return np.array(batch), (x, w)


def affine_backward(dout, cache):
    inputs, weights = cache
    grad_inputs = np.zeros(inputs.shape)
    grad_weights = np.zeros(weights.shape)
    grad_bias = np.zeros(weights.shape[1])
    for example in range(inputs.shape[0]):
        grad_inputs[example] = weights @ dout[example]
        grad_weights += np.outer(inputs[example], dout[example])
        grad_bias += dout[example]
    return grad_inputs, grad_weights, grad_bias

# %% relu_layer
def relu_forward(x):
    out = x.copy()
    for index in np.ndindex(x.shape):
        if out[index] < 0:
            out[index] = 0.0
    return out, x


def relu_backward(dout, cache):
    grad = np.zeros(dout.shape)
    for index in np.ndindex(dout.shape):
        if cache[index] > 0:
            grad[index] = dout[index]
    return grad

# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    batch_size = scores.shape[0]
    probabilities = np.zeros(scores.shape)
    total = 0.0
    for example in range(batch_size):
        row = scores[example] - np.max(scores[example])
        exponentials = np.exp(row)
        probabilities[example] = exponentials / np.sum(exponentials)
        total += np.log(np.sum(exponentials)) - row[y[example]]
    return total / batch_size, (probabilities, y)


def softmax_cross_entropy_backward(dloss, cache):
    probabilities, labels = cache
    grad = probabilities.copy()
    for example, label in enumerate(labels):
        grad[example, label] -= 1.0
    return grad * dloss / len(labels)

# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    batch_size = x.shape[0]
    average = np.zeros(x.shape[1])
    for example in x:
        average += example / batch_size
    spread = np.zeros(x.shape[1])
    for example in x:
        spread += (example - average) ** 2 / batch_size
    scale = 1.0 / np.sqrt(spread + eps)
    normalized = np.array([(example - average) * scale for example in x])
    return np.array([gamma * row + beta for row in normalized]), (x, average, scale, normalized, gamma)


def batchnorm_backward(dout, cache):
    inputs, average, scale, normalized, gamma = cache
    batch_size = inputs.shape[0]
    grad_gamma, grad_beta = np.zeros(gamma.shape), np.zeros(gamma.shape)
    grad_spread, grad_average = np.zeros(gamma.shape), np.zeros(gamma.shape)
    for example in range(batch_size):
        grad_gamma += dout[example] * normalized[example]
        grad_beta += dout[example]
        grad_normalized = dout[example] * gamma
        grad_spread += grad_normalized * (inputs[example] - average) * -0.5 * scale ** 3
        grad_average -= grad_normalized * scale
    grad_inputs = np.zeros(inputs.shape)
    for example in range(batch_size):
        grad_inputs[example] = (dout[example] * gamma * scale
                                + grad_spread * 2.0 * (inputs[example] - average) / batch_size
                                + grad_average / batch_size)
    return grad_inputs, grad_gamma, grad_beta
