"""Checks of Lab 0, *Audio and time-frequency representations* (labs/src/lab00_audio.md).

Book chapter: *Audio and time-frequency representations* (book/audio/). The answer key is
:mod:`mirlab.spectral` and :mod:`mirlab.convert`; each exercise lists known-wrong variants so a
student whose output matches one gets the specific hint.
"""

from __future__ import annotations

import numpy as np

from .. import convert, spectral
from .compare import allclose
from .core import Case, Exercise, Lab


def _signal(n: int, seed: int) -> np.ndarray:
    """A deterministic test signal: two tones plus a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 8000.0
    y = 0.5 * np.sin(2 * np.pi * 440.0 * t) + 0.3 * np.sin(2 * np.pi * 1234.5 * t)
    return y + 0.05 * rng.standard_normal(n)


# ---- 0.1 frame ---------------------------------------------------------------------------


def _frame_cases():
    return [
        Case((np.arange(10.0), 4, 2), label="y = 0..9, frame_length=4, hop_length=2"),
        Case((np.arange(11.0), 4, 3), label="y = 0..10, frame_length=4, hop_length=3 (last samples dropped)"),
        Case((_signal(1000, 0), 256, 128), label="1000 samples, frame_length=256, hop_length=128"),
        Case((_signal(2048, 1), 512, 512), label="no overlap", hidden=True),
        Case((_signal(300, 2), 300, 100), label="exactly one frame", hidden=True),
        Case((_signal(1001, 3), 100, 37), label="odd hop", hidden=True),
    ]


def _frame_one_too_few(y, frame_length, hop_length):
    n = (len(y) - frame_length) // hop_length
    return np.stack([y[i * hop_length : i * hop_length + frame_length] for i in range(n)], axis=1)


def _frame_ignores_hop(y, frame_length, hop_length):
    return spectral.frame(y, frame_length, frame_length)


FRAME = Exercise(
    name="lab00.frame",
    title="cut a signal into overlapping frames",
    reference=spectral.frame,
    cases=_frame_cases,
    compare=allclose(rtol=0, atol=0),
    wrong_answers=[
        (_frame_one_too_few, "one frame is missing: the number of frames is 1 + (len(y) - frame_length) // hop_length"),
        (_frame_ignores_hop, "consecutive frames start frame_length samples apart: they must start hop_length samples apart"),
        (lambda y, fl, hop: spectral.frame(y, fl, hop).T, "frames must be the columns (shape (frame_length, n_frames)), not the rows"),
    ],
)


# ---- 0.2 hann_window ---------------------------------------------------------------------


def _hann_cases():
    return [
        Case((8,), label="n=8"),
        Case((1024,), label="n=1024"),
        Case((5,), label="odd length n=5"),
        Case((3,), label="n=3", hidden=True),
        Case((2048,), label="n=2048", hidden=True),
        Case((17,), label="n=17", hidden=True),
    ]


HANN = Exercise(
    name="lab00.hann_window",
    title="the periodic Hann window",
    reference=spectral.hann_window,
    cases=_hann_cases,
    compare=allclose(rtol=1e-7, atol=1e-10),
    wrong_answers=[
        (lambda n: spectral.hann_window(n, periodic=False),
         "this is the symmetric Hann window (dividing by N-1); the STFT uses the periodic one: divide by N"),
        (lambda n: 0.5 * np.cos(2 * np.pi * np.arange(n) / n),
         "the Hann window is 0.5 - 0.5 cos(2 pi n / N): it starts at 0 and peaks at 1 in the middle"),
        (lambda n: np.sin(np.pi * np.arange(n) / n),
         "that is a sine window; the Hann window is its square: sin^2(pi n / N) = 0.5 - 0.5 cos(2 pi n / N)"),
    ],
)


# ---- 0.3 magnitude_spectrogram -----------------------------------------------------------


def _spec_reference(y, n_fft, hop_length):
    return spectral.magnitude_spectrogram(y, n_fft=n_fft, hop_length=hop_length, center=False)


def _spec_cases():
    return [
        Case((_signal(2048, 10), 512, 256), label="2048 samples, n_fft=512, hop_length=256"),
        Case((_signal(4000, 11), 1024, 512), label="4000 samples, n_fft=1024, hop_length=512"),
        Case((_signal(512, 12), 512, 128), label="a single frame", hidden=True),
        Case((_signal(5000, 13), 256, 100), label="n_fft=256, hop_length=100", hidden=True),
    ]


def _spec_no_window(y, n_fft, hop_length):
    return np.abs(np.fft.rfft(spectral.frame(y, n_fft, hop_length), axis=0))


def _spec_power(y, n_fft, hop_length):
    return _spec_reference(y, n_fft, hop_length) ** 2


def _spec_symmetric_window(y, n_fft, hop_length):
    frames = spectral.frame(y, n_fft, hop_length) * spectral.hann_window(n_fft, periodic=False)[:, None]
    return np.abs(np.fft.rfft(frames, axis=0))


SPECTROGRAM = Exercise(
    name="lab00.magnitude_spectrogram",
    title="magnitude spectrogram: frame, window, DFT, modulus",
    reference=_spec_reference,
    cases=_spec_cases,
    compare=allclose(rtol=1e-6, atol=1e-8),
    wrong_answers=[
        (_spec_no_window, "the values are those of frames without a window: multiply each frame by the Hann window before the DFT"),
        (_spec_power, "you returned the power |X|^2; the magnitude spectrogram is |X|"),
        (_spec_symmetric_window, "use the periodic Hann window of Exercise 0.2 (dividing by N), not the symmetric one"),
    ],
)


# ---- 0.4 hz_to_mel / 0.5 mel_to_hz -------------------------------------------------------


def _hz_cases():
    return [
        Case((np.array([0.0, 100.0, 440.0, 1000.0, 8000.0]),), label="an array of frequencies in Hz"),
        Case((440.0,), label="a single number, 440.0"),
        Case((np.linspace(0, 11025, 50),), label="0 to 11025 Hz", hidden=True),
        Case((np.array([[20.0, 200.0], [2000.0, 20000.0]]),), label="a 2-D array", hidden=True),
    ]


def _mel_cases():
    return [
        Case((np.array([0.0, 100.0, 549.64, 1000.0, 2840.0]),), label="an array of Mel values"),
        Case((1000.0,), label="a single number, 1000.0"),
        Case((np.linspace(0, 3900, 40),), label="0 to 3900 Mel", hidden=True),
        Case((np.array([[10.0, 300.0], [1500.0, 3000.0]]),), label="a 2-D array", hidden=True),
    ]


HZ_TO_MEL = Exercise(
    name="lab00.hz_to_mel",
    title="Hz to Mel (HTK formula)",
    reference=lambda f: convert.hz_to_mel(f, htk=True),
    cases=_hz_cases,
    compare=allclose(rtol=1e-6, atol=1e-6),
    wrong_answers=[
        (lambda f: 2595.0 * np.log(1.0 + np.asarray(f) / 700.0), "use the base-10 logarithm (np.log10), not the natural log"),
        (lambda f: 2595.0 * np.log10(np.asarray(f) / 700.0), "the formula is 2595 log10(1 + f / 700): the '1 +' makes 0 Hz map to 0 Mel"),
        (lambda f: convert.hz_to_mel(f, htk=False), "that is Slaney's Mel scale (librosa's default); this exercise asks for the HTK formula 2595 log10(1 + f/700)"),
    ],
)

MEL_TO_HZ = Exercise(
    name="lab00.mel_to_hz",
    title="Mel to Hz (inverse of the HTK formula)",
    reference=lambda m: convert.mel_to_hz(m, htk=True),
    cases=_mel_cases,
    compare=allclose(rtol=1e-6, atol=1e-6),
    wrong_answers=[
        (lambda m: 700.0 * 10.0 ** (np.asarray(m) / 2595.0), "you forgot the '- 1': f = 700 (10^(m / 2595) - 1)"),
        (lambda m: 700.0 * (np.exp(np.asarray(m) / 2595.0) - 1.0), "invert log10 with a power of 10, not with np.exp"),
    ],
)


# ---- 0.6 amplitude_to_db -----------------------------------------------------------------


def _db_reference(S, amin=1e-5):
    return spectral.amplitude_to_db(S, ref=1.0, amin=amin, top_db=None)


def _db_cases():
    rng = np.random.default_rng(20)
    return [
        Case((np.array([1.0, 10.0, 0.1, 0.5]),), label="[1, 10, 0.1, 0.5]"),
        Case((np.array([[0.0, 1e-7], [2.0, 1.0]]),), label="zeros and tiny values (use amin)"),
        Case((np.abs(rng.standard_normal((65, 20))),), label="a random 65 x 20 magnitude spectrogram"),
        Case((np.array([0.0, 1e-3, 1.0]),), {"amin": 1e-2}, label="amin=1e-2", hidden=True),
        Case((np.abs(rng.standard_normal((129, 7))) * 100,), label="large values", hidden=True),
    ]


AMPLITUDE_TO_DB = Exercise(
    name="lab00.amplitude_to_db",
    title="amplitude to decibels with a floor amin",
    reference=_db_reference,
    cases=_db_cases,
    compare=allclose(rtol=1e-6, atol=1e-6),
    wrong_answers=[
        (lambda S, amin=1e-5: 10.0 * np.log10(np.maximum(amin, S)), "for an amplitude (magnitude) use 20 log10; 10 log10 is for a power"),
        (lambda S, amin=1e-5: 20.0 * np.log(np.maximum(amin, S)), "use the base-10 logarithm (np.log10), not the natural log"),
        (lambda S, amin=1e-5: 20.0 * np.log10(np.maximum(1e-5, S)), "use the `amin` argument as the floor, not a fixed constant"),
        (lambda S, amin=1e-5: 20.0 * np.log10(S), "clip the values from below before the log, np.maximum(amin, S): log10(0) is -inf"),
    ],
)


LAB = Lab(
    id="lab00",
    title="Audio and time-frequency representations",
    exercises=[FRAME, HANN, SPECTROGRAM, HZ_TO_MEL, MEL_TO_HZ, AMPLITUDE_TO_DB],
)
