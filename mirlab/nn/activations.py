"""Activation functions phi of the artificial neuron, and their derivatives phi'.

Book chapter: *Artificial neural networks* (book/nn/neuron.md, book/nn/backprop.md).

A neuron computes ``y = phi(sum_i w_i x_i + b)``. The lecture's activations are the Heaviside
step, the sigmoid ``1 / (1 + exp(-x))``, the hyperbolic tangent and the rectified linear unit;
the output layer of a single-label classifier uses the softmax. Backpropagation needs the
derivative ``phi'(h)`` evaluated at the pre-activation ``h``: every ``*_grad`` function takes the
pre-activation (not the output) and works element-wise on arrays of any shape.

All functions are written with NumPy only and are numerically stable: the sigmoid never
evaluates ``exp`` of a large positive number, the softmax subtracts the maximum first. Float32
inputs stay float32; integer inputs are converted to float64.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

__all__ = [
    "heaviside",
    "heaviside_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "identity",
    "identity_grad",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    "ACTIVATIONS",
]


def _float(x, name: str = "x") -> np.ndarray:
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged lists etc.
        raise ParameterError(f"{name} must be an array of numbers: {exc}") from exc
    if np.issubdtype(arr.dtype, np.floating):
        return arr
    if (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) and not np.iscomplexobj(arr):
        return arr.astype(np.float64)
    raise ParameterError(f"{name} must hold real numbers, got dtype {arr.dtype}")


def _axis(axis, ndim: int) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -ndim <= axis < max(ndim, 1):
        raise ParameterError(f"axis={axis!r} is out of range for an array with {ndim} dimension(s)")
    return int(axis)


# ---- Heaviside -----------------------------------------------------------------------------


def heaviside(x) -> np.ndarray:
    """The Heaviside step ``H(x) = 1 if x >= 0 else 0`` (the first artificial neuron's activation).

    With ``x = sum_i w_i x_i + b``, the neuron "fires" when the weighted sum of its inputs
    reaches the threshold ``-b``. The convention ``H(0) = 1`` is
    ``numpy.heaviside(x, 1.0)``.

    Book chapter: *Artificial neural networks* (book/nn/neuron.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    y : np.ndarray
        0.0 or 1.0, same shape as ``x``.

    Raises
    ------
    ParameterError
        If ``x`` does not hold real numbers.

    See Also
    --------
    heaviside_grad, sigmoid : its smooth version.

    Examples
    --------
    >>> from mirlab.nn import heaviside
    >>> heaviside([-2.0, 0.0, 0.5])
    array([0., 1., 1.])
    """
    x = _float(x)
    return (x >= 0).astype(x.dtype)


def heaviside_grad(x) -> np.ndarray:
    """Derivative of the Heaviside step: 0 everywhere except at 0, where it is undefined.

    Returning 0 "almost everywhere" is why a network of Heaviside neurons cannot be trained by
    gradient descent: no gradient flows through it. This is what the sigmoid fixes.

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    dy : np.ndarray
        Zeros, same shape as ``x``.

    See Also
    --------
    heaviside

    Examples
    --------
    >>> from mirlab.nn import heaviside_grad
    >>> heaviside_grad([-1.0, 2.0])
    array([0., 0.])
    """
    x = _float(x)
    return np.zeros_like(x)


# ---- sigmoid -------------------------------------------------------------------------------


def sigmoid(x) -> np.ndarray:
    """The logistic sigmoid ``sigma(x) = 1 / (1 + exp(-x))``, without overflow.

    For ``x >= 0`` it computes ``1 / (1 + exp(-x))`` and for ``x < 0`` the equal
    ``exp(x) / (1 + exp(x))``, so ``exp`` only ever sees ``-|x| <= 0``: no overflow warning for
    ``x = -1000``. Equal to :func:`scipy.special.expit` and :func:`torch.sigmoid`.

    Book chapter: *Artificial neural networks* (book/nn/neuron.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    y : np.ndarray
        Values in ``[0, 1]``, same shape as ``x``.

    Raises
    ------
    ParameterError
        If ``x`` does not hold real numbers.

    See Also
    --------
    sigmoid_grad, tanh : ``tanh(x) = 2 sigma(2x) - 1``.

    Examples
    --------
    >>> from mirlab.nn import sigmoid
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    x = _float(x)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)).astype(x.dtype, copy=False)


def sigmoid_grad(x) -> np.ndarray:
    """Derivative of the sigmoid, ``sigma'(x) = sigma(x) (1 - sigma(x))``.

    At most 1/4 (at ``x = 0``), and close to 0 for large ``|x|``: a saturated sigmoid passes
    almost no gradient back (the vanishing gradient).

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    x : array_like
        Pre-activation (not the output), any shape.

    Returns
    -------
    dy : np.ndarray
        Same shape as ``x``.

    See Also
    --------
    sigmoid

    Examples
    --------
    >>> from mirlab.nn import sigmoid_grad
    >>> sigmoid_grad([0.0])
    array([0.25])
    """
    s = sigmoid(x)
    return s * (1.0 - s)


# ---- tanh ----------------------------------------------------------------------------------


def tanh(x) -> np.ndarray:
    """The hyperbolic tangent ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)`` (:func:`numpy.tanh`).

    A sigmoid rescaled to ``(-1, 1)`` and centred on 0: ``tanh(x) = 2 sigma(2x) - 1``.

    Book chapter: *Artificial neural networks* (book/nn/neuron.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    y : np.ndarray
        Values in ``[-1, 1]``, same shape as ``x``.

    Raises
    ------
    ParameterError
        If ``x`` does not hold real numbers.

    See Also
    --------
    tanh_grad, sigmoid

    Examples
    --------
    >>> from mirlab.nn import tanh
    >>> tanh([-1000.0, 0.0, 1000.0])
    array([-1.,  0.,  1.])
    """
    return np.tanh(_float(x))


def tanh_grad(x) -> np.ndarray:
    """Derivative of tanh, ``tanh'(x) = 1 - tanh(x)^2``.

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    x : array_like
        Pre-activation (not the output), any shape.

    Returns
    -------
    dy : np.ndarray
        Same shape as ``x``.

    See Also
    --------
    tanh

    Examples
    --------
    >>> from mirlab.nn import tanh_grad
    >>> tanh_grad([0.0])
    array([1.])
    """
    t = tanh(x)
    return 1.0 - t * t


# ---- ReLU ----------------------------------------------------------------------------------


def relu(x) -> np.ndarray:
    """The rectified linear unit ``relu(x) = max(0, x)`` (half-wave rectification).

    Book chapter: *Artificial neural networks* (book/nn/neuron.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    y : np.ndarray
        Same shape as ``x``.

    Raises
    ------
    ParameterError
        If ``x`` does not hold real numbers.

    See Also
    --------
    relu_grad

    Examples
    --------
    >>> from mirlab.nn import relu
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    x = _float(x)
    return np.maximum(x, 0).astype(x.dtype, copy=False)


def relu_grad(x) -> np.ndarray:
    """Derivative of the ReLU: 1 for ``x > 0``, 0 for ``x <= 0``.

    The ReLU has no derivative at 0; like :func:`torch.relu`'s autograd, this returns
    ``relu'(0) = 0``.

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    x : array_like
        Pre-activation (not the output), any shape.

    Returns
    -------
    dy : np.ndarray
        0.0 or 1.0, same shape as ``x``.

    See Also
    --------
    relu

    Examples
    --------
    >>> from mirlab.nn import relu_grad
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    x = _float(x)
    return (x > 0).astype(x.dtype)


# ---- identity ------------------------------------------------------------------------------


def identity(x) -> np.ndarray:
    """The identity ``phi(x) = x``: a linear neuron (the usual output of a regression network).

    Book chapter: *Artificial neural networks* (book/nn/neuron.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    y : np.ndarray
        ``x`` as a float array (the same object when it already is one).

    See Also
    --------
    identity_grad

    Examples
    --------
    >>> from mirlab.nn import identity
    >>> identity([1, -2])
    array([ 1., -2.])
    """
    return _float(x)


def identity_grad(x) -> np.ndarray:
    """Derivative of the identity: ones.

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    x : array_like
        Pre-activation, any shape.

    Returns
    -------
    dy : np.ndarray
        Ones, same shape as ``x``.

    See Also
    --------
    identity

    Examples
    --------
    >>> from mirlab.nn import identity_grad
    >>> identity_grad([1.0, -2.0])
    array([1., 1.])
    """
    return np.ones_like(_float(x))


# ---- softmax -------------------------------------------------------------------------------


def softmax(x, axis: int = -1) -> np.ndarray:
    """The softmax ``softmax(x)_i = exp(x_i) / sum_j exp(x_j)`` along ``axis``.

    It turns the scores (logits) of a single-label classifier into probabilities: positive,
    summing to 1 along ``axis``. The maximum along ``axis`` is subtracted first (this does not
    change the result) so that ``exp`` never overflows. Equal to :func:`torch.softmax`.

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    x : array_like
        Scores, any shape with at least one dimension; for a batch, shape ``(batch, n_classes)``.
    axis : int
        Axis along which the probabilities sum to 1 (default: the last one, the classes).

    Returns
    -------
    p : np.ndarray
        Same shape as ``x``.

    Raises
    ------
    ParameterError
        If ``x`` is a scalar, empty, or ``axis`` is out of range.

    See Also
    --------
    log_softmax, softmax_jacobian, mirlab.nn.softmax_cross_entropy

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import softmax
    >>> softmax(np.log([1.0, 2.0, 5.0]))
    array([0.125, 0.25 , 0.625])
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    """
    x = _float(x)
    if x.ndim == 0 or x.size == 0:
        raise ParameterError(f"softmax needs an array with at least one element along an axis, got shape {x.shape}")
    axis = _axis(axis, x.ndim)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis: int = -1) -> np.ndarray:
    """The logarithm of the softmax, ``x_i - log sum_j exp(x_j)``, computed stably.

    ``np.log(softmax(x))`` gives ``-inf`` when a probability underflows to 0; this does not
    (log-sum-exp trick: ``log sum_j exp(x_j) = m + log sum_j exp(x_j - m)`` with ``m = max x``).

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    x : array_like
        Scores, at least one dimension.
    axis : int
        Axis of the classes (default: the last one).

    Returns
    -------
    logp : np.ndarray
        Same shape as ``x``, values ``<= 0``.

    Raises
    ------
    ParameterError
        If ``x`` is a scalar, empty, or ``axis`` is out of range.

    See Also
    --------
    softmax

    Examples
    --------
    >>> from mirlab.nn import log_softmax
    >>> log_softmax([0.0, 1000.0])
    array([-1000.,     0.])
    """
    x = _float(x)
    if x.ndim == 0 or x.size == 0:
        raise ParameterError(f"log_softmax needs an array with at least one element along an axis, got shape {x.shape}")
    axis = _axis(axis, x.ndim)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_jacobian(x) -> np.ndarray:
    """The Jacobian of the softmax (along the last axis), ``d p_i / d x_j = p_i (delta_ij - p_j)``.

    Book chapter: *Optimisation* (book/optim/classification.md).

    Parameters
    ----------
    x : array_like
        Scores, shape ``(..., n)``.

    Returns
    -------
    J : np.ndarray
        Shape ``(..., n, n)``: ``J[..., i, j] = d softmax(x)[..., i] / d x[..., j]``, symmetric,
        with rows summing to 0 (the probabilities always sum to 1).

    Raises
    ------
    ParameterError
        If ``x`` is a scalar or empty.

    See Also
    --------
    softmax

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import softmax_jacobian
    >>> softmax_jacobian(np.zeros(2))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    p = softmax(x, axis=-1)
    return p[..., :, np.newaxis] * (np.eye(p.shape[-1], dtype=p.dtype) - p[..., np.newaxis, :])


#: Element-wise activations by name: ``name -> (phi, phi')``, the derivative taking the
#: pre-activation. Used by :class:`mirlab.nn.Activation` and :func:`mirlab.nn.mlp`.
ACTIVATIONS = {
    "heaviside": (heaviside, heaviside_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "identity": (identity, identity_grad),
}
