"""Render MIDI to audio with the sampled General MIDI instruments of a SoundFont.

Book: *Music data* appendix (book/data/).

Three renderers, tried in this order by ``renderer="auto"``:

``"midirenderer"``
    The PyPI wheel ``midirenderer`` (a self-contained Rust SoundFont synthesizer: no system
    library). It plays the MIDI with the SoundFont's recorded samples. The default SoundFont is
    the 6 MB General MIDI bank ``TimGM6mb.sf2`` that ships inside ``pretty_midi``, so a plain
    ``pip install`` renders real sampled instruments on a fresh machine.
``"fluidsynth"``
    :meth:`pretty_midi.PrettyMIDI.fluidsynth`, when ``pyfluidsynth`` and the system library
    ``libfluidsynth`` are installed (Debian ``libfluidsynth3``, Colab ``apt-get install
    fluidsynth``).
``"numpy"``
    A pure-NumPy additive synthesizer, always available: one harmonic recipe per General MIDI
    instrument family and noise-based drums. It is what :meth:`pretty_midi.PrettyMIDI.synthesize`
    does, with timbres that at least tell a flute from a guitar.

Every renderer is deterministic: the same MIDI gives the same samples, bit for bit. The
``info`` dictionary returned with the audio says which renderer made it; generated data sets
store it in their metadata.

Augmentations that change what the annotations describe (tempo, tuning) act on the MIDI
(:func:`detune_midi`; a generator jitters its own tempo), so the annotations stay exact; the
others act on the audio (:func:`augment`: gain, reverb, noise).
"""

from __future__ import annotations

import functools
import importlib.util
import io
import numbers
import os
import pathlib

import numpy as np

from ..audio import resample, valid_audio
from ..errors import ParameterError

__all__ = [
    "RENDERERS",
    "default_soundfont",
    "available_renderers",
    "render_midi",
    "detune_midi",
    "augment",
    "random_augmentation",
]

#: Renderer names accepted by :func:`render_midi`, in the order ``"auto"`` tries them.
RENDERERS = ("midirenderer", "fluidsynth", "numpy")

_MIDIRENDERER_SR = 48000  # midirenderer always renders 16-bit stereo at 48 kHz


def default_soundfont() -> pathlib.Path:
    """The General MIDI SoundFont shipped with ``pretty_midi`` (``TimGM6mb.sf2``, 6 MB).

    Book: *Music data* appendix (book/data/).

    Returns
    -------
    path : pathlib.Path

    Raises
    ------
    ParameterError
        If pretty_midi is not installed or its SoundFont is missing.

    Examples
    --------
    >>> from mirlab.data.render import default_soundfont
    >>> default_soundfont().name
    'TimGM6mb.sf2'
    """
    spec = importlib.util.find_spec("pretty_midi")
    if spec is None or spec.origin is None:
        raise ParameterError("pretty_midi is not installed: pip install pretty_midi")
    path = pathlib.Path(spec.origin).parent / "TimGM6mb.sf2"
    if not path.exists():
        raise ParameterError(f"pretty_midi's SoundFont is missing ({path}); pass soundfont=PATH")
    return path


@functools.lru_cache(maxsize=4)
def _soundfont_bytes(path: str) -> bytes:
    return pathlib.Path(path).read_bytes()


@functools.lru_cache(maxsize=1)
def _fluidsynth_works() -> bool:
    if importlib.util.find_spec("fluidsynth") is None:
        return False
    try:  # pyfluidsynth imports, but the system library may still be missing
        import fluidsynth  # noqa: F401

        fluidsynth.Synth().delete()
        return True
    except Exception:  # pragma: no cover - depends on the system
        return False


def available_renderers() -> list:
    """The renderers that work on this machine, in the order ``renderer="auto"`` tries them.

    Book: *Music data* appendix (book/data/).

    Returns
    -------
    names : list of str
        A sublist of :data:`RENDERERS`; ``"numpy"`` is always there.

    Examples
    --------
    >>> from mirlab.data.render import available_renderers
    >>> available_renderers()[-1]
    'numpy'
    """
    names = []
    if importlib.util.find_spec("midirenderer") is not None:
        names.append("midirenderer")
    if _fluidsynth_works():
        names.append("fluidsynth")
    names.append("numpy")
    return names


