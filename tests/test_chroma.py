"""mirlab.chroma: the lecture's filterbank, refinements, and comparison with librosa."""

import librosa
import numpy as np
import pytest

from mirlab import chroma, signals
from mirlab.errors import ParameterError

SR = 22050


def _chord(midis, duration=1.5, detune=0.0, sr=SR):
    return sum(signals.harmonic_tone(float(librosa.midi_to_hz(m + detune)), duration, sr=sr, amplitude=0.3)
               for m in midis)


@pytest.fixture(scope="module")
def rendered_clip():
    from mirlab.data import load_synth

    ds = load_synth("chords", n=2, seed=7, duration=8.0, progress=False)
    y, sr = ds[0].load_audio(sr=SR)
    return y, sr


def _framewise_corr(a, b):
    keep = (a.std(axis=0) > 1e-8) & (b.std(axis=0) > 1e-8)
    return float(np.mean([np.corrcoef(a[:, i], b[:, i])[0, 1] for i in np.flatnonzero(keep)]))


def test_lecture_filterbank_marks_the_bins_of_each_octave():
    n_fft = 4096
    W = chroma.chroma_filterbank(sr=SR, n_fft=n_fft, shape="lecture", fmin=60.0, fmax=4000.0)
    midis = np.arange(128)
    freqs = librosa.midi_to_hz(midis)
    for n in range(12):
        f = freqs[(midis % 12 == n) & (freqs >= 60.0) & (freqs <= 4000.0)]
        expected = np.unique(np.rint(f * n_fft / SR).astype(int))
        np.testing.assert_array_equal(np.flatnonzero(W[n]), expected)


def test_lecture_chroma_is_the_sum_over_octaves():
    y = _chord([60, 64, 67])
    n_fft, hop = 2048, 512
    S = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop))
    C = chroma.chroma_stft(S=S, sr=SR, n_fft=n_fft, hop_length=hop, shape="lecture", tuning=0.0, norm=None)
    for n in range(12):
        total = np.zeros(S.shape[1])
        for m in range(128):
            f = librosa.midi_to_hz(m)
            if m % 12 == n and 55.0 <= f <= 5000.0:
                total += S[int(np.rint(f * n_fft / SR))]
        np.testing.assert_allclose(C[n], total, rtol=1e-12)


def test_hard_filterbank_assigns_each_bin_to_its_nearest_pitch_class():
    W = chroma.chroma_filterbank(sr=SR, n_fft=4096, shape="hard", tuning=0.1)
    freqs = librosa.fft_frequencies(sr=SR, n_fft=4096)
    inside = (freqs >= 55.0) & (freqs <= 5000.0)
    np.testing.assert_array_equal(W[:, ~inside], 0.0)
    np.testing.assert_array_equal(W[:, inside].sum(axis=0), 1.0)
    expected = np.rint(librosa.hz_to_midi(freqs[inside]) - 0.1).astype(int) % 12
    np.testing.assert_array_equal(W[:, inside].argmax(axis=0), expected)


@pytest.mark.parametrize("shape", chroma.SHAPES)
def test_every_shape_finds_the_notes_of_a_chord(shape):
    y = _chord([57, 60, 64])  # A minor: A3 C4 E4
    C = chroma.chroma_stft(y, sr=SR, shape=shape).mean(axis=1)
    assert set(np.argsort(C)[-3:]) == {9, 0, 4}


def test_chroma_stft_correlates_with_librosa(rendered_clip):
    y, sr = rendered_clip
    S = np.abs(librosa.stft(y, n_fft=4096, hop_length=1024))
    tuning = librosa.estimate_tuning(y=y, sr=sr)
    ref = librosa.feature.chroma_stft(S=S, sr=sr, tuning=tuning, norm=2)
    for shape in ("gaussian", "hard", "triangular"):
        ours = chroma.chroma_stft(S=S, sr=sr, n_fft=4096, tuning=tuning, shape=shape, norm=2, fmin=30.0, fmax=11025.0)
        loud = ref.sum(axis=0) > 0.5
        assert _framewise_corr(ours[:, loud], ref[:, loud]) > 0.9, shape
        if shape == "gaussian":  # the same filter shape as librosa's: the same strongest class
            assert np.mean(ours[:, loud].argmax(axis=0) == ref[:, loud].argmax(axis=0)) > 0.8


