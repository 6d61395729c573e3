"""The check framework: run a student's function on test cases and report a status.

Statuses (see the book's introduction and ``DESIGN.md``):

* ``not started``: the function still raises ``NotImplementedError`` (the student notebook's stub);
* ``incorrect``: it returns something else than the reference, with a hint naming the problem;
* ``error in your code``: it raised an exception (shown short: type, message, the student's line)
  or ran past the time limit;
* ``passed``: every *visible* case agrees with the reference (hidden cases run for the
  instructor and in CI, with ``MIRLAB_CHECK_HIDDEN=1``);
* ``checker error``: a bug in the checking code itself, never blamed on the student; it fails CI.

Environment variables: ``MIRLAB_CHECK_STRICT=1`` makes any status but ``passed`` raise
:class:`CheckFailed` (so nbval fails on a solution notebook); ``MIRLAB_CHECK_HIDDEN=1`` also runs
the hidden cases; ``MIRLAB_CHECK_LOG=path`` appends every result to a JSON-lines file (used by the
stub test and by the grader).
"""

from __future__ import annotations

import copy
import ctypes
import enum
import html
import importlib
import json
import linecache
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .compare import Comparison, allclose

__all__ = [
    "Status",
    "Case",
    "Exercise",
    "Lab",
    "CheckResult",
    "CheckFailed",
    "check",
    "summary",
    "get_lab",
    "get_exercise",
]

_CHECKS_DIR = str(Path(__file__).resolve().parent)


class Status(str, enum.Enum):
    """Outcome of a check."""

    NOT_STARTED = "not started"
    INCORRECT = "incorrect"
    STUDENT_ERROR = "error in your code"
    PASSED = "passed"
    HARNESS_ERROR = "checker error"


_STYLE = {
    Status.NOT_STARTED: ("○", "#6c757d", "#f4f5f7"),
    Status.INCORRECT: ("✗", "#b35c00", "#fff4e5"),
    Status.STUDENT_ERROR: ("⚠", "#b02a37", "#fdecee"),
    Status.PASSED: ("✓", "#1a7f37", "#eaf7ee"),
    Status.HARNESS_ERROR: ("‼", "#6f42c1", "#f3eefc"),
}


class CheckFailed(AssertionError):
    """Raised in strict mode (``MIRLAB_CHECK_STRICT=1``) when a check does not pass."""


@dataclass(frozen=True)
class Case:
    """One input of an exercise: positional and keyword arguments, and a short description.

    ``hidden`` cases are not run for the student (only with ``MIRLAB_CHECK_HIDDEN=1``).
    """

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""
    hidden: bool = False


@dataclass
class Exercise:
    """A function-shaped exercise and what it is checked against.

    Parameters
    ----------
    name : str
        ``"<lab>.<function>"``, e.g. ``"lab00.frame"``; the student calls ``check(name, func)``.
    title : str
        One line shown in the check's header.
    reference : callable
        The answer key (a function of :mod:`mirlab`).
    cases : callable
        Returns the list of :class:`Case` (built lazily, so importing a lab costs nothing).
    compare : callable, optional
        ``compare(got, expected) -> None | hint``; default :func:`allclose`.
    wrong_answers : sequence of (callable, str)
        Known-wrong variants with the specific hint a student gets when their output matches one.
    timeout : float
        Seconds allowed per case.
    """

    name: str
    title: str
    reference: Callable
    cases: Callable[[], Sequence[Case]]
    compare: Comparison = field(default_factory=allclose)
    wrong_answers: Sequence[tuple[Callable, str]] = ()
    timeout: float = 10.0
    number: str = ""  # filled in by Lab: "0.1", "0.2", ...

    @property
    def function_name(self) -> str:
        return self.name.split(".", 1)[1]


@dataclass
class Lab:
    """The exercises of one lab, in the order they appear in its notebook."""

    id: str
    title: str
    exercises: Sequence[Exercise]

    def __post_init__(self):
        lab_number = int("".join(ch for ch in self.id if ch.isdigit()) or 0)
        for i, ex in enumerate(self.exercises, start=1):
            if not ex.name.startswith(self.id + "."):
                raise ValueError(f"exercise {ex.name!r} does not belong to lab {self.id!r}")
            ex.number = f"{lab_number}.{i}"

    def exercise(self, name: str) -> Exercise:
        for ex in self.exercises:
            if ex.name == name:
                return ex
        raise KeyError(name)