def _midi_bytes(pm, end_time: float) -> bytes:
    """The MIDI file of ``pm``, extended with a silent controller event at ``end_time``."""
    import pretty_midi

    added_instrument = not pm.instruments
    if added_instrument:
        pm.instruments.append(pretty_midi.Instrument(0))
    marker = pretty_midi.ControlChange(110, 0, float(end_time))  # an undefined controller: no sound
    ccs = pm.instruments[0].control_changes
    ccs.append(marker)
    try:
        buf = io.BytesIO()
        pm.write(buf)
    finally:  # leave the caller's object as it was
        ccs.remove(marker)
        if added_instrument:
            pm.instruments.pop()
    return buf.getvalue()


def _render_midirenderer(pm, end_time: float, soundfont: pathlib.Path):
    import midirenderer
    import soundfile as sf

    wav = midirenderer.render_wave_from(_soundfont_bytes(str(soundfont)), _midi_bytes(pm, end_time))
    data, native_sr = sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)
    if data.shape[1] == 1:
        return np.ascontiguousarray(data[:, 0]), int(native_sr)
    y = data[:, 0] + data[:, 1]
    for c in range(2, data.shape[1]):  # pragma: no cover - midirenderer writes stereo
        y += data[:, c]
    y *= np.float32(1.0 / data.shape[1])
    return y, int(native_sr)


def _render_fluidsynth(pm, sr: int, soundfont: pathlib.Path):  # pragma: no cover - needs libfluidsynth
    y = pm.fluidsynth(fs=int(sr), sf2_path=str(soundfont))
    return np.asarray(y, dtype=np.float32), int(sr)


# ---- the NumPy fallback ---------------------------------------------------------------------

# family (program // 8) -> (harmonic amplitudes, decay rate 1/s (0: sustained), per-harmonic
# extra decay, attack s, release s)
_FAMILIES = {
    0: ([1, 0.55, 0.35, 0.22, 0.15, 0.1, 0.07, 0.05], 1.2, 0.5, 0.004, 0.15),  # piano
    1: ([1, 0, 0, 0.3, 0, 0, 0, 0, 0.1], 3.0, 0.8, 0.002, 0.2),  # chromatic percussion
    2: ([1, 0.8, 0.6, 0.5, 0.3, 0.3, 0.2, 0.2], 0.0, 0.0, 0.02, 0.06),  # organ
    3: ([1, 0.6, 0.45, 0.3, 0.25, 0.15, 0.12, 0.08, 0.05], 1.6, 0.6, 0.003, 0.1),  # guitar
    4: ([1, 0.5, 0.25, 0.12, 0.06], 0.9, 0.4, 0.004, 0.08),  # bass
    5: ([1 / k for k in range(1, 11)], 0.0, 0.0, 0.07, 0.15),  # strings
    6: ([1 / k for k in range(1, 9)], 0.0, 0.0, 0.12, 0.25),  # ensemble
    7: ([1 / k**0.7 for k in range(1, 11)], 0.0, 0.0, 0.04, 0.08),  # brass
    8: ([1, 0.1, 0.45, 0.08, 0.3, 0.05, 0.2, 0.04, 0.12], 0.0, 0.0, 0.03, 0.06),  # reed
    9: ([1, 0.2, 0.07, 0.03], 0.0, 0.0, 0.05, 0.08),  # pipe
    10: ([1 / k for k in range(1, 13)], 0.0, 0.0, 0.01, 0.08),  # synth lead
    11: ([1 / k**1.5 for k in range(1, 9)], 0.0, 0.0, 0.25, 0.4),  # synth pad
}
_DEFAULT_FAMILY = ([1, 0.4, 0.2, 0.1], 1.0, 0.3, 0.01, 0.1)


def _pitch_bend_cents(instrument, time: float) -> float:
    bends = [b for b in instrument.pitch_bends if b.time <= time + 1e-9]
    if not bends:
        return 0.0
    return 200.0 * bends[-1].pitch / 8192.0


