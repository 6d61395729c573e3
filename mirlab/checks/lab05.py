"""Checks of Lab 5, *Optimisation and training* (labs/src/lab05_optimisation.md).

Book chapter: *Optimisation* (book/optim/), pages book/optim/minibatch.md,
book/optim/gradient_descent.md, book/optim/adaptive.md, book/optim/early_stopping.md and
book/optim/regularisation.md. The answer key is :mod:`mirlab.nn` (:func:`~mirlab.nn.iterate_minibatches`,
:class:`~mirlab.nn.SGD`, :class:`~mirlab.nn.Adam`, :class:`~mirlab.nn.Dropout`, :func:`~mirlab.nn.fit`),
wrapped here to the pure-function signatures of the exercises. Every case that involves
randomness passes a seeded :class:`numpy.random.Generator` (copied identically for the reference
and the student) or an explicit mask, so the checks are deterministic.
"""

from __future__ import annotations

import types

import numpy as np

from .. import nn
from .compare import allclose
from .core import Case, Exercise, Lab


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


# ---- 5.1 iterate_minibatches -------------------------------------------------------------


def _minibatches_reference(X, y, batch_size, rng):
    return list(nn.iterate_minibatches(X, y, batch_size, rng=rng))


def _compare_batches(got, expected):
    if got is None:
        return "your function returned None: did you forget the `return` statement?"
    if isinstance(got, types.GeneratorType):
        return "your function returned a generator: return a list, e.g. `return list(...)` or build the list with append"
    if not isinstance(got, (list, tuple)):
        return f"expected a list of (X_batch, y_batch) pairs, got {_describe(got)}"
    if len(got) != len(expected):
        return f"expected {len(expected)} mini-batches, got {len(got)}"
    exact = allclose(rtol=0, atol=0)
    for i, (pair, (X_exp, y_exp)) in enumerate(zip(got, expected)):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            return f"mini-batch {i} must be a pair (X_batch, y_batch), got {_describe(pair)}"
        for name, g, e in (("X_batch", pair[0], X_exp), ("y_batch", pair[1], y_exp)):
            hint = exact(g, e)
            if hint is not None:
                return f"mini-batch {i}, {name}: {hint}"
    return None


def _minibatch_cases():
    r = _rng(60)
    return [
        Case((np.arange(20.0).reshape(10, 2), np.arange(10), 4, _rng(0)),
             label="10 rows, batch_size=4, rng=default_rng(0)"),
        Case((r.normal(size=(5, 3)), np.array([0, 1, 2, 1, 0]), 1, _rng(1)),
             label="5 rows, batch_size=1 (stochastic gradient descent)"),
        Case((r.normal(size=(100, 4)), r.integers(0, 3, size=100), 32, _rng(2)),
             label="100 rows, batch_size=32", hidden=True),
        Case((r.normal(size=(6, 2)), nn.one_hot(np.array([0, 1, 1, 0, 1, 0])), 8, _rng(3)),
             label="batch_size larger than the data set, one-hot targets", hidden=True),
    ]


def _mb_drop_last(X, y, batch_size, rng):
    return [(Xb, yb) for Xb, yb in nn.iterate_minibatches(X, y, batch_size, rng=rng) if len(Xb) == batch_size]


def _mb_no_shuffle(X, y, batch_size, rng):
    return list(nn.iterate_minibatches(X, y, batch_size, shuffle=False))


