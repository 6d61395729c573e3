"""Checks of Lab 4, *Backpropagation by hand* (labs/src/lab04_backprop.md).

Book chapter: *Artificial neural networks* (book/nn/), pages book/nn/neuron.md and
book/nn/backprop.md, and *Optimisation* (book/optim/finite_differences.md). The answer key is
:mod:`mirlab.nn` (activations, :class:`~mirlab.nn.Dense`, the softmax cross-entropy and
:func:`~mirlab.nn.numerical_gradient`), wrapped here to the signatures of the exercises. Each
exercise lists known-wrong variants so a student whose output matches one gets a specific hint.
"""

from __future__ import annotations

import numpy as np

from .. import nn
from .compare import allclose
from .core import Case, Exercise, Lab


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ---- 4.1 sigmoid -------------------------------------------------------------------------


def _sigmoid_cases():
    return [
        Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), label="x = [-2, -0.5, 0, 0.5, 2]"),
        Case((_rng(41).normal(scale=3.0, size=(4, 5)),), label="a 4 x 5 batch of pre-activations"),
        Case((np.array([-30.0, -12.0, 12.0, 30.0]),), label="large |x|", hidden=True),
        Case((_rng(42).normal(size=(2, 3, 4)),), label="a 3-D array", hidden=True),
    ]


SIGMOID = Exercise(
    name="lab04.sigmoid",
    title="the logistic sigmoid 1 / (1 + exp(-x))",
    reference=nn.sigmoid,
    cases=_sigmoid_cases,
    compare=allclose(rtol=1e-7, atol=1e-12),
    wrong_answers=[
        (lambda x: np.exp(-x) / (1.0 + np.exp(-x)),
         "your values are sigmoid(-x) = 1 - sigmoid(x): check the sign of the exponent, "
         "sigma(x) = 1 / (1 + exp(-x)) is close to 1 for large positive x"),
        (np.tanh, "that is tanh, with values in (-1, 1); the sigmoid 1 / (1 + exp(-x)) has values in (0, 1)"),
        (lambda x: 1.0 / (1.0 + np.exp(-np.abs(x))),
         "negative inputs must give values below 0.5: do not take the absolute value of x"),
    ],
)


# ---- 4.2 sigmoid_grad --------------------------------------------------------------------


def _sigmoid_grad_cases():
    return [
        Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), label="h = [-2, -0.5, 0, 0.5, 2]"),
        Case((_rng(43).normal(scale=2.0, size=(3, 4)),), label="a 3 x 4 batch of pre-activations"),
        Case((np.array([-20.0, 8.0, 20.0]),), label="saturated sigmoid (large |h|)", hidden=True),
        Case((_rng(44).normal(size=(2, 2, 5)),), label="a 3-D array", hidden=True),
    ]


SIGMOID_GRAD = Exercise(
    name="lab04.sigmoid_grad",
    title="derivative of the sigmoid at the pre-activation",
    reference=nn.sigmoid_grad,
    cases=_sigmoid_grad_cases,
    compare=allclose(rtol=1e-7, atol=1e-12),
    wrong_answers=[
        (lambda x: x * (1.0 - x),
         "you applied s (1 - s) to the input itself: sigmoid_grad receives the pre-activation h, "
         "so compute s = sigmoid(h) first, then s * (1 - s)"),
        (nn.sigmoid, "that is the sigmoid itself; its derivative is sigmoid(h) * (1 - sigmoid(h))"),
        (nn.tanh_grad, "that is the derivative of tanh (1 - tanh^2); the sigmoid's is sigmoid(h) * (1 - sigmoid(h))"),
    ],
)


# ---- 4.3 relu_grad -----------------------------------------------------------------------


def _relu_grad_cases():
    return [
        Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), label="h = [-2, -0.5, 0, 0.5, 2] (note the 0)"),
        Case((np.round(_rng(45).normal(size=(4, 6)), 1),), label="a 4 x 6 batch"),
        Case((np.array([[0.0, 0.0], [1e-9, -1e-9]]),), label="zeros and tiny values", hidden=True),
        Case((_rng(46).normal(size=(2, 3, 3)),), label="a 3-D array", hidden=True),
    ]


RELU_GRAD = Exercise(
    name="lab04.relu_grad",
    title="derivative of the ReLU",
    reference=nn.relu_grad,
    cases=_relu_grad_cases,
    compare=allclose(rtol=0, atol=0),
    wrong_answers=[
        (lambda x: np.maximum(x, 0.0),
         "that is the ReLU itself; its derivative is 1 where h > 0 and 0 elsewhere"),
        (lambda x: (x >= 0).astype(float),
         "at h = 0 the ReLU has no derivative; use the convention relu'(0) = 0 (as PyTorch does): "
         "test h > 0, not h >= 0"),
        (np.sign, "negative inputs have derivative 0, not -1: the ReLU is flat for h < 0"),
        (lambda x: x > 0, "convert the True/False mask to numbers, e.g. (h > 0).astype(float)"),
    ],
)


