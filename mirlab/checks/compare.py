"""Compare a student's output with the reference output and say *what* is wrong.

A comparison function takes ``(got, expected)`` and returns ``None`` when they agree, or a short
hint (one sentence, addressed to the student) when they do not. The hints name the symptom a
student can act on: ``None`` returned, a wrong shape, a transposed array, complex values, NaNs, a
constant scale factor, a sign error, and otherwise the largest difference and where it is.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Optional

import numpy as np

__all__ = ["allclose", "Comparison"]

Comparison = Callable[[Any, Any], Optional[str]]


def _fmt(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    if isinstance(x, (complex, np.complexfloating)):
        return f"{complex(x):.4g}"
    return repr(x)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__}"


def _as_array(got: Any) -> Optional[np.ndarray]:
    if isinstance(got, np.ndarray):
        return got if got.dtype != object and got.dtype.kind not in "USV" else None
    if isinstance(got, (str, bytes)):
        return None
    if isinstance(got, (list, tuple)) or isinstance(got, numbers.Number) or np.isscalar(got):
        try:
            arr = np.asarray(got)
        except (ValueError, TypeError):
            return None
        return arr if arr.dtype != object else None
    # Objects that convert themselves (e.g. a torch tensor on the CPU).
    if hasattr(got, "__array__"):
        try:
            return np.asarray(got)
        except Exception:  # noqa: BLE001 - any failure means "not an array"
            return None
    return None


def allclose(rtol: float = 1e-5, atol: float = 1e-8) -> Comparison:
    """Build a comparison of numbers or arrays with tolerances, as :func:`numpy.allclose`.

    Tuples are compared element by element. The returned function gives a hint that names the
    first problem found.

    Parameters
    ----------
    rtol, atol : float
        Relative and absolute tolerances.

    Returns
    -------
    compare : callable
        ``compare(got, expected) -> None | str``.
    """

    def compare(got: Any, expected: Any) -> Optional[str]:
        return _compare(got, expected, rtol, atol)

    return compare


def _compare(got: Any, expected: Any, rtol: float, atol: float) -> Optional[str]:
    if got is None and expected is not None:
        return "your function returned None: did you forget the `return` statement?"
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {_describe(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            hint = _compare(g, e, rtol, atol)
            if hint is not None:
                return f"value {i} of the returned tuple: {hint}"
        return None
    exp = np.asarray(expected)
    arr = _as_array(got)
    if arr is None:
        kind = "a number" if exp.ndim == 0 else "a NumPy array"
        return f"expected {kind}, got {_describe(got)}"
    if exp.ndim == 0 and arr.ndim != 0:
        if arr.size == 1:
            arr = arr.reshape(())
        else:
            return f"expected a single number, got an array of shape {arr.shape}"
    if arr.shape != exp.shape:
        if arr.ndim == 2 and arr.shape == exp.shape[::-1]:
            return (
                f"your array has shape {arr.shape}, the transpose of the expected {exp.shape}: "
                "check which axis is which (frames are columns)"
            )
        if arr.size == exp.size:
            return f"your array has shape {arr.shape}, expected {exp.shape} (same values, wrong layout?)"
        return f"your array has shape {arr.shape}, expected {exp.shape}"
    if np.iscomplexobj(arr) and not np.iscomplexobj(exp):
        return "your result has complex values where real ones are expected: did you forget the magnitude (np.abs)?"
    if arr.dtype == bool and exp.dtype != bool:
        return "your result is boolean (True/False) where numbers are expected"
    if not np.issubdtype(arr.dtype, np.number) and arr.dtype != bool:
        return f"your result has dtype {arr.dtype}, expected numbers"
    bad = ~np.isfinite(arr)
    if np.any(bad & np.isfinite(exp)):
        n = int(np.count_nonzero(bad & np.isfinite(exp)))
        return f"your result contains {n} NaN or infinite value(s) where finite numbers are expected"
    if np.allclose(arr, exp, rtol=rtol, atol=atol, equal_nan=True):
        return None
    return _explain_difference(arr, exp, rtol, atol)


def _explain_difference(arr: np.ndarray, exp: np.ndarray, rtol: float, atol: float) -> str:
    a = arr.astype(complex if np.iscomplexobj(arr) or np.iscomplexobj(exp) else float)
    e = exp.astype(a.dtype)
    if e.ndim == 0:
        return f"expected {_fmt(e.item())}, got {_fmt(a.item())}"
    finite = np.isfinite(e) & np.isfinite(a)
    if np.allclose(a, -e, rtol=rtol, atol=atol):
        return "your values have the opposite sign of the expected ones"
    nz = finite & (np.abs(e) > 1e-12)
    if np.any(nz) and not np.iscomplexobj(a):
        ratio = float(np.median(a[nz] / e[nz]))
        if np.isfinite(ratio) and abs(ratio) > 1e-12 and not np.isclose(ratio, 1.0, rtol=1e-3):
            if np.allclose(a, ratio * e, rtol=max(rtol, 1e-4), atol=atol):
                return (
                    f"your values are {ratio:.4g} times the expected ones: a scale factor "
                    "(normalisation, a constant, or a unit) is off"
                )
    err = np.where(finite, np.abs(a - e), 0.0)
    idx = np.unravel_index(int(np.argmax(err)), err.shape)
    n_wrong = int(np.count_nonzero(~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)))
    where = idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)
    return (
        f"{n_wrong} of {e.size} values differ from the expected ones; the largest difference is at "
        f"index {where}: expected {_fmt(e[idx])}, got {_fmt(a[idx])}"
    )
