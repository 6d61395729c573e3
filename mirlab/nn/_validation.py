"""Argument checks shared by the modules of :mod:`mirlab.nn` (private).

Every public function of :mod:`mirlab.nn` validates its arguments at the boundary with these
helpers, so that a wrong shape or value raises a :class:`~mirlab.errors.ParameterError` whose
message names the argument, the shape it has and the shape it should have.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import ParameterError


def as_float_array(x, name: str, *, dtype=None) -> np.ndarray:
    """``x`` as a non-empty, finite floating-point array (integers and booleans are converted)."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged lists etc.
        raise ParameterError(f"{name} must be an array of numbers: {exc}") from exc
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.iscomplexobj(arr):
        raise ParameterError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if arr.size == 0:
        raise ParameterError(f"{name} is empty (shape {arr.shape})")
    if not np.isfinite(arr).all():
        n_bad = int((~np.isfinite(arr)).sum())
        raise ParameterError(f"{name} contains {n_bad} NaN/inf values (shape {arr.shape})")
    return arr


def as_batch(x, name: str, n_features: int | None = None, *, dtype=None, what: str = "n_in") -> np.ndarray:
    """``x`` as a float array of shape ``(batch, n_features)``."""
    arr = as_float_array(x, name, dtype=dtype)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1 and n_features is not None and arr.shape[0] == n_features:
            hint = f"; for a single example use {name}[np.newaxis, :], of shape (1, {n_features})"
        expected = f"(batch, {what}={n_features})" if n_features is not None else "(batch, n_features)"
        raise ParameterError(f"{name} must have shape {expected}, got shape {arr.shape}{hint}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ParameterError(
            f"{name} must have shape (batch, {what}={n_features}), got shape {arr.shape} "
            f"({arr.shape[1]} columns instead of {n_features})"
        )
    return arr


def positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ParameterError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def positive_number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ParameterError(f"{name} must be a number > 0, got {value!r}")
    return float(value)


def unit_interval(value, name: str, *, closed_right: bool = False) -> float:
    """A number in ``[0, 1)`` (or ``[0, 1]`` with ``closed_right``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value) and value >= 0
    ok = ok and (value <= 1 if closed_right else value < 1)
    if not ok:
        interval = "[0, 1]" if closed_right else "[0, 1)"
        raise ParameterError(f"{name} must be a number in {interval}, got {value!r}")
    return float(value)


def as_rng(rng) -> np.random.Generator:
    """``np.random.default_rng(rng)``, with a clear error for anything else than None/int/Generator."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise ParameterError(f"rng must be None, a non-negative integer seed or a numpy Generator, got {rng!r}")
