"""Finite differences: the slow, simple gradient used to check backpropagation.

Book chapter: *Optimisation* (book/optim/finite_differences.md, book/nn/backprop.md).

The central difference ``dL/dtheta_i ~ (L(theta_i + h) - L(theta_i - h)) / (2h)`` has an error in
``O(h^2)`` but needs two evaluations of ``L`` per parameter: far too slow to train with, exactly
right to check a hand-written backward pass. In float64 with ``h = 1e-6`` a correct gradient
agrees to a relative error of about ``1e-9`` or better (the truncation error is ~``h^2`` and
the rounding error ~``1e-16 / h``); an error above ``1e-5`` is a bug. Kinks (ReLU at 0, hinge
at the margin) must be avoided: there the two one-sided derivatives differ.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ._validation import as_float_array, as_rng, positive_number
from .layers import grad_dict, param_dict

__all__ = ["numerical_gradient", "relative_error", "check_layer_gradients", "check_loss_gradient"]


def numerical_gradient(f, x: np.ndarray, *, h: float = 1e-6) -> np.ndarray:
    """Gradient of a scalar function by central differences, perturbing ``x`` in place.

    For each entry ``x_i`` (in turn): set ``x_i + h``, evaluate ``f(x)``, set ``x_i - h``,
    evaluate, restore ``x_i`` exactly. Because the perturbation is done in place, ``x`` can be a
    parameter array of a model that ``f`` reads (``f`` may ignore its argument).

    Book chapter: *Optimisation* (book/optim/finite_differences.md).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : np.ndarray
        Float64 array, modified during the call and restored at the end (also on error).
    h : float
        Step, > 0.

    Returns
    -------
    grad : np.ndarray
        ``(f(x + h e_i) - f(x - h e_i)) / (2h)`` for every ``i``, shape of ``x``, float64.

    Raises
    ------
    ParameterError
        If ``x`` is not a writable float64 array, or ``f`` does not return a finite scalar.

    See Also
    --------
    relative_error, check_layer_gradients, check_loss_gradient

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import numerical_gradient
    >>> x = np.array([1.0, 2.0])
    >>> g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    >>> np.round(g, 6)    # 3 x^2
    array([ 3., 12.])
    >>> x                 # restored
    array([1., 2.])
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise ParameterError(
            f"x must be a float64 numpy array (it is perturbed in place; float32 is too coarse for "
            f"finite differences), got {got}"
        )
    if not x.flags.writeable:
        raise ParameterError("x must be writable: it is perturbed in place")
    h = positive_number(h, "h")

    def value() -> float:
        out = np.asarray(f(x), dtype=np.float64)
        if out.size != 1 or not np.isfinite(out).all():
            raise ParameterError(f"f must return one finite number, got {out!r}")
        return float(out.reshape(()))

    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            f_plus = value()
            x[idx] = old - h
            f_minus = value()
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b) -> float:
    """``max |a - b| / max(|a| + |b|)`` (0 when both are 0): how far two gradients disagree.

    Relative to the size of the gradient, so it means the same for small and large gradients;
    the maximum is taken over all entries so a single wrong entry shows up.

    Book chapter: *Optimisation* (book/optim/finite_differences.md).

    Parameters
    ----------
    a, b : array_like
        Same shape.

    Returns
    -------
    err : float
        In ``[0, 1]``.

    Raises
    ------
    ParameterError
        If the shapes differ.

    See Also
    --------
    numerical_gradient

    Examples
    --------
    >>> from mirlab.nn import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0, 2.0], [1.0, 2.2]), 6)    # 0.2 / 4.2
    0.047619
    """
    a = as_float_array(a, "a", dtype=np.float64)
    b = as_float_array(b, "b", dtype=np.float64)
    if a.shape != b.shape:
        raise ParameterError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - b)) / scale)


def check_layer_gradients(layer, x, *, h: float = 1e-6, rng=0) -> dict:
    """Compare a layer's (or a model's) backward pass with finite differences.

    The scalar checked is ``L = sum(G * layer.forward(x))`` with a fixed random ``G``, so that
    ``dL/d(output) = G``: ``layer.backward(G)`` must return ``dL/dx`` and leave ``dL/dparam`` in
    the gradients, and both are compared with :func:`numerical_gradient`.

    Book chapter: *Artificial neural networks* (book/nn/backprop.md).

    Parameters
    ----------
    layer : Layer or Sequential
        Float64 parameters. It must be deterministic: a :class:`~mirlab.nn.Dropout` in training
        mode needs a ``fixed_mask`` (or use evaluation mode).
    x : array_like
        An input batch (converted to float64; avoid kinks such as ReLU's 0).
    h : float
        Finite-difference step.
    rng : None, int or numpy.random.Generator
        Seed of ``G``.

    Returns
    -------
    errors : dict of str to float
        :func:`relative_error` for ``"x"`` and for every parameter (keys of the layer's
        ``params``). The layer's gradients are left as computed by the backward pass.

    Raises
    ------
    ParameterError
        If a parameter is not float64, or from the layer's own validation.

    See Also
    --------
    check_loss_gradient, numerical_gradient

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Dense, check_layer_gradients
    >>> errors = check_layer_gradients(Dense(3, 2, rng=0), np.random.default_rng(1).normal(size=(4, 3)))
    >>> sorted(errors), max(errors.values()) < 1e-7
    (['W', 'b', 'x'], True)
    """
    x = np.array(as_float_array(x, "x", dtype=np.float64))  # own copy: perturbed in place
    params = param_dict(layer)
    for k, p in params.items():
        if p.dtype != np.float64:
            raise ParameterError(f"parameter {k!r} is {p.dtype}; gradient checks need float64 parameters")
    G = as_rng(rng).standard_normal(np.shape(layer.forward(x)))

    def objective(_=None) -> float:
        return float(np.sum(G * layer.forward(x)))

    layer.zero_grad()
    layer.forward(x)
    dx = layer.backward(G)
    analytic = {k: g.copy() for k, g in grad_dict(layer).items()}
    errors = {"x": relative_error(dx, numerical_gradient(objective, x, h=h))}
    for k, p in params.items():
        errors[k] = relative_error(analytic[k], numerical_gradient(objective, p, h=h))
    return errors


def check_loss_gradient(loss, y, t, *, h: float = 1e-6) -> dict:
    """Compare a loss's gradient with finite differences.

    Book chapter: *Optimisation* (book/optim/finite_differences.md).

    Parameters
    ----------
    loss : callable
        ``loss(y, t) -> (value, grad)``, e.g. :func:`mirlab.nn.mse`.
    y : array_like
        Predictions (converted to float64; avoid kinks such as the hinge's margin).
    t : array_like
        Targets.
    h : float
        Finite-difference step.

    Returns
    -------
    errors : dict
        ``{"y": relative error between the returned gradient and the numerical one}``.

    See Also
    --------
    check_layer_gradients, numerical_gradient

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import softmax_cross_entropy, check_loss_gradient
    >>> y = np.random.default_rng(0).normal(size=(5, 3))
    >>> check_loss_gradient(softmax_cross_entropy, y, np.array([0, 1, 2, 1, 0]))["y"] < 1e-7
    True
    """
    y = np.array(as_float_array(y, "y", dtype=np.float64))
    _, grad = loss(y, t)
    numerical = numerical_gradient(lambda v: loss(v, t)[0], y, h=h)
    return {"y": relative_error(grad, numerical)}