# ---- 4.4 numerical_gradient --------------------------------------------------------------


def _numgrad_reference(f, x, h=1e-5):
    return nn.numerical_gradient(f, np.array(x, dtype=np.float64), h=h)


def _cubes(v):
    return float(np.sum(v**3))


_A = np.array([[2.0, -1.0, 0.5], [0.0, 1.0, 3.0]])


def _sin_weighted(v):
    return float(np.sum(np.sin(v) * np.arange(1.0, 1.0 + v.size).reshape(v.shape)))


def _logsumexp(v):
    m = np.max(v)
    return float(m + np.log(np.sum(np.exp(v - m))))


def _quadratic(v):
    return float(v @ (_A.T @ _A) @ v + v.sum())


def _numgrad_cases():
    return [
        Case((_cubes, np.array([1.0, -2.0, 0.5])), {"h": 1e-3},
             label="f(x) = sum(x**3) at x = [1, -2, 0.5], h = 1e-3"),
        Case((_sin_weighted, _rng(47).normal(size=(2, 3))), {"h": 1e-4},
             label="f(x) = sum(k * sin(x_k)) on a 2 x 3 array, h = 1e-4"),
        Case((_logsumexp, _rng(48).normal(size=6)), {"h": 1e-5}, label="log-sum-exp, h = 1e-5", hidden=True),
        Case((_quadratic, np.array([0.3, -1.2, 2.0])), {"h": 1e-2}, label="a quadratic form, h = 1e-2", hidden=True),
    ]


def _numgrad_forward(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad


def _numgrad_no_two(f, x, h=1e-5):
    return 2.0 * _numgrad_reference(f, x, h=h)


def _numgrad_all_at_once(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    return np.full_like(x, (f(x + h) - f(x - h)) / (2.0 * h))


NUMERICAL_GRADIENT = Exercise(
    name="lab04.numerical_gradient",
    title="gradient by central differences",
    reference=_numgrad_reference,
    cases=_numgrad_cases,
    compare=allclose(rtol=1e-6, atol=1e-8),
    wrong_answers=[
        (_numgrad_forward,
         "these are forward differences (f(x + h) - f(x)) / h, with an error in O(h); use central "
         "differences (f(x + h e_i) - f(x - h e_i)) / (2h), whose error is in O(h^2)"),
        (_numgrad_no_two,
         "your values are twice the expected ones: the two evaluations are 2h apart, divide by 2h, not h"),
        (_numgrad_all_at_once,
         "you moved every entry of x at once; perturb one entry x_i at a time (and put it back before "
         "the next one)"),
    ],
)


# ---- 4.5 dense_forward -------------------------------------------------------------------


def _dense(W, b=None):
    W = np.asarray(W, dtype=np.float64)
    layer = nn.Dense(W.shape[1], W.shape[0])
    layer.params["W"][...] = W
    if b is not None:
        layer.params["b"][...] = b
    return layer


def _dense_forward_reference(x, W, b):
    return _dense(W, b).forward(x)


def _dense_forward_cases():
    r = _rng(49)
    return [
        Case((r.normal(size=(4, 3)), r.normal(size=(3, 3)), r.normal(size=3)),
             label="batch of 4, n_in = 3, n_out = 3"),
        Case((r.normal(size=(5, 4)), r.normal(size=(2, 4)), r.normal(size=2)),
             label="batch of 5, n_in = 4, n_out = 2"),
        Case((r.normal(size=(1, 6)), r.normal(size=(6, 6)), r.normal(size=6)), label="a single example", hidden=True),
        Case((r.normal(size=(32, 10)), r.normal(size=(5, 10)), r.normal(size=5)),
             label="batch of 32, n_in = 10, n_out = 5", hidden=True),
    ]


DENSE_FORWARD = Exercise(
    name="lab04.dense_forward",
    title="forward pass of a dense layer, x W^T + b",
    reference=_dense_forward_reference,
    cases=_dense_forward_cases,
    compare=allclose(rtol=1e-9, atol=1e-12),
    wrong_answers=[
        (lambda x, W, b: x @ W.T, "you forgot the bias: add b to every row"),
        (lambda x, W, b: x @ W + b,
         "W has shape (n_out, n_in), one row per neuron: with one example per row of x, compute x @ W.T + b"),
        (lambda x, W, b: x @ W.T - b, "add the bias b, do not subtract it"),
        (lambda x, W, b: np.maximum(x @ W.T + b, 0.0),
         "dense_forward is only the affine part x W^T + b: the activation is a separate layer"),
    ],
)


# ---- 4.6 dense_backward ------------------------------------------------------------------


def _dense_backward_reference(grad_out, x, W):
    layer = _dense(W)
    layer.forward(x)
    dx = layer.backward(grad_out)
    return dx, layer.grads["W"].copy(), layer.grads["b"].copy()


def _dense_backward_cases():
    r = _rng(50)
    return [
        Case((r.normal(size=(4, 3)), r.normal(size=(4, 3)), r.normal(size=(3, 3))),
             label="batch of 4, n_in = 3, n_out = 3"),
        Case((r.normal(size=(5, 2)), r.normal(size=(5, 4)), r.normal(size=(2, 4))),
             label="batch of 5, n_in = 4, n_out = 2"),
        Case((r.normal(size=(1, 3)), r.normal(size=(1, 7)), r.normal(size=(3, 7))), label="a single example", hidden=True),
        Case((r.normal(size=(16, 6)), r.normal(size=(16, 9)), r.normal(size=(6, 9))),
             label="batch of 16, n_in = 9, n_out = 6", hidden=True),
    ]


def _db_mean(grad_out, x, W):
    return grad_out @ W, grad_out.T @ x, grad_out.mean(axis=0)


DENSE_BACKWARD = Exercise(
    name="lab04.dense_backward",
    title="backward pass of a dense layer: (dL/dx, dL/dW, dL/db)",
    reference=_dense_backward_reference,
    cases=_dense_backward_cases,
    compare=allclose(rtol=1e-9, atol=1e-12),
    wrong_answers=[
        (lambda g, x, W: (g @ W.T, g.T @ x, g.sum(axis=0)),
         "dx must be grad_out @ W (shape (batch, n_in)): going back through the layer multiplies by W, not W^T"),
        (lambda g, x, W: (g @ W, x.T @ g, g.sum(axis=0)),
         "dW must have the shape of W, (n_out, n_in): dW = grad_out.T @ x (row i belongs to neuron i)"),
        (_db_mean,
         "db sums grad_out over the batch (axis 0), it does not average it: the 1/batch of a mean loss "
         "is already inside grad_out"),
        (lambda g, x, W: (g @ W, g.T @ x / x.shape[0], g.sum(axis=0)),
         "do not divide dW by the batch size: the 1/batch of a mean loss is already inside grad_out"),
        (lambda g, x, W: (g @ W, g.T @ x, g.sum(axis=1)),
         "db has one entry per neuron (shape (n_out,)): sum grad_out over the batch, axis=0"),
    ],
)


# ---- 4.7 softmax -------------------------------------------------------------------------


def _softmax_reference(z):
    return nn.softmax(z, axis=1)


def _softmax_cases():
    r = _rng(51)
    return [
        Case((np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),), label="[[1, 2, 3], [0, 0, 0]]"),
        Case((np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]]),), label="large logits (1000, 1001, 1002)"),
        Case((r.normal(scale=4.0, size=(5, 10)),), label="a 5 x 10 batch", hidden=True),
        Case((np.array([[-1000.0, -1000.0], [700.0, -700.0]]),), label="very negative logits", hidden=True),
    ]