def _mb_two_permutations(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order_x, order_y = rng.permutation(len(X)), rng.permutation(len(X))
    return [(X[order_x[i:i + batch_size]], y[order_y[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


MINIBATCHES = Exercise(
    name="lab05.iterate_minibatches",
    title="shuffle a data set and cut it into mini-batches",
    reference=_minibatches_reference,
    cases=_minibatch_cases,
    compare=_compare_batches,
    wrong_answers=[
        (_mb_drop_last, "keep the last, smaller mini-batch: every example must be used once per epoch"),
        (_mb_no_shuffle, "shuffle the rows first: order = rng.permutation(len(X)), then cut the shuffled rows"),
        (_mb_two_permutations,
         "use one permutation for both X and y, or the inputs no longer match their targets"),
    ],
)


# ---- 5.2 sgd_momentum_step ---------------------------------------------------------------


def _sgd_reference(theta, grad, velocity, lr, momentum):
    params = {"p": np.array(theta, dtype=np.float64)}
    opt = nn.SGD(params, lr=lr, momentum=momentum)
    if momentum > 0:
        opt.state["p"]["momentum_buffer"] = np.array(velocity, dtype=np.float64)
        opt.step({"p": grad})
        return params["p"], opt.state["p"]["momentum_buffer"]
    opt.step({"p": grad})
    return params["p"], np.array(grad, dtype=np.float64)


def _sgd_cases():
    r = _rng(61)
    return [
        Case((np.array([1.0, -2.0, 0.5]), np.array([0.1, 0.2, -0.3]), np.zeros(3), 0.1, 0.9),
             label="first step (velocity 0), lr=0.1, momentum=0.9"),
        Case((r.normal(size=(2, 3)), r.normal(size=(2, 3)), r.normal(size=(2, 3)), 0.05, 0.8),
             label="2 x 3 parameters with a previous velocity, lr=0.05, momentum=0.8"),
        Case((r.normal(size=5), r.normal(size=5), r.normal(size=5), 0.01, 0.0),
             label="momentum=0 (plain SGD)", hidden=True),
        Case((r.normal(size=(4, 4)), r.normal(size=(4, 4)), r.normal(size=(4, 4)), 1e-3, 0.99),
             label="momentum=0.99", hidden=True),
    ]


SGD_MOMENTUM = Exercise(
    name="lab05.sgd_momentum_step",
    title="one step of SGD with momentum (pure function)",
    reference=_sgd_reference,
    cases=_sgd_cases,
    compare=allclose(rtol=1e-10, atol=1e-12),
    wrong_answers=[
        (lambda th, g, v, lr, mu: (th + (mu * v - lr * g), mu * v - lr * g),
         "you used the convention v <- mu v - lr g, theta <- theta + v; this lab uses PyTorch's: "
         "v <- mu v + g, then theta <- theta - lr v"),
        (lambda th, g, v, lr, mu: (th - lr * v, mu * v + g),
         "update the velocity first, then take the step with the new velocity: theta - lr * (mu v + g)"),
        (lambda th, g, v, lr, mu: (th - lr * g, g),
         "you ignored the previous velocity: v <- mu v + g accumulates the past gradients"),
        (lambda th, g, v, lr, mu: (th - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
         "do not damp the gradient by (1 - mu): PyTorch's momentum is v <- mu v + g"),
        (lambda th, g, v, lr, mu: (mu * v + g, th - lr * (mu * v + g)),
         "return the pair in the order (theta, velocity)"),
    ],
)


# ---- 5.3 adam_step -----------------------------------------------------------------------


def _adam_reference(theta, grad, m, v, t, lr, beta1, beta2, eps):
    params = {"p": np.array(theta, dtype=np.float64)}
    opt = nn.Adam(params, lr=lr, betas=(beta1, beta2), eps=eps)
    opt.state["p"] = {"step": int(t) - 1, "exp_avg": np.array(m, dtype=np.float64),
                      "exp_avg_sq": np.array(v, dtype=np.float64)}
    opt.step({"p": grad})
    return params["p"], opt.state["p"]["exp_avg"], opt.state["p"]["exp_avg_sq"]


def _adam_cases():
    r = _rng(62)
    return [
        Case((np.array([1.0, -1.0, 0.5]), np.array([0.2, -3.0, 0.01]), np.zeros(3), np.zeros(3), 1,
              0.1, 0.9, 0.999, 1e-8), label="first step t=1 (m = v = 0), lr=0.1"),
        Case((r.normal(size=(2, 3)), r.normal(size=(2, 3)), 0.1 * r.normal(size=(2, 3)),
              0.01 * r.random((2, 3)), 5, 0.01, 0.9, 0.999, 1e-3),
             label="step t=5 with previous moments, eps=1e-3"),
        Case((r.normal(size=4), r.normal(size=4), 0.1 * r.normal(size=4), 0.1 * r.random(4), 1000,
              1e-3, 0.8, 0.99, 1e-8), label="t=1000, betas=(0.8, 0.99)", hidden=True),
        Case((r.normal(size=(3, 3)), 1e-3 * r.normal(size=(3, 3)), np.zeros((3, 3)), np.zeros((3, 3)), 1,
              0.5, 0.9, 0.999, 0.1), label="tiny gradients, eps=0.1", hidden=True),
    ]


def _adam_variant(theta, grad, m, v, t, lr, beta1, beta2, eps, *, correct=True, square=True,
                  eps_inside=False, use_sqrt=True):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * (grad * grad if square else grad)
    m_hat = m / (1 - beta1**t) if correct else m
    v_hat = v / (1 - beta2**t) if correct else v
    if eps_inside:
        denom = np.sqrt(v_hat + eps)
    else:
        denom = (np.sqrt(v_hat) if use_sqrt else v_hat) + eps
    return theta - lr * m_hat / denom, m, v


ADAM = Exercise(
    name="lab05.adam_step",
    title="one step of Adam (pure function)",
    reference=_adam_reference,
    cases=_adam_cases,
    compare=allclose(rtol=1e-7, atol=1e-12),
    wrong_answers=[
        (lambda *a: _adam_variant(*a, correct=False),
         "correct the bias of the moments: m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t)"),
        (lambda *a: _adam_variant(*a, square=False),
         "v is the running mean of the squared gradient: v <- beta2 v + (1 - beta2) g * g"),
        (lambda *a: _adam_variant(*a, eps_inside=True),
         "add eps after the square root: theta - lr * m_hat / (sqrt(v_hat) + eps)"),
        (lambda *a: _adam_variant(*a, use_sqrt=False),
         "divide by the square root of v_hat (an RMS, in the units of the gradient), not by v_hat"),
    ],
)


# ---- 5.4 dropout_forward -----------------------------------------------------------------


def _dropout_reference(x, p, rng_or_mask, train):
    if isinstance(rng_or_mask, np.random.Generator):
        layer = nn.Dropout(p, rng=rng_or_mask)
    else:
        layer = nn.Dropout(p)
        if p > 0:
            layer.fixed_mask = np.asarray(rng_or_mask, dtype=bool) / (1.0 - p)
    layer.train(bool(train))
    return layer.forward(np.asarray(x, dtype=np.float64))


def _keep(x, p, rng_or_mask, *, below=False):
    if isinstance(rng_or_mask, np.random.Generator):
        u = rng_or_mask.random(np.shape(x))
        return u < p if below else u >= p
    return np.asarray(rng_or_mask, dtype=bool)


def _dropout_variant(x, p, rng_or_mask, train, *, scale="inverted", below=False, eval_scale=False,
                     ignore_train=False, invert_mask=False):
    x = np.asarray(x, dtype=np.float64)
    if not train and not ignore_train:
        return x * (1 - p) if eval_scale else x
    keep = _keep(x, p, rng_or_mask, below=below)
    if invert_mask and not isinstance(rng_or_mask, np.random.Generator):
        keep = ~keep
    factor = {"inverted": 1.0 / (1.0 - p), "none": 1.0, "p": 1.0 / p}[scale]
    return x * keep * factor


def _dropout_cases():
    r = _rng(63)
    mask1 = np.array([[True, False, True, True, False], [False, True, True, False, True]])
    mask2 = r.random((3, 4)) >= 0.2
    return [
        Case((np.ones((2, 5)), 0.5, mask1, True), label="training, p=0.5, a given keep-mask"),
        Case((r.normal(size=(3, 4)), 0.2, mask2, True), label="training, p=0.2, another keep-mask"),
        Case((r.normal(size=(4, 6)), 0.3, _rng(7), True), label="training, p=0.3, rng=default_rng(7)"),
        Case((r.normal(size=(2, 3)), 0.5, np.array([[True, False, True], [False, True, True]]), False),
             label="evaluation mode (train=False)"),
        Case((r.normal(size=(8, 16)), 0.75, _rng(8), True), label="training, p=0.75, rng=default_rng(8)",
             hidden=True),
        Case((r.normal(size=(5, 5)), 0.1, _rng(9), False), label="evaluation mode with a generator", hidden=True),
    ]


DROPOUT = Exercise(
    name="lab05.dropout_forward",
    title="inverted dropout, in training and in evaluation mode",
    reference=_dropout_reference,
    cases=_dropout_cases,
    compare=allclose(rtol=1e-12, atol=1e-12),
    wrong_answers=[
        (lambda *a: _dropout_variant(*a, scale="none"),
         "inverted dropout divides the kept values by 1 - p, so that the expected output stays x"),
        (lambda *a: _dropout_variant(*a, scale="p"),
         "divide by the keep probability 1 - p, not by the drop probability p"),
        (lambda *a: _dropout_variant(*a, invert_mask=True),
         "the mask marks the units that are kept (True = keep): multiply x by the mask, not by its negation"),
        (lambda *a: _dropout_variant(*a, below=True),
         "draw keep = rng.random(x.shape) >= p: a unit is kept with probability 1 - p"),
        (lambda *a: _dropout_variant(*a, eval_scale=True),
         "in evaluation mode return x unchanged: inverted dropout already rescaled during training"),
        (lambda *a: _dropout_variant(*a, ignore_train=True),
         "when train is False dropout is off: return x unchanged"),
    ],
)


# ---- 5.5 fit_early_stopping --------------------------------------------------------------

_HISTORY_KEYS = ("train_loss", "val_loss", "best_epoch", "final_val_loss")


def _history(train_loss, val_loss, best_epoch, final_val_loss) -> dict:
    return {"train_loss": [float(v) for v in train_loss], "val_loss": [float(v) for v in val_loss],
            "best_epoch": int(best_epoch), "final_val_loss": float(final_val_loss)}


def _fit_reference(model, X_train, y_train, X_val, y_val, lr, momentum, batch_size, max_epochs, patience, rng):
    opt = nn.SGD(model.params(), lr=lr, momentum=momentum)
    hist = nn.fit(model, nn.softmax_cross_entropy, opt, X_train, y_train, X_val=X_val, y_val=y_val,
                  epochs=max_epochs, batch_size=batch_size, patience=patience, rng=rng, progress=False)
    final = nn.evaluate(model, nn.softmax_cross_entropy, X_val, y_val)[0]
    return _history(hist.train_loss, hist.val_loss, hist.best_epoch, final)


def _compare_history(got, expected):
    if got is None:
        return "your function returned None: did you forget the `return` statement?"
    if not isinstance(got, dict):
        return f"expected a dict with the keys {list(_HISTORY_KEYS)}, got {_describe(got)}"
    missing = [k for k in _HISTORY_KEYS if k not in got]
    if missing:
        return f"the returned dict lacks the key(s) {missing}"
    if not isinstance(got["train_loss"], (list, tuple, np.ndarray)) or not isinstance(
            got["val_loss"], (list, tuple, np.ndarray)):
        return "history['train_loss'] and history['val_loss'] must be lists (one loss per epoch run)"
    if len(got["val_loss"]) != len(expected["val_loss"]):
        return (f"your training ran {len(got['val_loss'])} epochs, the reference "
                f"{len(expected['val_loss'])}: check the stopping rule")
    close = allclose(rtol=1e-6, atol=1e-9)
    for key in ("val_loss", "best_epoch", "final_val_loss", "train_loss"):
        hint = close(got[key], expected[key])
        if hint is not None:
            return f"history[{key!r}]: {hint}"
    return None


def _fit_variant(model, X_train, y_train, X_val, y_val, lr, momentum, batch_size, max_epochs, patience, rng,
                 *, restore=True, patience_shift=0, shuffle=True, use_momentum=True):
    """A training loop with one mistake (the correct loop with the defaults)."""
    loss = nn.softmax_cross_entropy
    params = model.params()
    velocity = {k: np.zeros_like(p) for k, p in params.items()}
    train_losses, val_losses = [], []
    best, best_epoch, best_state, wait = np.inf, 0, None, 0
    for epoch in range(max_epochs):
        model.train()
        for Xb, yb in nn.iterate_minibatches(X_train, y_train, batch_size, rng=rng, shuffle=shuffle):
            model.zero_grad()
            _, grad = loss(model.forward(Xb), yb)
            model.backward(grad)
            for k, g in model.grads().items():
                velocity[k] = (momentum * velocity[k] + g) if use_momentum else g
                params[k][...] = params[k] - lr * velocity[k]
        train_losses.append(nn.evaluate(model, loss, X_train, y_train)[0])
        val_losses.append(nn.evaluate(model, loss, X_val, y_val)[0])
        if val_losses[-1] < best:
            best, best_epoch, wait = val_losses[-1], epoch, 0
            best_state = model.state_dict()
        else:
            wait += 1
        if wait >= patience + patience_shift:
            break
    if restore:
        model.load_state_dict(best_state)
    final = nn.evaluate(model, loss, X_val, y_val)[0]
    return _history(train_losses, val_losses, best_epoch, final)


def _fit_case(seed: int, n: int, n_in: int, n_hidden: int, n_classes: int, label: str, *, lr: float,
              momentum: float, batch_size: int, max_epochs: int, patience: int, hidden: bool = False):
    """A small noisy classification problem on which a too-large network over-fits quickly."""
    r = _rng(seed)
    centres = r.normal(scale=2.0, size=(n_classes, n_in))
    labels = r.integers(0, n_classes, size=n)
    X = centres[labels] + r.normal(scale=1.0, size=(n, n_in))
    flip = r.random(n) < 0.25  # label noise: something to over-fit
    labels = np.where(flip, r.integers(0, n_classes, size=n), labels)
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # standardised features
    n_train = int(0.6 * n)
    model = nn.mlp([n_in, n_hidden, n_classes], "relu", rng=seed)
    return Case((model, X[:n_train], labels[:n_train], X[n_train:], labels[n_train:], lr, momentum, batch_size,
                 max_epochs, patience, _rng(seed + 1)), label=label, hidden=hidden)


def _fit_cases():
    return [
        _fit_case(71, 80, 4, 64, 3, "80 examples, 4 features, 3 classes, patience=5", lr=0.05, momentum=0.9,
                  batch_size=8, max_epochs=60, patience=5),
        _fit_case(71, 100, 6, 64, 4, "100 examples, 6 features, 4 classes, patience=4", lr=0.02, momentum=0.9,
                  batch_size=10, max_epochs=60, patience=4),
        _fit_case(72, 60, 3, 32, 2, "60 examples, 2 classes, patience=4", lr=0.1, momentum=0.5, batch_size=6,
                  max_epochs=60, patience=4, hidden=True),
        _fit_case(73, 90, 5, 16, 3, "90 examples, max_epochs=8 (the stopping rule never triggers)", lr=0.01,
                  momentum=0.0, batch_size=16, max_epochs=8, patience=10, hidden=True),
    ]


FIT = Exercise(
    name="lab05.fit_early_stopping",
    title="a mini-batch training loop with early stopping",
    reference=_fit_reference,
    cases=_fit_cases,
    compare=_compare_history,
    wrong_answers=[
        (lambda *a: _fit_variant(*a, restore=False),
         "at the end, put back the parameters of the best epoch (saved as copies, e.g. model.state_dict(), "
         "when the validation loss improved): final_val_loss must equal val_loss[best_epoch]"),
        (lambda *a: _fit_variant(*a, patience_shift=1),
         "stop as soon as the validation loss has not improved for `patience` epochs in a row "
         "(wait >= patience), not one epoch later"),
        (lambda *a: _fit_variant(*a, shuffle=False),
         "shuffle every epoch: call your iterate_minibatches(X_train, y_train, batch_size, rng) once per epoch "
         "with the rng you were given"),
        (lambda *a: _fit_variant(*a, use_momentum=False),
         "update the parameters with your sgd_momentum_step (one velocity per parameter, kept from step to step)"),
    ],
)


LAB = Lab(
    id="lab05",
    title="Optimisation and training",
    exercises=[MINIBATCHES, SGD_MOMENTUM, ADAM, DROPOUT, FIT],
)
