"""Training loop: mini-batches, train/validation/test split, early stopping, accuracy.

Book chapter: *Optimisation* (book/optim/minibatch.md, book/optim/early_stopping.md).

The lecture's mini-batch gradient descent: shuffle the training set, cut it into mini-batches,
for each one compute the loss, backpropagate and take an optimiser step; one pass over the
training set is an *epoch*. When to stop: when the loss on a **validation set** (examples never
used for the gradient) has not improved for ``patience`` epochs (*early stopping*); the
parameters of the best epoch are then put back. The **test set** is used once, at the very end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from ._validation import as_rng, positive_int
from .layers import grad_dict, param_dict

__all__ = ["iterate_minibatches", "train_val_test_split", "History", "fit", "predict", "evaluate", "accuracy"]


def _n_rows(X, y, xname: str = "X", yname: str = "y"):
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ParameterError(
            f"{xname} and {yname} must be arrays with one example per row, got shapes {X.shape} and {y.shape}"
        )
    if X.shape[0] != y.shape[0]:
        raise ParameterError(
            f"{xname} and {yname} must have the same number of rows (examples), "
            f"got {xname} {X.shape} and {yname} {y.shape}"
        )
    if X.shape[0] == 0:
        raise ParameterError(f"{xname} is empty (shape {X.shape})")
    return X, y


def iterate_minibatches(X, y, batch_size: int, *, rng=None, shuffle: bool = True):
    """Yield the mini-batches ``(X[idx], y[idx])`` of one epoch.

    The rows are shuffled (once per call, i.e. once per epoch) and cut into consecutive batches
    of ``batch_size`` rows; the last batch is smaller when ``batch_size`` does not divide the
    number of rows (it is kept, as with PyTorch's ``DataLoader(drop_last=False)``).
    ``batch_size=1`` is the lecture's stochastic gradient descent, ``batch_size=len(X)`` full
    gradient descent.

    Book chapter: *Optimisation* (book/optim/minibatch.md).

    Parameters
    ----------
    X : array_like
        Inputs, one example per row, shape ``(n, ...)``.
    y : array_like
        Targets, shape ``(n, ...)``.
    batch_size : int
        Rows per batch, > 0.
    rng : None, int or numpy.random.Generator
        Random generator (or seed) for the shuffle; pass the same Generator every epoch to get a
        new order each time.
    shuffle : bool
        Shuffle the rows (otherwise the batches follow the order of ``X``).

    Yields
    ------
    X_batch, y_batch : np.ndarray

    Raises
    ------
    ParameterError
        If ``X`` and ``y`` have different numbers of rows or ``batch_size`` is not positive.

    See Also
    --------
    fit

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import iterate_minibatches
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in iterate_minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> sorted(int(v) for _, yb in iterate_minibatches(X, y, 2, rng=0) for v in yb)
    [0, 1, 2, 3, 4]
    """
    X, y = _n_rows(X, y)
    batch_size = positive_int(batch_size, "batch_size")
    n = X.shape[0]
    order = as_rng(rng).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]
        yield X[idx], y[idx]


def _class_labels(y, what: str) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 1:
        return y
    if y.ndim == 2 and np.all((y == 0) | (y == 1)) and np.all(y.sum(axis=1) == 1):
        return y.argmax(axis=1)
    raise ParameterError(
        f"{what} needs single-label targets (class labels of shape (n,) or one-hot rows), got shape {y.shape}; "
        "for multilabel targets use stratify=False"
    )


def train_val_test_split(X, y, *, fractions=(0.7, 0.15, 0.15), rng=None, stratify: bool = True):
    """Split a data set into disjoint training, validation and test sets.

    With ``stratify=True`` each class is split separately in the given fractions (rounded per
    class), so that the three sets have the class proportions of the whole set: essential for
    small or unbalanced data sets. The rows of each set are in random order.

    Book chapter: *Optimisation* (book/optim/early_stopping.md).

    Parameters
    ----------
    X : array_like
        Inputs, one example per row.
    y : array_like
        Targets: class labels ``(n,)`` or one-hot rows (needed to stratify), or anything with
        ``n`` rows when ``stratify=False``.
    fractions : (float, float, float)
        Fractions of the training, validation and test sets, >= 0, summing to 1 (training > 0).
    rng : None, int or numpy.random.Generator
        Random generator (or seed).
    stratify : bool
        Keep the class proportions in every set.

    Returns
    -------
    (X_train, y_train), (X_val, y_val), (X_test, y_test) : tuple of pairs of np.ndarray
        A set is empty when its fraction is 0.

    Raises
    ------
    ParameterError
        For bad fractions, mismatched ``X``/``y``, or ``stratify=True`` with multilabel targets.

    See Also
    --------
    fit, sklearn.model_selection.train_test_split

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import train_val_test_split
    >>> X, y = np.arange(40.0).reshape(20, 2), np.repeat([0, 1], [10, 10])
    >>> (Xtr, ytr), (Xva, yva), (Xte, yte) = train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=0)
    >>> len(ytr), len(yva), len(yte), int(yva.sum()), int(yte.sum())
    (12, 4, 4, 2, 2)
    """
    X, y = _n_rows(X, y)
    try:
        fractions = tuple(float(f) for f in fractions)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"fractions must be three numbers (train, val, test), got {fractions!r}") from exc
    if len(fractions) != 3 or any(not np.isfinite(f) or f < 0 for f in fractions) or fractions[0] <= 0:
        raise ParameterError(f"fractions must be three numbers >= 0 (train > 0), got {fractions!r}")
    if abs(sum(fractions) - 1.0) > 1e-9:
        raise ParameterError(f"fractions must sum to 1, got {fractions!r} (sum {sum(fractions)})")
    rng = as_rng(rng)
    groups = [np.arange(X.shape[0])]
    if stratify:
        labels = _class_labels(y, "stratify=True")
        groups = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    parts: list[list[np.ndarray]] = [[], [], []]
    for idx in groups:
        idx = rng.permutation(idx)
        n = len(idx)
        n_val = int(round(n * fractions[1]))
        n_test = min(int(round(n * fractions[2])), n - n_val)
        parts[1].append(idx[:n_val])
        parts[2].append(idx[n_val : n_val + n_test])
        parts[0].append(idx[n_val + n_test :])
    out = []
    for chunks in parts:
        idx = rng.permutation(np.concatenate(chunks)).astype(np.intp)
        out.append((X[idx], y[idx]))
    return tuple(out)


@dataclass
class History:
    """What :func:`fit` measured, epoch by epoch (index 0 = after the first epoch).

    Book chapter: *Optimisation* (book/optim/early_stopping.md).

    Attributes
    ----------
    train_loss, val_loss : list of float
        Mean loss over the whole training / validation set after each epoch, in evaluation
        mode (``val_loss`` is empty without validation data).
    train_acc, val_acc : list of float
        Accuracy after each epoch (NaN for a regression loss).
    best_epoch : int or None
        Index of the epoch with the lowest validation loss (whose parameters :func:`fit`
        restored); ``None`` without validation data.
    stopped_epoch : int or None
        Index of the last epoch run.
    stopped_early : bool
        Whether early stopping ended the training before ``epochs``.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    best_epoch: int | None = None
    stopped_epoch: int | None = None
    stopped_early: bool = False

    @property
    def n_epochs(self) -> int:
        """Number of epochs run."""
        return len(self.train_loss)


