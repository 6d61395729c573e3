r"""Key detection: correlate a pitch-class distribution with key profiles (Krumhansl-Schmuckler).

Book chapter: *Classical MIR*, key detection (book/classical/key.md).

A key profile gives, for each of the 12 pitch classes counted from the tonic, how well it fits
the key (the probe-tone ratings of Krumhansl and Kessler, 1982; or Temperley's 1999 revision).
The Krumhansl-Schmuckler algorithm: sum a chromagram over time into a pitch-class distribution
:math:`x`, rotate the major and minor profiles to each of the 12 tonics, and pick the key whose
profile :math:`p_k` has the largest Pearson correlation

.. math:: r_k = \frac{\sum_n (x_n - \bar x)(p_{k,n} - \bar p_k)}
                     {\sqrt{\sum_n (x_n - \bar x)^2}\,\sqrt{\sum_n (p_{k,n} - \bar p_k)^2}}.

Labels are in mir_eval's key format (:data:`KEYS`: ``"C major"``, ``"C# minor"``, ...), and
:func:`evaluate` scores with :func:`mir_eval.key.weighted_score` (1 for the right key, 0.5 for
a fifth above, 0.3 for the relative, 0.2 for the parallel key).
"""

from __future__ import annotations

import numpy as np

from . import chroma as _chroma
from .audio import _check_rate, valid_audio
from .errors import ParameterError

__all__ = ["KEYS", "PROFILES", "profile_matrix", "correlate", "scores", "estimate", "evaluate"]

_MAJOR_TONICS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_MINOR_TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")

#: The 24 keys, order of every score vector: 12 major keys from C, then 12 minor keys from C.
KEYS = tuple(f"{t} major" for t in _MAJOR_TONICS) + tuple(f"{t} minor" for t in _MINOR_TONICS)

#: Key profiles, (major, minor), pitch classes counted from the tonic.
PROFILES = {
    # Krumhansl & Kessler (1982), probe-tone ratings.
    "krumhansl": (
        (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88),
        (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17),
    ),
    # Temperley (1999), "What's key for key?", revised profiles.
    "temperley": (
        (5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0),
        (5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0),
    ),
}


def profile_matrix(profile: str = "krumhansl") -> np.ndarray:
    """The 24 rotated key profiles, one row per key of :data:`KEYS`.

    Row ``k`` of a major key with tonic ``t`` is the major profile rotated so that its first
    value (the tonic's) lands on pitch class ``t``: ``row[(t + i) % 12] = profile[i]``.

    Book chapter: *Classical MIR*, key detection (book/classical/key.md).

    Parameters
    ----------
    profile : str
        A name of :data:`PROFILES`: ``"krumhansl"`` or ``"temperley"``.

    Returns
    -------
    P : np.ndarray
        Shape ``(24, 12)``.

    Raises
    ------
    ParameterError
        For an unknown profile name.

    See Also
    --------
    correlate, PROFILES

    Examples
    --------
    >>> from mirlab.key import profile_matrix, KEYS
    >>> P = profile_matrix("temperley")
    >>> KEYS[7], float(P[7, 7]), float(P[7, 2])  # G major: tonic G (5.0), fifth D (4.5)
    ('G major', 5.0, 4.5)
    """
    if profile not in PROFILES:
        raise ParameterError(f"profile must be one of {sorted(PROFILES)}, got {profile!r}")
    major, minor = (np.asarray(p, dtype=np.float64) for p in PROFILES[profile])
    return np.array([np.roll(major, t) for t in range(12)] + [np.roll(minor, t) for t in range(12)])


def correlate(pcp, profile: str = "krumhansl") -> np.ndarray:
    """Pearson correlation of a pitch-class distribution with each of the 24 key profiles.

    Book chapter: *Classical MIR*, key detection (book/classical/key.md).

    Parameters
    ----------
    pcp : array_like
        Shape ``(12,)``, non-negative (e.g. a chromagram summed over time), not constant.
    profile : str
        A name of :data:`PROFILES`.

    Returns
    -------
    r : np.ndarray
        Shape ``(24,)``, in [-1, 1], ordered as :data:`KEYS`.

    Raises
    ------
    ParameterError
        If ``pcp`` does not have 12 finite values, or is constant (no key can be told).

    See Also
    --------
    profile_matrix, scores, scipy.stats.pearsonr

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.key import correlate, KEYS
    >>> c_major_scale = np.array([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1.0])
    >>> KEYS[int(np.argmax(correlate(c_major_scale)))]
    'C major'
    """
    x = np.asarray(pcp, dtype=np.float64)
    if x.shape != (12,) or not np.isfinite(x).all():
        raise ParameterError(f"pcp must hold 12 finite numbers (one per pitch class), got shape {x.shape}")
    P = profile_matrix(profile)
    xc = x - x.mean()
    if np.linalg.norm(xc) == 0:
        raise ParameterError("pcp is constant: every key fits it equally well")
    Pc = P - P.mean(axis=1, keepdims=True)
    return (Pc @ xc) / (np.linalg.norm(Pc, axis=1) * np.linalg.norm(xc))


