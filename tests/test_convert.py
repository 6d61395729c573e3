"""mirlab.convert: Hz, Mel and MIDI conversions cross-checked against librosa."""

from __future__ import annotations

import librosa
import numpy as np
import pytest

from mirlab import convert
from mirlab.errors import ParameterError

FREQS = np.array([0.0, 20.0, 100.0, 440.0, 999.0, 1000.0, 1001.0, 4000.0, 11025.0, 22050.0])


@pytest.mark.parametrize("htk", [False, True])
def test_hz_to_mel_matches_librosa(htk):
    np.testing.assert_allclose(convert.hz_to_mel(FREQS, htk=htk), librosa.hz_to_mel(FREQS, htk=htk), rtol=1e-12)


@pytest.mark.parametrize("htk", [False, True])
def test_mel_to_hz_matches_librosa(htk):
    mels = np.linspace(0, librosa.hz_to_mel(22050.0, htk=htk), 57)
    np.testing.assert_allclose(convert.mel_to_hz(mels, htk=htk), librosa.mel_to_hz(mels, htk=htk), rtol=1e-12)


@pytest.mark.parametrize("htk", [False, True])
def test_mel_round_trip(htk):
    np.testing.assert_allclose(convert.mel_to_hz(convert.hz_to_mel(FREQS, htk=htk), htk=htk), FREQS, atol=1e-9)


def test_slaney_is_linear_below_1khz_and_log_above():
    assert convert.hz_to_mel(600.0) == pytest.approx(9.0)  # 3 f / 200
    # log part: each factor of 6.4 in frequency adds 27 Mel
    assert convert.hz_to_mel(6400.0) - convert.hz_to_mel(1000.0) == pytest.approx(27.0)


def test_htk_formula():
    assert convert.hz_to_mel(700.0, htk=True) == pytest.approx(2595.0 * np.log10(2.0))


def test_midi_matches_librosa():
    freqs = np.array([8.1758, 27.5, 261.6256, 440.0, 1000.0, 4186.0])
    np.testing.assert_allclose(convert.hz_to_midi(freqs), librosa.hz_to_midi(freqs), rtol=1e-12)
    notes = np.arange(0, 128, 7.5)
    np.testing.assert_allclose(convert.midi_to_hz(notes), librosa.midi_to_hz(notes), rtol=1e-12)


def test_a4_and_octaves():
    assert convert.hz_to_midi(440.0) == 69.0
    assert convert.midi_to_hz(69) == 440.0
    assert convert.midi_to_hz(81) == pytest.approx(880.0)
    assert convert.hz_to_midi(220.0) == pytest.approx(57.0)


@pytest.mark.parametrize(
    "func, arg",
    [
        (convert.hz_to_mel, 440.0),
        (convert.mel_to_hz, 7.0),
        (convert.hz_to_midi, 440.0),
        (convert.midi_to_hz, 69),
        (lambda x: convert.hz_to_mel(x, htk=True), 440),
    ],
)
def test_scalar_in_float_out(func, arg):
    out = func(arg)
    assert type(out) is float


@pytest.mark.parametrize(
    "func, x",
    [
        (convert.hz_to_mel, [[20.0, 200.0], [2000.0, 20000.0]]),
        (convert.mel_to_hz, [[10.0, 300.0], [15.0, 40.0]]),
        (convert.hz_to_midi, [[20.0, 200.0], [2000.0, 20000.0]]),
        (convert.midi_to_hz, [[21.0, 60.0], [69.0, 108.0]]),
    ],
)
def test_array_in_array_out_keeps_shape(func, x):
    out = func(np.array(x))
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)
    assert isinstance(func([100.0, 200.0]), np.ndarray)


@pytest.mark.parametrize(
    "func, arg, match",
    [
        (convert.hz_to_mel, -1.0, r"frequencies must be >= 0 Hz, got 1 negative"),
        (convert.hz_to_mel, [100.0, -5.0, -6.0], r"got 2 negative value\(s\) \(min -6 Hz\)"),
        (convert.mel_to_hz, -3.0, r"mels must be >= 0"),
        (convert.hz_to_midi, 0.0, r"must be > 0 Hz"),
        (convert.hz_to_midi, [440.0, -440.0], r"must be > 0 Hz"),
        (convert.hz_to_mel, np.nan, r"contains 1 NaN"),
        (convert.midi_to_hz, np.inf, r"infinite"),
        (convert.hz_to_mel, "loud", r"must be a number or an array of numbers"),
    ],
)
def test_bad_values(func, arg, match):
    with pytest.raises(ParameterError, match=match):
        func(arg)
