"""Checks of Lab 3, *Onsets, tempo and beat tracking* (labs/src/lab03_beats.md).

Book chapter: *Classical MIR* (book/classical/onsets.md, book/classical/beats.md). The answer key
is :mod:`mirlab.onsets`, :mod:`mirlab.tempo` and :mod:`mirlab.beats`; each exercise lists
known-wrong variants so a student whose output matches one gets the specific hint.
"""

from __future__ import annotations

import numpy as np

from .. import beats, onsets, tempo
from .compare import allclose
from .core import Case, Exercise, Lab


def _spec(shape, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape) * 10.0


# ---- 3.1 spectral_flux ---------------------------------------------------------------------


def _flux_reference(S):
    return onsets.spectral_flux(S)


def _flux_cases():
    return [
        Case((np.array([[0.0, 0.0, 2.0, 2.0, 0.0], [0.0, 0.0, 4.0, 1.0, 0.0]]),), label="2 bins x 5 frames"),
        Case((_spec((20, 30), 0),), label="a random 20 x 30 log-spectrogram"),
        Case((np.array([[3.0, 2.0, 1.0, 0.0]]),), label="decreasing energy (no onset)"),
        Case((_spec((128, 100), 1),), label="128 x 100", hidden=True),
        Case((_spec((1, 7), 2),), label="one bin", hidden=True),
        Case((_spec((5, 2), 3),), label="two frames", hidden=True),
    ]


def _flux_no_relu(S):
    out = np.zeros(S.shape[1])
    out[1:] = np.mean(np.diff(S, axis=1), axis=0)
    return out


def _flux_abs(S):
    out = np.zeros(S.shape[1])
    out[1:] = np.mean(np.abs(np.diff(S, axis=1)), axis=0)
    return out


def _flux_sum(S):
    out = np.zeros(S.shape[1])
    out[1:] = np.sum(np.maximum(0.0, np.diff(S, axis=1)), axis=0)
    return out


def _flux_no_pad(S):
    return np.mean(np.maximum(0.0, np.diff(S, axis=1)), axis=0)


SPECTRAL_FLUX = Exercise(
    name="lab03.spectral_flux",
    title="spectral flux: rectified frame difference, averaged over frequency",
    reference=_flux_reference,
    cases=_flux_cases,
    compare=allclose(rtol=1e-9, atol=1e-9),
    wrong_answers=[
        (_flux_no_relu, "keep only the increases: apply np.maximum(0, ...) to each difference before averaging (half-wave rectification)"),
        (_flux_abs, "a decrease of energy (an offset) is not an onset: use np.maximum(0, d), not np.abs(d)"),
        (_flux_sum, "average over the frequency bins (np.mean over axis 0), do not sum"),
        (_flux_no_pad, "return one value per frame: the first frame has no predecessor, put a 0 in front"),
    ],
)


# ---- 3.2 autocorrelate ---------------------------------------------------------------------


def _ac_reference(x, max_lag):
    return tempo.autocorrelate(x, max_lag=max_lag)


def _ac_cases():
    rng = np.random.default_rng(30)
    pulse = np.zeros(200)
    pulse[::25] = 1.0
    return [
        Case((np.array([1.0, 0.0, 1.0, 0.0]), 4), label="[1, 0, 1, 0], max_lag=4"),
        Case((pulse, 60), label="a pulse every 25 frames, max_lag=60"),
        Case((rng.random(150), 150), label="random, all lags"),
        Case((rng.random(301), 100), label="301 random values, max_lag=100", hidden=True),
        Case((np.ones(9), 9), label="constant", hidden=True),
        Case((rng.random(64), 1), label="max_lag=1", hidden=True),
    ]


def _ac_circular(x, max_lag):
    X = np.fft.rfft(x)
    return np.fft.irfft(np.abs(X) ** 2, n=len(x))[:max_lag]


def _ac_centered(x, max_lag):
    return tempo.autocorrelate(np.asarray(x) - np.mean(x), max_lag=max_lag)


def _ac_normalized(x, max_lag):
    r = tempo.autocorrelate(x, max_lag=max_lag)
    return r / r[0]


AUTOCORRELATE = Exercise(
    name="lab03.autocorrelate",
    title="autocorrelation of the onset strength",
    reference=_ac_reference,
    cases=_ac_cases,
    compare=allclose(rtol=1e-7, atol=1e-7),
    wrong_answers=[
        (_ac_circular, "this is the circular autocorrelation: zero-pad x to at least 2 len(x) - 1 samples before the FFT"),
        (_ac_centered, "do not subtract the mean: r(l) = sum_n x[n] x[n + l] on x itself"),
        (_ac_normalized, "do not normalise by r(0): return the raw sums"),
    ],
)


# ---- 3.3 tempo_transitions -----------------------------------------------------------------


def _tt_reference(intervals, lam):
    return beats.tempo_transition_probs(intervals, transition_lambda=lam)