def predict(model, X, *, batch_size: int | None = None) -> np.ndarray:
    """The model's outputs for ``X`` in evaluation mode (dropout off).

    The model's previous mode (training or evaluation) is restored afterwards.

    Book chapter: *Optimisation* (book/optim/minibatch.md).

    Parameters
    ----------
    model : Sequential or Layer
    X : array_like
        Inputs, shape ``(n, n_in)``.
    batch_size : int or None
        Compute in chunks of this many rows (saves memory); all at once by default.

    Returns
    -------
    outputs : np.ndarray
        Shape ``(n, n_out)``: scores/logits for a classifier (take ``argmax(axis=1)`` for
        single-label decisions, ``> 0`` for multilabel ones).

    See Also
    --------
    fit, accuracy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import mlp, predict
    >>> model = mlp([3, 5, 2], dropout=0.5, rng=0)
    >>> X = np.ones((4, 3))
    >>> np.array_equal(predict(model, X), predict(model, X))   # deterministic: no dropout
    True
    """
    was_training = getattr(model, "training", True)
    model.eval()
    try:
        if batch_size is None:
            return model.forward(X)
        batch_size = positive_int(batch_size, "batch_size")
        X = np.asarray(X)
        return np.concatenate([model.forward(X[i : i + batch_size]) for i in range(0, len(X), batch_size)])
    finally:
        model.train(was_training)


