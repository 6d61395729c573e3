"""The check framework: statuses, hints, time limits, strict mode, logging and rendering."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mirlab.checks import Case, CheckFailed, Exercise, Lab, Status, check, get_lab, summary
from mirlab.checks import core
from mirlab.checks.compare import allclose
from mirlab.labs.build import find_sources


@pytest.fixture(autouse=True)
def lenient(monkeypatch):
    """Checks in these tests report, they do not raise (the Makefile sets strict mode for CI)."""
    monkeypatch.delenv("MIRLAB_CHECK_STRICT", raising=False)
    monkeypatch.delenv("MIRLAB_CHECK_LOG", raising=False)
    monkeypatch.setenv("MIRLAB_CHECK_HIDDEN", "1")


ROOT = Path(__file__).resolve().parents[1]
ALL_LABS = [src.lab_id for src in find_sources(ROOT)]  # every lab that has a source


def _exercises():
    return [ex for lab in ALL_LABS for ex in get_lab(lab).exercises]


@pytest.mark.parametrize("ex", _exercises(), ids=lambda ex: ex.name)
def test_reference_passes_visible_and_hidden(ex):
    result = check(ex.name, ex.reference)
    assert result.status is Status.PASSED, str(result)
    assert result.n_hidden >= 1 and result.n_visible >= 2
    assert "hidden" in result.message


@pytest.mark.parametrize("ex", _exercises(), ids=lambda ex: ex.name)
def test_each_exercise_has_visible_and_hidden_cases(ex):
    cases = list(ex.cases())
    assert sum(not c.hidden for c in cases) >= 2
    assert sum(c.hidden for c in cases) >= 1
    assert all(c.label for c in cases)


_WRONG = [(ex, wrong, hint) for ex in _exercises() for wrong, hint in ex.wrong_answers]


@pytest.mark.parametrize(
    "ex, wrong, hint", _WRONG, ids=[f"{ex.name}-{i}" for i, (ex, _, _) in enumerate(_WRONG)]
)
def test_known_wrong_variant_gets_its_hint(ex, wrong, hint):
    with np.errstate(all="ignore"):
        result = check(ex.name, wrong)
    assert result.status is Status.INCORRECT, str(result)
    assert hint in result.message


def test_not_started_stub():
    def frame(y, frame_length, hop_length):
        raise NotImplementedError("Exercise 0.1")

    result = check("lab00.frame", frame)
    assert result.status is Status.NOT_STARTED
    assert "NotImplementedError" in result.message


def test_student_exception_is_short_and_names_the_line():
    def frame(y, frame_length, hop_length):
        return y.reshape(frame_length, -1, 3)

    result = check("lab00.frame", frame)
    assert result.status is Status.STUDENT_ERROR
    assert "ValueError" in result.message
    assert "y.reshape(frame_length, -1, 3)" in result.detail
    assert "Traceback" not in str(result)
    assert "mirlab/checks" not in str(result)


def test_system_exit_in_student_code_is_reported_not_raised():
    def hz_to_mel(f):
        raise SystemExit(3)

    result = check("lab00.hz_to_mel", hz_to_mel)
    assert result.status is Status.STUDENT_ERROR
    assert "SystemExit" in result.message


def test_hanging_function_is_stopped(monkeypatch):
    monkeypatch.setattr(get_lab("lab00").exercise("lab00.hann_window"), "timeout", 0.5)

    def hann_window(n):
        while True:
            pass

    start = time.perf_counter()
    result = check("lab00.hann_window", hann_window)
    assert time.perf_counter() - start < 5
    assert result.status is Status.STUDENT_ERROR
    assert "more than 0.5 s" in result.message


def test_hanging_function_is_stopped_outside_the_main_thread(monkeypatch):
    monkeypatch.setattr(get_lab("lab00").exercise("lab00.hann_window"), "timeout", 0.5)
    iterations = []

    def hann_window(n):
        while True:
            iterations.append(1)

    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("r", check("lab00.hann_window", hann_window)))
    worker.start()
    worker.join(10)
    assert box["r"].status is Status.STUDENT_ERROR
    time.sleep(0.2)
    n = len(iterations)
    time.sleep(0.2)
    assert len(iterations) == n, "the student's loop is still running in the background"


def test_an_outer_alarm_timer_is_restored(monkeypatch):
    """pytest-timeout (or any caller) may have its own SIGALRM timer: it must survive a check."""
    import signal

    monkeypatch.setattr(get_lab("lab00").exercise("lab00.hann_window"), "timeout", 0.3)
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    old = signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        result = check("lab00.hann_window", lambda n: time.sleep(2))
        assert result.status is Status.STUDENT_ERROR and "more than 0.3 s" in result.message
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
        delay, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3.0 < delay < 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, *old)
        signal.signal(signal.SIGALRM, previous)


def test_student_catching_everything_cannot_swallow_the_time_limit(monkeypatch):
    monkeypatch.setattr(get_lab("lab00").exercise("lab00.hann_window"), "timeout", 0.5)

    def hann_window(n):
        for _ in range(10**9):
            try:
                time.sleep(0.01)
            except Exception:
                pass

    result = check("lab00.hann_window", hann_window)
    assert result.status is Status.STUDENT_ERROR


@pytest.mark.parametrize(
    "answer, expected_hint",
    [
        (lambda y, fl, hop: None, "returned None"),
        (lambda y, fl, hop: "frames", "expected a NumPy array"),
        (lambda y, fl, hop: np.zeros((3, 3)), "expected (4, 4)"),
        (lambda y, fl, hop: np.full((4, 4), np.nan), "NaN"),
    ],
)
def test_generic_hints(answer, expected_hint):
    result = check("lab00.frame", answer)
    assert result.status is Status.INCORRECT
    assert expected_hint in result.message
    assert "case 1" in result.message


def test_not_a_function():
    result = check("lab00.frame", 42)
    assert result.status is Status.INCORRECT
    assert "expected your function `frame`" in result.message


def test_scale_and_sign_hints():
    from mirlab import spectral

    def twice(n):
        return 2 * spectral.hann_window(n)

    def negative(n):
        return -spectral.hann_window(n)

    assert "2 times the expected" in check("lab00.hann_window", twice).message
    assert "opposite sign" in check("lab00.hann_window", negative).message


def test_mutating_the_input_is_reported():
    from mirlab import spectral

    def amplitude_to_db(S, amin=1e-5):
        np.maximum(S, amin, out=S)
        return 20 * np.log10(S)

    result = check("lab00.amplitude_to_db", amplitude_to_db)
    assert result.status is Status.INCORRECT
    assert "modified its argument number 1 in place" in result.message
    assert spectral is not None


def test_unknown_exercise_is_a_harness_error():
    result = check("lab00.no_such_function", lambda: None)
    assert result.status is Status.HARNESS_ERROR
    assert "not your fault" in result.message
    result = check("lab99.frame", lambda: None)
    assert result.status is Status.HARNESS_ERROR


def test_broken_reference_is_a_harness_error(monkeypatch):
    def broken(n):
        raise RuntimeError("bug in the answer key")

    ex = Exercise("lab00.hann_window", "t", broken, lambda: [Case((4,), label="n=4")])
    monkeypatch.setattr(core, "get_exercise", lambda name: ex)
    result = check("lab00.hann_window", np.hanning)
    assert result.status is Status.HARNESS_ERROR
    assert "bug in the answer key" in result.detail


def test_broken_comparison_is_a_harness_error(monkeypatch):
    def compare(got, expected):
        raise ZeroDivisionError("oops")

    ex = Exercise("lab00.hann_window", "t", np.ones, lambda: [Case((4,), label="n=4")], compare=compare)
    monkeypatch.setattr(core, "get_exercise", lambda name: ex)
    result = check("lab00.hann_window", np.ones)
    assert result.status is Status.HARNESS_ERROR
    assert "ZeroDivisionError" in result.detail


def test_hidden_cases_only_run_when_asked(monkeypatch):
    monkeypatch.delenv("MIRLAB_CHECK_HIDDEN")
    ex = get_lab("lab00").exercise("lab00.frame")
    n_visible = sum(not c.hidden for c in ex.cases())
    calls = []

    def frame(y, frame_length, hop_length):
        calls.append(1)
        return ex.reference(y, frame_length, hop_length)

    result = check("lab00.frame", frame)
    assert result.status is Status.PASSED
    assert len(calls) == n_visible
    assert result.message.startswith("visible checks passed")
    assert "all tests passed" not in result.message.lower()


def test_strict_mode_raises_on_anything_but_passed(monkeypatch):
    monkeypatch.setenv("MIRLAB_CHECK_STRICT", "1")
    with pytest.raises(CheckFailed, match="not started"):
        check("lab00.frame", lambda y, fl, hop: (_ for _ in ()).throw(NotImplementedError()))
    with pytest.raises(CheckFailed, match="incorrect"):
        check("lab00.frame", lambda y, fl, hop: None)
    ex = get_lab("lab00").exercise("lab00.frame")
    assert check("lab00.frame", ex.reference).passed


def test_log_file_records_each_result(tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("MIRLAB_CHECK_LOG", str(log))
    check("lab00.frame", lambda y, fl, hop: None)
    check("lab00.hann_window", get_lab("lab00").exercise("lab00.hann_window").reference)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["name"], r["status"]) for r in records] == [
        ("lab00.frame", "incorrect"),
        ("lab00.hann_window", "passed"),
    ]


def test_rendering_html_and_text():
    result = check("lab00.frame", lambda y, fl, hop: None)
    text, page = str(result), result._repr_html_()
    assert "Exercise 0.1 `frame`: incorrect" in text
    assert "mirlab-check-incorrect" in page and "returned None" in page
    assert "<script" not in page


def test_summary_lists_every_exercise_with_its_latest_status():
    lab = get_lab("lab00")
    check("lab00.frame", lab.exercise("lab00.frame").reference)
    check("lab00.hann_window", lambda n: None)
    s = summary("lab00")
    statuses = {ex.name: (r.status if r else None) for ex, r in s.rows}
    assert statuses["lab00.frame"] is Status.PASSED
    assert statuses["lab00.hann_window"] is Status.INCORRECT
    assert len(s.rows) == len(lab.exercises)
    assert "<table>" in s._repr_html_() and "frame" in str(s)


def test_lab_numbers_exercises_in_order():
    lab = Lab("lab07", "t", [Exercise(f"lab07.f{i}", "t", abs, lambda: []) for i in range(3)])
    assert [ex.number for ex in lab.exercises] == ["7.1", "7.2", "7.3"]
    with pytest.raises(ValueError, match="does not belong"):
        Lab("lab07", "t", [Exercise("lab08.f", "t", abs, lambda: [])])


def test_allclose_handles_tuples_and_scalars():
    compare = allclose()
    assert compare((1.0, np.ones(3)), (1.0, np.ones(3))) is None
    assert "value 1 of the returned tuple" in compare((1.0, np.zeros(3)), (1.0, np.ones(3)))
    assert compare(np.float64(2.0), 2.0) is None
    assert "expected 2" in compare(3.0, 2.0)
    assert "transpose" in compare(np.ones((2, 3)), np.ones((3, 2)))
    assert "complex" in compare(np.ones(3) + 0j, np.ones(3))
