"""Tests of mirlab.mfcc: every step cross-checked against librosa and scipy."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
import scipy.fft
import scipy.signal

from mirlab import mfcc, signals, spectral
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


@pytest.fixture(scope="module")
def y():
    """A harmonic tone plus noise (so every Mel band has energy), float64."""
    rng = np.random.default_rng(0)
    tone = signals.harmonic_tone(220.0, 1.0, sr=SR) + signals.harmonic_tone(587.0, 1.0, sr=SR)
    return tone + 0.02 * rng.standard_normal(len(tone))


# ---- DCT ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n_in", [8, 40, 128])
@pytest.mark.parametrize("norm", ["ortho", None])
def test_dct_matrix_equals_scipy(n_in, norm):
    x = np.random.default_rng(n_in).standard_normal((n_in, 5))
    D = mfcc.dct_matrix(n_in, n_in, norm=norm)
    np.testing.assert_allclose(D @ x, scipy.fft.dct(x, type=2, norm=norm, axis=0), atol=1e-10)
    # truncated: the first rows of the full transform
    np.testing.assert_allclose(mfcc.dct_matrix(5, n_in, norm=norm), D[:5])


def test_dct_matrix_orthonormal():
    D = mfcc.dct_matrix(32, 32)
    np.testing.assert_allclose(D @ D.T, np.eye(32), atol=1e-12)


def test_dct_matrix_errors():
    with pytest.raises(ParameterError, match="n_out"):
        mfcc.dct_matrix(10, 5)
    with pytest.raises(ParameterError, match="norm"):
        mfcc.dct_matrix(3, 5, norm="backward")
    with pytest.raises(ParameterError, match="n_in"):
        mfcc.dct_matrix(3, 0)


# ---- MFCC --------------------------------------------------------------------------------

PARAMETER_SETS = [
    {},
    {"n_mfcc": 13, "n_fft": 1024, "hop_length": 256, "n_mels": 40},
    {"n_mfcc": 30, "n_fft": 512, "hop_length": 128, "n_mels": 64, "fmin": 50.0, "fmax": 8000.0},
    {"n_mfcc": 20, "htk": True, "lifter": 22},
    {"n_mfcc": 12, "n_mels": 26, "fmax": 4000.0, "lifter": 10},
]


@pytest.mark.parametrize("kwargs", PARAMETER_SETS)
def test_mfcc_equals_librosa(y, kwargs):
    got = mfcc.mfcc(y, sr=SR, **kwargs)
    ref = librosa.feature.mfcc(y=y, sr=SR, **kwargs)
    assert got.shape == ref.shape
    # The stated tolerance: 1e-6 of the largest coefficient (float64 input).
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-6 * np.abs(ref).max())


def test_mfcc_float32_input_within_stated_tolerance(y):
    y32 = y.astype(np.float32)
    got = mfcc.mfcc(y32, sr=SR)
    ref = librosa.feature.mfcc(y=y32, sr=SR)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-4 * np.abs(ref).max())


def test_mfcc_from_log_mel_equals_librosa(y):
    S = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=SR, n_mels=64), top_db=None)
    np.testing.assert_allclose(mfcc.mfcc(S=S, sr=None, n_mfcc=15), librosa.feature.mfcc(S=S, n_mfcc=15), atol=1e-9)


def test_log_mel_equals_librosa(y):
    got = mfcc.log_mel_spectrogram(y, sr=SR, n_mels=40, top_db=None)
    ref = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=SR, n_mels=40), top_db=None)
    # librosa's Mel filters are float32 (ours float64): agreement to 1e-5 dB
    np.testing.assert_allclose(got, ref, atol=1e-5)


def test_mfcc_steps_are_consistent(y):
    steps = mfcc.mfcc_steps(y, sr=SR, n_mfcc=13, n_fft=1024, hop_length=256, n_mels=40)
    # framing + windowing + DFT = the package's STFT = librosa's STFT
    np.testing.assert_allclose(steps["dft"], librosa.stft(y, n_fft=1024, hop_length=256), atol=1e-9)
    np.testing.assert_allclose(steps["power"], np.abs(steps["dft"]) ** 2)
    np.testing.assert_allclose(steps["mel_filters"], librosa.filters.mel(sr=SR, n_fft=1024, n_mels=40, dtype=np.float64), atol=1e-12)
    np.testing.assert_allclose(steps["mel"], steps["mel_filters"] @ steps["power"])
    np.testing.assert_allclose(steps["log_mel"], spectral.power_to_db(steps["mel"]))
    np.testing.assert_allclose(steps["mfcc"], steps["dct"] @ steps["log_mel"])
    np.testing.assert_allclose(steps["mfcc"], mfcc.mfcc(y, sr=SR, n_mfcc=13, n_fft=1024, hop_length=256, n_mels=40))


def test_mfcc_to_log_mel_is_the_least_squares_envelope(y):
    L = mfcc.log_mel_spectrogram(y, sr=SR, n_mels=64)
    full = mfcc.mfcc(S=L, sr=SR, n_mfcc=64)
    np.testing.assert_allclose(mfcc.mfcc_to_log_mel(full, n_mels=64), L, atol=1e-8)  # all coefficients: exact
    few = mfcc.mfcc_to_log_mel(full[:8], n_mels=64)
    # equal to the least-squares fit of L by the first 8 cosines (lstsq as the reference)
    basis = mfcc.dct_matrix(8, 64).T
    coef, *_ = np.linalg.lstsq(basis, L, rcond=None)
    np.testing.assert_allclose(few, basis @ coef, atol=1e-8)
    # and it matches librosa's inverse DCT step
    np.testing.assert_allclose(few, scipy.fft.idct(np.vstack([full[:8], np.zeros((56, L.shape[1]))]), axis=0, norm="ortho"), atol=1e-8)


def test_mfcc_validation():
    with pytest.raises(SilentAudioError):
        mfcc.mfcc(np.zeros(4096), sr=SR)
    with pytest.raises(ParameterError, match="sr"):
        mfcc.mfcc(signals.tone(440.0, 0.2), sr=0)
    with pytest.raises(ParameterError, match="sr"):
        mfcc.mfcc(signals.tone(440.0, 0.2), sr="22050")
    with pytest.raises(ParameterError, match="n_mfcc"):
        mfcc.mfcc(signals.tone(440.0, 0.2), sr=SR, n_mels=10, n_mfcc=20)
    with pytest.raises(ParameterError, match="lifter"):
        mfcc.mfcc(signals.tone(440.0, 0.2), sr=SR, lifter=-1)
    with pytest.raises(ParameterError, match="either"):
        mfcc.mfcc(sr=SR)
    with pytest.raises(ParameterError, match="sr"):
        mfcc.mfcc(signals.tone(440.0, 0.2), sr=None)
    with pytest.raises(TypeError):
        mfcc.mfcc(signals.tone(440.0, 0.2))  # sr is a required keyword


def test_mfcc_zeroth_coefficient_tracks_loudness(y):
    # c0 is sqrt(n_mels) times the mean log-Mel energy: +6 dB amplitude -> +6 sqrt(n_mels) dB
    a = mfcc.mfcc(y, sr=SR, top_db=None)[0]
    b = mfcc.mfcc(2 * y, sr=SR, top_db=None)[0]
    np.testing.assert_allclose(b - a, 20 * np.log10(2) * np.sqrt(128), rtol=1e-6)


# ---- deltas ------------------------------------------------------------------------------


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("width", [3, 5, 9])
def test_delta_equals_librosa(order, width):
    X = np.random.default_rng(10 * order + width).standard_normal((6, 40))
    np.testing.assert_allclose(mfcc.delta(X, width=width, order=order),
                               librosa.feature.delta(X, width=width, order=order), atol=1e-10)


@pytest.mark.parametrize("order", [1, 2])
def test_delta_nearest_mode_equals_librosa(order):
    X = np.random.default_rng(order).standard_normal((4, 25))
    np.testing.assert_allclose(mfcc.delta(X, width=5, order=order, mode="nearest"),
                               librosa.feature.delta(X, width=5, order=order, mode="nearest"), atol=1e-10)
    short = X[:, :3]  # "nearest" also works with fewer frames than width
    np.testing.assert_allclose(mfcc.delta(short, mode="nearest"), librosa.feature.delta(short, mode="nearest"), atol=1e-10)


def test_delta_of_mfcc_equals_librosa(y):
    M = librosa.feature.mfcc(y=y, sr=SR)
    np.testing.assert_allclose(mfcc.delta(M), librosa.feature.delta(M), atol=1e-8)


def test_savgol_coefficients_equal_scipy():
    for width, order in [(5, 1), (9, 1), (9, 2), (7, 3)]:
        # scipy's coefficients are for convolution; ours are applied in time order
        np.testing.assert_allclose(mfcc.savgol_coefficients(width, order),
                                   scipy.signal.savgol_coeffs(width, order, deriv=order, use="dot"), atol=1e-10)


def test_delta_of_polynomials_is_exact():
    t = np.arange(30.0)
    np.testing.assert_allclose(mfcc.delta(3 * t - 1, width=5), np.full(30, 3.0), atol=1e-10)
    np.testing.assert_allclose(mfcc.delta(t**2, width=7, order=2), np.full(30, 2.0), atol=1e-9)


def test_delta_validation():
    X = np.ones((2, 20))
    with pytest.raises(ParameterError, match="width"):
        mfcc.delta(X, width=4)
    with pytest.raises(ParameterError, match="width"):
        mfcc.delta(X, width=1)
    with pytest.raises(ParameterError, match="order"):
        mfcc.delta(X, width=3, order=3)
    with pytest.raises(ParameterError, match="mode"):
        mfcc.delta(X, mode="wrap")
    with pytest.raises(ParameterError, match="frames"):
        mfcc.delta(np.ones((2, 5)), width=9)
