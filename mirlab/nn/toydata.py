"""Small synthetic classification problems for the training chapters.

Book chapter: *Optimisation* (book/optim/early_stopping.md, book/optim/regularisation.md).
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

__all__ = ["noisy_moons"]


def noisy_moons(n: int, *, rng, noise: float = 0.25, flip: float = 0.1):
    """Two interleaved half-circles in 2-D, with Gaussian noise and a fraction of flipped labels.

    A problem on which a large network over-fits visibly: the flipped labels cannot be learnt,
    only memorised.

    Book chapter: *Optimisation* (book/optim/early_stopping.md).

    Parameters
    ----------
    n : int
        Number of points.
    rng : int or np.random.Generator
        Seed or generator.
    noise : float
        Standard deviation of the Gaussian noise added to the points.
    flip : float
        Fraction of labels flipped, in [0, 1).

    Returns
    -------
    X : np.ndarray, shape (n, 2)
    y : np.ndarray of int, shape (n,), values in {0, 1}

    See Also
    --------
    sklearn.datasets.make_moons : the same shapes, without label noise.

    Examples
    --------
    >>> from mirlab.nn import noisy_moons
    >>> X, y = noisy_moons(100, rng=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    if not 0 <= flip < 1:
        raise ParameterError(f"flip must be in [0, 1), got {flip!r}")
    if noise < 0:
        raise ParameterError(f"noise must be >= 0, got {noise!r}")
    rng = np.random.default_rng(rng)
    y = rng.integers(0, 2, n)
    angle = rng.uniform(0, np.pi, n)
    X = np.column_stack([np.cos(angle) + y, np.sin(angle) * (1 - 2 * y) + 0.5 * y])
    X += noise * rng.normal(size=X.shape)
    y = np.where(rng.random(n) < flip, 1 - y, y)
    return X, y
