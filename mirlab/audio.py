"""Audio signals: validation, loading, saving, resampling, mixing down and normalising.

Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

Signals follow librosa's layout: a mono signal has shape ``(n,)``, a multichannel one
``(channels, n)`` (channels first), with floating-point samples in ``[-1, 1]``. Files are read
and written with :mod:`soundfile`, so every format libsndfile knows (WAV, FLAC, OGG, AIFF, ...)
works; resampling uses :func:`librosa.resample`.

Every function validates its input at the boundary (:func:`valid_audio`) and raises a
:class:`~mirlab.errors.ParameterError`, :class:`~mirlab.errors.SilentAudioError` or
:class:`~mirlab.errors.AudioFileError` whose message names the problem.
"""

from __future__ import annotations

import numbers
import os
import pathlib

import numpy as np

from .errors import AudioFileError, ParameterError, SilentAudioError

__all__ = ["DEFAULT_SR", "valid_audio", "load", "save", "resample", "to_mono", "normalize"]

#: The default sampling rate of the course (Hz), the same as librosa's.
DEFAULT_SR = 22050

#: A signal whose peak amplitude is below this is treated as silent.
_SILENCE_THRESHOLD = 1e-10

# Subtypes stored as floating point (no clipping at +-1.0) or as lossy codecs that decode to
# floats; every other subtype is fixed-point and clips.
_FLOAT_SUBTYPES = {"FLOAT", "DOUBLE", "VORBIS", "OPUS"}


def valid_audio(
    y: np.ndarray,
    *,
    mono: bool = False,
    allow_silent: bool = True,
    name: str = "y",
) -> np.ndarray:
    """Check that ``y`` is a valid audio signal, and return it unchanged.

    A valid signal is a non-empty NumPy array of real floating-point samples, with shape
    ``(n,)`` (mono) or ``(channels, n)`` (multichannel), and only finite values.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        The signal to check.
    mono : bool
        If True, only a 1-D (mono) signal is accepted.
    allow_silent : bool
        If False, a signal whose peak amplitude is 0 (below 1e-10) is rejected.
    name : str
        How to call the signal in error messages.

    Returns
    -------
    y : np.ndarray
        The same object, unchanged.

    Raises
    ------
    ParameterError
        If ``y`` is not a NumPy array, not floating point, empty, of the wrong number of
        dimensions, or contains NaN or infinite values.
    SilentAudioError
        If ``allow_silent`` is False and ``y`` is silent.

    See Also
    --------
    librosa.util.valid_audio : librosa's version of this check.

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.audio import valid_audio
    >>> y = np.zeros(100, dtype=np.float32)
    >>> valid_audio(y).shape
    (100,)
    >>> y[12] = np.nan
    >>> valid_audio(y)
    Traceback (most recent call last):
    ...
    mirlab.errors.ParameterError: y contains 1 NaN/inf values (first at index 12)
    """
    if not isinstance(y, np.ndarray):
        raise ParameterError(
            f"{name} must be a NumPy array, got {type(y).__name__}; convert it with np.asarray({name}, dtype=np.float32)"
        )
    if not np.issubdtype(y.dtype, np.floating):
        hint = ""
        if np.issubdtype(y.dtype, np.integer):
            hint = f"; convert integer samples with {name}.astype(np.float32) / np.iinfo({name}.dtype).max"
        elif np.issubdtype(y.dtype, np.complexfloating):
            hint = "; audio samples must be real (take np.real or np.abs first)"
        raise ParameterError(f"{name} must hold floating-point samples, got dtype {y.dtype}{hint}")
    if mono and y.ndim != 1:
        raise ParameterError(
            f"{name} must be mono, a 1-D array, got shape {y.shape}; mix it down with mirlab.audio.to_mono"
        )
    if y.ndim not in (1, 2):
        raise ParameterError(
            f"{name} must be 1-D (mono, shape (n,)) or 2-D (shape (channels, n)), got shape {y.shape}"
        )
    if y.size == 0:
        raise ParameterError(f"{name} is empty (shape {y.shape}): it has no samples")
    finite = np.isfinite(y)
    if not finite.all():
        bad = np.argwhere(~finite)
        first = int(bad[0][0]) if y.ndim == 1 else tuple(int(i) for i in bad[0])
        raise ParameterError(f"{name} contains {len(bad)} NaN/inf values (first at index {first})")
    if not allow_silent:
        peak = float(np.max(np.abs(y)))
        if peak < _SILENCE_THRESHOLD:
            raise SilentAudioError(f"{name} is silent (peak amplitude {peak:.3g})")
    return y