def _tt_cases():
    return [
        Case((np.array([40, 41, 50]), 100.0), label="periods 40, 41, 50 frames, lambda=100"),
        Case((np.arange(28, 40), 100.0), label="periods 28..39, lambda=100"),
        Case((np.array([10, 20, 30]), 1.0), label="lambda=1 (tempo changes are easy)"),
        Case((np.arange(28, 110), 100.0), label="madmom's default periods", hidden=True),
        Case((np.array([50]), 100.0), label="a single period", hidden=True),
        Case((np.arange(5, 15), 10.0), label="lambda=10", hidden=True),
    ]


def _tt_unnormalised(intervals, lam):
    iv = np.asarray(intervals, dtype=float)
    p = np.exp(-lam * np.abs(iv[np.newaxis, :] / iv[:, np.newaxis] - 1.0))
    p[p <= np.spacing(1)] = 0.0
    return p


def _tt_transposed(intervals, lam):
    return _tt_reference(intervals, lam).T


def _tt_difference(intervals, lam):
    iv = np.asarray(intervals, dtype=float)
    p = np.exp(-lam * np.abs(iv[np.newaxis, :] - iv[:, np.newaxis]))
    p[p <= np.spacing(1)] = 0.0
    return p / p.sum(axis=1, keepdims=True)


TEMPO_TRANSITIONS = Exercise(
    name="lab03.tempo_transitions",
    title="tempo-change probabilities exp(-lambda |tau'/tau - 1|)",
    reference=_tt_reference,
    cases=_tt_cases,
    compare=allclose(rtol=1e-9, atol=1e-12),
    wrong_answers=[
        (_tt_unnormalised, "each row is a probability distribution over the next period: divide by its sum"),
        (_tt_transposed, "rows are the current period tau, columns the next one tau' (and rows must sum to 1)"),
        (_tt_difference, "use the ratio of the periods |tau'/tau - 1|, not their difference |tau' - tau|"),
    ],
)


# ---- 3.4 viterbi_step ----------------------------------------------------------------------


def _step_reference(delta, log_A, log_b):
    """One Viterbi step, dense: new[j] = max_i (delta[i] + log_A[i, j]) + log_b[j], and argmax."""
    scores = delta[:, np.newaxis] + log_A
    back = np.argmax(scores, axis=0)
    return scores[back, np.arange(scores.shape[1])] + log_b, back


def _step_cases():
    cases = []
    for k, (n, seed, hidden) in enumerate([(3, 40, False), (6, 41, False), (18, 42, False), (50, 43, True), (2, 44, True),
                                           (18, 45, True)]):
        rng = np.random.default_rng(seed)
        if n == 18:  # the beat HMM's small state space
            space = beats.state_space(min_bpm=100, max_bpm=200, fps=10)
            A = beats.transition_matrix(beats.transition_model(space))
        else:
            A = rng.dirichlet(np.ones(n), size=n)
        with np.errstate(divide="ignore"):
            log_A = np.log(A)
        cases.append(Case((np.log(rng.dirichlet(np.ones(n))), log_A, np.log(rng.random(n))),
                          label=f"{n} states" + (" (beat HMM, sparse A with -inf)" if n == 18 else ""), hidden=hidden))
    return cases


def _step_rows(delta, log_A, log_b):
    scores = delta[np.newaxis, :] + log_A
    back = np.argmax(scores, axis=1)
    return scores[np.arange(scores.shape[0]), back] + log_b, back


def _step_no_obs(delta, log_A, log_b):
    scores = delta[:, np.newaxis] + log_A
    back = np.argmax(scores, axis=0)
    return scores[back, np.arange(scores.shape[1])], back


def _step_sum(delta, log_A, log_b):
    scores = delta[:, np.newaxis] + log_A
    back = np.argmax(scores, axis=0)
    m = scores.max(axis=0)
    with np.errstate(divide="ignore"):
        return m + np.log(np.exp(scores - m).sum(axis=0)) + log_b, back


VITERBI_STEP = Exercise(
    name="lab03.viterbi_step",
    title="one step of the Viterbi recursion (log domain)",
    reference=_step_reference,
    cases=_step_cases,
    compare=allclose(rtol=1e-9, atol=1e-9),
    wrong_answers=[
        (_step_rows, "log_A[i, j] is the probability of going FROM i TO j: maximise over i (axis 0) for each destination j"),
        (_step_no_obs, "add the observation log-likelihood log_b[j] of the destination state after the maximum"),
        (_step_sum, "Viterbi takes the maximum over the predecessors, not the (log-)sum: that is the forward algorithm"),
    ],
)


LAB = Lab(
    id="lab03",
    title="Onsets, tempo and beat tracking",
    exercises=[SPECTRAL_FLUX, AUTOCORRELATE, TEMPO_TRANSITIONS, VITERBI_STEP],
)
