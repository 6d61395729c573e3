"""Beat tracking with the lecture's hidden Markov model: state = (tempo, time since the last beat).

Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

The design is madmom's dynamic Bayesian network beat tracker (Krebs, Böck and Widmer, 2015),
the discrete version of the "bar pointer" model (Whiteley, Cemgil and Godsill, 2006):

* **State space** (:func:`state_space`). One chain per beat period ``tau`` (in frames, every
  integer between ``60 fps / max_bpm`` and ``60 fps / min_bpm``); the states of a chain are the
  positions ``0, 1, ..., tau - 1``, the number of frames since the last beat. The lecture's
  ``(T, 0) -> (T, 1) -> (T, 2) -> ...``.
* **Transitions** (:func:`transition_model`). Inside a chain the position advances by one with
  probability 1. From the last position ``tau - 1`` the chain wraps to position 0 (a beat)
  of any chain ``tau'``, with probability proportional to ``exp(-lambda |tau' / tau - 1|)``
  (``lambda = 100``): the tempo changes only at a beat, and seldom by much. Each state has one
  predecessor except the beat states (position 0), so the transition matrix is very sparse:
  only the predecessors are stored.
* **Observations** (:func:`observation_model`). An onset activation ``a`` in [0, 1]: the
  "beat" states (the first ``1 / lambda_obs`` of each chain) emit ``a``, the others
  ``(1 - a) / (lambda_obs - 1)``, ``lambda_obs = 16``.
* **Decoding** (:func:`viterbi_sparse`): Viterbi in the log domain over the sparse structure,
  vectorised over the states; the beats are where the best path enters position 0
  (:func:`decode`), optionally moved to the activation peak inside the beat region.

:func:`track` chains the activation (:func:`activation`: log-Mel spectral flux at 100 frames
per second, :mod:`mirlab.onsets`) and the decoding. With a spectral-flux activation (madmom
uses a trained network that fires on beats only) every onset between two beats pulls towards
twice the tempo: octave errors are the main failure (see the book page). :func:`track` therefore
checks the metrical level against an autocorrelation tempo (:func:`metrical_level`).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .audio import valid_audio
from .errors import ParameterError
from . import spectral
from .onsets import _check_sr, spectral_flux
from .spectral import _positive_number

__all__ = [
    "StateSpace",
    "SparseTransitions",
    "state_space",
    "tempo_transition_probs",
    "transition_model",
    "transition_matrix",
    "observation_model",
    "viterbi_sparse",
    "activation",
    "decode",
    "track",
]


@dataclass(frozen=True)
class StateSpace:
    """The (beat period, position) states of the beat HMM, flattened to ``0 .. n_states - 1``.

    Attributes
    ----------
    intervals : np.ndarray
        The beat periods ``tau`` in frames, increasing (one chain each).
    first_states : np.ndarray
        Index of position 0 (the beat) of each chain.
    last_states : np.ndarray
        Index of position ``tau - 1`` of each chain.
    state_intervals : np.ndarray
        ``tau`` of each state.
    state_positions : np.ndarray
        Position (frames since the last beat) of each state, ``0 .. tau - 1``.
    fps : float
        Frames per second the periods refer to.
    """

    intervals: np.ndarray
    first_states: np.ndarray
    last_states: np.ndarray
    state_intervals: np.ndarray
    state_positions: np.ndarray
    fps: float

    @property
    def n_states(self) -> int:
        """Total number of states, ``sum(intervals)``."""
        return int(self.state_intervals.size)

    @property
    def bpm(self) -> np.ndarray:
        """The tempo of each chain in BPM, ``60 fps / tau``."""
        return 60.0 * self.fps / self.intervals


@dataclass(frozen=True)
class SparseTransitions:
    """Transitions stored as the list of (predecessor, state, log-probability) triples.

    Attributes
    ----------
    prev_states : np.ndarray
        Predecessor of each transition (int).
    states : np.ndarray
        Destination of each transition (int).
    log_probs : np.ndarray
        ``log P(states | prev_states)``.
    n_states : int
        Number of states.
    """

    prev_states: np.ndarray
    states: np.ndarray
    log_probs: np.ndarray
    n_states: int


def state_space(*, min_bpm: float = 55.0, max_bpm: float = 215.0, fps: float = 100.0) -> StateSpace:
    """The states of the beat HMM: one chain of ``tau`` positions per beat period ``tau``.

    The periods are all integers from ``round(60 fps / max_bpm)`` to ``round(60 fps / min_bpm)``
    (madmom's ``BeatStateSpace``): 82 chains and 5617 states by default.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    min_bpm, max_bpm : float
        Tempo range in beats per minute.
    fps : float
        Frame rate of the activation.

    Returns
    -------
    space : StateSpace

    Raises
    ------
    ParameterError
        If the range is empty or a value is not positive.

    See Also
    --------
    transition_model, observation_model

    Examples
    --------
    >>> from mirlab.beats import state_space
    >>> s = state_space(min_bpm=100, max_bpm=200, fps=10)   # periods of 3 to 6 frames
    >>> s.intervals, s.n_states, s.first_states
    (array([3, 4, 5, 6]), 18, array([ 0,  3,  7, 12]))
    >>> s.state_positions[:7]
    array([0, 1, 2, 0, 1, 2, 3])
    """
    min_bpm = _positive_number(min_bpm, "min_bpm")
    max_bpm = _positive_number(max_bpm, "max_bpm")
    fps = _positive_number(fps, "fps")
    if min_bpm >= max_bpm:
        raise ParameterError(f"min_bpm must be below max_bpm, got min_bpm={min_bpm}, max_bpm={max_bpm}")
    lo = int(np.round(60.0 * fps / max_bpm))
    hi = int(np.round(60.0 * fps / min_bpm))
    if lo < 1:
        raise ParameterError(f"max_bpm={max_bpm} is faster than one beat per frame at fps={fps}")
    intervals = np.arange(lo, hi + 1)
    first = np.concatenate([[0], np.cumsum(intervals)[:-1]])
    last = first + intervals - 1
    state_intervals = np.repeat(intervals, intervals)
    positions = np.arange(state_intervals.size) - np.repeat(first, intervals)
    return StateSpace(intervals, first, last, state_intervals, positions, fps)


def tempo_transition_probs(intervals, *, transition_lambda: float = 100.0) -> np.ndarray:
    """Probability of moving from beat period ``tau`` to ``tau'`` at a beat: ``exp(-lambda |tau'/tau - 1|)``, normalised.

    ``P[i, j]`` is the probability that a beat of period ``intervals[i]`` is followed by one of
    period ``intervals[j]``; each row sums to 1; values below machine epsilon are set to 0
    before the normalisation (madmom's ``exponential_transition``).

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    intervals : array_like
        Beat periods in frames, positive.
    transition_lambda : float
        Tempo stability (larger: fewer tempo changes).

    Returns
    -------
    P : np.ndarray
        Shape ``(len(intervals), len(intervals))``, row-stochastic.

    Examples
    --------
    >>> from mirlab.beats import tempo_transition_probs
    >>> tempo_transition_probs([40, 41, 50], transition_lambda=100).round(3)
    array([[0.924, 0.076, 0.   ],
           [0.08 , 0.92 , 0.   ],
           [0.   , 0.   , 1.   ]])
    """
    intervals = np.asarray(intervals, dtype=np.float64)
    if intervals.ndim != 1 or intervals.size == 0 or not np.all(np.isfinite(intervals)) or intervals.min() <= 0:
        raise ParameterError("intervals must be a non-empty 1-D array of positive beat periods")
    lam = _positive_number(transition_lambda, "transition_lambda")
    ratio = intervals[np.newaxis, :] / intervals[:, np.newaxis]  # [from, to]
    prob = np.exp(-lam * np.abs(ratio - 1.0))
    prob[prob <= np.spacing(1)] = 0.0
    return prob / prob.sum(axis=1, keepdims=True)


def transition_model(space: StateSpace, *, transition_lambda: float = 100.0) -> SparseTransitions:
    """Sparse transitions of the beat HMM: advance by one, or wrap to a beat of a close tempo.

    * position ``p -> p + 1`` in the same chain, probability 1 (for ``p < tau - 1``);
    * last position of chain ``tau`` -> position 0 of chain ``tau'`` with probability
      ``exp(-lambda |tau' / tau - 1|)``, normalised over ``tau'``; values below machine epsilon
      are dropped (madmom's ``exponential_transition``).

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    space : StateSpace
        From :func:`state_space`.
    transition_lambda : float
        Tempo stability (larger: fewer tempo changes).

    Returns
    -------
    transitions : SparseTransitions
        Sorted by destination state, then predecessor.

    Raises
    ------
    ParameterError
        For an invalid ``space`` or ``transition_lambda``.

    See Also
    --------
    transition_matrix : the same as a dense matrix (small spaces only).

    Examples
    --------
    >>> from mirlab.beats import state_space, transition_model
    >>> tr = transition_model(state_space(min_bpm=100, max_bpm=200, fps=10))
    >>> len(tr.states), tr.n_states    # 14 advances + 11 tempo changes (5 are below machine epsilon)
    (25, 18)
    """
    if not isinstance(space, StateSpace):
        raise ParameterError(f"space must be a StateSpace (from state_space), got {type(space).__name__}")
    n = space.n_states
    inner = np.setdiff1d(np.arange(n), space.first_states)
    prob = tempo_transition_probs(space.intervals, transition_lambda=transition_lambda)
    i_from, i_to = np.nonzero(prob)
    prev = np.concatenate([inner - 1, space.last_states[i_from]])
    dest = np.concatenate([inner, space.first_states[i_to]])
    with np.errstate(divide="ignore"):
        logp = np.concatenate([np.zeros(inner.size), np.log(prob[i_from, i_to])])
    order = np.lexsort((prev, dest))
    return SparseTransitions(prev[order], dest[order], logp[order], n)


def transition_matrix(transitions: SparseTransitions) -> np.ndarray:
    """The dense ``(n_states, n_states)`` matrix ``A[i, j] = P(j | i)`` of sparse transitions.

    For tests and figures on small state spaces (a default space would need 250 MB).

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    transitions : SparseTransitions

    Returns
    -------
    A : np.ndarray
        Row-stochastic matrix (each row sums to 1).

    Examples
    --------
    >>> from mirlab.beats import state_space, transition_model, transition_matrix
    >>> A = transition_matrix(transition_model(state_space(min_bpm=100, max_bpm=200, fps=10)))
    >>> A.shape, bool(abs(A.sum(axis=1) - 1).max() < 1e-12)
    ((18, 18), True)
    """
    if not isinstance(transitions, SparseTransitions):
        raise ParameterError(f"transitions must be SparseTransitions, got {type(transitions).__name__}")
    if transitions.n_states > 5000:
        raise ParameterError(f"transition_matrix is for small spaces; n_states={transitions.n_states} > 5000")
    A = np.zeros((transitions.n_states, transitions.n_states))
    A[transitions.prev_states, transitions.states] = np.exp(transitions.log_probs)
    return A


def observation_model(act, space: StateSpace, *, observation_lambda: float = 16.0):
    """Log-likelihoods of the activation under the two kinds of states ("beat", "no beat").

    ``log b_beat(t) = log a(t)`` and ``log b_other(t) = log((1 - a(t)) / (lambda_obs - 1))``;
    the beat states are those with ``position / tau < 1 / lambda_obs`` (the first sixteenth of
    each beat by default). The activation is clipped to ``[1e-6, 1 - 1e-6]`` so no state is
    ever impossible.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    act : array_like
        Activation in [0, 1], shape ``(n_frames,)``.
    space : StateSpace
    observation_lambda : float
        Split of a beat period into a beat part (``1 / lambda``) and the rest (> 1).

    Returns
    -------
    log_b : np.ndarray
        Shape ``(n_frames, 2)``: column 0 "no beat", column 1 "beat".
    pointers : np.ndarray
        Shape ``(n_states,)``, 1 for beat states, 0 otherwise: the log-likelihood of state ``s``
        at frame ``t`` is ``log_b[t, pointers[s]]``.

    Raises
    ------
    ParameterError
        For an activation outside [0, 1] or an invalid parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.beats import state_space, observation_model
    >>> log_b, ptr = observation_model([0.0, 0.5, 1.0], state_space(min_bpm=100, max_bpm=200, fps=10))
    >>> np.exp(log_b).round(4), ptr[:7]
    (array([[0.0667, 0.    ],
           [0.0333, 0.5   ],
           [0.    , 1.    ]]), array([1, 0, 0, 1, 0, 0, 0]))
    """
    if not isinstance(space, StateSpace):
        raise ParameterError(f"space must be a StateSpace (from state_space), got {type(space).__name__}")
    a = np.asarray(act, dtype=np.float64)
    if a.ndim != 1 or a.size == 0 or not np.isfinite(a).all() or a.min() < 0 or a.max() > 1:
        raise ParameterError("act must be a non-empty 1-D array of finite values in [0, 1]")
    lam = _positive_number(observation_lambda, "observation_lambda")
    if lam <= 1:
        raise ParameterError(f"observation_lambda must be > 1, got {observation_lambda!r}")
    a = np.clip(a, 1e-6, 1.0 - 1e-6)
    log_b = np.stack([np.log((1.0 - a) / (lam - 1.0)), np.log(a)], axis=1)
    pointers = (space.state_positions / space.state_intervals < 1.0 / lam).astype(np.intp)
    return log_b, pointers


def viterbi_sparse(log_obs, transitions: SparseTransitions, *, log_init=None, pointers=None):
    """Most likely state sequence of an HMM whose transitions are stored sparsely (log domain).

    ``delta_0(j) = log pi(j) + log b_j(0)``, ``delta_t(j) = max_i [delta_{t-1}(i) + log A(i, j)]
    + log b_j(t)``, then backtracking from ``argmax_j delta_{T-1}(j)``. Only the predecessors
    of each state are visited: the states with one predecessor are updated with one gather, the
    others with a small padded ``(n_multi, max_predecessors)`` table; back-pointers are stored
    for the latter only (the others have a fixed predecessor). Ties go to the smallest
    predecessor index, as in :func:`librosa.sequence.viterbi`.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    log_obs : np.ndarray
        Log-likelihoods, shape ``(n_frames, n_states)``; or, with ``pointers``, shape
        ``(n_frames, n_classes)`` and state ``s`` uses column ``pointers[s]``.
    transitions : SparseTransitions
    log_init : np.ndarray or None
        Log initial distribution, shape ``(n_states,)`` (default uniform).
    pointers : np.ndarray or None
        Class of each state (see ``log_obs``).

    Returns
    -------
    path : np.ndarray
        Shape ``(n_frames,)``, state indices.
    log_prob : float
        Log-probability of the path (joint with the observations).

    Raises
    ------
    ParameterError
        For inconsistent shapes.

    See Also
    --------
    librosa.sequence.viterbi : the dense version (same path and log-probability).

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.beats import SparseTransitions, viterbi_sparse
    >>> # two states that alternate: 0 -> 1 -> 0 -> ... (each has one predecessor)
    >>> tr = SparseTransitions(np.array([1, 0]), np.array([0, 1]), np.zeros(2), 2)
    >>> path, logp = viterbi_sparse(np.log([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]]), tr)
    >>> path, round(float(np.exp(logp)), 4)             # 0.5 * 0.9 * 0.8 * 0.7
    (array([0, 1, 0]), 0.252)
    """
    if not isinstance(transitions, SparseTransitions):
        raise ParameterError(f"transitions must be SparseTransitions, got {type(transitions).__name__}")
    n = transitions.n_states
    log_obs = np.asarray(log_obs, dtype=np.float64)
    if pointers is None:
        if log_obs.ndim != 2 or log_obs.shape[1] != n:
            raise ParameterError(f"log_obs must have shape (n_frames, {n}), got {log_obs.shape}")
        pointers = np.arange(n)
    else:
        pointers = np.asarray(pointers, dtype=np.intp)
        if pointers.shape != (n,) or log_obs.ndim != 2 or pointers.min() < 0 or pointers.max() >= log_obs.shape[1]:
            raise ParameterError(f"pointers must have shape ({n},) with values indexing the columns of log_obs")
    if log_obs.shape[0] == 0:
        raise ParameterError("log_obs has no frames")
    if log_init is None:
        log_init = np.full(n, -np.log(n))
    log_init = np.asarray(log_init, dtype=np.float64)
    if log_init.shape != (n,):
        raise ParameterError(f"log_init must have shape ({n},), got {log_init.shape}")

    # group the states by number of predecessors (transitions are sorted by state, predecessor)
    order = np.lexsort((transitions.prev_states, transitions.states))
    dest, prev, logp = transitions.states[order], transitions.prev_states[order], transitions.log_probs[order]
    counts = np.bincount(dest, minlength=n)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    single = np.flatnonzero(counts == 1)
    s_prev, s_logp = prev[starts[single]], logp[starts[single]]
    multi = np.flatnonzero(counts > 1)
    k = int(counts[multi].max()) if multi.size else 0
    m_prev = np.zeros((multi.size, k), dtype=np.intp)
    m_logp = np.full((multi.size, k), -np.inf)
    for j in range(k):  # column j holds the j-th predecessor of each multi state
        has = counts[multi] > j
        m_prev[has, j] = prev[starts[multi[has]] + j]
        m_logp[has, j] = logp[starts[multi[has]] + j]
    rows = np.arange(multi.size)
    multi_index = np.full(n, -1)
    multi_index[multi] = rows

    n_frames = log_obs.shape[0]
    back = np.zeros((n_frames, multi.size), dtype=np.int32)
    delta = log_init + log_obs[0, pointers]
    new = np.full(n, -np.inf)
    for t in range(1, n_frames):
        new[single] = delta[s_prev] + s_logp
        if multi.size:
            cand = delta[m_prev] + m_logp
            best = cand.argmax(axis=1)
            back[t] = best
            new[multi] = cand[rows, best]
        delta, new = new + log_obs[t, pointers], delta
    path = np.empty(n_frames, dtype=np.intp)
    path[-1] = int(np.argmax(delta))
    log_prob = float(delta[path[-1]])
    s_prev_of = np.full(n, -1)
    s_prev_of[single] = s_prev
    for t in range(n_frames - 1, 0, -1):
        s = path[t]
        path[t - 1] = s_prev_of[s] if multi_index[s] < 0 else m_prev[multi_index[s], back[t, multi_index[s]]]
    return path, log_prob


def activation(y: np.ndarray, sr: float, *, fps: float = 100.0):
    """Onset activation for the beat tracker: SuperFlux of a log-compressed Mel spectrogram, in [0, 1].

    Mel magnitude spectrogram (128 bands, ~46 ms window, hop ``round(sr / fps)``), log
    compression ``log(1 + 10 M)`` (:func:`mirlab.spectral.log_compress`), spectral flux with a
    3-bin maximum filter (:func:`mirlab.onsets.spectral_flux`), delayed by half a window; then
    minus its moving median over 1 s (the slowly varying part that every frame shares),
    half-wave rectified, divided by its 99th percentile plus a tenth of its maximum and clipped
    to [0, 1]. (``log(1 + gamma M)`` rather than decibels: soft high-frequency onsets such as
    hi-hats weigh less against kicks, snares and notes; gamma was chosen on a development set.)

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    fps : float
        Target frame rate.

    Returns
    -------
    act : np.ndarray
        Activation in [0, 1], shape ``(n_frames,)``.
    fps : float
        The exact frame rate ``sr / round(sr / fps)``.

    Raises
    ------
    SilentAudioError, ParameterError
        For a silent or invalid signal, or an invalid parameter.

    See Also
    --------
    mirlab.onsets.onset_strength

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.beats import activation
    >>> act, fps = activation(signals.clicks([0.5, 1.0], sr=22050, length=33075), 22050)
    >>> act.shape, round(fps, 2), float(act.max())
    ((151,), 100.23, 1.0)
    """
    valid_audio(y, mono=True, allow_silent=False)
    sr = _check_sr(sr)
    fps = _positive_number(fps, "fps")
    if fps > sr:
        raise ParameterError(f"fps={fps} is above the sampling rate sr={sr}")
    from scipy.ndimage import median_filter

    hop = max(1, int(round(sr / fps)))
    n_fft = 1 << int(np.round(np.log2(0.046 * sr)))
    M = spectral.mel_spectrogram(y, sr=sr, n_fft=n_fft, hop_length=hop, n_mels=128, power=1.0)
    env = spectral_flux(spectral.log_compress(M, gamma=10.0), max_size=3)
    shift = n_fft // (2 * hop)
    env = np.concatenate([np.zeros(shift), env])[: len(env)]
    real_fps = sr / hop
    size = max(1, int(round(real_fps))) | 1
    env = np.maximum(env - median_filter(env, size=size, mode="nearest"), 0.0)
    scale = np.percentile(env, 99) + 0.1 * env.max()
    if scale > 0:
        env = np.clip(env / scale, 0.0, 1.0)
    return env, real_fps


def decode(
    act,
    *,
    fps: float = 100.0,
    min_bpm: float = 55.0,
    max_bpm: float = 215.0,
    transition_lambda: float = 100.0,
    observation_lambda: float = 16.0,
    correct: bool = True,
    threshold: float = 0.1,
) -> np.ndarray:
    """Beat times from an activation with the (tempo, position) HMM and sparse Viterbi.

    Builds :func:`state_space`, :func:`transition_model`, :func:`observation_model`, decodes
    with :func:`viterbi_sparse` (uniform initial distribution) and returns the frames where the
    path enters position 0. With ``correct`` (madmom's default) each beat is moved to the
    activation maximum inside its beat region (the frames whose state is a beat state). Only
    the frames from the first to the last activation ``>= threshold`` are decoded (madmom's
    ``threshold`` option): no beats are placed in leading or trailing silence.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    act : array_like
        Activation in [0, 1], shape ``(n_frames,)``.
    fps : float
        Frame rate of the activation.
    min_bpm, max_bpm : float
        Tempo range.
    transition_lambda, observation_lambda : float
        See :func:`transition_model` and :func:`observation_model`.
    correct : bool
        Move each beat to the activation peak in its beat region.
    threshold : float
        Activation below which leading and trailing frames are left out (0: decode all).

    Returns
    -------
    beats : np.ndarray
        Beat times in seconds.

    Raises
    ------
    ParameterError
        For an invalid argument.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.beats import decode
    >>> act = np.zeros(500); act[10::50] = 1.0      # 100 frames/s, 120 BPM
    >>> decode(act, fps=100)[:4]
    array([0.1, 0.6, 1.1, 1.6])
    """
    space = state_space(min_bpm=min_bpm, max_bpm=max_bpm, fps=fps)
    tr = transition_model(space, transition_lambda=transition_lambda)
    log_b, pointers = observation_model(act, space, observation_lambda=observation_lambda)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1:
        raise ParameterError(f"threshold must be a number in [0, 1], got {threshold!r}")
    act = np.asarray(act, dtype=np.float64)
    active = np.flatnonzero(act >= threshold)
    if active.size == 0:
        return np.zeros(0)
    first, last = int(active[0]), int(active[-1]) + 1
    act, log_b = act[first:last], log_b[first:last]
    path, _ = viterbi_sparse(log_b, tr, pointers=pointers)
    if correct:
        region = pointers[path].astype(np.int8)
        edges = np.flatnonzero(np.diff(region)) + 1
        if region[0]:
            edges = np.r_[0, edges]
        if region[-1]:
            edges = np.r_[edges, region.size]
        frames = np.array([left + int(np.argmax(act[left:right])) for left, right in edges.reshape(-1, 2)],
                          dtype=np.int64)
    else:
        frames = np.flatnonzero(space.state_positions[path] == 0)
    return (frames + first) / float(fps)


def metrical_level(beat_bpm: float, reference_bpm: float, *, min_bpm: float = 55.0, max_bpm: float = 215.0) -> float:
    """The factor (1/2, 1 or 2) that brings a tracked tempo closest to a reference tempo.

    The HMM follows a periodicity well but, on a spectral-flux activation, often the wrong one
    of two metrical levels (the eighth notes instead of the quarter notes). An autocorrelation
    tempo with a prior (:func:`mirlab.tempo.estimate` with ``method="autocorrelation"``) is
    worse at the period but better at the level: the factor that brings ``beat_bpm`` closest to
    ``reference_bpm`` (in log ratio) and stays in ``[min_bpm, max_bpm]`` combines both.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    beat_bpm : float
        Tempo of the tracked beats (60 / median inter-beat interval).
    reference_bpm : float
        A tempo estimate of the same piece.
    min_bpm, max_bpm : float
        Tempo range of the tracker.

    Returns
    -------
    factor : float
        0.5, 1.0 or 2.0.

    Examples
    --------
    >>> from mirlab.beats import metrical_level
    >>> metrical_level(200.0, 105.0), metrical_level(118.0, 123.0), metrical_level(60.0, 125.0)
    (0.5, 1.0, 2.0)
    """
    beat_bpm = _positive_number(beat_bpm, "beat_bpm")
    reference_bpm = _positive_number(reference_bpm, "reference_bpm")
    factors = [k for k in (0.5, 1.0, 2.0) if min_bpm <= beat_bpm * k <= max_bpm] or [1.0]
    distance = {k: abs(np.log(beat_bpm * k / reference_bpm)) for k in factors}
    best = min(factors, key=distance.get)
    # ties (within rounding) keep the tracked level
    return 1.0 if 1.0 in distance and distance[1.0] <= distance[best] + 1e-9 else best


def track_with_tempo(
    y: np.ndarray,
    sr: float,
    *,
    min_bpm: float = 55.0,
    max_bpm: float = 215.0,
    fps: float = 100.0,
    level: str | None = "autocorrelation",
):
    """Beat times and the tempo they imply (see :func:`track`).

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    min_bpm, max_bpm, fps, level
        As in :func:`track`.

    Returns
    -------
    beats : np.ndarray
        Beat times in seconds.
    bpm : float
        60 / the median inter-beat interval; with fewer than 3 beats, the autocorrelation tempo
        (:func:`mirlab.tempo.estimate` with ``method="autocorrelation"``).

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import beats, signals
    >>> y = signals.clicks(np.arange(0.5, 8, 0.5), sr=22050, length=8 * 22050)
    >>> b, bpm = beats.track_with_tempo(y, 22050)
    >>> len(b), round(bpm)
    (15, 120)
    """
    from . import tempo

    if level not in (None, "autocorrelation"):
        raise ParameterError(f"level must be 'autocorrelation' or None, got {level!r}")
    act, real_fps = activation(y, sr, fps=fps)
    beat_times = decode(act, fps=real_fps, min_bpm=min_bpm, max_bpm=max_bpm)
    if len(beat_times) < 3:
        return beat_times, tempo.estimate(y, sr, method="autocorrelation")
    beat_bpm = 60.0 / float(np.median(np.diff(beat_times)))
    if level is not None:
        factor = metrical_level(beat_bpm, tempo.estimate(y, sr, method="autocorrelation"),
                                min_bpm=min_bpm, max_bpm=max_bpm)
        if factor != 1.0:  # decode again around the chosen level
            target = beat_bpm * factor
            beat_times = decode(act, fps=real_fps, min_bpm=max(min_bpm, target / 1.3),
                                max_bpm=min(max_bpm, target * 1.3))
            if len(beat_times) >= 3:
                beat_bpm = 60.0 / float(np.median(np.diff(beat_times)))
    return beat_times, beat_bpm


def track(
    y: np.ndarray,
    sr: float,
    *,
    min_bpm: float = 55.0,
    max_bpm: float = 215.0,
    fps: float = 100.0,
    level: str | None = "autocorrelation",
) -> np.ndarray:
    """Beat times of a piece in seconds (stable API).

    :func:`activation` (spectral-flux onset strength at ``fps`` frames per second) decoded by
    the (tempo, time since last beat) HMM (:func:`decode`). With ``level="autocorrelation"``
    (the default) the metrical level is then checked against the autocorrelation tempo
    (:func:`metrical_level`): if half or twice the tracked tempo is closer to it, the
    activation is decoded again in a tempo range around that level. This choice was made on
    development sets (bench/beats.py): it fixes many double-tempo errors on full
    arrangements and costs a little on bare drum grooves. ``level=None``: the HMM alone.

    Book chapter: *Classical MIR*, beat tracking (book/classical/beats.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    min_bpm, max_bpm : float
        Tempo range of the tracker.
    fps : float
        Frame rate of the activation.
    level : {"autocorrelation", None}
        How the metrical level is checked (see above).

    Returns
    -------
    beats : np.ndarray
        Increasing beat times in seconds.

    Raises
    ------
    SilentAudioError
        If ``y`` is digital silence.
    ParameterError
        For an invalid signal, sampling rate or parameter.

    See Also
    --------
    track_with_tempo, decode, activation,
    librosa.beat.beat_track : Ellis' dynamic-programming tracker.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import beats, signals
    >>> y = signals.clicks(np.arange(0.5, 6, 0.5), sr=22050, length=6 * 22050)
    >>> beats.track(y, 22050).round(1)
    array([0.5, 1. , 1.5, 2. , 2.5, 3. , 3.5, 4. , 4.5, 5. , 5.5])
    """
    return track_with_tempo(y, sr, min_bpm=min_bpm, max_bpm=max_bpm, fps=fps, level=level)[0]
