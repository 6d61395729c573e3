"""mirlab.signals: frequencies by the spectrum peak, determinism, amplitude bounds, errors."""

from __future__ import annotations

import numpy as np
import pytest

from mirlab import convert, signals
from mirlab.errors import ParameterError


def _peak_freq(y: np.ndarray, sr: int) -> float:
    spectrum = np.abs(np.fft.rfft(y.astype(np.float64) * np.hanning(len(y))))
    return float(np.fft.rfftfreq(len(y), 1.0 / sr)[spectrum.argmax()])


def _is_float32_bounded(y: np.ndarray) -> bool:
    return y.dtype == np.float32 and y.ndim == 1 and float(np.max(np.abs(y))) <= 1.0


@pytest.mark.parametrize("freq, sr", [(440.0, 22050), (1000.0, 8000), (3000.0, 44100), (55.0, 16000)])
def test_tone_frequency_length_amplitude(freq, sr):
    y = signals.tone(freq, 1.0, sr=sr, amplitude=0.7)
    assert _is_float32_bounded(y) and len(y) == sr
    assert abs(_peak_freq(y, sr) - freq) <= 1.0
    assert np.max(np.abs(y)) == pytest.approx(0.7, rel=1e-3)


def test_tone_phase():
    assert signals.tone(100.0, 0.1, phase=np.pi / 2)[0] == pytest.approx(0.5)
    assert signals.tone(100.0, 0.1)[0] == 0.0


