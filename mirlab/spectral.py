"""Time-frequency representations: frames, windows, STFT, spectrograms, decibels, Mel, CQT.

Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md,
book/audio/stft.md, book/audio/mel_cqt.md).

These are the reference implementations (the answer key) of Lab 0: everything except the
constant-Q transform is written from the formulas with NumPy, step by step, and the tests check
that it gives the same numbers as librosa and scipy. Shapes follow librosa: a spectrogram has
shape ``(n_freqs, n_frames)`` (frequency along the rows, one frame per column).
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from . import convert
from .audio import valid_audio
from .errors import ParameterError

__all__ = [
    "frame",
    "hann_window",
    "get_window",
    "stft",
    "magnitude_spectrogram",
    "amplitude_to_db",
    "power_to_db",
    "log_compress",
    "fft_frequencies",
    "frame_times",
    "mel_filterbank",
    "mel_spectrogram",
    "cqt",
]


# ---- validation helpers ------------------------------------------------------------------


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ParameterError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _positive_number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ParameterError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _valid_spectrum(S, name: str = "S") -> np.ndarray:
    """``S`` as a real, finite array (complex values are reduced to their modulus)."""
    try:
        S = np.asarray(S)
    except (TypeError, ValueError) as exc:  # pragma: no cover - ragged lists etc.
        raise ParameterError(f"{name} must be an array of numbers: {exc}") from exc
    if not (np.issubdtype(S.dtype, np.number) or S.dtype == bool):
        raise ParameterError(f"{name} must hold numbers, got dtype {S.dtype}")
    if S.size == 0:
        raise ParameterError(f"{name} is empty (shape {S.shape})")
    if not np.isfinite(S).all():
        n_bad = int((~np.isfinite(S)).sum())
        raise ParameterError(f"{name} contains {n_bad} NaN/inf values")
    return S


# ---- framing and windows (book/audio/sampling.md) ----------------------------------------


def frame(y: np.ndarray, frame_length: int, hop_length: int) -> np.ndarray:
    """Cut a signal into overlapping frames, one frame per column.

    Frame ``m`` holds the samples ``y[m * hop_length : m * hop_length + frame_length]``. A
    signal of ``L`` samples gives ``1 + (L - frame_length) // hop_length`` frames; no padding is
    added, so trailing samples that do not fill a frame are dropped.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    frame_length : int
        Samples per frame, ``<= len(y)``.
    hop_length : int
        Samples between the starts of consecutive frames.

    Returns
    -------
    frames : np.ndarray
        Shape ``(frame_length, n_frames)`` (a copy, not a strided view).

    Raises
    ------
    ParameterError
        If ``y`` is not a valid mono signal, it is shorter than one frame, or a length is not
        a positive integer.

    See Also
    --------
    librosa.util.frame : the same, as a strided view.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.spectral import frame
    >>> frame(np.arange(10.0), 4, 3)
    array([[0., 3., 6.],
           [1., 4., 7.],
           [2., 5., 8.],
           [3., 6., 9.]])
    """
    valid_audio(y, mono=True)
    frame_length = _positive_int(frame_length, "frame_length")
    hop_length = _positive_int(hop_length, "hop_length")
    if len(y) < frame_length:
        raise ParameterError(
            f"y has {len(y)} samples, fewer than frame_length={frame_length}: not even one frame fits"
        )
    n_frames = 1 + (len(y) - frame_length) // hop_length
    starts = hop_length * np.arange(n_frames)
    return y[np.arange(frame_length)[:, np.newaxis] + starts[np.newaxis, :]]


def hann_window(n: int, *, periodic: bool = True) -> np.ndarray:
    """The Hann window ``w(k) = 0.5 - 0.5 cos(2 pi k / N)``.

    The *periodic* window (``N = n``, the default) is the one used for spectral analysis: its
    shifted copies at hop ``n / 4`` add up to a constant. The *symmetric* one (``N = n - 1``)
    is used for filter design.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    n : int
        Window length, > 0.
    periodic : bool
        Periodic (default, equal to ``scipy.signal.get_window("hann", n)``) or symmetric
        (equal to ``scipy.signal.windows.hann(n, sym=True)``).

    Returns
    -------
    w : np.ndarray
        Shape ``(n,)``, float64.

    Raises
    ------
    ParameterError
        If ``n`` is not a positive integer.

    See Also
    --------
    get_window, scipy.signal.get_window

    Examples
    --------
    >>> from mirlab.spectral import hann_window
    >>> hann_window(4)
    array([0. , 0.5, 1. , 0.5])
    >>> hann_window(5, periodic=False)
    array([0. , 0.5, 1. , 0.5, 0. ])
    """
    n = _positive_int(n, "n")
    if n == 1:
        return np.ones(1)
    denom = n if periodic else n - 1
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n) / denom)


def get_window(window, n: int) -> np.ndarray:
    """A window of length ``n``, from its name or as given.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    window : str, tuple, callable or array_like
        ``"hann"`` gives :func:`hann_window`; any other name or tuple understood by
        :func:`scipy.signal.get_window` (``"hamming"``, ``"blackman"``, ``"boxcar"``,
        ``("kaiser", 8.0)``, ...) gives scipy's periodic window; a callable is called with
        ``n``; an array must have length ``n`` and is returned as float64.
    n : int
        Window length, > 0.

    Returns
    -------
    w : np.ndarray
        Shape ``(n,)``.

    Raises
    ------
    ParameterError
        If the name is unknown or an array has the wrong length.

    See Also
    --------
    hann_window, scipy.signal.get_window

    Examples
    --------
    >>> from mirlab.spectral import get_window
    >>> get_window("boxcar", 3)
    array([1., 1., 1.])
    >>> get_window([0.5, 1.0, 0.5], 3)
    array([0.5, 1. , 0.5])
    """
    n = _positive_int(n, "n")
    if isinstance(window, str) and window.lower() in ("hann", "hanning"):
        return hann_window(n)
    if isinstance(window, (str, tuple)) or (isinstance(window, numbers.Real) and not isinstance(window, bool)):
        import scipy.signal

        try:
            return np.asarray(scipy.signal.get_window(window, n, fftbins=True), dtype=np.float64)
        except (ValueError, TypeError) as exc:
            raise ParameterError(
                f"unknown window {window!r} ({exc}); use a name of scipy.signal.get_window such as "
                "'hann', 'hamming', 'blackman' or 'boxcar'"
            ) from exc
    if callable(window):
        w = np.asarray(window(n), dtype=np.float64)
    else:
        try:
            w = np.asarray(window, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"window must be a name, a callable or an array, got {window!r}") from exc
    if w.shape != (n,):
        raise ParameterError(f"the window has shape {w.shape}, but a window of length {n} is needed")
    return w


# ---- STFT and spectrograms (book/audio/stft.md) ------------------------------------------


def stft(
    y: np.ndarray,
    *,
    n_fft: int = 2048,
    hop_length: int | None = None,
    win_length: int | None = None,
    window="hann",
    center: bool = True,
    pad_mode: str = "constant",
) -> np.ndarray:
    """Short-time Fourier transform, from scratch: pad, frame, window, DFT.

    ``S[k, m] = sum_n y[m H + n] w[n] exp(-2 i pi k n / N)`` for ``k = 0 .. N // 2``, with
    ``N = n_fft`` and ``H = hop_length``. With ``center=True`` the signal is first padded by
    ``n_fft // 2`` samples on both sides, so that frame ``m`` is centred on sample ``m H``.
    A window shorter than ``n_fft`` is zero-padded on both sides to ``n_fft`` (centred). The
    result equals :func:`librosa.stft` with the same arguments.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    n_fft : int
        FFT size (frame length after padding the window), > 0.
    hop_length : int or None
        Samples between frames; default ``n_fft // 4``.
    win_length : int or None
        Window length, ``<= n_fft``; default ``n_fft``.
    window : str, tuple, callable or array_like
        See :func:`get_window`.
    center : bool
        Pad ``y`` so that frames are centred on ``m * hop_length``.
    pad_mode : str
        :func:`numpy.pad` mode used when ``center=True`` (librosa's default, ``"constant"``,
        pads with zeros).

    Returns
    -------
    S : np.ndarray
        Complex, shape ``(1 + n_fft // 2, n_frames)``; complex64 for float32 input, complex128
        for float64 input.

    Raises
    ------
    ParameterError
        For an invalid signal, window or length, or a signal shorter than ``n_fft`` when
        ``center=False``.

    See Also
    --------
    frame, get_window, magnitude_spectrogram, librosa.stft

    Examples
    --------
    >>> from mirlab import signals, spectral
    >>> y = signals.tone(1000.0, 1.0, sr=22050)
    >>> S = spectral.stft(y, n_fft=2048, hop_length=512)
    >>> S.shape
    (1025, 44)
    >>> freqs = spectral.fft_frequencies(sr=22050, n_fft=2048)
    >>> round(float(freqs[abs(S).mean(axis=1).argmax()]))
    1001
    """
    valid_audio(y, mono=True)
    n_fft = _positive_int(n_fft, "n_fft")
    hop_length = max(1, n_fft // 4) if hop_length is None else _positive_int(hop_length, "hop_length")
    win_length = n_fft if win_length is None else _positive_int(win_length, "win_length")
    if win_length > n_fft:
        raise ParameterError(f"win_length={win_length} must be <= n_fft={n_fft}")

    # The window, centred and zero-padded to n_fft samples.
    w = get_window(window, win_length)
    lpad = (n_fft - win_length) // 2
    w = np.pad(w, (lpad, n_fft - win_length - lpad))

    if center:
        try:
            y = np.pad(y, (n_fft // 2, n_fft // 2), mode=pad_mode)
        except (ValueError, TypeError) as exc:
            raise ParameterError(f"cannot pad y with pad_mode={pad_mode!r}: {exc}") from exc
    elif len(y) < n_fft:
        raise ParameterError(
            f"y has {len(y)} samples, fewer than n_fft={n_fft}; use center=True or a smaller n_fft"
        )

    frames = frame(y, n_fft, hop_length) * w[:, np.newaxis]
    S = np.fft.rfft(frames, axis=0)
    out_dtype = np.complex64 if y.dtype == np.float32 or y.dtype == np.float16 else np.complex128
    return S.astype(out_dtype, copy=False)


def magnitude_spectrogram(
    y: np.ndarray,
    *,
    n_fft: int = 2048,
    hop_length: int | None = None,
    window="hann",
    center: bool = True,
    power: float = 1.0,
) -> np.ndarray:
    """Magnitude (``power=1``) or power (``power=2``) spectrogram ``|STFT|**power``.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    n_fft, hop_length, window, center
        As in :func:`stft`.
    power : float
        Exponent, > 0: 1 gives the magnitude, 2 the power.

    Returns
    -------
    S : np.ndarray
        Real, non-negative, shape ``(1 + n_fft // 2, n_frames)``.

    Raises
    ------
    ParameterError
        For invalid arguments (see :func:`stft`) or ``power <= 0``.

    See Also
    --------
    stft, amplitude_to_db, power_to_db

    Examples
    --------
    >>> from mirlab import signals, spectral
    >>> y = signals.tone(440.0, 0.5)
    >>> spectral.magnitude_spectrogram(y, n_fft=1024, hop_length=256).shape
    (513, 44)
    """
    power = _positive_number(power, "power")
    S = np.abs(stft(y, n_fft=n_fft, hop_length=hop_length, window=window, center=center))
    return S if power == 1.0 else S**power


def power_to_db(S, *, ref=1.0, amin: float = 1e-10, top_db: float | None = 80.0) -> np.ndarray:
    """Convert a power spectrogram to decibels: ``10 log10(max(amin, S) / ref)``.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    S : array_like
        Power values (complex input is reduced to its modulus, with a warning as in librosa).
    ref : float or callable
        The reference power (0 dB); a callable (e.g. ``np.max``) is applied to ``S``.
    amin : float
        Floor, > 0, applied to ``S`` and ``ref`` before the log (avoids ``log10(0)``).
    top_db : float or None
        If not None, clip the output at ``top_db`` below its maximum.

    Returns
    -------
    S_db : np.ndarray
        Same shape as ``S``.

    Raises
    ------
    ParameterError
        If ``S`` has NaN/inf values, ``amin <= 0`` or ``top_db < 0``.

    See Also
    --------
    amplitude_to_db, librosa.power_to_db

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.spectral import power_to_db
    >>> power_to_db(np.array([1.0, 10.0, 100.0]))
    array([ 0., 10., 20.])
    >>> power_to_db(np.array([1.0, 10.0, 100.0]), ref=np.max)
    array([-20., -10.,   0.])
    """
    return _to_db(S, ref=ref, amin=amin, top_db=top_db, factor=10.0, name="power_to_db")


def amplitude_to_db(S, *, ref=1.0, amin: float = 1e-5, top_db: float | None = 80.0) -> np.ndarray:
    """Convert an amplitude (magnitude) spectrogram to decibels: ``20 log10(max(amin, S) / ref)``.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    S : array_like
        Magnitudes (complex input is reduced to its modulus, with a warning as in librosa).
    ref : float or callable
        The reference amplitude (0 dB); a callable (e.g. ``np.max``) is applied to ``|S|``.
    amin : float
        Floor, > 0, applied to ``S`` and ``ref`` before the log.
    top_db : float or None
        If not None, clip the output at ``top_db`` below its maximum.

    Returns
    -------
    S_db : np.ndarray
        Same shape as ``S``.

    Raises
    ------
    ParameterError
        If ``S`` has NaN/inf values, ``amin <= 0`` or ``top_db < 0``.

    See Also
    --------
    power_to_db, log_compress, librosa.amplitude_to_db

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.spectral import amplitude_to_db
    >>> amplitude_to_db(np.array([1.0, 10.0, 0.0]), top_db=None)
    array([   0.,   20., -100.])
    """
    return _to_db(S, ref=ref, amin=amin, top_db=top_db, factor=20.0, name="amplitude_to_db")


def _to_db(S, *, ref, amin, top_db, factor: float, name: str) -> np.ndarray:
    S = _valid_spectrum(S)
    if np.issubdtype(S.dtype, np.complexfloating):
        warnings.warn(
            f"{name} was called on complex input so phase information will be discarded; "
            f"call {name}(np.abs(S)) instead",
            stacklevel=3,
        )
    magnitude = np.abs(S)
    if not np.issubdtype(magnitude.dtype, np.floating):
        magnitude = magnitude.astype(np.float64)
    amin = _positive_number(amin, "amin")
    if top_db is not None and (isinstance(top_db, bool) or not isinstance(top_db, numbers.Real) or top_db < 0):
        raise ParameterError(f"top_db must be a non-negative number or None, got {top_db!r}")
    ref_value = ref(magnitude) if callable(ref) else np.abs(ref)
    log_spec = factor * np.log10(np.maximum(amin, magnitude))
    log_spec = log_spec - factor * np.log10(np.maximum(amin, ref_value))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return np.asarray(log_spec, dtype=magnitude.dtype)


def log_compress(S, *, gamma: float = 1.0) -> np.ndarray:
    """Logarithmic compression ``log(1 + gamma * S)`` of a magnitude spectrogram.

    Unlike decibels, it maps 0 to 0 and needs no floor; a larger ``gamma`` compresses more
    (Müller, *Fundamentals of Music Processing*, Sec. 3.1.2.1).

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    S : array_like
        Non-negative magnitudes.
    gamma : float
        Compression factor, > 0.

    Returns
    -------
    S_log : np.ndarray
        Same shape as ``S``, non-negative.

    Raises
    ------
    ParameterError
        If ``gamma <= 0`` or ``S`` has negative, complex, NaN or infinite values.

    See Also
    --------
    amplitude_to_db

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.spectral import log_compress
    >>> log_compress(np.array([0.0, np.e - 1]))
    array([0., 1.])
    """
    gamma = _positive_number(gamma, "gamma")
    S = _valid_spectrum(S)
    if np.issubdtype(S.dtype, np.complexfloating):
        raise ParameterError("S is complex: log compression applies to magnitudes, pass np.abs(S)")
    if (S < 0).any():
        raise ParameterError(
            f"S has {int((S < 0).sum())} negative values: log compression applies to magnitudes (>= 0)"
        )
    if not np.issubdtype(S.dtype, np.floating):
        S = S.astype(np.float64)
    return np.log1p(gamma * S)


def fft_frequencies(*, sr: float, n_fft: int) -> np.ndarray:
    """Centre frequencies of the DFT bins ``0 .. n_fft // 2``: ``k * sr / n_fft`` Hz.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    sr : number
        Sampling rate in Hz.
    n_fft : int
        FFT size.

    Returns
    -------
    freqs : np.ndarray
        Shape ``(1 + n_fft // 2,)``.

    See Also
    --------
    frame_times, librosa.fft_frequencies

    Examples
    --------
    >>> from mirlab.spectral import fft_frequencies
    >>> fft_frequencies(sr=8000, n_fft=8)
    array([   0., 1000., 2000., 3000., 4000.])
    """
    sr = _positive_number(sr, "sr")
    n_fft = _positive_int(n_fft, "n_fft")
    return np.arange(1 + n_fft // 2) * (sr / n_fft)


def frame_times(n_frames: int, *, sr: float, hop_length: int) -> np.ndarray:
    """Times in seconds of frames ``0 .. n_frames - 1``: ``m * hop_length / sr``.

    With ``center=True`` (the default of :func:`stft`) this is the centre of each frame.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    n_frames : int
        Number of frames, >= 0.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Samples between frames.

    Returns
    -------
    times : np.ndarray
        Shape ``(n_frames,)``.

    See Also
    --------
    fft_frequencies, librosa.frames_to_time

    Examples
    --------
    >>> from mirlab.spectral import frame_times
    >>> frame_times(4, sr=1000, hop_length=250)
    array([0.  , 0.25, 0.5 , 0.75])
    """
    if isinstance(n_frames, bool) or not isinstance(n_frames, numbers.Integral) or n_frames < 0:
        raise ParameterError(f"n_frames must be a non-negative integer, got {n_frames!r}")
    sr = _positive_number(sr, "sr")
    hop_length = _positive_int(hop_length, "hop_length")
    return np.arange(n_frames) * (hop_length / sr)


# ---- Mel and CQT (book/audio/mel_cqt.md) -------------------------------------------------


def mel_filterbank(
    *,
    sr: float,
    n_fft: int,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    htk: bool = False,
    norm="slaney",
) -> np.ndarray:
    """A Mel filterbank: triangular filters on ``n_mels + 2`` Mel-spaced frequencies.

    Filter ``i`` rises linearly from frequency ``f[i]`` to ``f[i + 1]`` and falls back to 0 at
    ``f[i + 2]``, where ``f`` are ``n_mels + 2`` points equally spaced on the Mel scale between
    ``fmin`` and ``fmax``. With ``norm="slaney"`` each triangle is scaled by
    ``2 / (f[i + 2] - f[i])`` so that all filters have the same area. Equal to
    :func:`librosa.filters.mel`.

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    sr : number
        Sampling rate in Hz.
    n_fft : int
        FFT size of the spectrogram the filterbank is applied to.
    n_mels : int
        Number of Mel bands.
    fmin, fmax : float
        Frequency range in Hz; ``fmax`` defaults to ``sr / 2`` and may not exceed it.
    htk : bool
        Use the HTK Mel formula instead of Slaney's.
    norm : {"slaney", None} or number
        Slaney area normalisation, none, or normalise each filter to unit p-norm.

    Returns
    -------
    M : np.ndarray
        Shape ``(n_mels, 1 + n_fft // 2)``, float64.

    Raises
    ------
    ParameterError
        For a non-positive size or rate, or an invalid frequency range or norm.

    Warns
    -----
    UserWarning
        If some filters are empty (too many Mel bands for ``n_fft``).

    See Also
    --------
    mel_spectrogram, mirlab.convert.hz_to_mel, librosa.filters.mel

    Examples
    --------
    >>> from mirlab.spectral import mel_filterbank
    >>> M = mel_filterbank(sr=22050, n_fft=2048, n_mels=40)
    >>> M.shape
    (40, 1025)
    """
    sr = _positive_number(sr, "sr")
    n_fft = _positive_int(n_fft, "n_fft")
    n_mels = _positive_int(n_mels, "n_mels")
    nyquist = sr / 2
    fmax = nyquist if fmax is None else fmax
    if not (isinstance(fmin, numbers.Real) and isinstance(fmax, numbers.Real)) or not 0 <= fmin < fmax:
        raise ParameterError(f"need 0 <= fmin < fmax, got fmin={fmin!r}, fmax={fmax!r}")
    if fmax > nyquist:
        raise ParameterError(f"fmax={fmax} Hz is above the Nyquist frequency sr / 2 = {nyquist} Hz")

    fft_freqs = fft_frequencies(sr=sr, n_fft=n_fft)
    mel_points = np.linspace(convert.hz_to_mel(fmin, htk=htk), convert.hz_to_mel(fmax, htk=htk), n_mels + 2)
    hz_points = convert.mel_to_hz(mel_points, htk=htk)

    lower = hz_points[:-2, np.newaxis]
    centre = hz_points[1:-1, np.newaxis]
    upper = hz_points[2:, np.newaxis]
    rising = (fft_freqs - lower) / (centre - lower)
    falling = (upper - fft_freqs) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))

    if isinstance(norm, str):
        if norm != "slaney":
            raise ParameterError(f"norm must be 'slaney', None or a number, got {norm!r}")
        weights *= 2.0 / (upper - lower)
    elif norm is not None:
        if isinstance(norm, bool) or not isinstance(norm, numbers.Real):
            raise ParameterError(f"norm must be 'slaney', None or a number, got {norm!r}")
        lengths = np.linalg.norm(weights, ord=norm, axis=1, keepdims=True)
        weights = weights / np.where(lengths > 0, lengths, 1.0)

    if not np.all((hz_points[:-2] == 0) | (weights.max(axis=1) > 0)):
        warnings.warn(
            "empty filters in the Mel filterbank: some Mel bands fall between two FFT bins; "
            "use fewer Mel bands (n_mels) or a larger n_fft",
            stacklevel=2,
        )
    return weights


def mel_spectrogram(
    y: np.ndarray,
    *,
    sr: float,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    power: float = 2.0,
) -> np.ndarray:
    """Mel spectrogram: the Mel filterbank applied to ``|STFT|**power``.

    Equal to :func:`librosa.feature.melspectrogram` with the same arguments (Hann window,
    centred frames, Slaney Mel scale and normalisation).

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    sr : number
        Sampling rate in Hz.
    n_fft, hop_length : int
        STFT parameters.
    n_mels, fmin, fmax
        Filterbank parameters (see :func:`mel_filterbank`).
    power : float
        Exponent of the magnitude (2: power, 1: magnitude).

    Returns
    -------
    M : np.ndarray
        Shape ``(n_mels, n_frames)``.

    Raises
    ------
    ParameterError
        For an invalid signal or argument.

    See Also
    --------
    mel_filterbank, magnitude_spectrogram, librosa.feature.melspectrogram

    Examples
    --------
    >>> from mirlab import signals, spectral
    >>> y = signals.tone(440.0, 1.0)
    >>> spectral.mel_spectrogram(y, sr=22050, n_mels=64).shape
    (64, 44)
    """
    S = magnitude_spectrogram(y, n_fft=n_fft, hop_length=hop_length, power=power)
    M = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    return (M @ S).astype(S.dtype, copy=False)


def cqt(
    y: np.ndarray,
    *,
    sr: float,
    hop_length: int = 512,
    fmin: float | None = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
) -> np.ndarray:
    """Magnitude of the constant-Q transform (computed by :func:`librosa.cqt`).

    Bin ``k`` is centred on ``fmin * 2 ** (k / bins_per_octave)`` Hz: with 12 bins per octave,
    one bin per semitone.

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Samples between frames.
    fmin : float or None
        Frequency of the lowest bin; default C1 (about 32.7 Hz).
    n_bins : int
        Number of bins.
    bins_per_octave : int
        Bins per octave.

    Returns
    -------
    C : np.ndarray
        Real, non-negative, shape ``(n_bins, n_frames)``.

    Raises
    ------
    ParameterError
        For an invalid signal or argument, or a top bin above the Nyquist frequency.

    See Also
    --------
    mel_spectrogram, librosa.cqt

    Examples
    --------
    >>> from mirlab import signals, spectral
    >>> y = signals.tone(440.0, 1.0)
    >>> C = spectral.cqt(y, sr=22050)
    >>> C.shape
    (84, 44)
    >>> int(C.mean(axis=1).argmax())  # A4 is 45 semitones above C1
    45
    """
    import librosa

    valid_audio(y, mono=True)
    sr = _positive_number(sr, "sr")
    hop_length = _positive_int(hop_length, "hop_length")
    n_bins = _positive_int(n_bins, "n_bins")
    bins_per_octave = _positive_int(bins_per_octave, "bins_per_octave")
    fmin = float(librosa.note_to_hz("C1")) if fmin is None else _positive_number(fmin, "fmin")
    f_top = fmin * 2.0 ** ((n_bins - 1) / bins_per_octave)
    if f_top >= sr / 2:
        raise ParameterError(
            f"the top CQT bin ({f_top:.1f} Hz) is above the Nyquist frequency sr / 2 = {sr / 2:g} Hz; "
            "use fewer bins (n_bins) or a lower fmin"
        )
    try:
        C = librosa.cqt(
            y, sr=sr, hop_length=hop_length, fmin=fmin, n_bins=n_bins, bins_per_octave=bins_per_octave
        )
    except librosa.util.exceptions.ParameterError as exc:
        raise ParameterError(f"cannot compute the CQT: {exc}") from exc
    return np.abs(C)
