"""Clip-level feature vectors (mirlab.features)."""

import librosa
import numpy as np
import pytest

from mirlab import features, signals
from mirlab.data import load_synth
from mirlab.errors import ParameterError, SilentAudioError


def test_mfcc_statistics_are_the_moments_of_librosa_mfcc_and_delta():
    y = signals.example_mix(sr=22050)
    got = features.mfcc_statistics(y, sr=22050, n_mfcc=13)
    mfcc = librosa.feature.mfcc(y=y, sr=22050, n_mfcc=13)
    delta = librosa.feature.delta(mfcc, mode="nearest")
    assert got.shape == (52,)
    np.testing.assert_allclose(got[:13], mfcc.mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(got[13:26], mfcc.std(axis=1), rtol=1e-6)
    np.testing.assert_allclose(got[26:39], delta.mean(axis=1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[39:], delta.std(axis=1), rtol=1e-5)


def test_mfcc_statistics_refuse_silence_and_nan():
    with pytest.raises(SilentAudioError):
        features.mfcc_statistics(np.zeros(22050, dtype=np.float32), sr=22050)
    with pytest.raises(ParameterError, match="NaN"):
        features.mfcc_statistics(np.full(100, np.nan), sr=22050)


def test_dataset_features_labels_follow_the_class_list(tmp_path):
    ds = load_synth("instruments", n=12, seed=1, cache_dir=tmp_path, progress=False)
    X, y, classes = features.dataset_features(ds, label="instrument")
    assert X.shape == (12, 80) and np.all(np.isfinite(X))
    assert classes == sorted({t.annotations["instrument"] for t in ds})
    assert [classes[i] for i in y] == [t.annotations["instrument"] for t in ds]
