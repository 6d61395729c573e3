"""Two-dimensional test functions, to watch optimisers move on a contour plot.

Book chapter: *Optimisation* (book/optim/gradient_descent.md, book/optim/adaptive.md).

Each function takes a point ``p = (x, y)`` and returns ``(value, gradient)``. The point may also
be an array of shape ``(2, ...)`` (``np.stack([X, Y])`` of a meshgrid): the value then has shape
``(...)`` and the gradient ``(2, ...)``, which is what a contour plot needs.

* :func:`rosenbrock`: a curved, flat-bottomed valley (minimum ``(1, 1)``): easy to reach the
  valley, slow to follow it.
* :func:`ravine`: an ill-conditioned quadratic (minimum ``(0, 0)``): plain gradient descent
  zigzags across the steep direction, momentum and adaptive rates do not.
* :func:`himmelblau`: four local minima of equal value: where you end depends on where you start.

:data:`MINIMA` lists the minima of each, for the plots.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ._validation import as_float_array, positive_int

__all__ = ["rosenbrock", "ravine", "himmelblau", "optimize_2d", "MINIMA"]


def _xy(p):
    p = as_float_array(p, "p", dtype=np.float64)
    if p.ndim == 0 or p.shape[0] != 2:
        raise ParameterError(f"p must be a point (x, y) of shape (2,) or a grid of shape (2, ...), got shape {p.shape}")
    return p[0], p[1]


def rosenbrock(p, *, a: float = 1.0, b: float = 100.0):
    """Rosenbrock's banana function ``f(x, y) = (a - x)^2 + b (y - x^2)^2``.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md).

    Parameters
    ----------
    p : array_like
        Point ``(x, y)``, shape ``(2,)``, or grid, shape ``(2, ...)``.
    a, b : float
        Shape parameters; the minimum is ``f(a, a^2) = 0``.

    Returns
    -------
    value : float or np.ndarray
    grad : np.ndarray
        ``(df/dx, df/dy)``, shape of ``p``.

    Raises
    ------
    ParameterError
        If ``p`` does not have 2 entries along its first axis.

    See Also
    --------
    ravine, himmelblau, optimize_2d

    Examples
    --------
    >>> from mirlab.nn import rosenbrock
    >>> rosenbrock([1.0, 1.0])
    (0.0, array([0., 0.]))
    >>> rosenbrock([0.0, 1.0])
    (101.0, array([ -2., 200.]))
    """
    x, y = _xy(p)
    value = (a - x) ** 2 + b * (y - x * x) ** 2
    grad = np.stack([-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)])
    return (float(value) if np.ndim(value) == 0 else value), grad + 0.0  # + 0.0: no -0.0


def ravine(p, *, condition: float = 25.0):
    """An ill-conditioned quadratic ``f(x, y) = (x^2 + condition * y^2) / 2``.

    The curvature along ``y`` is ``condition`` times the one along ``x``: a learning rate small
    enough not to diverge across the ravine (``eta < 2 / condition``) crawls along it.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md).

    Parameters
    ----------
    p : array_like
        Point ``(x, y)``, shape ``(2,)``, or grid, shape ``(2, ...)``.
    condition : float
        Ratio of the two curvatures (the condition number of the Hessian), > 0.

    Returns
    -------
    value : float or np.ndarray
    grad : np.ndarray
        ``(x, condition * y)``.

    See Also
    --------
    rosenbrock, himmelblau

    Examples
    --------
    >>> from mirlab.nn import ravine
    >>> ravine([2.0, 1.0], condition=10.0)
    (7.0, array([ 2., 10.]))
    """
    x, y = _xy(p)
    value = 0.5 * (x * x + condition * y * y)
    grad = np.stack([x, condition * y])
    return (float(value) if np.ndim(value) == 0 else value), grad + 0.0  # + 0.0: no -0.0


def himmelblau(p):
    """Himmelblau's function ``f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2``: four minima.

    The four local minima all have ``f = 0``: ``(3, 2)``, ``(-2.805118, 3.131312)``,
    ``(-3.779310, -3.283186)`` and ``(3.584428, -1.848126)``.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md).

    Parameters
    ----------
    p : array_like
        Point ``(x, y)``, shape ``(2,)``, or grid, shape ``(2, ...)``.

    Returns
    -------
    value : float or np.ndarray
    grad : np.ndarray

    See Also
    --------
    rosenbrock, ravine

    Examples
    --------
    >>> from mirlab.nn import himmelblau
    >>> himmelblau([3.0, 2.0])
    (0.0, array([0., 0.]))
    """
    x, y = _xy(p)
    u = x * x + y - 11.0
    v = x + y * y - 7.0
    value = u * u + v * v
    grad = np.stack([4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v])
    return (float(value) if np.ndim(value) == 0 else value), grad + 0.0  # + 0.0: no -0.0


#: Global and local minima of each function (default parameters), for plots.
MINIMA = {
    "rosenbrock": np.array([[1.0, 1.0]]),
    "ravine": np.array([[0.0, 0.0]]),
    "himmelblau": np.array(
        [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
    ),
}


def optimize_2d(optimizer_cls, f, x0, n_steps: int, **hyper) -> np.ndarray:
    """Run an optimiser on a 2-D function and return the trajectory.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md, book/optim/adaptive.md).

    Parameters
    ----------
    optimizer_cls : type
        An optimiser class of :mod:`mirlab.nn.optim` (``SGD``, ``Adam``, ...).
    f : callable
        ``f(p) -> (value, grad)``, e.g. :func:`rosenbrock`.
    x0 : array_like
        Starting point, shape ``(2,)``.
    n_steps : int
        Number of optimiser steps.
    **hyper
        Hyper-parameters of the optimiser (``lr=..., momentum=...``).

    Returns
    -------
    trajectory : np.ndarray
        Shape ``(n_steps + 1, 2)``: the start, then the point after each step. If the iterates
        diverge (a non-finite value), the trajectory stops there (fewer rows).

    Raises
    ------
    ParameterError
        If ``x0`` is not a point of shape ``(2,)`` or ``n_steps`` is not a positive integer.

    See Also
    --------
    rosenbrock, ravine, himmelblau

    Examples
    --------
    >>> from mirlab.nn import SGD, ravine, optimize_2d
    >>> traj = optimize_2d(SGD, ravine, [1.0, 1.0], 50, lr=0.05, momentum=0.9)
    >>> traj.shape
    (51, 2)
    >>> bool(ravine(traj[-1])[0] < 1e-2 * ravine(traj[0])[0])
    True
    """
    point = np.array(as_float_array(x0, "x0", dtype=np.float64))
    if point.shape != (2,):
        raise ParameterError(f"x0 must be a point (x, y) of shape (2,), got shape {point.shape}")
    n_steps = positive_int(n_steps, "n_steps")
    params = {"p": point}
    opt = optimizer_cls(params, **hyper)
    trajectory = [point.copy()]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run just stops
        for _ in range(n_steps):
            _, grad = f(point)
            if not np.all(np.isfinite(grad)):
                break
            opt.step({"p": grad})
            if not np.all(np.isfinite(point)):
                break
            trajectory.append(point.copy())
    return np.array(trajectory)