def _numpy_note(program: int, pitch: float, velocity: int, dur: float, sr: int) -> np.ndarray:
    amps, decay, hdecay, attack, release = _FAMILIES.get(program // 8, _DEFAULT_FAMILY)
    f0 = 440.0 * 2.0 ** ((pitch - 69.0) / 12.0)
    length = dur + release if decay == 0 else min(dur + release, 4.0)
    n = max(int(length * sr), 1)
    t = np.arange(n) / sr
    y = np.zeros(n)
    for k, a in enumerate(amps, start=1):
        if a == 0 or k * f0 >= 0.45 * sr:
            continue
        partial = a * np.sin(2 * np.pi * k * f0 * t)
        if decay or hdecay:
            partial *= np.exp(-t * (decay + hdecay * (k - 1)))
        y += partial
    env = np.ones(n)
    na = max(int(attack * sr), 1)
    env[:na] = np.linspace(0.0, 1.0, na)
    nr = int(release * sr)
    n_on = min(int(dur * sr), n)
    if nr > 0 and n_on < n:
        tail = np.linspace(1.0, 0.0, n - n_on)
        env[n_on:] *= tail
    y *= env
    if program in (29, 30):  # overdriven / distortion guitar
        y = np.tanh(4.0 * y) / 2.0
    return y * (velocity / 127.0) ** 1.5


@functools.lru_cache(maxsize=128)
def _numpy_drum(key: int, sr: int) -> np.ndarray:
    rng = np.random.default_rng(1000 + key)

    def noise(dur, hp=0):
        x = rng.standard_normal(int(dur * sr))
        for _ in range(hp):
            x = np.diff(x, prepend=0.0)
        return x / (np.max(np.abs(x)) + 1e-12)

    def env(n, tau):
        return np.exp(-np.arange(n) / (tau * sr))

    if key in (35, 36):  # kick: a falling sine
        n = int(0.35 * sr)
        t = np.arange(n) / sr
        f = 50 + 90 * np.exp(-t / 0.03)
        return np.sin(2 * np.pi * np.cumsum(f) / sr) * env(n, 0.12)
    if key in (38, 40, 37, 39):  # snare, side stick, clap
        dur = 0.06 if key == 37 else 0.25
        x = noise(dur, 1) * env(int(dur * sr), 0.05)
        t = np.arange(len(x)) / sr
        return 0.6 * x + 0.5 * np.sin(2 * np.pi * 190 * t) * env(len(x), 0.04)
    if key in (42, 44):  # closed / pedal hi-hat
        return 0.5 * noise(0.08, 2) * env(int(0.08 * sr), 0.015)
    if key == 46:  # open hi-hat
        return 0.5 * noise(0.4, 2) * env(int(0.4 * sr), 0.1)
    if key in (49, 52, 55, 57):  # crash cymbals
        return 0.5 * noise(1.5, 2) * env(int(1.5 * sr), 0.4)
    if key in (51, 53, 59):  # ride
        n = int(0.8 * sr)
        t = np.arange(n) / sr
        return (0.3 * noise(0.8, 2) + 0.2 * np.sin(2 * np.pi * 3200 * t)) * env(n, 0.25)
    if key in (41, 43, 45, 47, 48, 50):  # toms
        n = int(0.4 * sr)
        t = np.arange(n) / sr
        f0 = 80 + 12 * (key - 41)
        return np.sin(2 * np.pi * np.cumsum(f0 * (1 + 0.5 * np.exp(-t / 0.05))) / sr) * env(n, 0.12)
    return 0.4 * noise(0.1, 1) * env(int(0.1 * sr), 0.03)


def _render_numpy(pm, n_samples: int, sr: int) -> np.ndarray:
    y = np.zeros(n_samples)
    for inst in pm.instruments:
        for note in inst.notes:
            start = int(round(note.start * sr))
            if start >= n_samples:
                continue
            if inst.is_drum:
                x = _numpy_drum(int(note.pitch), sr) * (note.velocity / 127.0) ** 1.5
            else:
                pitch = note.pitch + _pitch_bend_cents(inst, note.start) / 100.0
                x = _numpy_note(int(inst.program), pitch, note.velocity, note.end - note.start, sr)
            stop = min(start + len(x), n_samples)
            y[start:stop] += x[: stop - start]
    return y.astype(np.float32)


# ---- public functions -----------------------------------------------------------------------


def render_midi(
    pm,
    *,
    sr: int = 22050,
    renderer: str = "auto",
    soundfont=None,
    duration: float | None = None,
    tail: float = 0.5,
    normalize: bool = True,
    peak: float = 0.9,
):
    """Render a :class:`pretty_midi.PrettyMIDI` object to a mono signal.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    pm : pretty_midi.PrettyMIDI
        The music. Drums are instruments with ``is_drum=True`` (General MIDI channel 10).
    sr : int
        Sampling rate of the result in Hz (default 22050). A renderer working at another rate
        (midirenderer: 48 kHz) is resampled with :func:`mirlab.audio.resample`.
    renderer : str
        ``"auto"`` (default: the first of :data:`RENDERERS` that works here), ``"midirenderer"``,
        ``"fluidsynth"`` or ``"numpy"``.
    soundfont : str or pathlib.Path or None
        A ``.sf2`` file; default :func:`default_soundfont` (pretty_midi's General MIDI bank).
        Ignored by the NumPy renderer.
    duration : float or None
        Length of the result in seconds (padded with silence or cut). Default: the end of the
        last note plus ``tail``.
    tail : float
        Seconds kept after the last note ends, for the release of the sounds (default 0.5).
    normalize : bool
        If True (default), scale the result to a peak amplitude of ``peak`` (a silent result
        stays silent).
    peak : float
        Peak amplitude after normalisation, in (0, 1].

    Returns
    -------
    y : np.ndarray
        float32, shape ``(n,)``.
    info : dict
        ``"renderer"`` (the one that ran), ``"soundfont"`` (file name or None), ``"sr"``,
        ``"native_sr"`` (the rate the renderer worked at), ``"duration"`` (s), ``"scale"`` (the
        normalisation factor applied); ``"fallback_reason"`` when ``"auto"`` had to fall back
        to the NumPy renderer because the SoundFont renderer failed (with a RuntimeWarning).

    Raises
    ------
    ParameterError
        If ``pm`` is not a PrettyMIDI object, the renderer is unknown or not available here, the
        SoundFont does not exist, or a number is out of range.

    See Also
    --------
    available_renderers, augment, pretty_midi.PrettyMIDI.fluidsynth

    Examples
    --------
    >>> import pretty_midi
    >>> from mirlab.data.render import render_midi
    >>> pm = pretty_midi.PrettyMIDI()
    >>> piano = pretty_midi.Instrument(program=0)
    >>> piano.notes.append(pretty_midi.Note(velocity=100, pitch=60, start=0.0, end=1.0))
    >>> pm.instruments.append(piano)
    >>> y, info = render_midi(pm, sr=22050, duration=1.5)
    >>> y.shape, y.dtype, info["renderer"]
    ((33075,), dtype('float32'), 'midirenderer')
    >>> y, info = render_midi(pm, renderer="numpy", duration=1.5)
    >>> info["renderer"], round(float(abs(y).max()), 2)
    ('numpy', 0.9)
    """
    try:
        import pretty_midi
    except ImportError as exc:  # pragma: no cover
        raise ParameterError("render_midi needs pretty_midi: pip install pretty_midi") from exc
    if not isinstance(pm, pretty_midi.PrettyMIDI):
        raise ParameterError(f"pm must be a pretty_midi.PrettyMIDI object, got {type(pm).__name__}")
    if isinstance(sr, bool) or not isinstance(sr, numbers.Integral) or sr <= 0:
        raise ParameterError(f"sr must be a positive integer number of samples per second, got {sr!r}")
    sr = int(sr)
    if renderer not in ("auto",) + RENDERERS:
        raise ParameterError(f"renderer must be 'auto' or one of {RENDERERS}, got {renderer!r}")
    if duration is not None and (
        isinstance(duration, bool) or not isinstance(duration, numbers.Real) or not duration > 0
    ):
        raise ParameterError(f"duration must be a positive number of seconds or None, got {duration!r}")
    if isinstance(tail, bool) or not isinstance(tail, numbers.Real) or not tail >= 0:
        raise ParameterError(f"tail must be a non-negative number of seconds, got {tail!r}")
    if isinstance(peak, bool) or not isinstance(peak, numbers.Real) or not 0 < peak <= 1:
        raise ParameterError(f"peak must be in (0, 1], got {peak!r}")

    available = available_renderers()
    auto = renderer == "auto"
    if auto:
        renderer = available[0]
    elif renderer not in available:
        hint = {
            "midirenderer": "pip install midirenderer",
            "fluidsynth": "pip install pyfluidsynth and install the system library (apt-get install fluidsynth)",
        }[renderer]
        raise ParameterError(f"renderer {renderer!r} is not available on this machine ({hint}); use renderer='auto'")

    sf_path = None
    if renderer != "numpy":
        sf_path = default_soundfont() if soundfont is None else pathlib.Path(os.fspath(soundfont))
        if not sf_path.is_file():
            raise ParameterError(f"no such SoundFont file: '{sf_path}'")

    end_time = float(duration) if duration is not None else pm.get_end_time() + float(tail)
    end_time = max(end_time, 1.0 / sr)
    n_out = int(round(end_time * sr))

    fallback_reason = None
    try:
        if renderer == "midirenderer":
            y, native_sr = _render_midirenderer(pm, end_time, sf_path)
        elif renderer == "fluidsynth":  # pragma: no cover - needs libfluidsynth
            y, native_sr = _render_fluidsynth(pm, sr, sf_path)
    except Exception as exc:  # a renderer that fails on this MIDI: "auto" falls back to NumPy
        if not auto:
            raise ParameterError(f"the {renderer} renderer failed: {exc}") from exc
        import warnings

        fallback_reason = f"{renderer} failed ({type(exc).__name__}: {exc})"
        warnings.warn(f"{fallback_reason}; rendering with the NumPy fallback instead", RuntimeWarning, stacklevel=2)
        renderer, sf_path = "numpy", None
    if renderer == "numpy":
        native_sr = sr
        y = _render_numpy(pm, n_out, sr)
    if native_sr != sr and len(y) > 1:
        y = resample(np.ascontiguousarray(y, dtype=np.float32), native_sr, sr)
    y = np.asarray(y, dtype=np.float32)
    if len(y) < n_out:
        y = np.pad(y, (0, n_out - len(y)))
    y = np.ascontiguousarray(y[:n_out])

    scale = 1.0
    if normalize:
        top = float(np.max(np.abs(y))) if y.size else 0.0
        if top > 1e-9:
            scale = float(peak) / top
            y = (y * np.float32(scale)).astype(np.float32)
    info = {
        "renderer": renderer,
        "soundfont": None if sf_path is None else sf_path.name,
        "sr": sr,
        "native_sr": int(native_sr),
        "duration": n_out / sr,
        "scale": scale,
    }
    if fallback_reason:
        info["fallback_reason"] = fallback_reason
    return y, info


def detune_midi(pm, cents: float):
    """Detune every pitched instrument of a MIDI object by a constant pitch bend, in place.

    General MIDI's default pitch-bend range is +-2 semitones, so ``cents`` must lie within
    +-200. Drums are left alone. An annotated frequency ``f`` becomes ``f * 2 ** (cents / 1200)``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    pm : pretty_midi.PrettyMIDI
        Modified in place (a pitch bend at time 0 is added to each pitched instrument).
    cents : float
        Detuning in cents (100 cents = 1 semitone).

    Returns
    -------
    pm : pretty_midi.PrettyMIDI
        The same object.

    Raises
    ------
    ParameterError
        If ``cents`` is not a number within +-200.

    Examples
    --------
    >>> import pretty_midi
    >>> from mirlab.data.render import detune_midi
    >>> pm = pretty_midi.PrettyMIDI()
    >>> pm.instruments.append(pretty_midi.Instrument(program=0))
    >>> detune_midi(pm, 25.0).instruments[0].pitch_bends[0].pitch
    1024
    """
    if isinstance(cents, bool) or not isinstance(cents, numbers.Real) or not -200 <= cents <= 200:
        raise ParameterError(f"cents must be a number within +-200 (the pitch-bend range), got {cents!r}")
    import pretty_midi

    value = int(round(float(cents) / 200.0 * 8192))
    value = max(-8192, min(8191, value))
    for inst in pm.instruments:
        if not inst.is_drum:
            inst.pitch_bends = [b for b in inst.pitch_bends if b.time > 0] + [pretty_midi.PitchBend(value, 0.0)]
            inst.pitch_bends.sort(key=lambda b: b.time)
    return pm


def augment(
    y: np.ndarray,
    sr: int,
    *,
    rng=None,
    gain_db: float = 0.0,
    reverb: float = 0.0,
    noise_snr_db: float | None = None,
) -> np.ndarray:
    """Audio augmentations that keep every annotation valid: gain, reverb and noise.

    The reverb is a convolution with a synthetic room response (exponentially decaying noise,
    reverberation time 0.2 s + 1.3 s x ``reverb``), mixed in with weight ``reverb``; the result
    keeps the length of ``y`` so annotation times do not move. Tempo and tuning changes are
    made on the MIDI instead (a generator's tempo jitter, :func:`detune_midi`). The result is
    scaled down only if it would clip (peak > 1).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : int
        Sampling rate in Hz.
    rng : numpy.random.Generator or int or None
        Source of randomness of the reverb and noise (a seed, or a Generator); the same
        seed gives the same result.
    gain_db : float
        Gain in dB.
    reverb : float
        Wet/dry amount in [0, 1] (0: none).
    noise_snr_db : float or None
        Add white noise at this signal-to-noise ratio in dB (None: no noise).

    Returns
    -------
    y_aug : np.ndarray
        float32, same shape as ``y``.

    Raises
    ------
    ParameterError
        If ``y`` is not a valid mono signal or a parameter is out of range.

    See Also
    --------
    random_augmentation, detune_midi

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import signals
    >>> from mirlab.data.render import augment
    >>> y = signals.tone(440.0, 1.0)
    >>> z = augment(y, 22050, rng=0, gain_db=-6.0, reverb=0.3, noise_snr_db=30.0)
    >>> z.shape, bool(np.all(z == augment(y, 22050, rng=0, gain_db=-6.0, reverb=0.3, noise_snr_db=30.0)))
    ((22050,), True)
    """
    valid_audio(y, mono=True)
    if isinstance(sr, bool) or not isinstance(sr, numbers.Integral) or sr <= 0:
        raise ParameterError(f"sr must be a positive integer, got {sr!r}")
    if not isinstance(reverb, numbers.Real) or not 0 <= reverb <= 1:
        raise ParameterError(f"reverb must be in [0, 1], got {reverb!r}")
    if not isinstance(gain_db, numbers.Real) or not np.isfinite(gain_db):
        raise ParameterError(f"gain_db must be a finite number, got {gain_db!r}")
    if noise_snr_db is not None and (not isinstance(noise_snr_db, numbers.Real) or not np.isfinite(noise_snr_db)):
        raise ParameterError(f"noise_snr_db must be a number of dB or None, got {noise_snr_db!r}")
    rng = np.random.default_rng(rng)
    x = y.astype(np.float64)
    if reverb > 0:
        from scipy.signal import fftconvolve

        rt60 = 0.2 + 1.3 * float(reverb)
        n_ir = int(rt60 * sr)
        t = np.arange(n_ir) / sr
        ir = rng.standard_normal(n_ir) * 10.0 ** (-3.0 * t / rt60)
        ir[: int(0.005 * sr)] = 0.0  # a short pre-delay
        ir /= np.sqrt(np.sum(ir**2)) + 1e-12
        wet = fftconvolve(x, ir)[: len(x)]
        x = (1.0 - reverb) * x + reverb * wet
    x = x * 10.0 ** (float(gain_db) / 20.0)
    if noise_snr_db is not None:
        rms = float(np.sqrt(np.mean(x**2)))
        if rms > 0:
            x = x + rng.standard_normal(len(x)) * rms * 10.0 ** (-float(noise_snr_db) / 20.0)
    top = float(np.max(np.abs(x)))
    if top > 1.0:
        x = x / top
    return x.astype(np.float32)


def random_augmentation(rng, strength: float = 1.0) -> dict:
    """Draw the parameters of one random augmentation (what the generators' ``augment=True`` uses).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    rng : numpy.random.Generator or int
        Source of randomness.
    strength : float
        Scales every range, in [0, 1] (1: gain -9..0 dB, reverb 0..0.4, SNR 20..50 dB,
        tempo x0.95..1.05, detune +-25 cents).

    Returns
    -------
    params : dict
        ``gain_db``, ``reverb``, ``noise_snr_db``, ``tempo_factor``, ``detune_cents``.

    Raises
    ------
    ParameterError
        If ``strength`` is outside [0, 1].

    Examples
    --------
    >>> from mirlab.data.render import random_augmentation
    >>> sorted(random_augmentation(0))
    ['detune_cents', 'gain_db', 'noise_snr_db', 'reverb', 'tempo_factor']
    """
    if not isinstance(strength, numbers.Real) or not 0 <= strength <= 1:
        raise ParameterError(f"strength must be in [0, 1], got {strength!r}")
    rng = np.random.default_rng(rng)
    s = float(strength)
    return {
        "gain_db": round(float(-9.0 * s * rng.random()), 3),
        "reverb": round(float(0.4 * s * rng.random()), 3),
        "noise_snr_db": round(float(50.0 - 30.0 * s * rng.random()), 3),
        "tempo_factor": round(float(1.0 + 0.05 * s * rng.uniform(-1, 1)), 4),
        "detune_cents": round(float(25.0 * s * rng.uniform(-1, 1)), 2),
    }