def _softmax_naive(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_axis0(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _softmax_global(z):
    e = np.exp(z - z.max())
    return e / e.sum()


SOFTMAX = Exercise(
    name="lab04.softmax",
    title="numerically stable softmax of each row",
    reference=_softmax_reference,
    cases=_softmax_cases,
    compare=allclose(rtol=1e-7, atol=1e-12),
    wrong_answers=[
        (_softmax_naive,
         "exp overflows for large logits (exp(1000) = inf, and inf / inf = NaN): subtract each row's "
         "maximum before exp, it does not change the result"),
        (_softmax_axis0,
         "you normalised the columns: each row (one example) must sum to 1, use axis=1"),
        (_softmax_global,
         "you normalised over the whole batch: each row (one example) must sum to 1 on its own, "
         "use axis=1 and keepdims=True"),
    ],
)


# ---- 4.8 softmax_cross_entropy_grad ------------------------------------------------------


def _sce_grad_reference(logits, targets):
    return nn.softmax_cross_entropy(logits, targets)[1]


def _sce_cases():
    r = _rng(52)
    return [
        Case((np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.0, 1.0, 1.0], [0.0, -1.0, 3.0]]),
              np.array([0, 2, 1, 2])), label="4 examples, 3 classes"),
        Case((r.normal(scale=3.0, size=(2, 5)) + 1000.0, np.array([4, 0])), label="large logits, 5 classes"),
        Case((r.normal(size=(1, 10)), np.array([7])), label="a single example", hidden=True),
        Case((r.normal(scale=2.0, size=(16, 4)), r.integers(0, 4, size=16)), label="16 examples, 4 classes",
             hidden=True),
    ]


def _stable_softmax(z):
    return nn.softmax(z, axis=1)


