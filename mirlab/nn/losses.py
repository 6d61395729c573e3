"""Loss functions ``d(t | y)`` and their gradients with respect to the prediction ``y``.

Book chapter: *Optimisation* (book/optim/losses.md, book/optim/classification.md).

Training minimises ``L(theta) = sum_n d(t_n | f_theta(x_n))`` over a training set. Every loss here
is a function ``loss(y, t) -> (value, grad)``: ``y`` is the network's output for a batch (one
example per row), ``t`` the targets, ``value`` a Python float and ``grad = dL/dy`` an array of the
shape of ``y``, ready for ``model.backward(grad)``. Like PyTorch's default
(``reduction="mean"``) the value is an average over the batch, so the gradient carries a
``1 / batch`` factor and the learning rate does not depend on the batch size.

============================================  ==========================  =====================================
loss                                          task                        PyTorch
============================================  ==========================  =====================================
:func:`mse`                                   regression                  ``F.mse_loss``
:func:`cosine`                                regression (directions)     ``F.cosine_embedding_loss`` (target 1)
:func:`hinge`                                 binary, targets -1/+1       ``relu(1 - t * y).mean()``
:func:`multiclass_hinge`                      single-label (class index)  ``F.multi_margin_loss``
:func:`binary_cross_entropy_with_logits`      multilabel, targets 0/1     ``F.binary_cross_entropy_with_logits``
:func:`softmax_cross_entropy`                 single-label (index/1-hot)  ``F.cross_entropy``
============================================  ==========================  =====================================

The classification losses take *logits* (scores before the sigmoid or softmax), which is both
more stable and simpler: the gradient is ``sigmoid(y) - t`` or ``softmax(y) - t``. Each loss
function has a ``task`` attribute (``"regression"``, ``"binary"``, ``"multilabel"`` or
``"single-label"``) that :func:`mirlab.nn.fit` uses to turn outputs into decisions.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import ParameterError
from ._validation import as_float_array, positive_number
from .activations import log_softmax, sigmoid, softmax

__all__ = [
    "mse",
    "cosine",
    "hinge",
    "multiclass_hinge",
    "binary_cross_entropy_with_logits",
    "softmax_cross_entropy",
    "one_hot",
    "LOSSES",
]


# ---- validation ----------------------------------------------------------------------------


def _same_shape(y, t, loss: str, *, two_d: bool = False):
    y = as_float_array(y, "y")
    t = as_float_array(t, "t", dtype=y.dtype)
    if two_d and y.ndim != 2:
        raise ParameterError(f"{loss}: y must have shape (batch, n_features), got shape {y.shape}")
    if y.shape != t.shape:
        raise ParameterError(f"{loss}: y and t must have the same shape, got y {y.shape} and t {t.shape}")
    return y, t


def _class_targets(y, t, loss: str):
    """``(y, T)`` with ``y`` of shape (batch, C) and ``T`` (batch, C): one-hot of labels or probabilities."""
    y = as_float_array(y, "y")
    if y.ndim != 2:
        raise ParameterError(f"{loss}: y must be scores of shape (batch, n_classes), got shape {y.shape}")
    batch, n_classes = y.shape
    t_arr = np.asarray(t)
    if t_arr.ndim == 1:
        if t_arr.shape[0] != batch:
            raise ParameterError(
                f"{loss}: y has shape {y.shape} ({batch} examples) but t has shape {t_arr.shape} "
                f"({t_arr.shape[0]} labels)"
            )
        return y, one_hot(t_arr, n_classes).astype(y.dtype, copy=False)
    if t_arr.shape != y.shape:
        raise ParameterError(
            f"{loss}: t must be class indices of shape ({batch},) or one-hot/probabilities of shape "
            f"{y.shape}, got shape {t_arr.shape}"
        )
    T = as_float_array(t_arr, "t", dtype=y.dtype)
    if (T < 0).any() or not np.allclose(T.sum(axis=1), 1.0, atol=1e-6):
        raise ParameterError(f"{loss}: a 2-D t must hold one-hot rows or probabilities (>= 0, rows summing to 1)")
    return y, T


def one_hot(labels, n_classes: int | None = None) -> np.ndarray:
    """One-hot encoding: row ``n`` is 1 in column ``labels[n]`` and 0 elsewhere.

    The target of a single-label classifier with ``N_c`` classes, as a vector of ``{0, 1}^N_c``
    with exactly one 1.

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    labels : array_like of int
        Class indices, shape ``(batch,)``, in ``0 .. n_classes - 1``.
    n_classes : int or None
        Number of classes; default ``max(labels) + 1``.

    Returns
    -------
    T : np.ndarray
        Shape ``(batch, n_classes)``, float64.

    Raises
    ------
    ParameterError
        If the labels are not a 1-D array of non-negative integers below ``n_classes``.

    See Also
    --------
    softmax_cross_entropy, torch.nn.functional.one_hot

    Examples
    --------
    >>> from mirlab.nn import one_hot
    >>> one_hot([2, 0, 1])
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0:
        raise ParameterError(f"labels must be a non-empty 1-D array of class indices, got shape {labels.shape}")
    if np.issubdtype(labels.dtype, np.floating) and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels)):
        labels = labels.astype(np.int64)
    if not np.issubdtype(labels.dtype, np.integer):
        raise ParameterError(f"labels must be integer class indices, got dtype {labels.dtype}")
    if n_classes is None:
        n_classes = int(labels.max()) + 1
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes <= 0:
        raise ParameterError(f"n_classes must be a positive integer, got {n_classes!r}")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ParameterError(
            f"labels must lie in 0 .. {n_classes - 1} (n_classes={n_classes}), got values from "
            f"{labels.min()} to {labels.max()}"
        )
    T = np.zeros((labels.shape[0], int(n_classes)))
    T[np.arange(labels.shape[0]), labels] = 1.0
    return T


