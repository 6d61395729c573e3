r"""Chroma features: the energy of each of the 12 pitch classes, frame by frame.

Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

The lecture's chromagram sums the STFT magnitude at the partials of each pitch class,

.. math:: C(N, t) = \sum_{k} |S(2^k f_0(N), t)|, \qquad N \in \{C, C\sharp, \dots, B\},

where :math:`f_0(N)` is the lowest frequency considered for class :math:`N`. On a DFT of size
:math:`n_{fft}` at rate :math:`sr` a frequency :math:`f` lies in bin :math:`f\,n_{fft}/sr`, so
the sum is a product by a ``12 x (1 + n_fft // 2)`` matrix (:func:`chroma_filterbank`) whose row
:math:`N` is non-zero at the bins nearest to :math:`2^k f_0(N)`. The refinements of this module
(all options of :func:`chroma_stft`): every bin assigned to its nearest pitch class (``"hard"``)
or weighted by its distance to it (``"triangular"``, ``"gaussian"``), tuning estimation
(:func:`estimate_tuning`), log compression, normalisation, and a chroma from the constant-Q
transform (:func:`chroma_cqt`). The tests compare them with librosa's ``chroma_stft`` and
``chroma_cqt`` by correlation and arg-max (they are not meant to be equal number for number).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import spectral
from .audio import valid_audio
from .errors import ParameterError
from .spectral import _positive_int, _positive_number

__all__ = [
    "PITCH_CLASSES",
    "SHAPES",
    "pitch_of_frequency",
    "chroma_filterbank",
    "estimate_tuning",
    "normalize",
    "chroma_stft",
    "chroma_cqt",
    "harmonic",
]

#: Names of the 12 pitch classes, row order of every chromagram (row 0 is C).
PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

#: Filter shapes of :func:`chroma_filterbank`.
SHAPES = ("lecture", "hard", "triangular", "gaussian")

_NORMS = (None, 1, 2, np.inf)


def _tuning(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or not -0.5 <= value <= 0.5:
        raise ParameterError(f"tuning must be a number of semitones in [-0.5, 0.5], got {value!r}")
    return float(value)


def _norm(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value not in (1, 2, np.inf):
        raise ParameterError(f"norm must be None, 1, 2 or np.inf, got {value!r}")
    return value


def pitch_of_frequency(freqs, *, tuning: float = 0.0) -> np.ndarray:
    """MIDI pitch (a real number) of frequencies in Hz: ``69 + 12 log2(f / 440) - tuning``.

    A4 = 440 Hz is pitch 69, and ``pitch % 12`` is the pitch class (0 = C). ``tuning`` is the
    deviation of the recording's reference from A440 in semitones (0.1 = 10 cents sharp).

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    freqs : array_like
        Positive frequencies in Hz.
    tuning : float
        Tuning deviation in semitones, in [-0.5, 0.5].

    Returns
    -------
    pitch : np.ndarray
        Same shape as ``freqs``.

    See Also
    --------
    librosa.hz_to_midi

    Examples
    --------
    >>> from mirlab.chroma import pitch_of_frequency
    >>> pitch_of_frequency([440.0, 261.6256, 880.0]).round(3)
    array([69., 60., 81.])
    """
    tuning = _tuning(tuning)
    f = np.asarray(freqs, dtype=np.float64)
    if not np.isfinite(f).all() or (f <= 0).any():
        raise ParameterError("freqs must be positive, finite frequencies in Hz")
    return 69.0 + 12.0 * np.log2(f / 440.0) - tuning


def chroma_filterbank(
    *,
    sr: float,
    n_fft: int,
    shape: str = "gaussian",
    tuning: float = 0.0,
    fmin: float = 55.0,
    fmax: float = 5000.0,
    width: float = 1.0,
) -> np.ndarray:
    """The ``12 x (1 + n_fft // 2)`` matrix that maps an STFT magnitude frame to a chroma vector.

    DFT bin ``k`` has frequency ``f_k = k sr / n_fft`` and pitch
    ``p_k = 69 + 12 log2(f_k / 440) - tuning`` (:func:`pitch_of_frequency`). Only bins with
    ``fmin <= f_k <= fmax`` count. Row ``N`` (0 = C, ..., 11 = B) holds:

    * ``"lecture"``: 1 at the bin nearest to each partial ``2^k f0(N)`` in the range, 0
      elsewhere: the lecture's :math:`C(N, t) = \\sum_k |S(2^k f_0(N), t)|`, one bin per octave;
    * ``"hard"``: 1 at every bin whose nearest pitch class is ``N`` (``|p_k - N| <= 0.5``
      modulo 12): all the energy is counted, each bin once;
    * ``"triangular"``: ``max(0, 1 - d / width)``, with ``d`` the distance in semitones from
      ``p_k`` to the nearest pitch of class ``N``;
    * ``"gaussian"``: ``exp(-d^2 / (2 (width / 2)^2))``, a smooth version, close to librosa's
      filterbank.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    sr : number
        Sampling rate in Hz.
    n_fft : int
        FFT size.
    shape : str
        One of :data:`SHAPES`.
    tuning : float
        Tuning deviation in semitones, in [-0.5, 0.5] (see :func:`estimate_tuning`).
    fmin, fmax : float
        Frequency range in Hz; ``fmin`` is also the lowest partial of the lecture's sum.
    width : float
        Width in semitones of the triangular and Gaussian filters.

    Returns
    -------
    W : np.ndarray
        Shape ``(12, 1 + n_fft // 2)``, non-negative; ``W @ S`` is a chromagram.

    Raises
    ------
    ParameterError
        For an unknown shape, a bad number, or ``fmin >= fmax``.

    See Also
    --------
    chroma_stft, librosa.filters.chroma

    Examples
    --------
    >>> from mirlab.chroma import chroma_filterbank
    >>> W = chroma_filterbank(sr=22050, n_fft=4096, shape="lecture")
    >>> W.shape, int(W.sum(axis=1)[9])  # A: partials at 55, 110, ..., 3520 Hz
    ((12, 2049), 7)
    """
    sr = _positive_number(sr, "sr")
    n_fft = _positive_int(n_fft, "n_fft")
    if shape not in SHAPES:
        raise ParameterError(f"shape must be one of {SHAPES}, got {shape!r}")
    tuning = _tuning(tuning)
    fmin = _positive_number(fmin, "fmin")
    fmax = _positive_number(fmax, "fmax")
    width = _positive_number(width, "width")
    if fmin >= fmax:
        raise ParameterError(f"fmin ({fmin}) must be below fmax ({fmax})")
    freqs = np.arange(1 + n_fft // 2) * (sr / n_fft)
    W = np.zeros((12, len(freqs)))
    if shape == "lecture":
        p_min = int(np.ceil(pitch_of_frequency(fmin, tuning=tuning) - 1e-9))
        for n in range(12):
            p = p_min + (n - p_min) % 12  # the lowest pitch of class n at or above fmin
            while True:
                f = 440.0 * 2.0 ** ((p + tuning - 69.0) / 12.0)
                if f > min(fmax, sr / 2):
                    break
                W[n, int(np.rint(f * n_fft / sr))] = 1.0
                p += 12
        return W
    inside = (freqs >= fmin) & (freqs <= min(fmax, sr / 2))
    pitch = pitch_of_frequency(freqs[inside], tuning=tuning)
    # distance from each bin's pitch to the nearest pitch of each class, in semitones
    d = np.abs((pitch[np.newaxis, :] - np.arange(12)[:, np.newaxis] + 6.0) % 12.0 - 6.0)
    if shape == "hard":
        nearest = np.rint(pitch).astype(int) % 12
        block = (nearest[np.newaxis, :] == np.arange(12)[:, np.newaxis]).astype(float)
    elif shape == "triangular":
        block = np.maximum(0.0, 1.0 - d / width)
    else:
        block = np.exp(-0.5 * (d / (width / 2.0)) ** 2)
    W[:, inside] = block
    return W


def estimate_tuning(
    y: np.ndarray,
    *,
    sr: float,
    n_fft: int = 4096,
    hop_length: int = 1024,
    fmin: float = 150.0,
    fmax: float = 4000.0,
    kappa: float = 20.0,
) -> float:
    """Deviation of a recording's tuning from A440, in semitones, in [-0.5, 0.5).

    Peaks of the magnitude spectrum (local maxima above 1/10 of the frame's largest one) are
    located between bins by fitting a parabola to the log-magnitudes around them; each peak
    frequency gives a deviation ``r = p - round(p)`` of its pitch from the nearest equal-tempered
    pitch. Deviations are circular (0.5 and -0.5 are the same), so the estimate is the angle of
    the mode of their magnitude-weighted circular (von Mises) kernel density: the deviation
    shared by most of the spectral energy. (The circular mean, the angle of the weighted mean of
    ``exp(2 i pi r)``, fails when an instrument has two detuned reeds or inharmonic partials:
    it falls between the two clusters.)

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    n_fft, hop_length : int
        STFT parameters.
    fmin, fmax : float
        Range of the peaks used, in Hz.
    kappa : float
        Concentration of the von Mises kernel (20: a width of about 0.035 semitone).

    Returns
    -------
    tuning : float
        In semitones; 0.0 when no peak is found.

    Raises
    ------
    ParameterError
        For an invalid signal or parameter.

    See Also
    --------
    librosa.estimate_tuning : a histogram-based estimate (compared in the tests).

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.chroma import estimate_tuning
    >>> y = signals.harmonic_tone(440.0 * 2 ** (0.2 / 12), 1.0, sr=22050)  # 20 cents sharp
    >>> round(estimate_tuning(y, sr=22050), 1)
    0.2
    """
    valid_audio(y, mono=True)
    sr = _positive_number(sr, "sr")
    fmin = _positive_number(fmin, "fmin")
    fmax = _positive_number(fmax, "fmax")
    n_fft = _positive_int(n_fft, "n_fft")
    if len(y) < n_fft:  # short signals: one zero-padded frame
        y = np.pad(y, (0, n_fft - len(y)))
    S = spectral.magnitude_spectrogram(y, n_fft=n_fft, hop_length=hop_length, center=False)
    L = np.log(S + 1e-10)
    a, b, c = L[:-2], L[1:-1], L[2:]
    peak = (S[1:-1] > S[:-2]) & (S[1:-1] >= S[2:]) & (S[1:-1] > 0.1 * S.max(axis=0, keepdims=True))
    k = np.arange(1, S.shape[0] - 1)[:, np.newaxis]
    freq = (k / n_fft) * sr
    peak &= (freq >= fmin) & (freq <= fmax)
    if not peak.any():
        return 0.0
    denom = a - 2 * b + c
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(denom < 0, 0.5 * (a - c) / denom, 0.0)
    f = (np.broadcast_to(k, peak.shape)[peak] + np.clip(shift[peak], -0.5, 0.5)) * (sr / n_fft)
    pitch = 69.0 + 12.0 * np.log2(f / 440.0)
    r = pitch - np.rint(pitch)
    w = S[1:-1][peak]
    # The mode of a magnitude-weighted von Mises kernel density of the deviations (circular:
    # 0.5 and -0.5 are the same point). A mode, not a mean: instruments with detuned
    # partials or a second, detuned reed give two clusters, and a mean would fall between them.
    grid = np.arange(-0.5, 0.5, 0.01)
    density = np.exp(kappa * (np.cos(2 * np.pi * (r[np.newaxis, :] - grid[:, np.newaxis])) - 1.0)) @ w
    if not np.isfinite(density).all() or density.max() <= 0:
        return 0.0
    i = int(np.argmax(density))
    # refine between grid points with a parabola through the three values around the maximum
    a, b, c = density[i - 1], density[i], density[(i + 1) % len(grid)]
    denom = a - 2 * b + c
    delta = 0.5 * (a - c) / denom if denom < 0 else 0.0
    tuning = float(grid[i] + 0.01 * np.clip(delta, -0.5, 0.5))
    return float(((tuning + 0.5) % 1.0) - 0.5)


def normalize(C, *, norm=2, floor: float = 1e-10) -> np.ndarray:
    """Normalise each column (frame) of a chromagram to unit norm.

    Columns whose norm is below ``floor`` (silence) are set to 0, not divided by ~0.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    C : array_like
        Non-negative array, shape ``(12, n_frames)``.
    norm : None, 1, 2 or np.inf
        Which norm; None returns a copy unchanged.
    floor : float
        Columns with a smaller norm become 0.

    Returns
    -------
    C_norm : np.ndarray
        Same shape.

    See Also
    --------
    librosa.util.normalize

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chroma import normalize
    >>> normalize(np.array([[3.0, 0.0], [4.0, 0.0]]))
    array([[0.6, 0. ],
           [0.8, 0. ]])
    """
    norm = _norm(norm)
    C = np.array(C, dtype=np.float64)
    if norm is None:
        return C
    if norm == np.inf:
        n = np.max(np.abs(C), axis=0)
    elif norm == 1:
        n = np.sum(np.abs(C), axis=0)
    else:
        n = np.sqrt(np.sum(C**2, axis=0))
    out = np.zeros_like(C)
    ok = n >= floor
    out[:, ok] = C[:, ok] / n[ok]
    return out


def chroma_stft(
    y: np.ndarray | None = None,
    *,
    sr: float,
    S: np.ndarray | None = None,
    n_fft: int = 4096,
    hop_length: int = 1024,
    shape: str = "gaussian",
    tuning: float | None = None,
    fmin: float = 55.0,
    fmax: float = 5000.0,
    log_gamma: float | None = None,
    norm=2,
) -> np.ndarray:
    """Chromagram from the STFT magnitude: ``W @ |S|`` (:func:`chroma_filterbank`).

    With ``shape="lecture"``, ``tuning=0``, no compression and ``norm=None`` this is exactly the
    lecture's :math:`C(N, t) = \\sum_k |S(2^k f_0(N), t)|`. The defaults are the refined
    version: tuning estimated from the signal, Gaussian filters, unit Euclidean norm.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray or None
        Mono signal (or give ``S``).
    sr : number
        Sampling rate in Hz.
    S : np.ndarray or None
        A magnitude spectrogram ``(1 + n_fft // 2, n_frames)`` instead of ``y``.
    n_fft, hop_length : int
        STFT parameters (``n_fft`` must match ``S`` when given).
    shape : str
        Filter shape, one of :data:`SHAPES`.
    tuning : float or None
        Tuning in semitones; None estimates it (:func:`estimate_tuning`; 0 when only ``S`` is
        given).
    fmin, fmax : float
        Frequency range in Hz.
    log_gamma : float or None
        If given, compress the magnitudes with ``log(1 + log_gamma |S|)`` before the sum.
    norm : None, 1, 2 or np.inf
        Per-frame normalisation (:func:`normalize`).

    Returns
    -------
    chroma : np.ndarray
        Shape ``(12, n_frames)``, row 0 = C.

    Raises
    ------
    ParameterError
        For invalid input, or neither / both of ``y`` and ``S``.

    See Also
    --------
    chroma_cqt, librosa.feature.chroma_stft

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.chroma import chroma_stft, PITCH_CLASSES
    >>> y = signals.harmonic_tone(261.63, 1.0, sr=22050)  # C4
    >>> C = chroma_stft(y, sr=22050)
    >>> C.shape, PITCH_CLASSES[int(C.mean(axis=1).argmax())]
    ((12, 22), 'C')
    """
    sr = _positive_number(sr, "sr")
    n_fft = _positive_int(n_fft, "n_fft")
    if (y is None) == (S is None):
        raise ParameterError("give exactly one of y (a signal) and S (a magnitude spectrogram)")
    if y is not None:
        valid_audio(y, mono=True)
        if tuning is None:
            tuning = estimate_tuning(y, sr=sr, n_fft=n_fft, hop_length=hop_length)
        S = spectral.magnitude_spectrogram(y, n_fft=n_fft, hop_length=hop_length)
    else:
        S = np.abs(np.asarray(S, dtype=np.complex128 if np.iscomplexobj(S) else np.float64))
        if S.ndim != 2 or S.shape[0] != 1 + n_fft // 2:
            raise ParameterError(f"S must have shape (1 + n_fft // 2, n_frames) = ({1 + n_fft // 2}, n), got {S.shape}")
        if not np.isfinite(S).all():
            raise ParameterError("S contains NaN/inf values")
        tuning = 0.0 if tuning is None else tuning
    if log_gamma is not None:
        S = spectral.log_compress(S, gamma=log_gamma)
    W = chroma_filterbank(sr=sr, n_fft=n_fft, shape=shape, tuning=tuning, fmin=fmin, fmax=fmax)
    return normalize(W @ S, norm=norm)


def chroma_cqt(
    y: np.ndarray,
    *,
    sr: float,
    hop_length: int = 1024,
    fmin: float | None = None,
    n_octaves: int = 7,
    bins_per_octave: int = 36,
    tuning: float | None = None,
    log_gamma: float | None = None,
    norm=2,
) -> np.ndarray:
    """Chromagram from the constant-Q transform: fold its bins into the 12 pitch classes.

    The CQT (:func:`mirlab.spectral.cqt`) already has log-spaced bins, ``bins_per_octave / 12``
    per semitone, centred on the (tuned) equal-tempered pitches: the chroma of class ``N`` is the
    sum of the bins of all semitones of class ``N``, over all octaves.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Samples between frames (a multiple of ``2 ** (n_octaves - 1)`` for librosa's CQT).
    fmin : float or None
        Lowest C in Hz, default C1 (32.7 Hz); the top must stay below ``sr / 2``.
    n_octaves : int
        Octaves analysed.
    bins_per_octave : int
        A multiple of 12 (12, 24, 36, ...).
    tuning : float or None
        Tuning in semitones; None estimates it (:func:`estimate_tuning`).
    log_gamma : float or None
        If given, compress the CQT magnitudes with ``log(1 + log_gamma C)`` before folding.
    norm : None, 1, 2 or np.inf
        Per-frame normalisation.

    Returns
    -------
    chroma : np.ndarray
        Shape ``(12, n_frames)``, row 0 = C.

    Raises
    ------
    ParameterError
        For invalid input, or a top bin above the Nyquist frequency.

    See Also
    --------
    chroma_stft, librosa.feature.chroma_cqt

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.chroma import chroma_cqt, PITCH_CLASSES
    >>> y = signals.harmonic_tone(392.0, 1.0, sr=22050)  # G4
    >>> PITCH_CLASSES[int(chroma_cqt(y, sr=22050).mean(axis=1).argmax())]
    'G'
    """
    valid_audio(y, mono=True)
    sr = _positive_number(sr, "sr")
    n_octaves = _positive_int(n_octaves, "n_octaves")
    bins_per_octave = _positive_int(bins_per_octave, "bins_per_octave")
    if bins_per_octave % 12:
        raise ParameterError(f"bins_per_octave must be a multiple of 12, got {bins_per_octave}")
    fmin = 32.70319566257483 if fmin is None else _positive_number(fmin, "fmin")
    if tuning is None:
        tuning = estimate_tuning(y, sr=sr)
    tuning = _tuning(tuning)
    per = bins_per_octave // 12
    # centre the `per` bins of each semitone on the tuned pitch
    f0 = fmin * 2.0 ** (tuning / 12.0) * 2.0 ** (-((per - 1) / 2.0) / bins_per_octave)
    C = spectral.cqt(y, sr=sr, hop_length=hop_length, fmin=f0, n_bins=n_octaves * bins_per_octave,
                     bins_per_octave=bins_per_octave)
    if log_gamma is not None:
        C = spectral.log_compress(C, gamma=log_gamma)
    pitch_class = (np.arange(C.shape[0]) // per) % 12
    start_class = int(np.rint(pitch_of_frequency(fmin))) % 12
    chroma = np.zeros((12, C.shape[1]))
    np.add.at(chroma, (pitch_class + start_class) % 12, C)
    return normalize(chroma, norm=norm)


def harmonic(y: np.ndarray, *, margin: float = 1.0) -> np.ndarray:
    """The harmonic part of a signal: drums and other transients removed before a chromagram.

    Harmonic-percussive separation by median filtering (Fitzgerald, 2010) on the STFT:
    horizontal ridges (sustained partials) are kept, vertical ones (strokes) removed; done by
    :func:`librosa.effects.harmonic`. A chromagram sums every frequency into a pitch class, so
    the broadband energy of a drum kit lands on all 12 classes and blurs chords and keys;
    :func:`mirlab.chords.recognize` and :func:`mirlab.key.estimate` remove it first (a choice
    made on development sets with drums, see bench/chords.py and bench/key.py).

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    margin : float
        Separation margin (>= 1; larger keeps less, more purely harmonic, energy).

    Returns
    -------
    y_harmonic : np.ndarray
        Same length as ``y``.

    See Also
    --------
    librosa.effects.hpss, librosa.decompose.hpss

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import chroma, signals
    >>> tone = signals.harmonic_tone(220.0, 2.0, sr=22050)
    >>> clicks = signals.clicks(np.arange(0.1, 2.0, 0.25), sr=22050, length=len(tone))
    >>> h = chroma.harmonic(tone + clicks)
    >>> bool(np.abs(h - tone).max() < np.abs(clicks).max() / 2)
    True
    """
    import librosa

    y = valid_audio(y, mono=True)
    if isinstance(margin, bool) or not isinstance(margin, numbers.Real) or not np.isfinite(margin) or margin < 1:
        raise ParameterError(f"margin must be a number >= 1, got {margin!r}")
    return librosa.effects.harmonic(np.asarray(y), margin=float(margin))


def _remove_percussion(y: np.ndarray, percussion: str | None) -> np.ndarray:
    """``percussion="remove"``: :func:`harmonic` of ``y``; None: ``y`` itself (chords, key)."""
    if percussion == "remove":
        return harmonic(y)
    if percussion is not None:
        raise ParameterError(f"percussion must be 'remove' or None, got {percussion!r}")
    return y
