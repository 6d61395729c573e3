"""Autocorrelation, tempogram and tempo estimation (mirlab.tempo), cross-checked with librosa."""

import librosa
import mir_eval
import numpy as np
import pytest

from mirlab import onsets, signals, tempo
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


def test_autocorrelate_equals_librosa_and_numpy_correlate():
    x = np.random.default_rng(0).random(301)
    np.testing.assert_allclose(tempo.autocorrelate(x), librosa.autocorrelate(x), atol=1e-9)
    np.testing.assert_allclose(tempo.autocorrelate(x, max_lag=40), np.correlate(x, x, "full")[300:340], atol=1e-9)
    X = np.random.default_rng(1).random((50, 3))
    np.testing.assert_allclose(tempo.autocorrelate(X), librosa.autocorrelate(X, axis=0), atol=1e-9)


@pytest.mark.parametrize("win_length", [384, 101])
def test_tempogram_equals_librosa(win_length):
    x = np.random.default_rng(win_length).random(500)
    got = tempo.tempogram(x, win_length=win_length)
    want = librosa.feature.tempogram(onset_envelope=x, sr=SR, hop_length=512, win_length=win_length)
    assert got.shape == want.shape == (win_length, 500)
    np.testing.assert_allclose(got, want, atol=1e-10)


def test_tempo_frequencies_equal_librosa():
    np.testing.assert_allclose(tempo.tempo_frequencies(50, sr=SR, hop_length=220),
                               librosa.tempo_frequencies(50, sr=SR, hop_length=220))


@pytest.mark.parametrize("hop", [512, 220])
def test_tempo_from_onsets_equals_librosa_feature_tempo(hop):
    y = signals.example_mix(sr=SR)
    env = onsets.onset_strength(y, sr=SR, hop_length=hop)
    want = librosa.feature.tempo(onset_envelope=env, sr=SR, hop_length=hop)[0]
    assert tempo.tempo_from_onsets(env, sr=SR, hop_length=hop) == pytest.approx(want)
    noise = np.random.default_rng(hop).random(1200)
    assert tempo.tempo_from_onsets(noise, sr=SR, hop_length=hop) == pytest.approx(
        librosa.feature.tempo(onset_envelope=noise, sr=SR, hop_length=hop)[0])


@pytest.mark.parametrize("method", ["beats", "autocorrelation"])
@pytest.mark.parametrize("bpm", [72.0, 97.0, 120.0, 140.0])
def test_estimate_click_tracks_mir_eval_detection(bpm, method):
    times = np.arange(0.2, 10.0, 60.0 / bpm)
    y = signals.clicks(times, sr=SR, length=10 * SR)
    est = tempo.estimate(y, SR, method=method)
    _, one_correct, _ = mir_eval.tempo.detection(np.array([bpm, bpm]), 0.5, np.array([est, est]), tol=0.04)
    assert one_correct, est


def test_estimate_methods():
    from mirlab import beats

    y = signals.clicks(np.arange(0.3, 9.0, 0.45), sr=SR, length=9 * SR)
    # "autocorrelation" is librosa's rule on mirlab's onset strength; "beats" is the tracker's tempo
    hop = int(round(SR / tempo.DEFAULT_FPS))
    env = onsets.onset_strength(y, sr=SR, n_fft=1024, hop_length=hop, max_size=3)
    assert tempo.estimate(y, SR, method="autocorrelation") == pytest.approx(
        librosa.feature.tempo(onset_envelope=env, sr=SR, hop_length=hop)[0])
    b = beats.track(y, SR)
    assert tempo.estimate(y, SR) == pytest.approx(60.0 / np.median(np.diff(b)))
    with pytest.raises(ParameterError, match="method"):
        tempo.estimate(y, SR, method="dp")


def test_estimate_refuses_silence_and_bad_sr():
    with pytest.raises(SilentAudioError):
        tempo.estimate(np.zeros(5 * SR, dtype=np.float32), SR)
    with pytest.raises(ParameterError, match="sr"):
        tempo.estimate(signals.noise(2.0), -1)
    with pytest.raises(ParameterError, match="sr"):
        tempo.estimate(signals.noise(2.0), "22050")
    with pytest.raises(ParameterError, match="start_bpm"):
        tempo.tempo_from_onsets(np.ones(500), sr=SR, hop_length=512, start_bpm=0)