# ---- regression losses ---------------------------------------------------------------------


def mse(y, t):
    """Mean squared error ``mean((y - t)^2)`` over all entries, and its gradient ``2 (y - t) / size``.

    Book chapter: *Optimisation* (book/optim/losses.md).

    Parameters
    ----------
    y : array_like
        Predictions, any shape (e.g. ``(batch, n_outputs)``).
    t : array_like
        Targets, same shape.

    Returns
    -------
    value : float
        Equal to ``torch.nn.functional.mse_loss(y, t)``.
    grad : np.ndarray
        ``dL/dy``, shape of ``y``.

    Raises
    ------
    ParameterError
        If the shapes differ or a value is not finite.

    See Also
    --------
    cosine, torch.nn.functional.mse_loss

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import mse
    >>> value, grad = mse(np.array([[1.0, 2.0]]), np.array([[1.0, 4.0]]))
    >>> value
    2.0
    >>> grad
    array([[ 0., -2.]])
    """
    y, t = _same_shape(y, t, "mse")
    diff = y - t
    return float(np.mean(diff * diff)), (2.0 / diff.size) * diff


mse.task = "regression"


def cosine(y, t, *, eps: float = 1e-8):
    """Cosine distance ``1 - cos(y_n, t_n)``, averaged over the rows, and its gradient.

    ``cos(y, t) = y . t / (||y|| ||t||)`` compares directions and ignores lengths. Norms are
    clamped below at ``eps`` like :func:`torch.nn.functional.cosine_similarity`. The value equals
    ``F.cosine_embedding_loss(y, t, torch.ones(batch))``.

    Book chapter: *Optimisation* (book/optim/losses.md).

    Parameters
    ----------
    y : array_like
        Predictions, shape ``(batch, n_features)``.
    t : array_like
        Targets, same shape.
    eps : float
        Smallest norm (avoids dividing by 0 for a zero vector).

    Returns
    -------
    value : float
        In ``[0, 2]``.
    grad : np.ndarray
        ``dL/dy``: for each row ``-(t / (|y| |t|) - cos y / |y|^2) / batch``.

    Raises
    ------
    ParameterError
        If ``y`` is not 2-D or the shapes differ.

    See Also
    --------
    mse, torch.nn.functional.cosine_similarity

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import cosine
    >>> value, grad = cosine(np.array([[1.0, 0.0], [2.0, 2.0]]), np.array([[0.0, 3.0], [1.0, 1.0]]))
    >>> round(value, 6)    # rows: orthogonal (distance 1) and parallel (distance 0)
    0.5
    """
    y, t = _same_shape(y, t, "cosine", two_d=True)
    eps = positive_number(eps, "eps")
    norm_y_raw = np.linalg.norm(y, axis=1, keepdims=True)
    norm_y = np.maximum(norm_y_raw, eps)
    norm_t = np.maximum(np.linalg.norm(t, axis=1, keepdims=True), eps)
    cos = np.sum(y * t, axis=1, keepdims=True) / (norm_y * norm_t)
    batch = y.shape[0]
    dcos = t / (norm_y * norm_t) - (norm_y_raw > eps) * cos * y / (norm_y * norm_y)
    return float(np.mean(1.0 - cos)), -dcos / batch


