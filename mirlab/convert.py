"""Unit conversions: Hertz, Mel and MIDI note numbers.

Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

The formulas are written out with NumPy (they are the answer key of Lab 0) and cross-checked
against librosa in the tests. Like librosa, every function maps a scalar to a scalar (a Python
``float``) and an array to an array of the same shape.
"""

from __future__ import annotations

import numpy as np

from .errors import ParameterError

__all__ = ["hz_to_mel", "mel_to_hz", "hz_to_midi", "midi_to_hz"]

# Slaney's Mel scale (Auditory Toolbox), as in librosa: linear below 1 kHz, logarithmic above.
_F_MIN = 0.0
_F_SP = 200.0 / 3  # Hz per Mel in the linear part
_MIN_LOG_HZ = 1000.0  # where the log part starts
_MIN_LOG_MEL = (_MIN_LOG_HZ - _F_MIN) / _F_SP  # = 15 Mel
_LOGSTEP = np.log(6.4) / 27.0  # step size of the log part


def _as_float_array(x, name: str) -> tuple[np.ndarray, bool]:
    """``x`` as a float64 array, and whether it was a scalar; reject NaN and non-numbers."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be a number or an array of numbers, got {x!r}") from exc
    if np.isnan(arr).any():
        raise ParameterError(f"{name} contains {int(np.isnan(arr).sum())} NaN values")
    return arr, arr.ndim == 0


def _out(arr: np.ndarray, scalar: bool):
    return float(arr) if scalar else arr


def hz_to_mel(frequencies, *, htk: bool = False):
    """Convert frequencies in Hz to Mel.

    Slaney's scale (default, as in librosa) is linear below 1000 Hz
    (``m = 3 f / 200``) and logarithmic above (``m = 15 + 27 log(f / 1000) / log(6.4)``).
    The HTK scale is ``m = 2595 log10(1 + f / 700)``.

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    frequencies : number or array_like
        Frequencies in Hz, >= 0.
    htk : bool
        Use the HTK formula instead of Slaney's.

    Returns
    -------
    mels : float or np.ndarray
        A float for a scalar input, else an array of the same shape.

    Raises
    ------
    ParameterError
        If a frequency is negative or NaN.

    See Also
    --------
    mel_to_hz, librosa.hz_to_mel

    Examples
    --------
    >>> from mirlab.convert import hz_to_mel
    >>> round(hz_to_mel(1000.0), 6)
    15.0
    >>> round(hz_to_mel(1000.0, htk=True), 2)
    999.99
    >>> hz_to_mel([0.0, 500.0])
    array([0. , 7.5])
    """
    f, scalar = _as_float_array(frequencies, "frequencies")
    if (f < 0).any():
        raise ParameterError(f"frequencies must be >= 0 Hz, got {int((f < 0).sum())} negative value(s) (min {f.min():g} Hz)")
    if htk:
        mels = 2595.0 * np.log10(1.0 + f / 700.0)
    else:
        mels = (f - _F_MIN) / _F_SP
        log_part = f >= _MIN_LOG_HZ
        mels = np.where(
            log_part,
            _MIN_LOG_MEL + np.log(np.maximum(f, _MIN_LOG_HZ) / _MIN_LOG_HZ) / _LOGSTEP,
            mels,
        )
    return _out(mels, scalar)


def mel_to_hz(mels, *, htk: bool = False):
    """Convert Mel values to frequencies in Hz (the inverse of :func:`hz_to_mel`).

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    mels : number or array_like
        Mel values, >= 0.
    htk : bool
        Use the HTK formula ``f = 700 (10^(m / 2595) - 1)`` instead of Slaney's.

    Returns
    -------
    frequencies : float or np.ndarray
        Frequencies in Hz: a float for a scalar input, else an array of the same shape.

    Raises
    ------
    ParameterError
        If a Mel value is negative or NaN.

    See Also
    --------
    hz_to_mel, librosa.mel_to_hz

    Examples
    --------
    >>> from mirlab.convert import mel_to_hz
    >>> round(mel_to_hz(15.0), 6)
    1000.0
    >>> round(mel_to_hz(1000.0, htk=True), 1)
    1000.0
    """
    m, scalar = _as_float_array(mels, "mels")
    if (m < 0).any():
        raise ParameterError(f"mels must be >= 0, got {int((m < 0).sum())} negative value(s) (min {m.min():g})")
    if htk:
        freqs = 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    else:
        freqs = _F_MIN + _F_SP * m
        freqs = np.where(m >= _MIN_LOG_MEL, _MIN_LOG_HZ * np.exp(_LOGSTEP * (m - _MIN_LOG_MEL)), freqs)
    return _out(freqs, scalar)


def hz_to_midi(frequencies):
    """Convert frequencies in Hz to (fractional) MIDI note numbers.

    ``midi = 69 + 12 log2(f / 440)``: A4 = 440 Hz is MIDI note 69, and each semitone adds 1.

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    frequencies : number or array_like
        Frequencies in Hz, > 0.

    Returns
    -------
    notes : float or np.ndarray
        MIDI note numbers: a float for a scalar input, else an array of the same shape.

    Raises
    ------
    ParameterError
        If a frequency is zero, negative or NaN.

    See Also
    --------
    midi_to_hz, librosa.hz_to_midi

    Examples
    --------
    >>> from mirlab.convert import hz_to_midi
    >>> hz_to_midi(440.0)
    69.0
    >>> hz_to_midi([220.0, 880.0])
    array([57., 81.])
    """
    f, scalar = _as_float_array(frequencies, "frequencies")
    if (f <= 0).any():
        raise ParameterError(
            f"frequencies must be > 0 Hz to have a MIDI note number, got {int((f <= 0).sum())} value(s) <= 0 (min {f.min():g} Hz)"
        )
    return _out(12.0 * (np.log2(f) - np.log2(440.0)) + 69.0, scalar)


def midi_to_hz(notes):
    """Convert (fractional) MIDI note numbers to frequencies in Hz.

    ``f = 440 * 2^((midi - 69) / 12)``.

    Book chapter: *Audio and time-frequency representations* (book/audio/mel_cqt.md).

    Parameters
    ----------
    notes : number or array_like
        MIDI note numbers (any real value; 60 is middle C, 69 is A4).

    Returns
    -------
    frequencies : float or np.ndarray
        A float for a scalar input, else an array of the same shape.

    Raises
    ------
    ParameterError
        If a note is NaN or infinite.

    See Also
    --------
    hz_to_midi, librosa.midi_to_hz

    Examples
    --------
    >>> from mirlab.convert import midi_to_hz
    >>> midi_to_hz(69)
    440.0
    >>> round(midi_to_hz(60), 2)
    261.63
    """
    n, scalar = _as_float_array(notes, "notes")
    if np.isinf(n).any():
        raise ParameterError("notes contains infinite values")
    return _out(440.0 * 2.0 ** ((n - 69.0) / 12.0), scalar)
