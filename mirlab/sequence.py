"""Hidden Markov models: Viterbi decoding in the log domain and transition matrices.

Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

The conventions are those of :mod:`librosa.sequence`: an observation-likelihood matrix ``prob``
has shape ``(n_states, n_frames)`` (``prob[s, t] = P(x_t | s)``), a transition matrix
``transition[i, j] = P(s_t = j | s_{t-1} = i)`` has rows that sum to 1, and the initial
distribution ``p_init`` defaults to uniform. The tests check that :func:`viterbi` finds the same
path and the same log-probability as :func:`librosa.sequence.viterbi`, as hmmlearn, and as a
brute-force search over every path of a tiny model.
"""

from __future__ import annotations


import numpy as np

from .errors import ParameterError
from .spectral import _positive_int

__all__ = ["viterbi", "transition_loop", "transition_uniform", "validate_transition"]

_STOCHASTIC_ATOL = 1e-6


def _real_array(x, name: str, ndim: int) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be an array of real numbers: {exc}") from exc
    if arr.ndim != ndim:
        raise ParameterError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ParameterError(f"{name} is empty (shape {arr.shape})")
    if not np.isfinite(arr).all():
        raise ParameterError(f"{name} contains {int((~np.isfinite(arr)).sum())} NaN/inf values")
    if (arr < 0).any():
        raise ParameterError(f"{name} has {int((arr < 0).sum())} negative values: probabilities are >= 0")
    return arr


def validate_transition(transition, n_states: int | None = None) -> np.ndarray:
    """Check that ``transition`` is a row-stochastic square matrix and return it as float64.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    transition : array_like
        Candidate matrix, ``transition[i, j] = P(j | i)``.
    n_states : int or None
        Required number of states, if known.

    Returns
    -------
    transition : np.ndarray
        Shape ``(n_states, n_states)``, float64.

    Raises
    ------
    ParameterError
        If it is not square, has negative or non-finite entries, the wrong size, or a row that
        does not sum to 1 (tolerance 1e-6).

    See Also
    --------
    transition_loop, transition_uniform

    Examples
    --------
    >>> from mirlab.sequence import validate_transition
    >>> validate_transition([[0.9, 0.1], [0.5, 0.5]]).shape
    (2, 2)
    """
    T = _real_array(transition, "transition", 2)
    if T.shape[0] != T.shape[1]:
        raise ParameterError(f"transition must be square, got shape {T.shape}")
    if n_states is not None and T.shape[0] != n_states:
        raise ParameterError(
            f"transition has shape {T.shape}, but there are {n_states} states (rows of prob)"
        )
    sums = T.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > _STOCHASTIC_ATOL)
    if bad.size:
        raise ParameterError(
            f"every row of transition must sum to 1 (row-stochastic); row {int(bad[0])} sums to "
            f"{sums[bad[0]]:.6g}"
        )
    return T