def test_chroma_cqt_correlates_with_librosa(rendered_clip):
    y, sr = rendered_clip
    ours = chroma.chroma_cqt(y, sr=sr, hop_length=1024)
    ref = librosa.feature.chroma_cqt(y=y, sr=sr, hop_length=1024, norm=2)
    assert ours.shape == ref.shape
    loud = ours.sum(axis=0) > 0
    assert _framewise_corr(ours[:, loud], ref[:, loud]) > 0.95
    assert np.mean(ours[:, loud].argmax(axis=0) == ref[:, loud].argmax(axis=0)) > 0.9


@pytest.mark.parametrize("detune", [-0.4, -0.15, 0.0, 0.25])
def test_estimate_tuning_agrees_with_librosa(detune):
    y = _chord([55, 62, 71], duration=1.0, detune=detune)
    ours = chroma.estimate_tuning(y, sr=SR)
    ref = librosa.estimate_tuning(y=y, sr=SR)
    assert abs(ours - ref) < 0.05
    assert abs(ours - detune) < 0.05


def test_tuning_correction_recovers_a_detuned_chord():
    y = _chord([60, 64, 67], detune=0.45)  # almost a quarter tone sharp
    plain = chroma.chroma_stft(y, sr=SR, tuning=0.0, shape="hard").mean(axis=1)
    tuned = chroma.chroma_stft(y, sr=SR, shape="hard").mean(axis=1)
    assert set(np.argsort(tuned)[-3:]) == {0, 4, 7}
    assert tuned[[0, 4, 7]].sum() > plain[[0, 4, 7]].sum()


def test_log_compression_and_norms():
    y = _chord([62, 66, 69])
    raw = chroma.chroma_stft(y, sr=SR, norm=None)
    logc = chroma.chroma_stft(y, sr=SR, norm=None, log_gamma=100.0)
    assert logc.max() < raw.max()  # compressed
    for norm in (1, 2, np.inf):
        ours = chroma.normalize(raw, norm=norm)
        np.testing.assert_allclose(ours, librosa.util.normalize(raw, norm=norm, axis=0), rtol=1e-10)
    np.testing.assert_array_equal(chroma.normalize(np.zeros((12, 3))), 0.0)


def test_silence_gives_zero_chroma():
    C = chroma.chroma_stft(np.zeros(SR, dtype=np.float32), sr=SR)
    np.testing.assert_array_equal(C, 0.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"sr": 0}, "sr"),
        ({"sr": "22050"}, "sr"),
        ({"shape": "box"}, "shape"),
        ({"tuning": 0.7}, "tuning"),
        ({"norm": 3}, "norm"),
        ({"n_fft": 0}, "n_fft"),
        ({"fmin": 5000.0, "fmax": 100.0}, "fmin"),
    ],
)
def test_chroma_stft_rejects_bad_parameters(kwargs, match):
    args = {"sr": SR, **kwargs}
    with pytest.raises(ParameterError, match=match):
        chroma.chroma_stft(signals.tone(440.0, 0.5), **args)


def test_chroma_rejects_bad_input():
    with pytest.raises(ParameterError, match="exactly one"):
        chroma.chroma_stft(sr=SR)
    with pytest.raises(ParameterError, match="shape"):
        chroma.chroma_stft(S=np.ones((100, 4)), sr=SR, n_fft=4096)
    with pytest.raises(ParameterError, match="multiple of 12"):
        chroma.chroma_cqt(signals.tone(440.0, 0.5), sr=SR, bins_per_octave=30)
    with pytest.raises(ParameterError, match="mono"):
        chroma.chroma_cqt(np.zeros((2, 1000)), sr=SR)