@pytest.mark.parametrize("method", ["logarithmic", "linear"])
def test_chirp_rises(method):
    sr = 16000
    y = signals.chirp(200.0, 4000.0, 2.0, sr=sr, method=method)
    assert _is_float32_bounded(y) and len(y) == 2 * sr
    start = _peak_freq(y[: sr // 10], sr)
    end = _peak_freq(y[-sr // 10 :], sr)
    assert start < 400.0 and end > 3000.0


def test_chirp_log_is_geometric_in_the_middle():
    sr = 16000
    y = signals.chirp(100.0, 6400.0, 2.0, sr=sr)  # 6 octaves in 2 s: 800 Hz at t = 1 s
    mid = _peak_freq(y[sr - 1000 : sr + 1000], sr)
    assert abs(mid - 800.0) < 80.0


@pytest.mark.parametrize("f0, sr", [(220.0, 22050), (110.0, 8000)])
def test_harmonic_tone_partials(f0, sr):
    y = signals.harmonic_tone(f0, 1.0, sr=sr, n_harmonics=5, rolloff=1.0, amplitude=0.8)
    assert _is_float32_bounded(y) and np.max(np.abs(y)) <= 0.8 + 1e-6
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    freqs = np.fft.rfftfreq(len(y), 1.0 / sr)
    levels = [spectrum[np.argmin(np.abs(freqs - k * f0))] for k in range(1, 7)]
    assert abs(_peak_freq(y, sr) - f0) <= 1.0  # the fundamental is the strongest partial
    np.testing.assert_allclose(levels[1] / levels[0], 0.5, rtol=0.05)  # 1 / k
    assert levels[5] < 1e-3 * levels[0]  # no 6th harmonic


def test_harmonic_tone_drops_partials_above_nyquist():
    sr = 8000
    y = signals.harmonic_tone(1500.0, 0.5, sr=sr, n_harmonics=10)  # only 1500 and 3000 Hz fit
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    freqs = np.fft.rfftfreq(len(y), 1.0 / sr)
    aliased = spectrum[np.argmin(np.abs(freqs - (8000 - 4500)))]  # where 4500 Hz would alias
    assert aliased < 1e-3 * spectrum.max()


def test_harmonic_tone_envelope_does_not_click():
    sr = 22050
    y = signals.harmonic_tone(440.0, 0.5, sr=sr, attack=0.02, release=0.1)
    assert y[0] == 0.0 and abs(y[-1]) < 1e-6
    # the attack is a ramp: the first 5 ms are quieter than the middle
    assert np.max(np.abs(y[: sr // 200])) < 0.5 * np.max(np.abs(y[sr // 10 : sr // 5]))


def test_melody_notes_and_rests():
    sr, dur = 16000, 0.25
    notes = [60, None, 69, float("nan"), 72]
    y = signals.melody(notes, note_duration=dur, sr=sr)
    n = int(round(dur * sr))
    assert _is_float32_bounded(y) and len(y) == 5 * n
    assert not y[n : 2 * n].any() and not y[3 * n : 4 * n].any()
    for i, note in [(0, 60), (2, 69), (4, 72)]:
        assert abs(_peak_freq(y[i * n : (i + 1) * n], sr) - convert.midi_to_hz(note)) <= 5.0


def test_melody_passes_harmonic_tone_kwargs():
    y = signals.melody([69], sr=8000, amplitude=0.3, n_harmonics=1)
    assert np.max(np.abs(y)) <= 0.3 + 1e-6


def test_clicks_positions():
    sr = 8000
    y = signals.clicks([0.1, 0.5], sr=sr, length=sr)
    assert _is_float32_bounded(y) and len(y) == sr
    active = np.flatnonzero(np.abs(y) > 0.05)
    assert 0.1 * sr <= active[0] < 0.1 * sr + 20
    assert np.any((active >= 0.5 * sr) & (active < 0.5 * sr + 20))
    assert not y[int(0.2 * sr) : int(0.5 * sr)].any()


def test_clicks_default_length_and_cut():
    sr = 8000
    assert len(signals.clicks([1.0], sr=sr)) > sr
    y = signals.clicks([0.0, 2.0], sr=sr, length=sr)  # the second click is past the end
    assert len(y) == sr and not y[sr // 2 :].any()


@pytest.mark.parametrize("seed", [0, 7])
def test_noise_is_deterministic_and_bounded(seed):
    a = signals.noise(0.5, sr=8000, amplitude=0.2, seed=seed)
    b = signals.noise(0.5, sr=8000, amplitude=0.2, seed=seed)
    np.testing.assert_array_equal(a, b)
    assert _is_float32_bounded(a)
    assert np.std(a) == pytest.approx(0.2, rel=0.05)
    assert not np.array_equal(a, signals.noise(0.5, sr=8000, amplitude=0.2, seed=seed + 1))


def test_noise_is_clipped_at_one():
    assert np.max(np.abs(signals.noise(1.0, sr=8000, amplitude=1.0))) <= 1.0


@pytest.mark.parametrize("sr", [22050, 16000, 8000])
def test_example_mix(sr):
    y = signals.example_mix(sr=sr)
    assert _is_float32_bounded(y) and len(y) == 3 * sr
    assert np.max(np.abs(y)) == pytest.approx(0.9, rel=1e-5)
    np.testing.assert_array_equal(y, signals.example_mix(sr=sr))
    # the first note is C4: its fundamental dominates the first 0.2 s apart from the click
    assert abs(_peak_freq(y[int(0.06 * sr) : int(0.22 * sr)], sr) - convert.midi_to_hz(60)) < 10.0


def test_example_mix_has_the_chirp_in_the_second_half_only():
    sr = 22050
    y = signals.example_mix(sr=sr)
    spectrum_first = np.abs(np.fft.rfft(y[: sr]))
    spectrum_last = np.abs(np.fft.rfft(y[2 * sr :]))
    band = slice(3000, 4000)  # 3-4 kHz on a 1 Hz grid: the chirp's top, above the melody's partials
    assert spectrum_last[band].sum() > 10 * spectrum_first[band].sum()


@pytest.mark.parametrize(
    "func, args, kwargs, match",
    [
        (signals.tone, (440.0, 0.0), {}, r"duration must be a positive number"),
        (signals.tone, (440.0, -1.0), {}, r"duration must be a positive number"),
        (signals.tone, (440.0, 1.0), {"sr": 0}, r"sr must be a positive integer"),
        (signals.tone, (440.0, 1.0), {"sr": 22050.0}, r"sr must be a positive integer"),
        (signals.tone, (5000.0, 1.0), {"sr": 8000}, r"freq=5000 Hz is at or above the Nyquist frequency"),
        (signals.tone, (0.0, 1.0), {}, r"freq must be a positive number"),
        (signals.tone, (440.0, 1.0), {"amplitude": 1.5}, r"amplitude must be in \(0, 1\]"),
        (signals.tone, (440.0, 1e-6), {"sr": 8000}, r"shorter than one sample"),
        (signals.chirp, (100.0, 5000.0, 1.0), {"sr": 8000}, r"f1=5000 Hz is at or above the Nyquist"),
        (signals.chirp, (100.0, 1000.0, 1.0), {"method": "quadratic"}, r"method must be 'logarithmic' or 'linear'"),
        (signals.harmonic_tone, (440.0, 0.05), {}, r"attack \+ release = 0\.11 s is longer than the note"),
        (signals.harmonic_tone, (440.0, 1.0), {"n_harmonics": 0}, r"n_harmonics must be a positive integer"),
        (signals.harmonic_tone, (440.0, 1.0), {"rolloff": -1}, r"rolloff must be a non-negative"),
        (signals.melody, ([],), {}, r"midi_notes is empty"),
        (signals.melody, ([60, "C4"],), {}, r"midi_notes\[1\] = 'C4' is not a MIDI note number"),
        (signals.clicks, ([-0.5],), {}, r"times must be finite and >= 0"),
        (signals.clicks, ([],), {}, r"no click times and no length"),
        (signals.clicks, ([0.1],), {"length": 0}, r"length must be a positive integer"),
        (signals.noise, (1.0,), {"seed": -1}, r"seed must be a non-negative integer"),
        (signals.example_mix, (), {"sr": 2000}, r"example_mix needs sr >= 4000"),
    ],
)
def test_errors(func, args, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        func(*args, **kwargs)