def _check_rate(sr, name: str = "sr", *, integer: bool = False) -> float:
    """Return ``sr`` as a number if it is a positive finite (integral) rate, else raise."""
    if isinstance(sr, bool) or not isinstance(sr, numbers.Real):
        raise ParameterError(f"{name} must be a positive number of samples per second, got {sr!r}")
    if not np.isfinite(sr) or sr <= 0:
        raise ParameterError(f"{name} must be a positive number of samples per second, got {sr!r}")
    if integer:
        if float(sr) != int(sr):
            raise ParameterError(f"{name} must be a whole number of samples per second, got {sr!r}")
        return int(sr)
    return sr


def _as_path(path) -> pathlib.Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterError(f"path must be a str or pathlib.Path, got {type(path).__name__}")
    return pathlib.Path(path)


def load(
    path,
    *,
    sr: float | None = DEFAULT_SR,
    mono: bool = True,
    offset: float = 0.0,
    duration: float | None = None,
    dtype=np.float32,
    allow_silent: bool = False,
) -> tuple[np.ndarray, int]:
    """Load an audio file as a floating-point signal.

    The file is decoded with :mod:`soundfile` (WAV, FLAC, OGG, AIFF and every other format
    libsndfile reads), optionally cut, mixed down to mono and resampled.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    path : str or pathlib.Path
        The audio file.
    sr : number or None
        Target sampling rate in Hz (default 22050). ``None`` keeps the file's native rate.
    mono : bool
        If True (default), average the channels into a mono signal.
    offset : float
        Start reading this many seconds after the beginning of the file.
    duration : float or None
        Read at most this many seconds (default: up to the end).
    dtype : numpy floating dtype
        The dtype of the returned samples (default ``np.float32``).
    allow_silent : bool
        If False (default), a silent file raises :class:`~mirlab.errors.SilentAudioError`.

    Returns
    -------
    y : np.ndarray
        Shape ``(n,)`` for mono, ``(channels, n)`` for a multichannel file read with
        ``mono=False``.
    sr : int
        The sampling rate of ``y``.

    Raises
    ------
    AudioFileError
        If the file does not exist or soundfile cannot decode it (the message gives
        soundfile's reason).
    ParameterError
        For a bad argument, an offset beyond the end of the file, a file with no audio
        frames, or a file containing NaN/inf samples.
    SilentAudioError
        If the file is silent and ``allow_silent`` is False.

    See Also
    --------
    save, resample, to_mono, librosa.load

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab import audio, signals
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a4.wav"
    >>> _ = audio.save(path, signals.tone(440.0, 1.0, sr=44100), 44100)
    >>> y, sr = audio.load(path)
    >>> sr, y.shape, y.dtype
    (22050, (22050,), dtype('float32'))
    >>> y, sr = audio.load(path, sr=None, offset=0.5)
    >>> sr, y.shape
    (44100, (22050,))
    """
    import soundfile as sf

    path = _as_path(path)
    if sr is not None:
        sr = _check_rate(sr, "sr", integer=True)
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ParameterError(f"dtype must be a floating-point dtype such as np.float32, got {dtype!r}")
    dtype = np.dtype(dtype)
    if isinstance(offset, bool) or not isinstance(offset, numbers.Real) or not np.isfinite(offset) or offset < 0:
        raise ParameterError(f"offset must be a non-negative number of seconds, got {offset!r}")
    if duration is not None and (
        isinstance(duration, bool)
        or not isinstance(duration, numbers.Real)
        or not np.isfinite(duration)
        or duration <= 0
    ):
        raise ParameterError(f"duration must be a positive number of seconds or None, got {duration!r}")

    if not path.exists():
        raise AudioFileError(f"no such audio file: '{path}'")
    if path.is_dir():
        raise AudioFileError(f"'{path}' is a directory, not an audio file")

    try:
        with sf.SoundFile(str(path)) as f:
            native_sr = int(f.samplerate)
            n_total = int(f.frames)
            if n_total <= 0:
                raise ParameterError(f"'{path}' contains no audio frames")
            start = int(round(offset * native_sr))
            if start >= n_total:
                raise ParameterError(
                    f"offset {offset} s is beyond the end of '{path}' (duration {n_total / native_sr:.3f} s)"
                )
            n_read = -1 if duration is None else max(1, int(round(duration * native_sr)))
            f.seek(start)
            read_dtype = "float64" if dtype == np.float64 else "float32"
            data = f.read(frames=n_read, dtype=read_dtype, always_2d=True)
    except (ParameterError, AudioFileError):
        raise
    except (RuntimeError, sf.SoundFileError, ValueError, TypeError, EOFError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise AudioFileError(f"cannot decode '{path}' as audio: {reason}") from exc
    except OSError as exc:
        raise AudioFileError(f"cannot read '{path}': {exc}") from exc

    if data.shape[0] == 0:
        raise ParameterError(f"no audio frames could be read from '{path}' (offset {offset} s)")

    y = np.ascontiguousarray(data.T)  # channels first
    if y.shape[0] == 1:
        y = y[0]
    valid_audio(y, allow_silent=allow_silent, name=f"the audio in '{path}'")

    if mono:
        y = to_mono(y)
    if sr is not None and sr != native_sr:
        y = resample(y, native_sr, sr)
    else:
        sr = native_sr
    return np.ascontiguousarray(y, dtype=dtype), int(sr)


def _default_subtype(path: pathlib.Path):
    import soundfile as sf

    ext = path.suffix.lstrip(".").upper()
    formats = sf.available_formats()
    if ext not in formats:
        known = ", ".join("." + k.lower() for k in sorted(formats))
        raise ParameterError(
            f"cannot tell the audio format from the extension of '{path}'; use one of {known}"
        )
    return ext, sf.default_subtype(ext)


def save(path, y: np.ndarray, sr: int, *, subtype: str | None = None) -> pathlib.Path:
    """Write a signal to an audio file.

    The format follows the file extension (``.wav``, ``.flac``, ``.ogg``, ...). Parent folders
    are created if needed.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write.
    y : np.ndarray
        Shape ``(n,)`` or ``(channels, n)``, floating point.
    sr : int
        Sampling rate in Hz.
    subtype : str or None
        soundfile subtype, e.g. ``"PCM_16"``, ``"PCM_24"``, ``"FLOAT"``. The default is
        soundfile's default for the format (``"PCM_16"`` for WAV and FLAC).

    Returns
    -------
    path : pathlib.Path
        The path written.

    Raises
    ------
    ParameterError
        If ``y`` or ``sr`` is invalid, the extension or subtype is unknown, or ``y`` peaks above
        1.0 while the subtype is fixed-point (the signal would clip: normalise it first).
    AudioFileError
        If the file cannot be written.

    See Also
    --------
    load, normalize, soundfile.write

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab import audio, signals
    >>> y = signals.tone(440.0, 0.5)
    >>> out = audio.save(pathlib.Path(tempfile.mkdtemp()) / "sub" / "tone.wav", y, 22050)
    >>> out.name, out.exists()
    ('tone.wav', True)
    """
    import soundfile as sf

    path = _as_path(path)
    valid_audio(y)
    if isinstance(sr, bool) or not isinstance(sr, numbers.Integral) or sr <= 0:
        raise ParameterError(f"sr must be a positive integer number of samples per second, got {sr!r}")
    fmt, default = _default_subtype(path)
    if subtype is None:
        subtype = default
    subtype = str(subtype).upper()
    if not sf.check_format(fmt, subtype):
        valid = ", ".join(sorted(sf.available_subtypes(fmt)))
        raise ParameterError(f"subtype {subtype!r} is not valid for {fmt} files; use one of {valid}")
    fixed_point = subtype not in _FLOAT_SUBTYPES and not subtype.startswith("MPEG")
    peak = float(np.max(np.abs(y)))
    if fixed_point and peak > 1.0:
        raise ParameterError(
            f"y peaks at {peak:.3g} > 1.0 and would clip when written as {subtype}; "
            "scale it first with mirlab.audio.normalize(y) (or write with subtype='FLOAT')"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    data = y.T if y.ndim == 2 else y
    try:
        sf.write(str(path), data, int(sr), subtype=subtype, format=fmt)
    except (RuntimeError, sf.SoundFileError, OSError) as exc:
        raise AudioFileError(f"cannot write '{path}': {exc}") from exc
    return path


def resample(y: np.ndarray, orig_sr: float, target_sr: float, *, res_type: str = "soxr_hq") -> np.ndarray:
    """Change the sampling rate of a signal.

    A thin validating wrapper of :func:`librosa.resample` (band-limited resampling, high
    quality soxr by default). Multichannel signals are resampled along the last axis.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Shape ``(n,)`` or ``(channels, n)``.
    orig_sr : number
        Sampling rate of ``y`` in Hz.
    target_sr : number
        Sampling rate wanted, in Hz.
    res_type : str
        Resampling method of :func:`librosa.resample` (``"soxr_hq"``, ``"kaiser_best"``,
        ``"polyphase"``, ...).

    Returns
    -------
    y_hat : np.ndarray
        The resampled signal, about ``n * target_sr / orig_sr`` samples long (a copy of ``y``
        when the rates are equal).

    Raises
    ------
    ParameterError
        If a rate is not a positive number, ``y`` is invalid, or ``res_type`` is unknown.

    See Also
    --------
    load, librosa.resample

    Examples
    --------
    >>> from mirlab import audio, signals
    >>> y = signals.tone(440.0, 1.0, sr=44100)
    >>> audio.resample(y, 44100, 22050).shape
    (22050,)
    """
    orig_sr = _check_rate(orig_sr, "orig_sr")
    target_sr = _check_rate(target_sr, "target_sr")
    valid_audio(y)
    if orig_sr == target_sr:
        return y.copy()
    import librosa

    try:
        return librosa.resample(y, orig_sr=orig_sr, target_sr=target_sr, res_type=res_type)
    except (librosa.util.exceptions.ParameterError, ValueError, ModuleNotFoundError) as exc:
        raise ParameterError(f"cannot resample with res_type={res_type!r}: {exc}") from exc


def to_mono(y: np.ndarray) -> np.ndarray:
    """Mix a multichannel signal down to mono by averaging its channels.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Shape ``(n,)`` (returned as is) or ``(channels, n)``.

    Returns
    -------
    y_mono : np.ndarray
        Shape ``(n,)``, same dtype as ``y``.

    Raises
    ------
    ParameterError
        If ``y`` is not a valid signal.

    See Also
    --------
    librosa.to_mono

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.audio import to_mono
    >>> to_mono(np.array([[1.0, 0.0], [0.0, 1.0]]))
    array([0.5, 0.5])
    """
    valid_audio(y)
    if y.ndim == 1:
        return y
    return np.mean(y, axis=0, dtype=y.dtype)


def normalize(y: np.ndarray, *, peak: float = 1.0) -> np.ndarray:
    """Scale a signal so that its largest absolute sample equals ``peak``.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Shape ``(n,)`` or ``(channels, n)``.
    peak : float
        The target peak amplitude, > 0 (default 1.0).

    Returns
    -------
    y_norm : np.ndarray
        ``y * peak / max(|y|)``, same shape and dtype as ``y``.

    Raises
    ------
    ParameterError
        If ``y`` is invalid or ``peak`` is not a positive number.
    SilentAudioError
        If ``y`` is silent (it cannot be scaled to any peak).

    See Also
    --------
    librosa.util.normalize

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.audio import normalize
    >>> normalize(np.array([0.1, -0.4, 0.2]))
    array([ 0.25, -1.  ,  0.5 ])
    """
    if isinstance(peak, bool) or not isinstance(peak, numbers.Real) or not np.isfinite(peak) or peak <= 0:
        raise ParameterError(f"peak must be a positive number, got {peak!r}")
    valid_audio(y, allow_silent=False)
    scale = peak / np.max(np.abs(y))
    return (y * scale).astype(y.dtype, copy=False)