def accuracy(y_true, y_pred) -> float:
    """Fraction of correct decisions, :func:`sklearn.metrics.accuracy_score`.

    If ``y_pred`` holds scores of shape ``(n, n_classes)`` and ``y_true`` labels of shape
    ``(n,)``, the decision ``argmax`` is taken first. For multilabel indicator matrices this is
    the *subset* accuracy (every label of an example must be right).

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    y_true : array_like
        True labels, shape ``(n,)`` (or a ``(n, n_labels)`` indicator matrix).
    y_pred : array_like
        Predicted labels, same shape, or scores ``(n, n_classes)`` for labels ``(n,)``.

    Returns
    -------
    acc : float
        In ``[0, 1]``.

    Raises
    ------
    ParameterError
        If the shapes do not match.

    See Also
    --------
    predict, sklearn.metrics.accuracy_score

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import accuracy
    >>> accuracy([0, 1, 1, 2], [0, 1, 2, 2])
    0.75
    >>> accuracy([1, 0], np.array([[0.1, 0.9], [0.3, 0.2]]))
    1.0
    """
    from sklearn.metrics import accuracy_score

    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim == 1 and y_pred.ndim == 2:
        y_pred = y_pred.argmax(axis=1)
    if y_true.shape != y_pred.shape:
        raise ParameterError(
            f"y_true and y_pred must have the same shape (or y_pred scores (n, n_classes) for labels (n,)), "
            f"got y_true {y_true.shape} and y_pred {y_pred.shape}"
        )
    return float(accuracy_score(y_true, y_pred))


def _decisions(outputs: np.ndarray, targets, task: str):
    """``(true labels, predicted labels)`` for the accuracy, or None for a regression loss."""
    targets = np.asarray(targets)
    if task == "single-label":
        true = targets if targets.ndim == 1 else targets.argmax(axis=1)
        return true.astype(np.int64), outputs.argmax(axis=1)
    if task == "multilabel":
        return (targets > 0.5).astype(np.int64), (outputs > 0).astype(np.int64)
    if task == "binary":
        return np.where(targets > 0, 1, -1), np.where(outputs >= 0, 1, -1)
    return None


def evaluate(model, loss, X, y) -> tuple[float, float]:
    """Loss and accuracy of the model on a whole data set, in evaluation mode.

    Book chapter: *Optimisation* (book/optim/early_stopping.md).

    Parameters
    ----------
    model : Sequential or Layer
    loss : callable
        ``loss(y, t) -> (value, grad)``; its ``task`` attribute (see :mod:`mirlab.nn.losses`)
        says how to turn outputs into decisions.
    X, y : array_like
        Inputs and targets.

    Returns
    -------
    loss_value : float
        Mean loss over the set.
    acc : float
        Accuracy, NaN for a regression loss.

    See Also
    --------
    fit, predict, accuracy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Dense, softmax_cross_entropy, evaluate
    >>> model = Dense(2, 2, init="zeros")
    >>> value, acc = evaluate(model, softmax_cross_entropy, np.ones((4, 2)), np.array([0, 1, 0, 1]))
    >>> round(value, 6) == round(float(np.log(2)), 6), acc
    (True, 0.5)
    """
    outputs = predict(model, X)
    if not np.all(np.isfinite(outputs)):
        raise ParameterError(
            "the model's outputs contain NaN/inf: the training diverged (try a smaller learning rate)"
        )
    value, _ = loss(outputs, y)
    decisions = _decisions(outputs, y, getattr(loss, "task", "regression"))
    acc = math.nan if decisions is None else accuracy(*decisions)
    return float(value), acc


