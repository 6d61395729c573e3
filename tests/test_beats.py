"""The (tempo, position) HMM beat tracker (mirlab.beats): model, sparse Viterbi, tracking."""

import librosa
import mir_eval
import numpy as np
import pytest
from hmmlearn import hmm

from mirlab import beats, signals
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050
SMALL = [dict(min_bpm=100, max_bpm=200, fps=10, lam=100.0), dict(min_bpm=60, max_bpm=180, fps=12, lam=5.0),
         dict(min_bpm=55, max_bpm=215, fps=20, lam=20.0)]


def _model(cfg):
    space = beats.state_space(min_bpm=cfg["min_bpm"], max_bpm=cfg["max_bpm"], fps=cfg["fps"])
    return space, beats.transition_model(space, transition_lambda=cfg["lam"])


def test_default_state_space_is_madmoms():
    s = beats.state_space()
    assert s.intervals[0] == 28 and s.intervals[-1] == 109  # round(6000 / 215), round(6000 / 55)
    assert s.n_states == sum(range(28, 110))
    for tau, first in zip(s.intervals, s.first_states):
        np.testing.assert_array_equal(s.state_positions[first:first + tau], np.arange(tau))
        assert np.all(s.state_intervals[first:first + tau] == tau)


@pytest.mark.parametrize("cfg", SMALL)
def test_transition_matrix_is_row_stochastic_and_follows_the_model(cfg):
    space, tr = _model(cfg)
    A = beats.transition_matrix(tr)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, atol=1e-12)
    first, last = set(space.first_states), set(space.last_states)
    for i in range(space.n_states):
        if i in last:  # end of a beat: to position 0 of chain tau' with exp(-lambda |tau'/tau - 1|)
            tau = space.state_intervals[i]
            w = np.exp(-cfg["lam"] * np.abs(space.intervals / tau - 1.0))
            w[w <= np.spacing(1)] = 0.0
            np.testing.assert_allclose(A[i, space.first_states], w / w.sum(), rtol=1e-12)
            assert A[i, space.first_states].sum() == pytest.approx(1.0)
        else:  # inside a beat: one step forward, probability 1
            assert A[i, i + 1] == 1.0 and i + 1 not in first
    assert A[:, space.first_states].sum() == pytest.approx(len(last))  # only beats end in first states


def test_observation_model_values():
    space = beats.state_space(min_bpm=60, max_bpm=120, fps=32)  # periods 16 .. 32
    log_b, ptr = beats.observation_model([0.2, 0.9], space, observation_lambda=16)
    np.testing.assert_allclose(np.exp(log_b), [[0.8 / 15, 0.2], [0.1 / 15, 0.9]])
    assert np.array_equal(ptr == 1, space.state_positions / space.state_intervals < 1 / 16)
    assert ptr[space.first_states].all() and ptr.sum() == np.sum(np.ceil(space.intervals / 16))
    with pytest.raises(ParameterError, match="act"):
        beats.observation_model([1.5], space)


@pytest.mark.parametrize("cfg", SMALL)
def test_sparse_viterbi_equals_librosa_dense_viterbi(cfg):
    space, tr = _model(cfg)
    A = beats.transition_matrix(tr)
    rng = np.random.default_rng(int(cfg["fps"]))
    p_init = rng.dirichlet(np.ones(space.n_states))
    obs = rng.random((60, space.n_states))
    path, logp = beats.viterbi_sparse(np.log(obs), tr, log_init=np.log(p_init))
    want, want_logp = librosa.sequence.viterbi(obs.T, A, p_init=p_init, return_logp=True)
    np.testing.assert_array_equal(path, want)
    assert logp == pytest.approx(np.ravel(want_logp)[0], rel=1e-10)
    # the compact form (two observation classes + pointers) used by the tracker
    log_b, ptr = beats.observation_model(rng.random(60), space)
    path, logp = beats.viterbi_sparse(log_b, tr, pointers=ptr)
    want, want_logp = librosa.sequence.viterbi(np.exp(log_b[:, ptr]).T, A, p_init=np.full(space.n_states, 1 / space.n_states),
                                               return_logp=True)
    np.testing.assert_array_equal(path, want)
    assert logp == pytest.approx(np.ravel(want_logp)[0], rel=1e-10)


def test_sparse_viterbi_equals_hmmlearn():
    space, tr = _model(SMALL[1])
    n = space.n_states
    rng = np.random.default_rng(5)
    model = hmm.CategoricalHMM(n_components=n, init_params="", params="")
    model.startprob_ = rng.dirichlet(np.ones(n))
    model.transmat_ = beats.transition_matrix(tr)
    model.emissionprob_ = rng.dirichlet(np.ones(4), size=n)
    X = rng.integers(0, 4, size=(80, 1))
    want_logp, want = model.decode(X, algorithm="viterbi")
    path, logp = beats.viterbi_sparse(np.log(model.emissionprob_[:, X[:, 0]]).T, tr, log_init=np.log(model.startprob_))
    np.testing.assert_array_equal(path, want)
    assert logp == pytest.approx(want_logp, rel=1e-10)


def test_decoded_path_only_uses_allowed_transitions():
    space, tr = _model(SMALL[2])
    act = np.random.default_rng(2).random(200)
    log_b, ptr = beats.observation_model(act, space)
    path, _ = beats.viterbi_sparse(log_b, tr, pointers=ptr)
    A = beats.transition_matrix(tr)
    assert np.all(A[path[:-1], path[1:]] > 0)


