"""mirlab.key: profiles, Pearson correlation (vs scipy), Krumhansl-Schmuckler, mir_eval scoring."""

import mir_eval
import numpy as np
import pytest
from scipy.stats import pearsonr

from mirlab import key, signals
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


def test_keys_are_valid_mir_eval_keys():
    assert len(set(key.KEYS)) == 24
    for k in key.KEYS:
        mir_eval.key.validate_key(k)
        tonic, mode = k.split()
        i = key.KEYS.index(k)
        assert mir_eval.key.KEY_TO_SEMITONE[tonic.lower()] == i % 12
        assert mode == ("major" if i < 12 else "minor")


@pytest.mark.parametrize("profile", sorted(key.PROFILES))
def test_profile_matrix_rotates_the_profiles(profile):
    P = key.profile_matrix(profile)
    major, minor = key.PROFILES[profile]
    for t in range(12):
        for i in range(12):
            assert P[t, (t + i) % 12] == major[i]
            assert P[12 + t, (t + i) % 12] == minor[i]


@pytest.mark.parametrize("profile", sorted(key.PROFILES))
def test_correlate_equals_scipy_pearsonr(profile):
    rng = np.random.default_rng(0)
    P = key.profile_matrix(profile)
    for _ in range(5):
        x = rng.random(12)
        r = key.correlate(x, profile)
        np.testing.assert_allclose(r, [pearsonr(x, P[k]).statistic for k in range(24)], rtol=1e-12)


@pytest.mark.parametrize("profile", sorted(key.PROFILES))
def test_each_rotated_profile_is_recognised(profile):
    rng = np.random.default_rng(1)
    P = key.profile_matrix(profile)
    for k in range(24):
        x = P[k] + 0.2 * rng.random(12)
        assert key.KEYS[int(np.argmax(key.correlate(x, profile)))] == key.KEYS[k]


def _cadence(tonic_midi, mode, sr=SR):
    """I - IV - V - I as arpeggios, then the scale: a short piece in a known key."""
    third = 4 if mode == "major" else 3
    sixth = 9 if mode == "major" else 8
    chords = [(0, third, 7), (5, sixth, 12), (7, 11, 14), (0, third, 7)]  # V has the leading tone
    notes = [tonic_midi + i for c in chords for i in c]
    scale = (0, 2, third, 5, 7, sixth, 11, 12) if mode == "minor" else (0, 2, 4, 5, 7, 9, 11, 12)
    notes += [tonic_midi + i for i in scale]
    return signals.melody(notes, note_duration=0.2, sr=sr)


@pytest.mark.parametrize("label, midi", [("C major", 60), ("F# minor", 54), ("Bb major", 58), ("E minor", 52),
                                         ("Ab major", 56), ("C# minor", 61)])
@pytest.mark.parametrize("profile", sorted(key.PROFILES))
def test_estimate_on_synthetic_pieces(label, midi, profile):
    y = _cadence(midi, label.split()[1])
    assert key.estimate(y, SR, profile=profile) == label


def test_estimate_other_sampling_rate_and_scores():
    y = _cadence(62, "major", sr=44100)
    r = key.scores(y, 44100)
    assert r.shape == (24,) and np.all(np.abs(r) <= 1)
    assert key.KEYS[int(np.argmax(r))] == "D major"
    # the closest keys (dominant, relative) rank near the top, the tritone far down
    order = [key.KEYS[i] for i in np.argsort(r)[::-1]]
    assert order.index("A major") < 6 and order.index("B minor") < 6
    assert order.index("Ab major") > 12


def test_estimate_on_rendered_pieces():
    from mirlab.data import load_synth

    ds = load_synth("keys", n=4, seed=7, duration=8.0, progress=False)
    refs, ests = [], []
    for track in ds:
        y, sr = track.load_audio()
        refs.append(track.annotations["key"])
        ests.append(key.estimate(y, sr))
    assert key.evaluate(refs, ests)["weighted_score"] >= 0.7


def test_evaluate_uses_mir_eval_weighted_score():
    refs = ["C major", "C major", "C major", "C major", "C major", "A minor"]
    ests = ["C major", "G major", "A minor", "C minor", "F# major", "A minor"]
    out = key.evaluate(refs, ests)
    expected = np.mean([mir_eval.key.weighted_score(r, e) for r, e in zip(refs, ests)])
    assert out["weighted_score"] == pytest.approx(expected)
    assert out["correct"] == pytest.approx(2 / 6) and out["fifth"] == pytest.approx(1 / 6)
    assert out["relative"] == pytest.approx(1 / 6) and out["parallel"] == pytest.approx(1 / 6)
    assert out["other"] == pytest.approx(1 / 6)
    with pytest.raises(ParameterError):
        key.evaluate(["C major"], [])


def test_estimate_rejects_silence_and_bad_input():
    with pytest.raises(SilentAudioError):
        key.estimate(np.zeros(SR, dtype=np.float32), SR)
    y = signals.tone(440.0, 0.5)
    for sr in (0, -22050, "22050", None):
        with pytest.raises(ParameterError, match="sr"):
            key.estimate(y, sr)
    with pytest.raises(ParameterError, match="profile"):
        key.estimate(y, SR, profile="shaath")
    with pytest.raises(ParameterError, match="12"):
        key.correlate(np.ones(11))
    with pytest.raises(ParameterError, match="constant"):
        key.correlate(np.ones(12))


def test_percussion_is_removed_before_the_key_profile():
    y = _cadence(57, "minor")
    rng = np.random.default_rng(1)
    burst = rng.standard_normal(2600) * np.exp(-np.arange(2600) / 660.0)
    drums = np.zeros(len(y))
    for start in range(0, len(y) - len(burst), SR // 4):
        drums[start:start + len(burst)] += burst
    y_mix = y + 2.0 * np.abs(y).max() / np.abs(drums).max() * drums
    assert key.estimate(y_mix, SR) == "A minor"
    with pytest.raises(ParameterError, match="percussion"):
        key.estimate(y, SR, percussion="hpss")