def _pitch_class_distribution(y, sr, percussion="remove") -> np.ndarray:
    from .audio import resample

    if sr != 22050:
        y = resample(y, orig_sr=sr, target_sr=22050)
    y = _chroma._remove_percussion(y, percussion)
    y = np.asarray(y, dtype=np.float64) / np.max(np.abs(y))
    C = _chroma.chroma_cqt(y, sr=22050, hop_length=2048, log_gamma=1.0, norm=None)
    return C.sum(axis=1)


def scores(y: np.ndarray, sr: float, *, profile: str = "temperley", percussion: str | None = "remove") -> np.ndarray:
    """The 24 key correlations of a recording, ordered as :data:`KEYS`.

    The pitch-class distribution is the sum over time of a CQT chromagram with tuning
    estimation and log compression (:func:`mirlab.chroma.chroma_cqt`, ``log_gamma=1``).

    Book chapter: *Classical MIR*, key detection (book/classical/key.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent.
    sr : number
        Sampling rate in Hz (resampled to 22050 Hz if different).
    profile : str
        A name of :data:`PROFILES`.
    percussion : {"remove", None}
        ``"remove"`` (default): the harmonic part only (:func:`mirlab.chroma.harmonic`), so
        drums do not flatten the pitch-class distribution; None: the signal as it is.

    Returns
    -------
    r : np.ndarray
        Shape ``(24,)``.

    Raises
    ------
    SilentAudioError
        For a silent signal.
    ParameterError
        For an invalid signal, sampling rate or profile.

    See Also
    --------
    estimate, correlate

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.key import scores, KEYS
    >>> y = signals.melody([62, 66, 69, 74, 69, 66, 62], note_duration=0.2)  # D major arpeggio
    >>> r = scores(y, 22050)
    >>> r.shape, KEYS[int(r.argmax())]
    ((24,), 'D major')
    """
    valid_audio(y, mono=True, allow_silent=False)
    sr = _check_rate(sr)
    profile_matrix(profile)  # validates the name before any computation
    pcp = _pitch_class_distribution(y, float(sr), percussion)
    if np.ptp(pcp) == 0:
        raise ParameterError("the signal has no pitched content (flat chroma): no key can be told")
    return correlate(pcp, profile)


def estimate(y: np.ndarray, sr: float, *, profile: str = "temperley", percussion: str | None = "remove") -> str:
    """The key of a recording, e.g. ``"A minor"`` (Krumhansl-Schmuckler algorithm).

    The stable API of the course: the key of :data:`KEYS` with the largest correlation
    (:func:`scores`).

    Book chapter: *Classical MIR*, key detection (book/classical/key.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent.
    sr : number
        Sampling rate in Hz.
    profile : str
        ``"temperley"`` (Temperley 1999, the default: it scored higher than Krumhansl-Kessler
        on the development set of bench/key.py) or ``"krumhansl"`` (Krumhansl-Kessler 1982).
    percussion : {"remove", None}
        See :func:`scores`.

    Returns
    -------
    key : str
        In mir_eval format (``"C major"``, ``"F# minor"``).

    Raises
    ------
    SilentAudioError
        For a silent signal.
    ParameterError
        For an invalid signal, sampling rate or profile.

    See Also
    --------
    scores, evaluate, mir_eval.key

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.key import estimate
    >>> y = signals.melody([57, 60, 64, 69, 64, 60, 57, 56, 57], note_duration=0.2)  # A minor
    >>> estimate(y, 22050)
    'A minor'
    """
    return KEYS[int(np.argmax(scores(y, sr, profile=profile, percussion=percussion)))]


def evaluate(reference_keys, estimated_keys) -> dict:
    """Mean :func:`mir_eval.key.weighted_score` over pieces, and the count of each kind of answer.

    Book chapter: *Classical MIR*, key detection (book/classical/key.md).

    Parameters
    ----------
    reference_keys, estimated_keys : sequence of str
        Keys in mir_eval format, one per piece, in the same order.

    Returns
    -------
    result : dict
        ``weighted_score`` (mean), ``n``, and the fraction of ``correct`` (score 1),
        ``fifth`` (0.5), ``relative`` (0.3), ``parallel`` (0.2) and ``other`` (0) answers.

    See Also
    --------
    mir_eval.key.weighted_score

    Examples
    --------
    >>> from mirlab.key import evaluate
    >>> evaluate(["C major", "A minor"], ["C major", "C major"])["weighted_score"]
    0.65
    """
    import mir_eval

    refs, ests = list(reference_keys), list(estimated_keys)
    if len(refs) != len(ests) or not refs:
        raise ParameterError(f"give one estimate per reference key (got {len(refs)} and {len(ests)})")
    s = np.array([mir_eval.key.weighted_score(r, e) for r, e in zip(refs, ests)])
    kinds = {"correct": 1.0, "fifth": 0.5, "relative": 0.3, "parallel": 0.2, "other": 0.0}
    out = {"weighted_score": round(float(s.mean()), 10), "n": len(s)}
    out.update({k: float(np.mean(np.isclose(s, v))) for k, v in kinds.items()})
    return out