@pytest.mark.parametrize("bpm", [62.0, 96.0, 128.0, 171.0, 208.0])
def test_click_track_at_a_known_tempo_is_tracked_exactly(bpm):
    ref = np.arange(0.25, 12.0, 60.0 / bpm)
    y = signals.clicks(ref, sr=SR, length=12 * SR)
    est = beats.track(y, SR, level=None)  # the HMM alone
    assert len(est) == len(ref)
    assert np.max(np.abs(est - ref)) < 0.025  # within 2 frames of 10 ms
    assert mir_eval.beat.f_measure(ref, est) == 1.0
    # with the level check, the same beats or every other one (208 BPM may be heard at 104)
    est = beats.track(y, SR)
    assert any(mir_eval.beat.f_measure(r, est) == 1.0 for r in (ref, ref[::2], ref[1::2]))


def test_tempo_change_is_followed():
    # accelerando 100 -> 135 BPM over 20 s, then steady
    ibi = np.linspace(0.6, 60.0 / 135.0, 40)
    ref = 0.3 + np.concatenate([[0.0], np.cumsum(ibi)])
    y = signals.clicks(ref, sr=SR, length=int((ref[-1] + 0.5) * SR))
    est = beats.track(y, SR)
    assert mir_eval.beat.f_measure(ref, est) >= 0.97
    ibis = np.diff(est)
    assert ibis[:5].mean() > 0.57 and ibis[-5:].mean() < 0.47


def test_music_without_percussion_is_tracked():
    # sustained harmonic notes, one per beat at 110 BPM, no clicks or drums
    beat = 60.0 / 110.0
    notes = [48, 55, 52, 57, 53, 60, 55, 50] * 3
    y = signals.melody(notes, note_duration=beat, sr=SR)
    ref = beat * np.arange(len(notes))
    est = beats.track(y, SR)
    assert mir_eval.beat.f_measure(mir_eval.beat.trim_beats(ref), mir_eval.beat.trim_beats(est)) >= 0.9


def test_track_validates_input():
    with pytest.raises(SilentAudioError):
        beats.track(np.zeros(3 * SR, dtype=np.float32), SR)
    for bad in (0, -22050, "22050", None):
        with pytest.raises(ParameterError, match="sr"):
            beats.track(signals.noise(2.0), bad)
    with pytest.raises(ParameterError, match="min_bpm"):
        beats.state_space(min_bpm=200, max_bpm=100)
    with pytest.raises(ParameterError, match="transition_lambda"):
        beats.transition_model(beats.state_space(), transition_lambda=-1)


def test_no_beats_in_leading_or_trailing_silence():
    ref = np.arange(2.0, 8.0, 0.5)  # clicks from 2 s to 7.5 s in 12 s of audio
    y = signals.clicks(ref, sr=SR, length=12 * SR)
    est = beats.track(y, SR)
    assert est.min() > 1.9 and est.max() < 7.6
    assert mir_eval.beat.f_measure(ref, est) == 1.0
    act, fps = beats.activation(y, SR)
    assert len(beats.decode(act, fps=fps, threshold=0.0)) > len(est)  # without the threshold: beats everywhere


def test_metrical_level_picks_the_factor_closest_to_the_reference():
    assert beats.metrical_level(200.0, 100.0) == 0.5
    assert beats.metrical_level(100.0, 110.0) == 1.0
    assert beats.metrical_level(62.0, 130.0) == 2.0
    # a factor that leaves the tracker's range is not offered
    assert beats.metrical_level(200.0, 100.0, min_bpm=120.0) == 1.0
    assert beats.metrical_level(70.0, 150.0, max_bpm=120.0) == 1.0
    # a tie (reference exactly between two levels, in log ratio) keeps the tracked level
    assert beats.metrical_level(100.0, 100.0 * 2 ** 0.5) == 1.0
    with pytest.raises(ParameterError, match="reference_bpm"):
        beats.metrical_level(100.0, 0.0)


def test_level_check_halves_a_double_tempo_path(monkeypatch):
    """When the autocorrelation tempo says half, the beats are decoded again at that level."""
    from mirlab import tempo

    bpm = 90.0
    y = signals.clicks(np.arange(0.2, 12.0, 60.0 / bpm), sr=SR, length=12 * SR)
    plain, plain_bpm = beats.track_with_tempo(y, SR, level=None)
    assert plain_bpm == pytest.approx(bpm, rel=0.02)
    # pretend the autocorrelation heard half the tempo: the tracker must follow it to 45 BPM...
    monkeypatch.setattr(tempo, "estimate", lambda *a, **k: bpm / 2)
    halved, halved_bpm = beats.track_with_tempo(y, SR, min_bpm=40.0)
    assert halved_bpm == pytest.approx(bpm / 2, rel=0.02)
    assert len(halved) == pytest.approx(len(plain) / 2, abs=1)
    assert mir_eval.beat.f_measure(plain[::2], halved) > 0.9 or mir_eval.beat.f_measure(plain[1::2], halved) > 0.9
    # ... and level=None ignores it
    np.testing.assert_array_equal(beats.track(y, SR, level=None), plain)
    with pytest.raises(ParameterError, match="level"):
        beats.track(y, SR, level="dp")