cosine.task = "regression"


# ---- hinge losses --------------------------------------------------------------------------


def hinge(y, t):
    """Binary hinge loss ``mean(max(0, 1 - t y))`` with targets ``t`` in ``{-1, +1}`` (the SVM's loss).

    A correct decision with a margin ``t y >= 1`` costs nothing; anything else costs linearly.
    The derivative at the kink ``t y = 1`` is taken as 0.

    Book chapter: *Optimisation* (book/optim/losses.md).

    Parameters
    ----------
    y : array_like
        Scores, any shape (e.g. ``(batch,)`` or ``(batch, n_outputs)``: one binary decision each).
    t : array_like
        Targets in ``{-1, +1}``, same shape.

    Returns
    -------
    value : float
    grad : np.ndarray
        ``-t / size`` where ``t y < 1``, 0 elsewhere.

    Raises
    ------
    ParameterError
        If the shapes differ or ``t`` has values other than -1 and +1.

    See Also
    --------
    multiclass_hinge

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import hinge
    >>> value, grad = hinge(np.array([2.0, 0.5, -1.0]), np.array([1.0, 1.0, 1.0]))
    >>> value    # (0 + 0.5 + 2) / 3
    0.8333333333333334
    >>> grad
    array([ 0.        , -0.33333333, -0.33333333])
    """
    y, t = _same_shape(y, t, "hinge")
    if not np.all(np.abs(t) == 1):
        raise ParameterError(f"hinge: targets t must be -1 or +1, got values {np.unique(t)[:5]}")
    margin = 1.0 - t * y
    active = margin > 0
    return float(np.mean(np.where(active, margin, 0.0))), np.where(active, -t, 0.0) / y.size


hinge.task = "binary"


def multiclass_hinge(y, t, *, margin: float = 1.0, p: int = 1):
    """Multiclass hinge loss, the loss of :class:`torch.nn.MultiMarginLoss`.

    For an example with scores ``y`` and true class ``c`` among ``C``:
    ``sum_{i != c} max(0, margin - y_c + y_i)^p / C``; averaged over the batch. Every wrong
    class whose score comes within ``margin`` of the true class's score costs something.

    Book chapter: *Optimisation* (book/optim/losses.md).

    Parameters
    ----------
    y : array_like
        Scores, shape ``(batch, n_classes)``.
    t : array_like
        Class indices, shape ``(batch,)``, or one-hot rows, shape ``(batch, n_classes)``.
    margin : float
        The margin, > 0.
    p : {1, 2}
        Power of each term.

    Returns
    -------
    value : float
        Equal to ``torch.nn.functional.multi_margin_loss(y, t, p=p, margin=margin)``.
    grad : np.ndarray
        ``dL/dy``, shape ``(batch, n_classes)``.

    Raises
    ------
    ParameterError
        For shapes that do not match, labels out of range, or ``p`` not 1 or 2.

    See Also
    --------
    hinge, softmax_cross_entropy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import multiclass_hinge
    >>> value, grad = multiclass_hinge(np.array([[3.0, 2.5, 0.0]]), np.array([0]))
    >>> value    # (max(0, 1 - 3 + 2.5) + max(0, 1 - 3 + 0)) / 3
    0.16666666666666666
    """
    y, T = _class_targets(y, t, "multiclass_hinge")
    if not np.all((T == 0) | (T == 1)):
        raise ParameterError("multiclass_hinge: a 2-D t must hold one-hot rows (0s and a single 1)")
    margin = positive_number(margin, "margin")
    if p not in (1, 2) or isinstance(p, bool):
        raise ParameterError(f"multiclass_hinge: p must be 1 or 2, got {p!r}")
    batch, n_classes = y.shape
    true_score = np.sum(y * T, axis=1, keepdims=True)
    m = (margin - true_score + y) * (1.0 - T)  # 0 in the true class's column
    active = m > 0
    terms = np.where(active, m, 0.0)
    value = float(np.sum(terms**p) / (n_classes * batch))
    dterm = (p * terms ** (p - 1)) * active / (n_classes * batch)  # d value / d y_i, i != c
    grad = dterm - T * dterm.sum(axis=1, keepdims=True)
    return value, grad


