"""mirlab.sequence: Viterbi against librosa, hmmlearn and brute force; transition matrices."""

import itertools

import librosa
import numpy as np
import pytest
from hmmlearn.hmm import GaussianHMM
from scipy.stats import norm

from mirlab import sequence
from mirlab.errors import ParameterError


def _random_hmm(rng, n_states, n_symbols):
    A = rng.random((n_states, n_states)) + 0.05
    A /= A.sum(axis=1, keepdims=True)
    B = rng.random((n_states, n_symbols)) + 0.05
    B /= B.sum(axis=1, keepdims=True)
    pi = rng.random(n_states) + 0.05
    return A, B, pi / pi.sum()


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_equals_librosa(seed):
    rng = np.random.default_rng(seed)
    n_states, n_frames = int(rng.integers(2, 9)), int(rng.integers(1, 300))
    prob = rng.random((n_states, n_frames))
    A, _, pi = _random_hmm(rng, n_states, 2)
    for p_init in (None, pi):
        ours, logp = sequence.viterbi(prob, A, p_init=p_init, return_logp=True)
        ref, ref_logp = librosa.sequence.viterbi(prob, A, p_init=p_init, return_logp=True)
        np.testing.assert_array_equal(ours, ref)
        assert logp == pytest.approx(float(np.squeeze(ref_logp)), rel=1e-10)


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_equals_hmmlearn(seed):
    # Continuous (Gaussian) observations, so that no two paths tie.
    rng = np.random.default_rng(100 + seed)
    n_states, n_frames = int(rng.integers(2, 7)), int(rng.integers(2, 300))
    A, _, pi = _random_hmm(rng, n_states, 2)
    means, variances = rng.normal(0, 2, n_states), rng.uniform(0.5, 2.0, n_states)
    model = GaussianHMM(n_components=n_states, covariance_type="diag", init_params="", params="")
    model.startprob_, model.transmat_ = pi, A
    model.means_, model.covars_ = means[:, None], variances[:, None]
    x = rng.normal(0, 2.5, n_frames)
    ref_logp, ref = model.decode(x[:, None], algorithm="viterbi")
    prob = norm.pdf(x[None, :], loc=means[:, None], scale=np.sqrt(variances)[:, None])  # (n_states, n_frames)
    ours, logp = sequence.viterbi(prob, A, p_init=pi, return_logp=True)
    np.testing.assert_array_equal(ours, ref)
    assert logp == pytest.approx(ref_logp, rel=1e-9)


def _brute_force(prob, A, pi):
    n_states, n_frames = prob.shape
    best, best_path = -np.inf, None
    for path in itertools.product(range(n_states), repeat=n_frames):
        lp = np.log(pi[path[0]]) + np.log(prob[path[0], 0])
        for t in range(1, n_frames):
            lp += np.log(A[path[t - 1], path[t]]) + np.log(prob[path[t], t])
        if lp > best:
            best, best_path = lp, path
    return np.array(best_path), best


@pytest.mark.parametrize("seed", range(8))
def test_viterbi_equals_brute_force(seed):
    rng = np.random.default_rng(200 + seed)
    n_states, n_frames = int(rng.integers(2, 4)), int(rng.integers(1, 7))
    A, _, pi = _random_hmm(rng, n_states, 2)
    prob = rng.random((n_states, n_frames)) + 1e-3
    ref, ref_logp = _brute_force(prob, A, pi)
    ours, logp = sequence.viterbi(prob, A, p_init=pi, return_logp=True)
    np.testing.assert_array_equal(ours, ref)
    assert logp == pytest.approx(ref_logp, rel=1e-10)


def test_viterbi_long_sequence_does_not_underflow():
    rng = np.random.default_rng(7)
    prob = rng.random((4, 5000)) * 1e-3  # a product of these underflows after ~100 frames
    states, logp = sequence.viterbi(prob, sequence.transition_loop(4, 0.9), return_logp=True)
    assert np.isfinite(logp) and logp < -30000
    np.testing.assert_array_equal(states, librosa.sequence.viterbi(prob, sequence.transition_loop(4, 0.9)))


def test_viterbi_smooths_with_self_loops():
    prob = np.array([[0.9, 0.4, 0.9, 0.9], [0.1, 0.6, 0.1, 0.1]])
    np.testing.assert_array_equal(sequence.viterbi(prob, sequence.transition_uniform(2)), prob.argmax(axis=0))
    np.testing.assert_array_equal(sequence.viterbi(prob, sequence.transition_loop(2, 0.9)), [0, 0, 0, 0])


def test_transition_loop_equals_librosa():
    for n, p in [(2, 0.5), (5, 0.9), (25, 0.99)]:
        np.testing.assert_allclose(sequence.transition_loop(n, p), librosa.sequence.transition_loop(n, p))
    probs = np.linspace(0.1, 0.9, 4)
    np.testing.assert_allclose(sequence.transition_loop(4, probs), librosa.sequence.transition_loop(4, probs))
    np.testing.assert_allclose(sequence.transition_uniform(6), librosa.sequence.transition_uniform(6))


@pytest.mark.parametrize(
    "prob, transition, kwargs, match",
    [
        (np.ones((3, 4)), np.eye(2), {}, "3 states"),
        (np.ones((2, 4)), np.ones((2, 3)) / 3, {}, "square"),
        (np.ones((2, 4)), np.array([[0.5, 0.6], [0.5, 0.5]]), {}, "row 0 sums to 1.1"),
        (np.ones((2, 4)), np.array([[1.2, -0.2], [0.5, 0.5]]), {}, "negative"),
        (-np.ones((2, 4)), np.eye(2), {}, "prob has 8 negative"),
        (np.ones(4), np.eye(2), {}, "prob must be 2-D"),
        (np.full((2, 4), np.nan), np.eye(2), {}, "NaN"),
        (np.ones((2, 4)), np.eye(2), {"p_init": [0.2, 0.2]}, "p_init must sum to 1"),
        (np.ones((2, 4)), np.eye(2), {"p_init": [1.0, 0.0, 0.0]}, "p_init must have shape"),
    ],
)
def test_viterbi_rejects_bad_input(prob, transition, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        sequence.viterbi(prob, transition, **kwargs)


@pytest.mark.parametrize("n, p, match", [(1, 0.5, "n_states"), (3, 1.5, "prob"), (3, -0.1, "prob"), (0, 0.5, "n_states"),
                                         (3, [0.1, 0.2], "prob")])
def test_transition_loop_rejects_bad_input(n, p, match):
    with pytest.raises(ParameterError, match=match):
        sequence.transition_loop(n, p)