def fit(
    model,
    loss,
    optimizer,
    X_train,
    y_train,
    *,
    X_val=None,
    y_val=None,
    epochs: int = 100,
    batch_size: int = 32,
    patience: int | None = 10,
    rng=None,
    progress: bool = True,
    restore_best: bool = True,
) -> History:
    """Train a model by mini-batch gradient descent, with early stopping on the validation loss.

    Each epoch: training mode, one pass over the shuffled mini-batches (``zero_grad``, forward,
    loss, backward, ``optimizer.step``), then the loss and accuracy on the whole training and
    validation sets in evaluation mode. With validation data, training stops when the validation
    loss has not decreased for ``patience`` epochs, and the parameters of the best epoch are
    copied back into the model (in place, so the optimiser still holds them).

    Book chapter: *Optimisation* (book/optim/minibatch.md, book/optim/early_stopping.md).

    Parameters
    ----------
    model : Sequential or Layer
        Has ``forward``, ``backward``, ``zero_grad``, ``train``/``eval`` and parameters/gradients.
    loss : callable
        ``loss(y, t) -> (value, grad)``, e.g. :func:`~mirlab.nn.softmax_cross_entropy`.
    optimizer : Optimizer
        Built on the model's parameters, e.g. ``Adam(model.params(), lr=1e-3)``.
    X_train, y_train : array_like
        Training inputs and targets.
    X_val, y_val : array_like or None
        Validation inputs and targets (both or neither); needed for early stopping.
    epochs : int
        Maximum number of epochs.
    batch_size : int
        Mini-batch size.
    patience : int or None
        Epochs without improvement of the validation loss before stopping; ``None`` never stops
        early (the best parameters are still restored).
    rng : None, int or numpy.random.Generator
        Random generator (or seed) of the shuffles.
    progress : bool
        Show a progress bar (:mod:`tqdm.auto`: a widget in Jupyter, text in a terminal).
    restore_best : bool
        Put back the parameters of the epoch with the lowest validation loss at the end.

    Returns
    -------
    history : History

    Raises
    ------
    ParameterError
        For mismatched data, bad hyper-parameters, or when the training diverges (NaN/inf
        outputs).

    See Also
    --------
    History, iterate_minibatches, train_val_test_split, predict

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import mlp, softmax_cross_entropy, Adam, fit, predict, accuracy
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] * X[:, 1] > 0).astype(int)   # XOR-like
    >>> model = mlp([2, 16, 2], "tanh", rng=0)
    >>> history = fit(model, softmax_cross_entropy, Adam(model.params(), lr=0.02),
    ...               X[:150], y[:150], X_val=X[150:], y_val=y[150:], epochs=200, rng=0, progress=False)
    >>> history.val_loss[history.best_epoch] == min(history.val_loss)
    True
    >>> accuracy(y[150:], predict(model, X[150:])) > 0.9
    True
    """
    X_train, y_train = _n_rows(X_train, y_train, "X_train", "y_train")
    has_val = X_val is not None or y_val is not None
    if has_val:
        if X_val is None or y_val is None:
            raise ParameterError("give both X_val and y_val, or neither")
        X_val, y_val = _n_rows(X_val, y_val, "X_val", "y_val")
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    if patience is not None:
        patience = positive_int(patience, "patience")
    rng = as_rng(rng)
    if not callable(loss):
        raise ParameterError(f"loss must be a function loss(y, t) -> (value, grad), got {loss!r}")
    if not hasattr(optimizer, "step"):
        raise ParameterError(f"optimizer must have a step(grads) method, got {optimizer!r}")

    from tqdm.auto import trange

    history = History()
    best_value, best_state, wait = math.inf, None, 0
    bar = trange(epochs, disable=not progress, desc="training", unit="epoch")
    epoch = -1
    try:
        for epoch in bar:
            try:
                with np.errstate(over="raise", invalid="raise"):  # inf/NaN: the training diverged
                    postfix = _run_epoch(
                        model, loss, optimizer, X_train, y_train, X_val, y_val, batch_size, rng, history
                    )
            except FloatingPointError as exc:
                raise ParameterError(
                    f"the training diverged at epoch {epoch} ({exc}): values overflowed to inf/NaN; "
                    "try a smaller learning rate"
                ) from None
            if has_val:
                if history.val_loss[-1] < best_value:
                    best_value, wait, history.best_epoch = history.val_loss[-1], 0, epoch
                    best_state = {k: v.copy() for k, v in param_dict(model).items()}
                else:
                    wait += 1
            bar.set_postfix(postfix, refresh=False)
            if has_val and patience is not None and wait >= patience:
                history.stopped_early = epoch < epochs - 1
                break
    finally:
        bar.close()
    history.stopped_epoch = epoch
    if has_val and restore_best and best_state is not None:
        for k, p in param_dict(model).items():
            p[...] = best_state[k]
    return history


def _run_epoch(model, loss, optimizer, X_train, y_train, X_val, y_val, batch_size, rng, history) -> dict:
    """One epoch of mini-batch training, then the measures appended to ``history``."""
    model.train()
    for X_batch, y_batch in iterate_minibatches(X_train, y_train, batch_size, rng=rng):
        model.zero_grad()
        outputs = model.forward(X_batch)
        if not np.all(np.isfinite(outputs)):
            raise FloatingPointError("non-finite outputs")
        _, grad = loss(outputs, y_batch)
        model.backward(grad)
        optimizer.step(grad_dict(model))
    postfix = {}
    sets = [("train", X_train, y_train)] + ([("val", X_val, y_val)] if X_val is not None else [])
    for name, X, y in sets:
        value, acc = evaluate(model, loss, X, y)
        if not np.isfinite(value):
            raise FloatingPointError(f"non-finite {name} loss")
        getattr(history, f"{name}_loss").append(value)
        getattr(history, f"{name}_acc").append(acc)
        postfix[f"{name}_loss"] = f"{value:.4g}"
    return postfix
