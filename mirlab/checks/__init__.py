"""Automatic checks for the lab exercises (``check(name, func)`` under each exercise).

Book: *How to use the book and the labs* (book/intro.md). The answer key is the reference
implementation in :mod:`mirlab`; each lab's exercises and test cases are defined in
``mirlab.checks.<lab>`` (e.g. :mod:`mirlab.checks.lab00`).
"""

from .compare import allclose
from .core import (
    Case,
    CheckFailed,
    CheckResult,
    Exercise,
    Lab,
    Status,
    check,
    get_exercise,
    get_lab,
    summary,
)

__all__ = [
    "Case",
    "CheckFailed",
    "CheckResult",
    "Exercise",
    "Lab",
    "Status",
    "allclose",
    "check",
    "get_exercise",
    "get_lab",
    "summary",
]