def viterbi(prob, transition, *, p_init=None, return_logp: bool = False):
    r"""The most likely state sequence of a hidden Markov model (Viterbi, in the log domain).

    With :math:`\delta_t(j) = \log P(x_t | j) + \max_i [\delta_{t-1}(i) + \log A_{ij}]` and
    :math:`\delta_0(j) = \log \pi_j + \log P(x_0 | j)`, the best path ends in
    :math:`\arg\max_j \delta_{T-1}(j)` and is read back through the arg-max pointers.
    Sums of logarithms replace products of probabilities, which would underflow after a few
    hundred frames. As in librosa, ``tiny`` (the smallest positive float64) is added before
    each logarithm, so zero probabilities give a very negative, finite score, and ties go to
    the lowest state index.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    prob : array_like
        Observation likelihoods, shape ``(n_states, n_frames)``, non-negative
        (``prob[s, t] = P(x_t | s)``; they need not sum to 1 over ``s``).
    transition : array_like
        Shape ``(n_states, n_states)``, rows sum to 1: ``transition[i, j] = P(j | i)``.
    p_init : array_like or None
        Initial distribution, shape ``(n_states,)``, sums to 1; default uniform.
    return_logp : bool
        Also return the log-probability of the best path.

    Returns
    -------
    states : np.ndarray
        Shape ``(n_frames,)``, int: the best state of each frame.
    logp : float
        Only if ``return_logp``: :math:`\log P(\text{states}, x)` of that path.

    Raises
    ------
    ParameterError
        For a wrong shape, negative or non-finite values, or a matrix or ``p_init`` that is
        not stochastic.

    See Also
    --------
    librosa.sequence.viterbi : the same computation (the reference in the tests).
    transition_loop : a transition matrix with a self-loop probability.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.sequence import viterbi, transition_loop
    >>> prob = np.array([[0.9, 0.4, 0.9, 0.9], [0.1, 0.6, 0.1, 0.1]])
    >>> viterbi(prob, transition_loop(2, 0.5))    # no smoothing: frame 1 goes to state 1
    array([0, 1, 0, 0])
    >>> viterbi(prob, transition_loop(2, 0.9))    # sticky states: the blip is smoothed away
    array([0, 0, 0, 0])
    """
    prob = _real_array(prob, "prob", 2)
    n_states, n_frames = prob.shape
    A = validate_transition(transition, n_states)
    if p_init is None:
        p_init = np.full(n_states, 1.0 / n_states)
    else:
        p_init = _real_array(p_init, "p_init", 1)
        if p_init.shape != (n_states,):
            raise ParameterError(f"p_init must have shape ({n_states},), got {p_init.shape}")
        if abs(p_init.sum() - 1.0) > _STOCHASTIC_ATOL:
            raise ParameterError(f"p_init must sum to 1, it sums to {p_init.sum():.6g}")

    tiny = np.finfo(np.float64).tiny
    log_prob = np.log(prob + tiny)  # (n_states, n_frames)
    log_A = np.log(A + tiny)
    delta = np.log(p_init + tiny) + log_prob[:, 0]
    pointers = np.zeros((n_frames, n_states), dtype=np.intp)
    for t in range(1, n_frames):
        scores = delta[:, np.newaxis] + log_A  # scores[i, j]: come from i, go to j
        pointers[t] = np.argmax(scores, axis=0)
        delta = scores[pointers[t], np.arange(n_states)] + log_prob[:, t]
    states = np.empty(n_frames, dtype=np.intp)
    states[-1] = int(np.argmax(delta))
    for t in range(n_frames - 1, 0, -1):
        states[t - 1] = pointers[t, states[t]]
    if return_logp:
        return states, float(delta[states[-1]])
    return states


def transition_loop(n_states: int, prob) -> np.ndarray:
    """A transition matrix that stays in each state with probability ``prob``.

    Leaving a state goes to each other state with the same probability
    ``(1 - prob) / (n_states - 1)``. The expected time spent in a state is ``1 / (1 - prob)``
    frames, so ``prob`` sets how long segments the decoder prefers.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    n_states : int
        Number of states, >= 2.
    prob : float or array_like
        Self-loop probability in [0, 1], one for all states or one per state.

    Returns
    -------
    transition : np.ndarray
        Shape ``(n_states, n_states)``, rows sum to 1.

    Raises
    ------
    ParameterError
        If ``n_states < 2`` or a probability is outside [0, 1].

    See Also
    --------
    librosa.sequence.transition_loop : the same matrix.
    transition_uniform, viterbi

    Examples
    --------
    >>> from mirlab.sequence import transition_loop
    >>> transition_loop(3, 0.8)
    array([[0.8, 0.1, 0.1],
           [0.1, 0.8, 0.1],
           [0.1, 0.1, 0.8]])
    """
    n_states = _positive_int(n_states, "n_states")
    if n_states < 2:
        raise ParameterError(f"n_states must be >= 2 for a self-loop matrix, got {n_states}")
    try:
        p = np.broadcast_to(np.asarray(prob, dtype=np.float64), (n_states,)).copy()
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"prob must be a number or {n_states} numbers, got {prob!r}") from exc
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ParameterError(f"prob must be in [0, 1], got {prob!r}")
    T = np.repeat(((1.0 - p) / (n_states - 1))[:, np.newaxis], n_states, axis=1)
    np.fill_diagonal(T, p)
    return T


def transition_uniform(n_states: int) -> np.ndarray:
    """The transition matrix that forgets the past: every entry ``1 / n_states``.

    With it, Viterbi decoding is the frame-wise arg-max (no smoothing).

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    n_states : int
        Number of states, > 0.

    Returns
    -------
    transition : np.ndarray
        Shape ``(n_states, n_states)``.

    See Also
    --------
    librosa.sequence.transition_uniform, transition_loop

    Examples
    --------
    >>> from mirlab.sequence import transition_uniform
    >>> transition_uniform(2)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    n_states = _positive_int(n_states, "n_states")
    return np.full((n_states, n_states), 1.0 / n_states)