multiclass_hinge.task = "single-label"


# ---- cross-entropies -----------------------------------------------------------------------


def binary_cross_entropy_with_logits(y, t):
    """Binary cross-entropy on logits, for multilabel classification (targets in ``{0, 1}^C``).

    Each output is an independent yes/no decision with probability ``p = sigmoid(y)``:
    ``-[t log p + (1 - t) log(1 - p)]``, averaged over all entries. It is computed as
    ``max(y, 0) - t y + log(1 + exp(-|y|))``, which never overflows, and its gradient is
    ``(sigmoid(y) - t) / size``.

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    y : array_like
        Logits, shape ``(batch, n_labels)`` (or any shape).
    t : array_like
        Targets in ``[0, 1]`` (usually 0 or 1), same shape.

    Returns
    -------
    value : float
        Equal to ``torch.nn.functional.binary_cross_entropy_with_logits(y, t)``.
    grad : np.ndarray
        ``dL/dy``, shape of ``y``.

    Raises
    ------
    ParameterError
        If the shapes differ or a target is outside ``[0, 1]``.

    See Also
    --------
    mirlab.nn.sigmoid, softmax_cross_entropy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import binary_cross_entropy_with_logits
    >>> value, grad = binary_cross_entropy_with_logits(np.array([[0.0, 1000.0]]), np.array([[1.0, 1.0]]))
    >>> round(value, 6)    # (log 2 + 0) / 2
    0.346574
    >>> grad
    array([[-0.25,  0.  ]])
    """
    y, t = _same_shape(y, t, "binary_cross_entropy_with_logits")
    if (t < 0).any() or (t > 1).any():
        raise ParameterError("binary_cross_entropy_with_logits: targets t must lie in [0, 1]")
    per_entry = np.maximum(y, 0) - t * y + np.log1p(np.exp(-np.abs(y)))
    return float(np.mean(per_entry)), (sigmoid(y) - t) / y.size


binary_cross_entropy_with_logits.task = "multilabel"


def softmax_cross_entropy(y, t):
    """Softmax + categorical cross-entropy on logits, for single-label classification.

    With ``p = softmax(y_n)``, the loss of example ``n`` is ``-sum_c t_nc log p_c``: for a one-hot
    target ``-log p_(true class)``, the negative log-likelihood. It is averaged over the batch and
    computed with the log-sum-exp trick; the gradient is ``(softmax(y) - t) / batch``.

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    y : array_like
        Logits, shape ``(batch, n_classes)``.
    t : array_like
        Class indices, shape ``(batch,)``, or one-hot rows (or class probabilities), shape
        ``(batch, n_classes)``.

    Returns
    -------
    value : float
        Equal to ``torch.nn.functional.cross_entropy(y, t)``.
    grad : np.ndarray
        ``dL/dy``, shape ``(batch, n_classes)``.

    Raises
    ------
    ParameterError
        If ``y`` is not 2-D, ``t`` has neither of the accepted shapes, or a label is out of
        range.

    See Also
    --------
    mirlab.nn.softmax, one_hot, binary_cross_entropy_with_logits, torch.nn.functional.cross_entropy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import softmax_cross_entropy
    >>> y = np.log(np.array([[0.5, 0.25, 0.25]]))   # logits whose softmax is (0.5, 0.25, 0.25)
    >>> value, grad = softmax_cross_entropy(y, np.array([0]))
    >>> round(value, 6)    # -log 0.5
    0.693147
    >>> grad
    array([[-0.5 ,  0.25,  0.25]])
    """
    y, T = _class_targets(y, t, "softmax_cross_entropy")
    batch = y.shape[0]
    value = float(-np.sum(T * log_softmax(y, axis=1)) / batch)
    return value, (softmax(y, axis=1) - T) / batch


softmax_cross_entropy.task = "single-label"


#: The losses by name.
LOSSES = {
    "mse": mse,
    "cosine": cosine,
    "hinge": hinge,
    "multiclass_hinge": multiclass_hinge,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "softmax_cross_entropy": softmax_cross_entropy,
}
