"""Deterministic synthetic audio for the book's examples: tones, chirps, notes, clicks, noise.

Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md,
book/audio/stft.md).

Every function returns a mono float32 signal of shape ``(n,)`` with ``|y| <= 1``, and is
deterministic (the noise takes a seed), so the figures of the book are the same on every build.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import convert
from .audio import DEFAULT_SR
from .errors import ParameterError

__all__ = ["tone", "chirp", "harmonic_tone", "melody", "clicks", "noise", "example_mix"]

#: Duration of one click of :func:`clicks`, in seconds.
_CLICK_DURATION = 0.05


# ---- validation helpers ------------------------------------------------------------------


def _check_sr(sr) -> int:
    if isinstance(sr, bool) or not isinstance(sr, numbers.Integral) or sr <= 0:
        raise ParameterError(f"sr must be a positive integer number of samples per second, got {sr!r}")
    return int(sr)


def _check_positive(value, name: str, unit: str = "") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ParameterError(f"{name} must be a positive number{unit}, got {value!r}")
    return float(value)


def _check_duration(duration, sr: int) -> int:
    duration = _check_positive(duration, "duration", " of seconds")
    n = int(round(duration * sr))
    if n < 1:
        raise ParameterError(f"duration={duration} s is shorter than one sample at sr={sr} Hz")
    return n


def _check_freq(freq, sr: int, name: str = "freq") -> float:
    freq = _check_positive(freq, name, " of Hz")
    if freq >= sr / 2:
        raise ParameterError(
            f"{name}={freq:g} Hz is at or above the Nyquist frequency sr / 2 = {sr / 2:g} Hz "
            "(it would alias); use a lower frequency or a higher sr"
        )
    return freq


def _check_amplitude(amplitude) -> float:
    if isinstance(amplitude, bool) or not isinstance(amplitude, numbers.Real) or not 0 < amplitude <= 1:
        raise ParameterError(f"amplitude must be in (0, 1], got {amplitude!r}")
    return float(amplitude)


def _check_nonneg(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ParameterError(f"{name} must be a non-negative number of seconds, got {value!r}")
    return float(value)


# ---- signals -----------------------------------------------------------------------------


def tone(freq: float, duration: float, *, sr: int = DEFAULT_SR, amplitude: float = 0.5, phase: float = 0.0) -> np.ndarray:
    """A pure sinusoid ``amplitude * sin(2 pi freq t + phase)``.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    freq : float
        Frequency in Hz, ``0 < freq < sr / 2``.
    duration : float
        Duration in seconds (``round(duration * sr)`` samples).
    sr : int
        Sampling rate in Hz.
    amplitude : float
        Peak amplitude, in ``(0, 1]``.
    phase : float
        Initial phase in radians.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(round(duration * sr),)``.

    Raises
    ------
    ParameterError
        For a non-positive duration or rate, a frequency at or above Nyquist, or an amplitude
        outside ``(0, 1]``.

    See Also
    --------
    harmonic_tone, chirp, librosa.tone

    Examples
    --------
    >>> from mirlab.signals import tone
    >>> y = tone(440.0, 0.5, sr=8000)
    >>> y.shape, y.dtype, float(abs(y).max()) <= 0.5
    ((4000,), dtype('float32'), True)
    """
    sr = _check_sr(sr)
    n = _check_duration(duration, sr)
    freq = _check_freq(freq, sr)
    amplitude = _check_amplitude(amplitude)
    if isinstance(phase, bool) or not isinstance(phase, numbers.Real) or not np.isfinite(phase):
        raise ParameterError(f"phase must be a finite number of radians, got {phase!r}")
    t = np.arange(n) / sr
    return (amplitude * np.sin(2.0 * np.pi * freq * t + phase)).astype(np.float32)


def chirp(
    f0: float,
    f1: float,
    duration: float,
    *,
    sr: int = DEFAULT_SR,
    method: str = "logarithmic",
    amplitude: float = 0.5,
) -> np.ndarray:
    """A sweep from ``f0`` to ``f1`` Hz over ``duration`` seconds (:func:`scipy.signal.chirp`).

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    f0, f1 : float
        Start and end frequencies in Hz, both in ``(0, sr / 2)``.
    duration : float
        Duration in seconds.
    sr : int
        Sampling rate in Hz.
    method : {"logarithmic", "linear"}
        Exponential sweep (constant speed in octaves, a straight line on a log-frequency axis)
        or linear sweep (constant speed in Hz).
    amplitude : float
        Peak amplitude, in ``(0, 1]``.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(round(duration * sr),)``.

    Raises
    ------
    ParameterError
        For an invalid frequency, duration, rate, amplitude or method.

    See Also
    --------
    tone, scipy.signal.chirp

    Examples
    --------
    >>> from mirlab.signals import chirp
    >>> chirp(100.0, 4000.0, 2.0).shape
    (44100,)
    """
    import scipy.signal

    sr = _check_sr(sr)
    n = _check_duration(duration, sr)
    f0 = _check_freq(f0, sr, "f0")
    f1 = _check_freq(f1, sr, "f1")
    amplitude = _check_amplitude(amplitude)
    if method not in ("logarithmic", "linear"):
        raise ParameterError(f"method must be 'logarithmic' or 'linear', got {method!r}")
    t = np.arange(n) / sr
    y = scipy.signal.chirp(t, f0=f0, t1=float(duration), f1=f1, method=method, phi=-90)
    return (amplitude * y).astype(np.float32)


def _envelope(n: int, sr: int, attack: float, release: float) -> np.ndarray:
    """Linear attack from 0, exponential-shaped release ending exactly at 0."""
    env = np.ones(n)
    n_att = int(round(attack * sr))
    n_rel = int(round(release * sr))
    if n_att > 0:
        env[:n_att] = np.arange(n_att) / n_att
    if n_rel > 0:
        x = np.arange(1, n_rel + 1) / n_rel  # reaches 1 at the last sample
        k = 5.0
        env[n - n_rel :] *= (np.exp(-k * x) - np.exp(-k)) / (1.0 - np.exp(-k))
    return env


def harmonic_tone(
    f0: float,
    duration: float,
    *,
    sr: int = DEFAULT_SR,
    n_harmonics: int = 8,
    rolloff: float = 1.0,
    amplitude: float = 0.5,
    attack: float = 0.01,
    release: float = 0.1,
) -> np.ndarray:
    """A harmonic note: partials ``k * f0`` with amplitudes ``1 / k**rolloff``, and an envelope.

    Partials at or above the Nyquist frequency are left out (no aliasing). The sum is scaled to
    the peak ``amplitude``, then shaped by a linear attack of ``attack`` seconds and a smooth
    exponential release of ``release`` seconds that ends at exactly 0, so notes do not click.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    f0 : float
        Fundamental frequency in Hz, ``0 < f0 < sr / 2``.
    duration : float
        Duration in seconds.
    sr : int
        Sampling rate in Hz.
    n_harmonics : int
        Number of partials (including the fundamental), >= 1.
    rolloff : float
        Partial ``k`` has amplitude ``1 / k**rolloff`` (0: all equal; 1: a sawtooth-like
        spectrum; larger: a duller sound).
    amplitude : float
        Peak amplitude, in ``(0, 1]``.
    attack, release : float
        Fade-in and fade-out durations in seconds, >= 0, together at most ``duration``.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(round(duration * sr),)``.

    Raises
    ------
    ParameterError
        For an invalid argument, or ``attack + release > duration``.

    See Also
    --------
    melody, tone

    Examples
    --------
    >>> from mirlab.signals import harmonic_tone
    >>> y = harmonic_tone(220.0, 0.5, n_harmonics=4)
    >>> y.shape, float(abs(y[0])), float(abs(y[-1]))
    ((11025,), 0.0, 0.0)
    """
    sr = _check_sr(sr)
    n = _check_duration(duration, sr)
    f0 = _check_freq(f0, sr, "f0")
    amplitude = _check_amplitude(amplitude)
    if isinstance(n_harmonics, bool) or not isinstance(n_harmonics, numbers.Integral) or n_harmonics < 1:
        raise ParameterError(f"n_harmonics must be a positive integer, got {n_harmonics!r}")
    if isinstance(rolloff, bool) or not isinstance(rolloff, numbers.Real) or not np.isfinite(rolloff) or rolloff < 0:
        raise ParameterError(f"rolloff must be a non-negative number, got {rolloff!r}")
    attack = _check_nonneg(attack, "attack")
    release = _check_nonneg(release, "release")
    if attack + release > duration:
        raise ParameterError(
            f"attack + release = {attack + release:g} s is longer than the note ({duration:g} s); "
            "shorten them or lengthen the note"
        )
    t = np.arange(n) / sr
    y = np.zeros(n)
    for k in range(1, int(n_harmonics) + 1):
        if k * f0 >= sr / 2:
            break
        y += np.sin(2.0 * np.pi * k * f0 * t) / k**rolloff
    peak = np.max(np.abs(y))
    if peak > 0:
        y *= amplitude / peak
    y *= _envelope(n, sr, attack, release)
    return y.astype(np.float32)


def _is_rest(note) -> bool:
    if note is None:
        return True
    return isinstance(note, numbers.Real) and not isinstance(note, bool) and bool(np.isnan(note))


def melody(midi_notes, *, note_duration: float = 0.25, sr: int = DEFAULT_SR, **harmonic_tone_kwargs) -> np.ndarray:
    """A sequence of harmonic notes, one per MIDI note number, each ``note_duration`` long.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    midi_notes : iterable of number or None
        MIDI note numbers (60 = middle C; fractional values are allowed). ``None`` or NaN is a
        rest: ``note_duration`` of silence.
    note_duration : float
        Duration of every note and rest, in seconds.
    sr : int
        Sampling rate in Hz.
    **harmonic_tone_kwargs
        Passed to :func:`harmonic_tone` (``n_harmonics``, ``rolloff``, ``amplitude``,
        ``attack``, ``release``).

    Returns
    -------
    y : np.ndarray
        float32, shape ``(len(midi_notes) * round(note_duration * sr),)``.

    Raises
    ------
    ParameterError
        If there are no notes, a note is not a number, or an argument is invalid (see
        :func:`harmonic_tone`).

    See Also
    --------
    harmonic_tone, mirlab.convert.midi_to_hz

    Examples
    --------
    >>> from mirlab.signals import melody
    >>> y = melody([60, 64, None, 67], note_duration=0.25, sr=8000)
    >>> y.shape
    (8000,)
    >>> float(abs(y[4000:6000]).max())  # the rest
    0.0
    """
    sr = _check_sr(sr)
    n_note = _check_duration(note_duration, sr)
    try:
        notes = list(midi_notes)
    except TypeError as exc:
        raise ParameterError(f"midi_notes must be an iterable of MIDI note numbers, got {midi_notes!r}") from exc
    if not notes:
        raise ParameterError("midi_notes is empty: give at least one note (or None for a rest)")
    pieces = []
    for i, note in enumerate(notes):
        if _is_rest(note):
            pieces.append(np.zeros(n_note, dtype=np.float32))
            continue
        if isinstance(note, bool) or not isinstance(note, numbers.Real) or not np.isfinite(note):
            raise ParameterError(f"midi_notes[{i}] = {note!r} is not a MIDI note number (or None for a rest)")
        y = harmonic_tone(convert.midi_to_hz(note), note_duration, sr=sr, **harmonic_tone_kwargs)
        pieces.append(y[:n_note])
    return np.concatenate(pieces).astype(np.float32, copy=False)


def clicks(times, *, sr: int = DEFAULT_SR, length: int | None = None, click_freq: float = 1000.0) -> np.ndarray:
    """Short decaying clicks (sinusoidal bursts, 50 ms) starting at the given times.

    Each click is a ``click_freq`` sinusoid of peak 0.5 with an exponential decay; overlapping
    clicks add up, and the result is clipped to ``[-1, 1]``.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    times : array_like
        Click onsets in seconds, >= 0.
    sr : int
        Sampling rate in Hz.
    length : int or None
        Length of the output in samples; clicks beyond it are cut. Default: up to the end of
        the last click.
    click_freq : float
        Frequency of the clicks in Hz, below Nyquist.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(length,)``.

    Raises
    ------
    ParameterError
        For a negative or non-finite time, an invalid length or frequency, or no times and no
        length.

    See Also
    --------
    librosa.clicks

    Examples
    --------
    >>> from mirlab.signals import clicks
    >>> y = clicks([0.0, 0.5], sr=8000, length=8000)
    >>> y.shape, bool(abs(y[4000:4100]).max() > 0.1)
    ((8000,), True)
    """
    sr = _check_sr(sr)
    click_freq = _check_freq(click_freq, sr, "click_freq")
    try:
        times = np.asarray(times, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"times must be an array of numbers of seconds, got {times!r}") from exc
    if not np.isfinite(times).all() or (times < 0).any():
        raise ParameterError("times must be finite and >= 0 (seconds)")
    n_click = max(1, int(round(_CLICK_DURATION * sr)))
    starts = np.round(times * sr).astype(int)
    if length is None:
        if times.size == 0:
            raise ParameterError("no click times and no length: give times or the output length")
        length = int(starts.max()) + n_click
    elif isinstance(length, bool) or not isinstance(length, numbers.Integral) or length <= 0:
        raise ParameterError(f"length must be a positive integer number of samples, got {length!r}")
    length = int(length)

    k = np.arange(n_click)
    click = 0.5 * np.exp2(-10.0 * k / n_click) * np.sin(2.0 * np.pi * click_freq * k / sr)
    y = np.zeros(length)
    for s in starts:
        if s >= length:
            continue
        m = min(n_click, length - s)
        y[s : s + m] += click[:m]
    return np.clip(y, -1.0, 1.0).astype(np.float32)


def noise(duration: float, *, sr: int = DEFAULT_SR, amplitude: float = 0.1, seed: int = 0) -> np.ndarray:
    """White Gaussian noise with standard deviation ``amplitude``, clipped to ``[-1, 1]``.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    duration : float
        Duration in seconds.
    sr : int
        Sampling rate in Hz.
    amplitude : float
        Standard deviation, in ``(0, 1]``.
    seed : int
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same noise.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(round(duration * sr),)``.

    Raises
    ------
    ParameterError
        For an invalid duration, rate, amplitude or seed.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.signals import noise
    >>> bool(np.array_equal(noise(0.1, seed=1), noise(0.1, seed=1)))
    True
    """
    sr = _check_sr(sr)
    n = _check_duration(duration, sr)
    amplitude = _check_amplitude(amplitude)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    return np.clip(amplitude * rng.standard_normal(n), -1.0, 1.0).astype(np.float32)


def example_mix(*, sr: int = DEFAULT_SR) -> np.ndarray:
    """The book's example signal: a melody, a chirp and clicks, 3 seconds.

    * a C-major melody (C4 D4 E4 F4 G4 A4 B4 C5 G4 E4 D4 C4, 0.25 s each) of harmonic tones:
      horizontal stacks of harmonics in a spectrogram;
    * a rising logarithmic chirp from 200 Hz to 4 kHz (or 0.4 sr) in the second half: a
      diagonal line;
    * clicks on a steady pulse every 0.5 s (120 BPM): vertical lines (transients).

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    sr : int
        Sampling rate in Hz, >= 4000.

    Returns
    -------
    y : np.ndarray
        float32, shape ``(3 * sr,)``, peak 0.9.

    Raises
    ------
    ParameterError
        If ``sr`` is not an integer >= 4000.

    See Also
    --------
    melody, chirp, clicks

    Examples
    --------
    >>> from mirlab.signals import example_mix
    >>> y = example_mix(sr=22050)
    >>> y.shape, round(float(abs(y).max()), 3)
    ((66150,), 0.9)
    """
    sr = _check_sr(sr)
    if sr < 4000:
        raise ParameterError(f"example_mix needs sr >= 4000 Hz, got {sr}")
    n = 3 * sr
    notes = [60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 62, 60]
    tune = melody(notes, note_duration=0.25, sr=sr, amplitude=0.5, n_harmonics=10, release=0.08)
    y = np.zeros(n, dtype=np.float32)
    y[: min(n, len(tune))] = tune[:n]

    half = n // 2
    sweep = chirp(200.0, min(4000.0, 0.4 * sr), (n - half) / sr, sr=sr, amplitude=0.25)
    sweep = sweep * _envelope(len(sweep), sr, 0.02, 0.05).astype(np.float32)
    y[half : half + len(sweep)] += sweep[: n - half]

    y += clicks(np.arange(0.0, 3.0, 0.5), sr=sr, length=n, click_freq=min(1000.0, sr / 4))
    return (y * (0.9 / np.max(np.abs(y)))).astype(np.float32)
