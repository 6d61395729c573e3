"""Onset strength (spectral flux), peak picking and onset detection.

Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

The *onset strength* (novelty function) of a signal measures, frame by frame, how much new
energy appears. With a log-magnitude spectrogram ``L(k, m)`` (bin ``k``, frame ``m``) it is the
half-wave rectified first-order difference, averaged over frequency (*spectral flux*):

.. math:: \\Delta(m) = \\frac{1}{K} \\sum_k \\max\\bigl(0,\\ L(k, m) - L(k, m - \\mathrm{lag})\\bigr)

The log compression makes the flux sensitive to relative changes (a soft note after a loud
one still counts); the rectification (a ReLU) keeps energy increases only (onsets, not
offsets). SuperFlux (Böck and Widmer, 2013) replaces ``L(k, m - lag)`` by its maximum over
``max_size`` neighbouring bins, so the slow frequency modulation of a vibrato is not taken for
new notes. :func:`onset_strength` is :func:`librosa.onset.onset_strength` written step by step
(the tests check that they give the same numbers); :func:`peak_pick` is
:func:`librosa.util.peak_pick` written with NumPy windows; :func:`detect` chains the two.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import spectral
from .audio import _check_rate, valid_audio
from .errors import ParameterError
from .spectral import _positive_int

__all__ = ["spectral_flux", "onset_strength", "peak_pick", "detect", "frames_to_time"]


# ---- validation helpers ------------------------------------------------------------------


def _nonneg_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ParameterError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _check_sr(sr) -> float:
    return float(_check_rate(sr))


def _valid_1d(x, name: str) -> np.ndarray:
    try:
        x = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be a 1-D array of numbers: {exc}") from exc
    if x.ndim != 1 or x.size == 0:
        raise ParameterError(f"{name} must be a non-empty 1-D array, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ParameterError(f"{name} contains {int((~np.isfinite(x)).sum())} NaN/inf values")
    return x


_AGGREGATES = {"mean": np.mean, "median": np.median, "sum": np.sum}


# ---- onset strength ------------------------------------------------------------------------


def spectral_flux(S, *, lag: int = 1, max_size: int = 1, aggregate: str = "mean") -> np.ndarray:
    """Spectral flux of a (log-)spectrogram: rectified frame difference, aggregated over bins.

    ``flux[m] = aggregate_k max(0, S[k, m] - R[k, m - lag])`` where ``R = S`` (``max_size=1``)
    or ``R[k] = max(S[k - max_size // 2 ... k + (max_size - 1) // 2])``, the SuperFlux
    maximum filter along frequency. The first ``lag`` frames have no predecessor: they are 0,
    so the output has one value per input frame.

    Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

    Parameters
    ----------
    S : np.ndarray
        Spectrogram, shape ``(n_bins, n_frames)``, usually log-compressed (dB).
    lag : int
        Time lag of the difference in frames (>= 1).
    max_size : int
        Size of the maximum filter along frequency (1: plain spectral flux).
    aggregate : {"mean", "median", "sum"}
        How the rectified differences are combined over the bins.

    Returns
    -------
    flux : np.ndarray
        Shape ``(n_frames,)``, >= 0.

    Raises
    ------
    ParameterError
        For a spectrogram that is not 2-D or not finite, or an invalid parameter.

    See Also
    --------
    onset_strength, librosa.onset.onset_strength : ``onset_strength(S=S, center=False)`` is
        the same function.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.onsets import spectral_flux
    >>> S = np.array([[0.0, 0.0, 2.0, 2.0, 0.0],
    ...               [0.0, 0.0, 4.0, 1.0, 0.0]])
    >>> spectral_flux(S)
    array([0., 0., 3., 0., 0.])
    """
    S = spectral._valid_spectrum(S, "S").astype(np.float64, copy=False)
    if S.ndim != 2:
        raise ParameterError(f"S must be 2-D (n_bins, n_frames), got shape {S.shape}")
    lag = _positive_int(lag, "lag")
    max_size = _positive_int(max_size, "max_size")
    if aggregate not in _AGGREGATES:
        raise ParameterError(f"aggregate must be one of {sorted(_AGGREGATES)}, got {aggregate!r}")
    n_bins, n_frames = S.shape
    ref = S
    if max_size > 1:  # maximum over max_size neighbouring bins (edges repeat: scipy's "reflect")
        lo, hi = max_size // 2, (max_size - 1) // 2
        padded = np.concatenate([S[:lo][::-1], S, S[n_bins - hi:][::-1]], axis=0)
        windows = np.lib.stride_tricks.sliding_window_view(padded, max_size, axis=0)
        ref = windows.max(axis=-1)
    flux = np.zeros(n_frames)
    if n_frames > lag:
        diff = np.maximum(0.0, S[:, lag:] - ref[:, :-lag])  # half-wave rectification (ReLU)
        flux[lag:] = _AGGREGATES[aggregate](diff, axis=0)
    return flux


def onset_strength(
    y: np.ndarray,
    *,
    sr: float,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_mels: int = 128,
    lag: int = 1,
    max_size: int = 1,
    center: bool = True,
) -> np.ndarray:
    """Onset strength of a signal: spectral flux of its log-Mel spectrogram.

    The steps: Mel power spectrogram (:func:`mirlab.spectral.mel_spectrogram`), decibels
    (:func:`mirlab.spectral.power_to_db`, 80 dB range), :func:`spectral_flux`, then (``center``)
    a delay of ``n_fft // (2 * hop_length)`` frames: a centred analysis window sees a new note
    about half a window before it starts, and the delay puts the peaks back on the onsets. This
    is exactly :func:`librosa.onset.onset_strength` with the same arguments.

    Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    sr : number
        Sampling rate in Hz.
    n_fft, hop_length : int
        STFT size and hop (the onset strength has ``sr / hop_length`` frames per second).
    n_mels : int
        Number of Mel bands.
    lag, max_size : int
        As in :func:`spectral_flux` (``max_size > 1``: SuperFlux vibrato suppression).
    center : bool
        Delay the result by ``n_fft // (2 * hop_length)`` frames (librosa's default).

    Returns
    -------
    onset_env : np.ndarray
        Shape ``(n_frames,)``, one value per STFT frame, >= 0.

    Raises
    ------
    ParameterError
        For an invalid signal or parameter.

    See Also
    --------
    spectral_flux, peak_pick, librosa.onset.onset_strength

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import signals
    >>> from mirlab.onsets import onset_strength
    >>> y = signals.clicks([0.5, 1.0], sr=22050, length=33075)
    >>> env = onset_strength(y, sr=22050)
    >>> env.shape, np.sort(np.argsort(env)[-2:])    # 0.5 s and 1 s are frames 21.5 and 43.1
    ((65,), array([22, 44]))
    """
    valid_audio(y, mono=True)
    sr = _check_sr(sr)
    n_fft = _positive_int(n_fft, "n_fft")
    hop_length = _positive_int(hop_length, "hop_length")
    n_mels = _positive_int(n_mels, "n_mels")
    M = spectral.mel_spectrogram(y, sr=sr, n_fft=n_fft, hop_length=hop_length, n_mels=n_mels, fmax=0.5 * sr)
    L = spectral.power_to_db(M)
    flux = spectral_flux(L, lag=lag, max_size=max_size)
    if center:
        shift = n_fft // (2 * hop_length)
        flux = np.concatenate([np.zeros(shift), flux])[: len(flux)]
    return flux


# ---- peak picking --------------------------------------------------------------------------


def peak_pick(x, *, pre_max: int, post_max: int, pre_avg: int, post_avg: int, delta: float, wait: int) -> np.ndarray:
    """Indices of the peaks of a novelty function (librosa's / Böck et al.'s rules).

    Frame ``n`` is a peak when all three hold:

    1. ``x[n] == max(x[n - pre_max : n + post_max])`` (a local maximum),
    2. ``x[n] >= mean(x[n - pre_avg : n + post_avg]) + delta`` (above a moving average),
    3. ``n - previous_peak > wait`` (not too close to the previous peak),

    with the windows cut at the edges of ``x``. Same output as :func:`librosa.util.peak_pick`.

    Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

    Parameters
    ----------
    x : array_like
        Novelty function, shape ``(n,)``.
    pre_max, post_max : int
        Frames before / after ``n`` for the maximum (``post_max >= 1``: the window
        ``[n - pre_max, n + post_max)`` contains ``n``).
    pre_avg, post_avg : int
        Frames before / after ``n`` for the mean (``post_avg >= 1``).
    delta : float
        Threshold above the local mean, >= 0.
    wait : int
        Frames to skip after a peak, >= 0.

    Returns
    -------
    peaks : np.ndarray
        Increasing frame indices (int64).

    Raises
    ------
    ParameterError
        For an invalid ``x`` or parameter.

    See Also
    --------
    librosa.util.peak_pick, detect

    Examples
    --------
    >>> from mirlab.onsets import peak_pick
    >>> x = [0, 1, 0, 0, 3, 0, 2.5, 0, 0, 1, 0]
    >>> peak_pick(x, pre_max=2, post_max=3, pre_avg=2, post_avg=3, delta=0.5, wait=1)
    array([1, 4, 9])
    """
    x = _valid_1d(x, "x")
    pre_max, pre_avg, wait = (_nonneg_int(v, k) for v, k in ((pre_max, "pre_max"), (pre_avg, "pre_avg"), (wait, "wait")))
    post_max, post_avg = _positive_int(post_max, "post_max"), _positive_int(post_avg, "post_avg")
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not np.isfinite(delta) or delta < 0:
        raise ParameterError(f"delta must be a non-negative number, got {delta!r}")
    n = len(x)
    idx = np.arange(n)
    # moving maximum over [n - pre_max, n + post_max): pad with -inf
    padded = np.concatenate([np.full(pre_max, -np.inf), x, np.full(post_max - 1, -np.inf)])
    mov_max = np.lib.stride_tricks.sliding_window_view(padded, pre_max + post_max).max(axis=1)
    # moving mean over [n - pre_avg, n + post_avg), windows cut at the edges: cumulative sums
    csum = np.concatenate([[0.0], np.cumsum(x)])
    lo, hi = np.maximum(idx - pre_avg, 0), np.minimum(idx + post_avg, n)
    mov_avg = (csum[hi] - csum[lo]) / (hi - lo)
    candidates = np.flatnonzero((x == mov_max) & (x >= mov_avg + delta))
    peaks = []
    last = -np.inf
    for i in candidates:  # greedy: keep a candidate more than `wait` frames after the last peak
        if i > last + wait:
            peaks.append(i)
            last = i
    return np.asarray(peaks, dtype=np.int64)


def frames_to_time(frames, *, sr: float, hop_length: int) -> np.ndarray:
    """Frame indices to seconds: ``frames * hop_length / sr`` (as :func:`librosa.frames_to_time`).

    Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

    Parameters
    ----------
    frames : array_like
        Frame indices.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Hop in samples.

    Returns
    -------
    times : np.ndarray

    Examples
    --------
    >>> from mirlab.onsets import frames_to_time
    >>> frames_to_time([0, 10, 100], sr=22050, hop_length=441)
    array([0. , 0.2, 2. ])
    """
    sr = _check_sr(sr)
    hop_length = _positive_int(hop_length, "hop_length")
    return np.asarray(frames, dtype=np.float64) * hop_length / sr


def detect(
    y: np.ndarray,
    *,
    sr: float,
    hop_length: int = 512,
    n_fft: int = 2048,
    max_size: int = 1,
    delta: float = 0.07,
    wait: float = 0.03,
    pre_max: float = 0.03,
    post_max: float = 0.0,
    pre_avg: float = 0.10,
    post_avg: float = 0.10,
) -> np.ndarray:
    """Onset times of a signal: :func:`onset_strength`, normalised to [0, 1], then :func:`peak_pick`.

    The peak-picking windows are given in seconds and rounded down to frames (one extra frame for
    ``post_max`` and ``post_avg``, which must contain the frame itself); the defaults are
    :func:`librosa.onset.onset_detect`'s.

    Book chapter: *Classical MIR*, onsets and tempo (book/classical/onsets.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    hop_length, n_fft, max_size : int
        As in :func:`onset_strength`.
    delta : float
        Threshold above the local mean, on the normalised onset strength.
    wait, pre_max, post_max, pre_avg, post_avg : float
        Peak-picking windows in seconds (see :func:`peak_pick`).

    Returns
    -------
    onsets : np.ndarray
        Onset times in seconds.

    Raises
    ------
    ParameterError, SilentAudioError
        For an invalid or silent signal, or an invalid parameter.

    See Also
    --------
    onset_strength, peak_pick, librosa.onset.onset_detect, mir_eval.onset.f_measure

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.onsets import detect
    >>> y = signals.clicks([0.5, 1.0, 1.5], sr=22050, length=44100)
    >>> detect(y, sr=22050).round(1)
    array([0.5, 1. , 1.5])
    """
    valid_audio(y, mono=True, allow_silent=False)
    sr = _check_sr(sr)
    env = onset_strength(y, sr=sr, n_fft=n_fft, hop_length=hop_length, max_size=max_size)
    env = env - env.min()
    if env.max() > 0:
        env = env / env.max()
    fps = sr / hop_length
    windows = {}
    for name, value in (("wait", wait), ("pre_max", pre_max), ("post_max", post_max), ("pre_avg", pre_avg),
                        ("post_avg", post_avg)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
            raise ParameterError(f"{name} must be a non-negative duration in seconds, got {value!r}")
        windows[name] = int(np.floor(value * fps))
    windows["post_max"] += 1
    windows["post_avg"] += 1
    peaks = peak_pick(env, delta=delta, **windows)
    return frames_to_time(peaks, sr=sr, hop_length=hop_length)
