"""mirlab.spectral: the from-scratch implementations, cross-checked against librosa and scipy."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
import scipy.signal

from mirlab import signals, spectral
from mirlab.errors import ParameterError


def _noise(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(n)


# ---- frame -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, frame_length, hop_length",
    [(10, 4, 2), (11, 4, 3), (1000, 256, 128), (300, 300, 100), (1001, 100, 37), (2048, 512, 512), (50, 1, 1)],
)
def test_frame_matches_librosa(n, frame_length, hop_length):
    y = _noise(n)
    ours = spectral.frame(y, frame_length, hop_length)
    ref = librosa.util.frame(y, frame_length=frame_length, hop_length=hop_length)
    assert ours.shape == (frame_length, 1 + (n - frame_length) // hop_length)
    np.testing.assert_array_equal(ours, ref)


def test_frame_is_a_copy():
    y = np.arange(10.0)
    frames = spectral.frame(y, 4, 2)
    frames[0, 0] = 99.0
    assert y[0] == 0.0


@pytest.mark.parametrize(
    "y, frame_length, hop_length, match",
    [
        (np.zeros((2, 100)), 10, 5, r"must be mono"),
        (np.zeros(5), 10, 5, r"y has 5 samples, fewer than frame_length=10"),
        (np.zeros(100), 0, 5, r"frame_length must be a positive integer, got 0"),
        (np.zeros(100), 10, -1, r"hop_length must be a positive integer, got -1"),
        (np.zeros(100), 10.0, 5, r"frame_length must be a positive integer, got 10\.0"),
        (np.arange(10), 4, 2, r"floating-point samples"),
    ],
)
def test_frame_errors(y, frame_length, hop_length, match):
    with pytest.raises(ParameterError, match=match):
        spectral.frame(y, frame_length, hop_length)


# ---- windows -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 8, 17, 1024, 2047])
def test_hann_matches_scipy(n):
    np.testing.assert_allclose(spectral.hann_window(n), scipy.signal.get_window("hann", n, fftbins=True), atol=1e-15)
    np.testing.assert_allclose(
        spectral.hann_window(n, periodic=False), scipy.signal.windows.hann(n, sym=True), atol=1e-15
    )


def test_periodic_hann_overlap_adds_to_constant():
    w = spectral.hann_window(64)
    total = sum(np.roll(np.pad(w, (0, 192)), 16 * k) for k in range(16))
    np.testing.assert_allclose(total[64:192], 2.0)


@pytest.mark.parametrize("name", ["hann", "hamming", "boxcar", "blackman", ("kaiser", 8.0)])
@pytest.mark.parametrize("n", [16, 255])
def test_get_window_matches_scipy(name, n):
    np.testing.assert_allclose(spectral.get_window(name, n), scipy.signal.get_window(name, n, fftbins=True), atol=1e-14)


def test_get_window_array_and_callable():
    w = np.array([0.2, 1.0, 0.2])
    np.testing.assert_array_equal(spectral.get_window(w, 3), w)
    np.testing.assert_array_equal(spectral.get_window(np.ones, 4), np.ones(4))


@pytest.mark.parametrize(
    "window, n, match",
    [
        ("no_such_window", 16, r"unknown window 'no_such_window'"),
        (np.ones(5), 4, r"window has shape \(5,\), but a window of length 4 is needed"),
        ("hann", 0, r"n must be a positive integer"),
        (object(), 4, r"window must be a name, a callable or an array"),
    ],
)
def test_get_window_errors(window, n, match):
    with pytest.raises(ParameterError, match=match):
        spectral.get_window(window, n)


# ---- STFT --------------------------------------------------------------------------------


STFT_CASES = [
    dict(n_fft=512, hop_length=128, win_length=None, center=True),
    dict(n_fft=512, hop_length=None, win_length=None, center=False),
    dict(n_fft=511, hop_length=100, win_length=None, center=True),
    dict(n_fft=511, hop_length=64, win_length=301, center=False),
    dict(n_fft=1024, hop_length=256, win_length=400, center=True),
    dict(n_fft=256, hop_length=37, win_length=255, center=True),
    dict(n_fft=2048, hop_length=None, win_length=None, center=True),
]


@pytest.mark.parametrize("kwargs", STFT_CASES, ids=lambda k: "-".join(f"{v}" for v in k.values()))
def test_stft_matches_librosa(kwargs):
    y = _noise(4000, seed=1)
    ours = spectral.stft(y, **kwargs)
    ref = librosa.stft(y, **kwargs)
    assert ours.shape == ref.shape
    assert ours.dtype == np.complex128
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("window", ["hamming", "blackman", "boxcar"])
@pytest.mark.parametrize("pad_mode", ["constant", "reflect", "edge"])
def test_stft_windows_and_pad_modes_match_librosa(window, pad_mode):
    y = _noise(3000, seed=2)
    ours = spectral.stft(y, n_fft=256, hop_length=64, window=window, pad_mode=pad_mode)
    ref = librosa.stft(y, n_fft=256, hop_length=64, window=window, pad_mode=pad_mode)
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-6)


def test_stft_default_pad_mode_is_librosas():
    import inspect

    assert inspect.signature(spectral.stft).parameters["pad_mode"].default == (
        inspect.signature(librosa.stft).parameters["pad_mode"].default
    )


def test_stft_float32_gives_complex64():
    y = signals.tone(440.0, 0.2)
    S = spectral.stft(y, n_fft=512)
    assert S.dtype == np.complex64
    np.testing.assert_allclose(S, librosa.stft(y, n_fft=512), rtol=1e-4, atol=1e-4)


def test_stft_peak_at_tone_frequency():
    sr, n_fft = 16000, 1024
    y = signals.tone(1500.0, 1.0, sr=sr)
    S = np.abs(spectral.stft(y, n_fft=n_fft))
    freqs = spectral.fft_frequencies(sr=sr, n_fft=n_fft)
    assert abs(freqs[S.mean(axis=1).argmax()] - 1500.0) <= sr / n_fft


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_fft=0), r"n_fft must be a positive integer"),
        (dict(n_fft=256, hop_length=0), r"hop_length must be a positive integer"),
        (dict(n_fft=256, win_length=512), r"win_length=512 must be <= n_fft=256"),
        (dict(n_fft=4096, center=False), r"y has 1000 samples, fewer than n_fft=4096"),
        (dict(n_fft=256, pad_mode="bogus"), r"cannot pad y with pad_mode='bogus'"),
        (dict(n_fft=256, window="bogus"), r"unknown window 'bogus'"),
    ],
)
def test_stft_errors(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        spectral.stft(_noise(1000), **kwargs)


def test_stft_rejects_stereo_and_nan():
    with pytest.raises(ParameterError, match=r"must be mono"):
        spectral.stft(np.zeros((2, 1000)))
    y = _noise(1000)
    y[3] = np.nan
    with pytest.raises(ParameterError, match=r"1 NaN/inf values \(first at index 3\)"):
        spectral.stft(y)


@pytest.mark.parametrize("power", [1.0, 2.0, 0.5])
@pytest.mark.parametrize("center", [True, False])
def test_magnitude_spectrogram_is_abs_stft_power(power, center):
    y = _noise(3000, seed=3)
    ours = spectral.magnitude_spectrogram(y, n_fft=512, hop_length=200, center=center, power=power)
    ref = np.abs(librosa.stft(y, n_fft=512, hop_length=200, center=center)) ** power
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-6)
    with pytest.raises(ParameterError, match=r"power must be a positive number"):
        spectral.magnitude_spectrogram(y, power=0)


# ---- decibels and log compression --------------------------------------------------------


@pytest.mark.parametrize("ref", [1.0, 0.5, np.max, np.median])
@pytest.mark.parametrize("top_db", [80.0, 40.0, None])
@pytest.mark.parametrize("amin", [1e-5, 1e-3])
def test_amplitude_to_db_matches_librosa(ref, top_db, amin):
    S = np.abs(_noise(2000, seed=4).reshape(40, 50)) * 3
    S[0, :5] = 0.0
    ours = spectral.amplitude_to_db(S, ref=ref, amin=amin, top_db=top_db)
    np.testing.assert_allclose(ours, librosa.amplitude_to_db(S, ref=ref, amin=amin, top_db=top_db), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("ref", [1.0, 10.0, np.max])
@pytest.mark.parametrize("top_db", [80.0, 20.0, None])
@pytest.mark.parametrize("amin", [1e-10, 1e-4])
def test_power_to_db_matches_librosa(ref, top_db, amin):
    S = _noise(2000, seed=5).reshape(40, 50) ** 2
    S[1, :3] = 0.0
    ours = spectral.power_to_db(S, ref=ref, amin=amin, top_db=top_db)
    np.testing.assert_allclose(ours, librosa.power_to_db(S, ref=ref, amin=amin, top_db=top_db), rtol=1e-6, atol=1e-6)


def test_db_of_float32_spectrogram_matches_librosa_and_keeps_dtype():
    S = np.abs(spectral.stft(signals.example_mix(), n_fft=1024))
    ours = spectral.amplitude_to_db(S, ref=np.max)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, librosa.amplitude_to_db(S, ref=np.max), atol=1e-3)


def test_amplitude_to_db_complex_warns_like_librosa():
    S = np.array([[1.0 + 1.0j, 0.0]])
    with pytest.warns(UserWarning, match="phase information will be discarded"):
        ours = spectral.amplitude_to_db(S, top_db=None)
    np.testing.assert_allclose(ours, [[20 * np.log10(np.sqrt(2)), -100.0]])


@pytest.mark.parametrize(
    "func, kwargs, match",
    [
        (spectral.amplitude_to_db, dict(amin=0), r"amin must be a positive number"),
        (spectral.power_to_db, dict(top_db=-1), r"top_db must be a non-negative number or None"),
        (spectral.power_to_db, dict(), r"S contains 1 NaN/inf values"),
    ],
)
def test_db_errors(func, kwargs, match):
    S = np.ones((3, 3))
    if not kwargs:
        S[1, 1] = np.inf
    with pytest.raises(ParameterError, match=match):
        func(S, **kwargs)


@pytest.mark.parametrize("gamma", [1.0, 10.0, 1000.0])
def test_log_compress(gamma):
    S = np.abs(_noise(500, seed=6)).reshape(25, 20)
    out = spectral.log_compress(S, gamma=gamma)
    np.testing.assert_allclose(out, np.log(1 + gamma * S))
    assert spectral.log_compress(np.zeros((2, 2)), gamma=gamma).max() == 0.0


@pytest.mark.parametrize(
    "S, gamma, match",
    [
        (np.ones((2, 2)), 0.0, r"gamma must be a positive number"),
        (-np.ones((2, 2)), 1.0, r"S has 4 negative values"),
        (np.ones((2, 2), dtype=complex), 1.0, r"S is complex"),
    ],
)
def test_log_compress_errors(S, gamma, match):
    with pytest.raises(ParameterError, match=match):
        spectral.log_compress(S, gamma=gamma)


# ---- axes --------------------------------------------------------------------------------


@pytest.mark.parametrize("sr, n_fft", [(22050, 2048), (16000, 511), (8000, 1)])
def test_fft_frequencies_match_librosa(sr, n_fft):
    np.testing.assert_allclose(spectral.fft_frequencies(sr=sr, n_fft=n_fft), librosa.fft_frequencies(sr=sr, n_fft=n_fft))


@pytest.mark.parametrize("sr, hop", [(22050, 512), (16000, 160)])
def test_frame_times_match_librosa(sr, hop):
    np.testing.assert_allclose(
        spectral.frame_times(37, sr=sr, hop_length=hop), librosa.frames_to_time(np.arange(37), sr=sr, hop_length=hop)
    )
    assert spectral.frame_times(0, sr=sr, hop_length=hop).shape == (0,)
    with pytest.raises(ParameterError, match=r"n_frames must be a non-negative integer"):
        spectral.frame_times(-1, sr=sr, hop_length=hop)


# ---- Mel -------------------------------------------------------------------------------


MEL_CASES = [
    dict(sr=22050, n_fft=2048, n_mels=128, fmin=0.0, fmax=None, htk=False),
    dict(sr=22050, n_fft=2048, n_mels=40, fmin=0.0, fmax=None, htk=True),
    dict(sr=16000, n_fft=512, n_mels=40, fmin=50.0, fmax=7000.0, htk=False),
    dict(sr=44100, n_fft=4096, n_mels=64, fmin=20.0, fmax=None, htk=True),
    dict(sr=8000, n_fft=255, n_mels=20, fmin=0.0, fmax=4000.0, htk=False),
]


@pytest.mark.parametrize("kwargs", MEL_CASES, ids=lambda k: f"{k['sr']}-{k['n_fft']}-{k['n_mels']}-htk{k['htk']}")
def test_mel_filterbank_matches_librosa(kwargs):
    ours = spectral.mel_filterbank(**kwargs)
    ref = librosa.filters.mel(**kwargs, dtype=np.float64)
    assert ours.shape == (kwargs["n_mels"], 1 + kwargs["n_fft"] // 2)
    np.testing.assert_allclose(ours, ref, atol=1e-6, rtol=1e-6)


@pytest.mark.parametrize("norm", [None, 1.0, 2.0])
def test_mel_filterbank_other_norms_match_librosa(norm):
    ours = spectral.mel_filterbank(sr=22050, n_fft=1024, n_mels=32, norm=norm)
    ref = librosa.filters.mel(sr=22050, n_fft=1024, n_mels=32, norm=norm, dtype=np.float64)
    np.testing.assert_allclose(ours, ref, atol=1e-6, rtol=1e-6)


def test_mel_filterbank_triangles_peak_at_one_without_norm():
    M = spectral.mel_filterbank(sr=22050, n_fft=8192, n_mels=20, norm=None)
    assert np.all(M.max(axis=1) > 0.9) and M.max() <= 1.0


def test_mel_filterbank_warns_for_empty_filters():
    with pytest.warns(UserWarning, match="empty filters"):
        spectral.mel_filterbank(sr=22050, n_fft=256, n_mels=128)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sr=22050, n_fft=2048, fmax=20000.0), r"fmax=20000\.0 Hz is above the Nyquist frequency"),
        (dict(sr=22050, n_fft=2048, fmin=5000.0, fmax=1000.0), r"need 0 <= fmin < fmax"),
        (dict(sr=22050, n_fft=2048, n_mels=0), r"n_mels must be a positive integer"),
        (dict(sr=22050, n_fft=2048, norm="l2"), r"norm must be 'slaney', None or a number"),
        (dict(sr=-1, n_fft=2048), r"sr must be a positive number"),
    ],
)
def test_mel_filterbank_errors(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        spectral.mel_filterbank(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(n_fft=2048, hop_length=512, n_mels=128, fmin=0.0, fmax=None, power=2.0),
        dict(n_fft=1024, hop_length=256, n_mels=64, fmin=30.0, fmax=8000.0, power=1.0),
        dict(n_fft=1023, hop_length=300, n_mels=40, fmin=0.0, fmax=None, power=2.0),
    ],
)
def test_mel_spectrogram_matches_librosa(kwargs):
    sr = 22050
    y = signals.example_mix(sr=sr).astype(np.float64)
    ours = spectral.mel_spectrogram(y, sr=sr, **kwargs)
    ref = librosa.feature.melspectrogram(y=y, sr=sr, **kwargs)
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-6 * ref.max())


# ---- CQT -------------------------------------------------------------------------------


def test_cqt_matches_librosa_and_finds_the_note():
    sr = 22050
    y = signals.tone(440.0, 1.0, sr=sr)
    C = spectral.cqt(y, sr=sr)
    ref = np.abs(librosa.cqt(y, sr=sr, fmin=librosa.note_to_hz("C1")))
    assert C.shape == (84, ref.shape[1])
    np.testing.assert_allclose(C, ref, rtol=1e-5, atol=1e-6)
    assert C.mean(axis=1).argmax() == 45  # A4 = C1 + 45 semitones


def test_cqt_custom_range():
    sr = 22050
    y = signals.tone(261.63, 1.0, sr=sr)  # C4
    C = spectral.cqt(y, sr=sr, fmin=librosa.note_to_hz("C2"), n_bins=72, bins_per_octave=24, hop_length=256)
    assert C.shape[0] == 72
    assert C.mean(axis=1).argmax() == 48  # two octaves of 24 bins


def test_cqt_errors():
    with pytest.raises(ParameterError, match=r"top CQT bin .* above the Nyquist frequency"):
        spectral.cqt(signals.tone(440.0, 0.5, sr=8000), sr=8000, n_bins=120)
    with pytest.raises(ParameterError, match=r"must be mono"):
        spectral.cqt(np.zeros((2, 1000)), sr=22050)