def get_lab(lab_id: str) -> Lab:
    """Return the :class:`Lab` defined in ``mirlab.checks.<lab_id>``."""
    if not lab_id.isidentifier():
        raise KeyError(lab_id)
    try:
        module = importlib.import_module(f"{__package__}.{lab_id}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__package__}.{lab_id}":
            raise KeyError(lab_id) from None
        raise
    return module.LAB


def get_exercise(name: str) -> Exercise:
    """Return the :class:`Exercise` called ``name`` (``"lab00.frame"``)."""
    lab_id, _, _ = name.partition(".")
    return get_lab(lab_id).exercise(name)


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class CheckResult:
    """What a check found. Displays as HTML in Jupyter and as text elsewhere."""

    name: str
    status: Status
    message: str
    number: str = ""
    title: str = ""
    n_visible: int = 0
    n_hidden: int = 0
    hidden_run: bool = False
    detail: str = ""  # short extra text (the student's failing line, the case)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def headline(self) -> str:
        who = f"Exercise {self.number}" if self.number else "Check"
        fn = self.name.split(".", 1)[-1]
        return f"{who} `{fn}`: {self.status.value}"

    def __str__(self) -> str:
        icon = _STYLE[self.status][0]
        lines = [f"{icon} {self.headline()}", f"  {self.message}"]
        if self.detail:
            lines += ["  " + line for line in self.detail.splitlines()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        icon, color, bg = _STYLE[self.status]
        detail = (
            f'<pre style="margin:.4em 0 0 0;white-space:pre-wrap;font-size:90%">{html.escape(self.detail)}</pre>'
            if self.detail
            else ""
        )
        return (
            f'<div class="mirlab-check mirlab-check-{self.status.name.lower()}" '
            f'style="border-left:6px solid {color};background:{bg};padding:.5em .8em;margin:.3em 0;'
            f'border-radius:4px;color:#222">'
            f'<strong style="color:{color}">{icon} {html.escape(self.headline())}</strong>'
            f'<div style="margin-top:.2em">{html.escape(self.message)}</div>{detail}</div>'
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "number": self.number,
            "status": self.status.value,
            "message": self.message,
            "n_visible": self.n_visible,
            "n_hidden": self.n_hidden,
            "hidden_run": self.hidden_run,
        }


_LAST: dict[str, CheckResult] = {}


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# --------------------------------------------------------------------------------------------
# Running one call with a time limit


class _CaseTimeout(BaseException):
    """Raised inside the student's code by the alarm; a BaseException so `except Exception` in
    the student's code does not swallow it."""


def _call_with_timeout(func: Callable, args: tuple, kwargs: dict, timeout: float):
    """Call ``func``; return ``("ok", value)``, ``("raised", exc)`` or ``("timeout", None)``.

    In the main thread (a Jupyter kernel runs cells there) a SIGALRM timer interrupts the
    student's code at the next Python instruction; a timer and handler already installed (e.g.
    by pytest-timeout) are restored afterwards. Elsewhere the call runs in a daemon thread, which
    gets an asynchronous exception when the time is up.
    """
    if (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) is not None  # None: a handler set from C, leave it
    ):
        def _on_alarm(signum, frame):
            raise _CaseTimeout()

        previous = signal.signal(signal.SIGALRM, _on_alarm)
        prev_delay, prev_interval = signal.setitimer(signal.ITIMER_REAL, timeout)
        started = time.monotonic()
        try:
            return "ok", func(*args, **kwargs)
        except _CaseTimeout:
            return "timeout", None
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - the student's error, reported, never re-raised
            return "raised", exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if prev_delay > 0:  # give the outer timer back what is left of it
                left = max(prev_delay - (time.monotonic() - started), 1e-3)
                signal.setitimer(signal.ITIMER_REAL, left, prev_interval)
    box: dict[str, Any] = {}

    def _target():
        try:
            box["value"] = func(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            box["exc"] = exc

    worker = threading.Thread(target=_target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        # Stop a pure-Python loop: raise _CaseTimeout inside the worker at its next instruction.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_CaseTimeout))
        worker.join(1.0)
        return "timeout", None
    if "exc" in box:
        return "raised", box["exc"]
    return "ok", box.get("value")


def _student_frame(exc: BaseException) -> str:
    """The last line of the traceback that is not in the checking code, as 'line N: code'."""
    frames = [
        fr for fr in traceback.extract_tb(exc.__traceback__)
        if not str(Path(fr.filename).resolve()).startswith(_CHECKS_DIR)
    ]
    if not frames:
        return ""
    fr = frames[-1]
    code = (fr.line or linecache.getline(fr.filename, fr.lineno) or "").strip()
    where = f"in {fr.name}(), line {fr.lineno}"
    return f"{where}: {code}" if code else where


def _short_exc(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(msg) > 300:
        msg = msg[:297] + "..."
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _snapshot(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - an uncopyable argument is passed as is
        return value


def _mutated(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray) and isinstance(after, np.ndarray):
        return before.shape != after.shape or not np.array_equal(before, after, equal_nan=True)
    return False


# --------------------------------------------------------------------------------------------
# The check


def _finish(result: CheckResult) -> CheckResult:
    _LAST[result.name] = result
    log = os.environ.get("MIRLAB_CHECK_LOG")
    if log:
        try:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(result.to_dict()) + "\n")
        except OSError:
            pass  # logging must never break a student's notebook
    if _env_flag("MIRLAB_CHECK_STRICT") and not result.passed:
        raise CheckFailed(str(result))
    return result


def _harness_error(name: str, what: str, exc: Optional[BaseException] = None, **kw) -> CheckResult:
    detail = ""
    if exc is not None:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return CheckResult(
        name=name,
        status=Status.HARNESS_ERROR,
        message=(
            f"The checker itself failed ({what}). This is not your fault: please report it to the "
            "course team (issue tracker of the course repository)."
        ),
        detail=detail,
        **kw,
    )


def check(name: str, func: Any) -> CheckResult:
    """Check a student's implementation of an exercise against the reference.

    Parameters
    ----------
    name : str
        The exercise, ``"<lab>.<function>"`` (e.g. ``"lab00.frame"``).
    func : callable
        The student's function.

    Returns
    -------
    result : CheckResult
        Displayed as a coloured box in Jupyter; ``result.status`` is a :class:`Status`.

    Raises
    ------
    CheckFailed
        Only in strict mode (``MIRLAB_CHECK_STRICT=1``), when the status is not ``passed``.

    Examples
    --------
    >>> from mirlab import spectral
    >>> from mirlab.checks import check
    >>> check("lab00.hann_window", spectral.hann_window).status.value
    'passed'
    """
    try:
        ex = get_exercise(name)
    except KeyError:
        return _finish(_harness_error(name, f"there is no exercise called {name!r}"))
    except Exception as exc:  # noqa: BLE001
        return _finish(_harness_error(name, "the exercise definitions could not be loaded", exc))
    try:
        return _finish(_run(ex, func))
    except CheckFailed:
        raise
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a bug in the checker, never a traceback
        return _finish(_harness_error(name, "unexpected error while checking", exc,
                                      number=ex.number, title=ex.title))


def _run(ex: Exercise, func: Any) -> CheckResult:
    run_hidden = _env_flag("MIRLAB_CHECK_HIDDEN")
    base = dict(name=ex.name, number=ex.number, title=ex.title)

    def result(status: Status, message: str, detail: str = "", **kw) -> CheckResult:
        return CheckResult(status=status, message=message, detail=detail, hidden_run=run_hidden,
                           **base, **kw)

    if not callable(func):
        return result(Status.INCORRECT,
                      f"expected your function `{ex.function_name}`, got {type(func).__name__} "
                      f"{func!r:.60}")
    try:
        all_cases = list(ex.cases())
    except Exception as exc:  # noqa: BLE001
        return _harness_error(ex.name, "its test cases could not be built", exc, number=ex.number,
                              title=ex.title)
    visible = [c for c in all_cases if not c.hidden]
    hidden = [c for c in all_cases if c.hidden]
    cases = visible + (hidden if run_hidden else [])

    for i, case in enumerate(cases, start=1):
        where = f"case {i}" + (f" ({case.label})" if case.label else "") + (" [hidden]" if case.hidden else "")
        try:
            expected = ex.reference(*_snapshot(case.args), **_snapshot(case.kwargs))
        except Exception as exc:  # noqa: BLE001
            return _harness_error(ex.name, f"the reference failed on {where}", exc,
                                  number=ex.number, title=ex.title)
        args, kwargs = _snapshot(case.args), _snapshot(case.kwargs)
        pristine = _snapshot(args)
        outcome, value = _call_with_timeout(func, args, kwargs, ex.timeout)
        if outcome == "timeout":
            return result(Status.STUDENT_ERROR,
                          f"your function ran for more than {ex.timeout:g} s on {where} and was "
                          "stopped: is there an infinite loop, or a Python loop over every sample?")
        if outcome == "raised":
            if isinstance(value, NotImplementedError):
                return result(Status.NOT_STARTED,
                              f"replace `raise NotImplementedError(...)` in `{ex.function_name}` "
                              "with your code, run the cell, then run this check again.")
            return result(Status.STUDENT_ERROR,
                          f"your function raised {_short_exc(value)} on {where}.",
                          detail=_student_frame(value))
        for j, (before, after) in enumerate(zip(pristine, args)):
            if _mutated(before, after):
                return result(Status.INCORRECT,
                              f"your function modified its argument number {j + 1} in place on "
                              f"{where}; work on a copy (e.g. `y = y.copy()`) or build a new array.")
        hint = ex.compare(value, expected)
        if hint is not None:
            hint = _specific_hint(ex, case, value) or hint
            return result(Status.INCORRECT, f"{where}: {hint}.")

    n_vis, n_hid = len(visible), len(hidden)
    if run_hidden:
        msg = f"all {n_vis} visible and {n_hid} hidden checks passed."
    else:
        msg = f"visible checks passed ({n_vis} case{'s' if n_vis != 1 else ''})."
        if n_hid:
            msg += f" {n_hid} hidden case{'s' if n_hid != 1 else ''} will be run when your lab is graded."
    return result(Status.PASSED, msg, n_visible=n_vis, n_hidden=n_hid)


def _specific_hint(ex: Exercise, case: Case, got: Any) -> Optional[str]:
    """If the output matches a known-wrong variant, return that variant's hint."""
    for wrong, hint in ex.wrong_answers:
        try:
            with np.errstate(all="ignore"):
                out = wrong(*_snapshot(case.args), **_snapshot(case.kwargs))
            if ex.compare(got, out) is None:
                return hint
        except Exception:  # noqa: BLE001 - a variant that fails on this case just does not match
            continue
    return None


# --------------------------------------------------------------------------------------------
# Summary


@dataclass
class LabSummary:
    """The status of every exercise of a lab in this session (HTML table in Jupyter)."""

    lab: Lab
    rows: list[tuple[Exercise, Optional[CheckResult]]]

    @property
    def n_passed(self) -> int:
        return sum(1 for _, r in self.rows if r is not None and r.passed)

    def _status(self, r: Optional[CheckResult]) -> str:
        return r.status.value if r is not None else "not checked yet"

    def __str__(self) -> str:
        lines = [f"{self.lab.id}: {self.lab.title} - {self.n_passed}/{len(self.rows)} exercises passed (visible checks)"]
        for ex, r in self.rows:
            icon = _STYLE[r.status][0] if r is not None else "·"
            lines.append(f"  {icon} {ex.number:>5}  {ex.function_name:<28} {self._status(r)}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        body = []
        for ex, r in self.rows:
            icon, color, _ = _STYLE[r.status] if r is not None else ("·", "#6c757d", "")
            body.append(
                f"<tr><td>{ex.number}</td><td><code>{html.escape(ex.function_name)}</code></td>"
                f"<td>{html.escape(ex.title)}</td>"
                f'<td style="color:{color}"><strong>{icon} {html.escape(self._status(r))}</strong></td></tr>'
            )
        return (
            f'<div class="mirlab-summary"><strong>{html.escape(self.lab.id)}: {html.escape(self.lab.title)}'
            f"</strong> &mdash; {self.n_passed}/{len(self.rows)} exercises passed (visible checks)"
            "<table><thead><tr><th>Exercise</th><th>Function</th><th>Task</th><th>Status</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )


def summary(lab_id: str) -> LabSummary:
    """Summarise the latest check of every exercise of a lab in this session.

    Parameters
    ----------
    lab_id : str
        E.g. ``"lab00"``.

    Returns
    -------
    LabSummary
        Displayed as a table in Jupyter, as text elsewhere.
    """
    lab = get_lab(lab_id)
    return LabSummary(lab, [(ex, _LAST.get(ex.name)) for ex in lab.exercises])