def _onehot(logits, targets):
    return nn.one_hot(targets, logits.shape[1])


SOFTMAX_CE_GRAD = Exercise(
    name="lab04.softmax_cross_entropy_grad",
    title="gradient of the mean softmax cross-entropy w.r.t. the logits",
    reference=_sce_grad_reference,
    cases=_sce_cases,
    compare=allclose(rtol=1e-7, atol=1e-12),
    wrong_answers=[
        (lambda z, t: _stable_softmax(z) - _onehot(z, t),
         "the loss is the mean over the batch, so its gradient is (softmax(z) - T) / batch: "
         "divide by the number of examples"),
        (lambda z, t: (_onehot(z, t) - _stable_softmax(z)) / z.shape[0],
         "the gradient of the loss (which we minimise) is (softmax(z) - T) / batch, not (T - softmax(z)) / batch"),
        (lambda z, t: (nn.sigmoid(z) - _onehot(z, t)) / z.shape[0],
         "a single-label classifier uses the softmax of each row, not a sigmoid of each logit"),
        (lambda z, t: _stable_softmax(z) / z.shape[0],
         "subtract the one-hot targets: dL/dz = (softmax(z) - T) / batch, with T[n, targets[n]] = 1"),
    ],
)


# ---- 4.9 backprop_two_layer --------------------------------------------------------------


def _two_layer_model(W1, b1, W2, b2):
    model = nn.Sequential(_dense(W1, b1), nn.Activation("relu"), _dense(W2, b2))
    return model


def _backprop_reference(X, targets, W1, b1, W2, b2):
    model = _two_layer_model(W1, b1, W2, b2)
    _, grad = nn.softmax_cross_entropy(model.forward(X), targets)
    model.backward(grad)
    g = model.grads()
    return g["0.W"].copy(), g["0.b"].copy(), g["2.W"].copy(), g["2.b"].copy()


def _backprop_variant(X, targets, W1, b1, W2, b2, *, relu_prime=True, mean=True, use_h1=False):
    H1 = X @ W1.T + b1
    X1 = np.maximum(H1, 0.0)
    Z = X1 @ W2.T + b2
    dZ = nn.softmax(Z, axis=1) - nn.one_hot(targets, Z.shape[1])
    if mean:
        dZ = dZ / X.shape[0]
    dW2 = dZ.T @ (H1 if use_h1 else X1)
    db2 = dZ.sum(axis=0)
    dX1 = dZ @ W2
    dH1 = dX1 * (H1 > 0) if relu_prime else dX1
    return dH1.T @ X, dH1.sum(axis=0), dW2, db2


def _backprop_cases():
    r = _rng(53)

    def case(batch, n_in, n_hidden, n_classes, label, hidden=False):
        return Case((r.normal(size=(batch, n_in)), r.integers(0, n_classes, size=batch),
                     r.normal(size=(n_hidden, n_in)), r.normal(scale=0.5, size=n_hidden),
                     r.normal(size=(n_classes, n_hidden)), r.normal(scale=0.5, size=n_classes)),
                    label=label, hidden=hidden)

    return [
        case(6, 3, 4, 3, "6 examples, 3 inputs, 4 hidden units, 3 classes"),
        case(10, 2, 8, 3, "10 examples, 2 inputs, 8 hidden units, 3 classes"),
        case(1, 5, 3, 2, "a single example", hidden=True),
        case(32, 8, 16, 5, "32 examples, 8 inputs, 16 hidden units, 5 classes", hidden=True),
    ]


BACKPROP_TWO_LAYER = Exercise(
    name="lab04.backprop_two_layer",
    title="backpropagation through dense, ReLU, dense and the softmax cross-entropy",
    reference=_backprop_reference,
    cases=_backprop_cases,
    compare=allclose(rtol=1e-8, atol=1e-12),
    wrong_answers=[
        (lambda *a: _backprop_variant(*a, relu_prime=False),
         "going back through the ReLU, multiply the gradient by relu'(H1) (0 where the unit was off)"),
        (lambda *a: _backprop_variant(*a, mean=False),
         "the loss is the mean over the batch: the gradient w.r.t. the logits is (softmax(Z) - T) / batch"),
        (lambda *a: _backprop_variant(*a, use_h1=True),
         "dW2 is built from the input of the second layer, X1 = relu(H1), not from the pre-activation H1"),
    ],
)


LAB = Lab(
    id="lab04",
    title="Backpropagation by hand",
    exercises=[
        SIGMOID,
        SIGMOID_GRAD,
        RELU_GRAD,
        NUMERICAL_GRADIENT,
        DENSE_FORWARD,
        DENSE_BACKWARD,
        SOFTMAX,
        SOFTMAX_CE_GRAD,
        BACKPROP_TWO_LAYER,
    ],
)
