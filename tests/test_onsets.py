"""Onset strength, peak picking and onset detection (mirlab.onsets), cross-checked with librosa."""

import librosa
import mir_eval
import numpy as np
import pytest

from mirlab import onsets, signals
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


@pytest.mark.parametrize("lag", [1, 2])
@pytest.mark.parametrize("max_size", [1, 2, 3, 6])
def test_spectral_flux_equals_librosa_onset_strength_on_the_same_spectrogram(lag, max_size):
    S = np.random.default_rng(lag * 10 + max_size).normal(size=(40, 90))
    got = onsets.spectral_flux(S, lag=lag, max_size=max_size)
    want = librosa.onset.onset_strength(S=S, lag=lag, max_size=max_size, center=False)
    assert got.shape == (90,)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_spectral_flux_is_rectified_first_difference_by_brute_force():
    S = np.random.default_rng(0).normal(size=(5, 12))
    want = np.zeros(12)
    for m in range(1, 12):
        want[m] = np.mean([max(0.0, S[k, m] - S[k, m - 1]) for k in range(5)])
    np.testing.assert_allclose(onsets.spectral_flux(S), want)
    # an energy decrease gives no onset (half-wave rectification)
    assert onsets.spectral_flux(np.array([[3.0, 2.0, 1.0]])).max() == 0.0


@pytest.mark.parametrize("n_fft,hop,max_size", [(2048, 512, 1), (1024, 220, 3)])
def test_onset_strength_equals_librosa(n_fft, hop, max_size):
    y = signals.example_mix(sr=SR)
    got = onsets.onset_strength(y, sr=SR, n_fft=n_fft, hop_length=hop, max_size=max_size)
    want = librosa.onset.onset_strength(y=y, sr=SR, n_fft=n_fft, hop_length=hop, max_size=max_size)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_peak_pick_equals_librosa_on_random_functions():
    rng = np.random.default_rng(7)
    for _ in range(150):
        x = rng.random(int(rng.integers(1, 80)))
        x[rng.random(x.size) < 0.3] = 0.0  # plateaus of zeros make ties
        kw = dict(pre_max=int(rng.integers(0, 6)), post_max=int(rng.integers(1, 6)), pre_avg=int(rng.integers(0, 6)),
                  post_avg=int(rng.integers(1, 6)), delta=float(rng.random() * 0.3), wait=int(rng.integers(0, 5)))
        np.testing.assert_array_equal(onsets.peak_pick(x, **kw), librosa.util.peak_pick(x, **kw))


def test_peak_pick_rejects_bad_windows():
    with pytest.raises(ParameterError, match="post_max"):
        onsets.peak_pick([0.0, 1.0], pre_max=1, post_max=0, pre_avg=1, post_avg=1, delta=0.0, wait=0)
    with pytest.raises(ParameterError, match="delta"):
        onsets.peak_pick([0.0, 1.0], pre_max=1, post_max=1, pre_avg=1, post_avg=1, delta=-1.0, wait=0)


def test_detect_equals_librosa_onset_detect():
    y = signals.example_mix(sr=SR)
    want = librosa.onset.onset_detect(y=y, sr=SR, units="time")
    np.testing.assert_allclose(onsets.detect(y, sr=SR), want)


def test_detect_finds_clicks_at_irregular_times_mir_eval():
    ref = np.cumsum(np.random.default_rng(3).uniform(0.15, 0.6, size=15))
    y = signals.clicks(ref, sr=SR, length=int((ref[-1] + 0.5) * SR))
    f, p, r = mir_eval.onset.f_measure(ref, onsets.detect(y, sr=SR), window=0.05)
    assert f == 1.0


def test_onset_functions_validate_their_input():
    with pytest.raises(SilentAudioError):
        onsets.detect(np.zeros(SR, dtype=np.float32), sr=SR)
    with pytest.raises(ParameterError, match="sr"):
        onsets.onset_strength(signals.noise(1.0), sr=0)
    with pytest.raises(ParameterError, match="lag"):
        onsets.spectral_flux(np.ones((3, 4)), lag=0)
    with pytest.raises(ParameterError, match="2-D"):
        onsets.spectral_flux(np.ones(4))
