"""Mel-frequency cepstral coefficients (MFCC) and their deltas, step by step.

Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

The lecture's pipeline is: signal -> framing and windowing -> DFT -> modulus -> Mel scale ->
log -> inverse DFT (a DCT) -> MFCC. Every step here is written with :mod:`mirlab.spectral`
(STFT, Mel filterbank, decibels) and a DCT-II matrix written out, and the tests check that the
result equals :func:`librosa.feature.mfcc` (and the DCT :func:`scipy.fft.dct`). The deltas are a
Savitzky-Golay derivative written from its least-squares definition, equal to
:func:`librosa.feature.delta`.

Shapes follow librosa: a feature matrix has shape ``(n_features, n_frames)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import spectral
from .audio import _check_rate, valid_audio
from .errors import ParameterError
from .spectral import _positive_int

__all__ = [
    "dct_matrix",
    "log_mel_spectrogram",
    "mfcc",
    "mfcc_steps",
    "mfcc_to_log_mel",
    "delta",
    "savgol_coefficients",
]


def _sample_rate(sr) -> float:
    return float(_check_rate(sr))


# ---- the DCT-II (the "inverse DFT" of the lecture) ---------------------------------------


def dct_matrix(n_out: int, n_in: int, *, norm: str | None = "ortho") -> np.ndarray:
    """The DCT-II as a matrix: ``X = D @ x`` transforms a vector of ``n_in`` numbers.

    ``D[k, n] = s_k cos(pi k (2 n + 1) / (2 N))`` for ``k = 0 .. n_out - 1``, ``n = 0 .. N - 1``,
    ``N = n_in``. With ``norm="ortho"``, ``s_0 = sqrt(1 / N)`` and ``s_k = sqrt(2 / N)`` otherwise,
    so that the full ``N x N`` matrix is orthogonal (its inverse is its transpose); with
    ``norm=None``, ``s_k = 2`` (scipy's unnormalised DCT-II). Keeping only the first rows
    (``n_out < n_in``) keeps the slowly varying part of ``x``: for a log-Mel spectrum, its
    envelope.

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    n_out : int
        Number of coefficients kept (rows), ``<= n_in``.
    n_in : int
        Length of the transformed vectors (columns).
    norm : {"ortho", None}
        Normalisation, as in :func:`scipy.fft.dct`.

    Returns
    -------
    D : np.ndarray
        Shape ``(n_out, n_in)``, float64.

    Raises
    ------
    ParameterError
        For a non-positive size, ``n_out > n_in`` or an unknown norm.

    See Also
    --------
    mfcc, scipy.fft.dct

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.mfcc import dct_matrix
    >>> D = dct_matrix(4, 4)
    >>> bool(np.allclose(D @ D.T, np.eye(4)))
    True
    >>> np.round(dct_matrix(2, 4) @ np.ones(4), 6)
    array([2., 0.])
    """
    n_out = _positive_int(n_out, "n_out")
    n_in = _positive_int(n_in, "n_in")
    if n_out > n_in:
        raise ParameterError(f"n_out={n_out} must be <= n_in={n_in}: a DCT of {n_in} values has {n_in} coefficients")
    k = np.arange(n_out)[:, np.newaxis]
    n = np.arange(n_in)[np.newaxis, :]
    D = np.cos(np.pi * k * (2 * n + 1) / (2 * n_in))
    if norm == "ortho":
        D *= np.sqrt(2.0 / n_in)
        D[0] /= np.sqrt(2.0)
    elif norm is None:
        D *= 2.0
    else:
        raise ParameterError(f"norm must be 'ortho' or None, got {norm!r}")
    return D


# ---- the pipeline ------------------------------------------------------------------------


def mfcc_steps(
    y: np.ndarray,
    *,
    sr: float,
    n_mfcc: int = 20,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    htk: bool = False,
    top_db: float | None = 80.0,
    lifter: float = 0.0,
) -> dict:
    """Every intermediate step of the MFCC pipeline, for figures and for teaching.

    1. framing and windowing: ``x_m(n) = y(m H + n - N/2) w(n)`` (centred frames, Hann window);
    2. DFT: ``X(k, m) = sum_n x_m(n) exp(-2 i pi k n / N)``;
    3. modulus (squared): ``P(k, m) = |X(k, m)|^2``;
    4. Mel scale: ``E(b, m) = sum_k M(b, k) P(k, m)`` with the triangular filters ``M``;
    5. log: ``L(b, m) = 10 log10(max(1e-10, E(b, m)))``, floored ``top_db`` below the maximum;
    6. DCT-II: ``C(c, m) = sum_b D(c, b) L(b, m)`` for ``c = 0 .. n_mfcc - 1``
       (then an optional sinusoidal lifter).

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``, not silent.
    sr : number
        Sampling rate in Hz.
    n_mfcc, n_fft, hop_length, n_mels, fmin, fmax, htk, top_db, lifter
        As in :func:`mfcc`.

    Returns
    -------
    steps : dict
        ``"frames"`` (windowed frames, ``(n_fft, n_frames)``), ``"window"``, ``"dft"``
        (complex, ``(1 + n_fft // 2, n_frames)``), ``"power"``, ``"mel_filters"``
        (``(n_mels, 1 + n_fft // 2)``), ``"mel"``, ``"log_mel"`` (dB), ``"dct"``
        (``(n_mfcc, n_mels)``) and ``"mfcc"`` (``(n_mfcc, n_frames)``), with ``"sr"``,
        ``"hop_length"`` and ``"n_fft"``.

    Raises
    ------
    ParameterError
        For an invalid signal or argument.
    SilentAudioError
        If ``y`` is digital silence.

    See Also
    --------
    mfcc

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import mfcc, signals
    >>> y = signals.harmonic_tone(220.0, 0.5, sr=22050)
    >>> steps = mfcc.mfcc_steps(y, sr=22050, n_mfcc=13)
    >>> steps["power"].shape, steps["log_mel"].shape, steps["mfcc"].shape
    ((1025, 22), (128, 22), (13, 22))
    >>> bool(np.allclose(steps["mfcc"], mfcc.mfcc(y, sr=22050, n_mfcc=13)))
    True
    """
    valid_audio(y, mono=True, allow_silent=False)
    sr = _sample_rate(sr)
    n_fft = _positive_int(n_fft, "n_fft")
    hop_length = _positive_int(hop_length, "hop_length")
    window = spectral.hann_window(n_fft)
    padded = np.pad(y, (n_fft // 2, n_fft // 2))
    frames = spectral.frame(padded, n_fft, hop_length) * window[:, np.newaxis]
    dft = np.fft.rfft(frames, axis=0)
    power = np.abs(dft) ** 2
    filters = spectral.mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax, htk=htk)
    mel = filters @ power
    log_mel = spectral.power_to_db(mel, top_db=top_db)
    n_mfcc = _positive_int(n_mfcc, "n_mfcc")
    D = dct_matrix(n_mfcc, filters.shape[0])
    return {
        "sr": sr,
        "n_fft": n_fft,
        "hop_length": hop_length,
        "window": window,
        "frames": frames,
        "dft": dft,
        "power": power,
        "mel_filters": filters,
        "mel": mel,
        "log_mel": log_mel,
        "dct": D,
        "mfcc": _lift(D @ log_mel, lifter),
    }


def _lift(M: np.ndarray, lifter) -> np.ndarray:
    if isinstance(lifter, bool) or not isinstance(lifter, numbers.Real) or not np.isfinite(lifter) or lifter < 0:
        raise ParameterError(f"lifter must be a number >= 0, got {lifter!r}")
    if lifter == 0:
        return M
    n = np.arange(1, M.shape[0] + 1)
    return M * (1.0 + (lifter / 2.0) * np.sin(np.pi * n / lifter))[:, np.newaxis]


def log_mel_spectrogram(
    y: np.ndarray,
    *,
    sr: float,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    htk: bool = False,
    top_db: float | None = 80.0,
) -> np.ndarray:
    """Log-power Mel spectrogram in dB: steps 1 to 5 of the MFCC pipeline.

    Equal to ``librosa.power_to_db(librosa.feature.melspectrogram(...))`` for the same
    arguments (Hann window, centred frames with zero padding, Slaney-normalised filters).

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent.
    sr : number
        Sampling rate in Hz.
    n_fft, hop_length : int
        STFT size and hop.
    n_mels, fmin, fmax, htk
        Mel filterbank (see :func:`mirlab.spectral.mel_filterbank`).
    top_db : float or None
        Floor the result ``top_db`` dB below its maximum (librosa's default 80).

    Returns
    -------
    S_db : np.ndarray
        Shape ``(n_mels, n_frames)``.

    Raises
    ------
    ParameterError, SilentAudioError
        For an invalid or silent signal, or an invalid argument.

    See Also
    --------
    mfcc, mfcc_steps, mirlab.spectral.mel_spectrogram

    Examples
    --------
    >>> from mirlab import mfcc, signals
    >>> y = signals.tone(440.0, 0.5)
    >>> mfcc.log_mel_spectrogram(y, sr=22050, n_mels=40).shape
    (40, 22)
    """
    steps = mfcc_steps(y, sr=sr, n_mfcc=1, n_fft=n_fft, hop_length=hop_length, n_mels=n_mels, fmin=fmin,
                       fmax=fmax, htk=htk, top_db=top_db)
    return steps["log_mel"]


def mfcc(
    y: np.ndarray | None = None,
    *,
    sr: float | None,
    S: np.ndarray | None = None,
    n_mfcc: int = 20,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    htk: bool = False,
    top_db: float | None = 80.0,
    lifter: float = 0.0,
) -> np.ndarray:
    """Mel-frequency cepstral coefficients: the DCT-II of the log-power Mel spectrogram.

    ``C(c, m) = sum_b D(c, b) L(b, m)`` where ``L`` is the log-Mel spectrogram in dB
    (:func:`log_mel_spectrogram`, or ``S`` when given) and ``D`` the orthonormal DCT-II
    (:func:`dct_matrix`). An optional lifter multiplies coefficient ``c`` by
    ``1 + (lifter / 2) sin(pi (c + 1) / lifter)``. Equal to :func:`librosa.feature.mfcc` with
    the same arguments (``dct_type=2``, ``norm="ortho"``) to about 1e-4 dB relative to the
    largest coefficient (float64 here, float32 in librosa's FFT for float32 input).

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    y : np.ndarray or None
        Mono signal (not silent); ignored when ``S`` is given.
    sr : number or None
        Sampling rate of ``y`` in Hz (required keyword; may be None when ``S`` is given).
    S : np.ndarray or None
        A log-power Mel spectrogram in dB, shape ``(n_mels, n_frames)``, used instead of ``y``.
    n_mfcc : int
        Number of coefficients, ``<= n_mels``.
    n_fft, hop_length, n_mels, fmin, fmax, htk, top_db
        As in :func:`log_mel_spectrogram`.
    lifter : float
        Cepstral liftering, >= 0 (0: none).

    Returns
    -------
    M : np.ndarray
        Shape ``(n_mfcc, n_frames)``, float64.

    Raises
    ------
    ParameterError
        If neither ``y`` nor ``S`` is given, or for an invalid argument.
    SilentAudioError
        If ``y`` is digital silence.

    See Also
    --------
    mfcc_steps, delta, mfcc_to_log_mel, librosa.feature.mfcc

    Examples
    --------
    >>> import librosa, numpy as np
    >>> from mirlab import mfcc, signals
    >>> y = signals.harmonic_tone(330.0, 0.5, sr=22050)
    >>> M = mfcc.mfcc(y, sr=22050, n_mfcc=13)
    >>> M.shape
    (13, 22)
    >>> ref = librosa.feature.mfcc(y=y, sr=22050, n_mfcc=13)
    >>> bool(np.abs(M - ref).max() < 1e-3 * np.abs(ref).max())
    True
    """
    if S is None:
        if y is None:
            raise ParameterError("give either a signal y or a log-Mel spectrogram S")
        if sr is None:
            raise ParameterError("sr must be a positive number of samples per second, got None")
        S = log_mel_spectrogram(y, sr=sr, n_fft=n_fft, hop_length=hop_length, n_mels=n_mels, fmin=fmin,
                                fmax=fmax, htk=htk, top_db=top_db)
    else:
        S = spectral._valid_spectrum(S, "S")
        if S.ndim != 2 or np.iscomplexobj(S):
            raise ParameterError(f"S must be a real log-Mel spectrogram of shape (n_mels, n_frames), got shape {S.shape}")
    n_mfcc = _positive_int(n_mfcc, "n_mfcc")
    if n_mfcc > S.shape[0]:
        raise ParameterError(f"n_mfcc={n_mfcc} must be <= the number of Mel bands ({S.shape[0]})")
    return _lift(dct_matrix(n_mfcc, S.shape[0]) @ S, lifter)


def mfcc_to_log_mel(M: np.ndarray, *, n_mels: int = 128) -> np.ndarray:
    """The smooth log-Mel spectrum that ``n_mfcc`` coefficients keep: the inverse DCT.

    With the orthonormal DCT, the inverse is the transpose: ``L~ = D[:n_mfcc].T @ M``. It is the
    least-squares approximation of the log-Mel spectrum by the first ``n_mfcc`` cosines, i.e.
    its *spectral envelope*; the fine harmonic structure (the pitch) is in the discarded
    coefficients.

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    M : np.ndarray
        MFCCs (no lifter), shape ``(n_mfcc, n_frames)`` or ``(n_mfcc,)``.
    n_mels : int
        Number of Mel bands of the spectrogram they came from, ``>= n_mfcc``.

    Returns
    -------
    L : np.ndarray
        Shape ``(n_mels, n_frames)`` (or ``(n_mels,)``), in dB.

    Raises
    ------
    ParameterError
        For an invalid array or ``n_mels < n_mfcc``.

    See Also
    --------
    mfcc, dct_matrix, librosa.feature.inverse.mfcc_to_mel

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.mfcc import dct_matrix, mfcc_to_log_mel
    >>> L = np.linspace(-40.0, 0.0, 8)
    >>> bool(np.allclose(mfcc_to_log_mel(dct_matrix(8, 8) @ L, n_mels=8), L))
    True
    """
    M = spectral._valid_spectrum(M, "M")
    if M.ndim not in (1, 2) or np.iscomplexobj(M):
        raise ParameterError(f"M must be a real array of shape (n_mfcc, n_frames) or (n_mfcc,), got {M.shape}")
    n_mels = _positive_int(n_mels, "n_mels")
    return dct_matrix(M.shape[0], n_mels).T @ M


# ---- deltas ------------------------------------------------------------------------------


def savgol_coefficients(width: int, order: int, *, pos: int | None = None) -> np.ndarray:
    """Weights of the Savitzky-Golay estimate of the ``order``-th derivative.

    Fit, by least squares, a polynomial of degree ``order`` to ``width`` samples at offsets
    ``n - pos`` (``n = 0 .. width - 1``), and return the weights ``h`` such that the
    ``order``-th derivative of the fit at offset 0 is ``sum_n h[n] x[n]``. For ``order = 1``
    and a centred window (``pos = width // 2``, ``N = width // 2``) this is the regression
    slope ``h[n] = (n - N) / sum_j j^2``.

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    width : int
        Number of samples, > ``order``.
    order : int
        Derivative order (also the degree of the fitted polynomial), >= 1.
    pos : int or None
        Where in the window the derivative is evaluated (default the centre).

    Returns
    -------
    h : np.ndarray
        Shape ``(width,)``, applied to the samples in time order.

    Raises
    ------
    ParameterError
        For invalid sizes.

    See Also
    --------
    delta, scipy.signal.savgol_coeffs

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.mfcc import savgol_coefficients
    >>> np.round(savgol_coefficients(5, 1), 6)
    array([-0.2, -0.1,  0. ,  0.1,  0.2])
    """
    width = _positive_int(width, "width")
    order = _positive_int(order, "order")
    if order >= width:
        raise ParameterError(f"order={order} must be smaller than width={width}")
    pos = width // 2 if pos is None else int(pos)
    offsets = np.arange(width) - pos
    A = offsets[:, np.newaxis] ** np.arange(order + 1)[np.newaxis, :]  # Vandermonde, (width, order + 1)
    # Row `order` of the pseudo-inverse gives the coefficient of t^order; times order! = derivative.
    return np.linalg.pinv(A)[order] * float(np.prod(np.arange(1, order + 1)))


def delta(X: np.ndarray, *, width: int = 9, order: int = 1, mode: str = "interp") -> np.ndarray:
    """Delta features: a local least-squares estimate of the time derivative of each row.

    In the interior, ``delta_t = sum_{n=-N}^{N} n x_{t+n} / sum_{n=-N}^{N} n^2`` (``order = 1``,
    ``N = width // 2``): the slope of the line fitted to ``width`` frames around ``t``; ``order =
    2`` (delta-delta) fits a parabola and takes its second derivative. At the first and last
    ``N`` frames, with ``mode="interp"`` (the default), the polynomial fitted to the first (last)
    ``width`` frames is differentiated there; with ``mode="nearest"`` the first and last frames
    are repeated ``N`` times and the interior formula is used everywhere. Equal to
    :func:`librosa.feature.delta` with the same ``width``, ``order`` and ``mode``.

    Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md).

    Parameters
    ----------
    X : np.ndarray
        Features, shape ``(n_features, n_frames)`` (or ``(n_frames,)``), at least ``width``
        frames.
    width : int
        Odd window length, >= 3.
    order : int
        Derivative order, >= 1 and < ``width``.
    mode : {"interp", "nearest"}
        How the edges are handled (see above).

    Returns
    -------
    D : np.ndarray
        Same shape as ``X``.

    Raises
    ------
    ParameterError
        For an even or too small ``width``, a bad ``order`` or ``mode``, or (``mode="interp"``)
        fewer than ``width`` frames.

    See Also
    --------
    savgol_coefficients, mfcc, librosa.feature.delta

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.mfcc import delta
    >>> delta(np.arange(10.0) ** 2, width=3)
    array([ 2.,  2.,  4.,  6.,  8., 10., 12., 14., 16., 16.])
    """
    X = spectral._valid_spectrum(X, "X")
    if np.iscomplexobj(X):
        raise ParameterError("X must be real")
    if isinstance(width, bool) or not isinstance(width, numbers.Integral) or width < 3 or width % 2 == 0:
        raise ParameterError(f"width must be an odd integer >= 3, got {width!r}")
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or not 1 <= order < width:
        raise ParameterError(f"order must be an integer with 1 <= order < width={width}, got {order!r}")
    if mode not in ("interp", "nearest"):
        raise ParameterError(f"mode must be 'interp' or 'nearest', got {mode!r}")
    X = np.asarray(X, dtype=np.float64)
    n_frames = X.shape[-1]
    half = width // 2
    h = savgol_coefficients(width, order)
    if mode == "nearest":
        padded = np.pad(X, [(0, 0)] * (X.ndim - 1) + [(half, half)], mode="edge")
        return np.lib.stride_tricks.sliding_window_view(padded, width, axis=-1) @ h
    if n_frames < width:
        raise ParameterError(f"X has {n_frames} frames, fewer than width={width}: use a smaller width")
    out = np.empty_like(X)
    # Interior: a correlation with the centred derivative filter.
    windows = np.lib.stride_tricks.sliding_window_view(X, width, axis=-1)  # (..., n_frames - 2 half, width)
    out[..., half : n_frames - half] = windows @ h
    # Edges: differentiate the polynomial fitted to the first / last `width` frames.
    for t in range(half):
        out[..., t] = X[..., :width] @ savgol_coefficients(width, order, pos=t)
        out[..., n_frames - half + t] = X[..., n_frames - width :] @ savgol_coefficients(width, order, pos=half + 1 + t)
    return out
