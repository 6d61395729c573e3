"""mirlab.nn.losses: gradients against finite differences, values and gradients against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mirlab import nn
from mirlab.errors import ParameterError

RNG = np.random.default_rng(0)
Y = RNG.normal(size=(6, 4))
T_REAL = RNG.normal(size=(6, 4))
LABELS = np.array([0, 3, 1, 2, 3, 0])
T_BINARY = np.where(RNG.random((6, 4)) > 0.5, 1.0, 0.0)
T_PM1 = 2 * T_BINARY - 1


def _hinge_y():
    """Scores with |1 - t y| >= 0.1 (no example at the hinge's kink)."""
    y = Y.copy()
    close = np.abs(1 - T_PM1 * y) < 0.1
    y[close] += 0.3 * T_PM1[close]
    return y


def _torch_value_and_grad(fn, y):
    yt = torch.tensor(y, requires_grad=True)
    value = fn(yt)
    value.backward()
    return float(value.detach()), yt.grad.numpy()


# (our loss, prediction, target, torch function of the prediction)
CASES = {
    "mse": (nn.mse, Y, T_REAL, lambda y: F.mse_loss(y, torch.tensor(T_REAL))),
    "cosine": (
        nn.cosine, Y, T_REAL,
        lambda y: F.cosine_embedding_loss(y, torch.tensor(T_REAL), torch.ones(6, dtype=torch.float64)),
    ),
    "hinge": (nn.hinge, _hinge_y(), T_PM1, lambda y: torch.clamp(1 - torch.tensor(T_PM1) * y, min=0).mean()),
    "multiclass_hinge": (
        nn.multiclass_hinge, Y, LABELS, lambda y: F.multi_margin_loss(y, torch.tensor(LABELS)),
    ),
    "binary_cross_entropy_with_logits": (
        nn.binary_cross_entropy_with_logits, 3 * Y, T_BINARY,
        lambda y: F.binary_cross_entropy_with_logits(y, torch.tensor(T_BINARY)),
    ),
    "softmax_cross_entropy": (
        nn.softmax_cross_entropy, 3 * Y, LABELS, lambda y: F.cross_entropy(y, torch.tensor(LABELS)),
    ),
}  # fmt: skip


def test_every_loss_is_tested():
    assert set(CASES) == set(nn.LOSSES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_gradient_matches_finite_differences(name):
    loss, y, t, _ = CASES[name]
    assert nn.check_loss_gradient(loss, y, t)["y"] < 1e-7


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_matches_torch(name):
    loss, y, t, torch_fn = CASES[name]
    value, grad = loss(y, t)
    ref_value, ref_grad = _torch_value_and_grad(torch_fn, y)
    assert isinstance(value, float)
    assert value == pytest.approx(ref_value, rel=1e-12, abs=1e-14)
    assert grad.shape == y.shape
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-14)


def test_cosine_is_one_minus_cosine_similarity():
    value, _ = nn.cosine(Y, T_REAL)
    ref = 1 - F.cosine_similarity(torch.tensor(Y), torch.tensor(T_REAL), dim=1).mean()
    assert value == pytest.approx(float(ref), rel=1e-13)
    assert nn.cosine(Y, 5 * Y)[0] == pytest.approx(0.0, abs=1e-14)  # lengths do not matter
    assert nn.cosine(Y, -Y)[0] == pytest.approx(2.0)


@pytest.mark.parametrize("margin, p", [(1.0, 1), (1.0, 2), (0.5, 1), (2.0, 2)])
def test_multiclass_hinge_options_match_torch(margin, p):
    y = 2 * Y
    value, grad = nn.multiclass_hinge(y, LABELS, margin=margin, p=p)
    ref_value, ref_grad = _torch_value_and_grad(
        lambda yt: F.multi_margin_loss(yt, torch.tensor(LABELS), p=p, margin=margin), y
    )
    assert value == pytest.approx(ref_value, rel=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-14)
    assert nn.check_loss_gradient(lambda v, t: nn.multiclass_hinge(v, t, margin=margin, p=p), y, LABELS)["y"] < 1e-7
    # one-hot targets give the same as class indices
    assert nn.multiclass_hinge(y, nn.one_hot(LABELS, 4), margin=margin, p=p)[0] == pytest.approx(value)


def test_binary_hinge_on_a_vector_of_scores():
    y = np.array([2.0, 0.5, -0.3, -2.0])
    t = np.array([1.0, 1.0, -1.0, 1.0])
    value, grad = nn.hinge(y, t)
    assert value == pytest.approx((0 + 0.5 + 0.7 + 3.0) / 4)
    np.testing.assert_allclose(grad, [0.0, -0.25, 0.25, -0.25])


def test_softmax_cross_entropy_with_one_hot_and_probability_targets():
    y = 3 * Y
    value_idx, grad_idx = nn.softmax_cross_entropy(y, LABELS)
    value_oh, grad_oh = nn.softmax_cross_entropy(y, nn.one_hot(LABELS, 4))
    assert value_oh == pytest.approx(value_idx, rel=1e-15)
    np.testing.assert_allclose(grad_oh, grad_idx)
    probs = nn.softmax(T_REAL)  # soft targets, as accepted by F.cross_entropy
    value, grad = nn.softmax_cross_entropy(y, probs)
    ref_value, ref_grad = _torch_value_and_grad(lambda yt: F.cross_entropy(yt, torch.tensor(probs)), y)
    assert value == pytest.approx(ref_value, rel=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-14)
    assert nn.check_loss_gradient(nn.softmax_cross_entropy, y, probs)["y"] < 1e-7


def test_cross_entropies_are_stable_for_huge_logits():
    y = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 5.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        value, grad = nn.softmax_cross_entropy(y, np.array([1, 1]))
        bvalue, bgrad = nn.binary_cross_entropy_with_logits(y, (y > 0).astype(float))
    assert value == pytest.approx(float(F.cross_entropy(torch.tensor(y), torch.tensor([1, 1]))))
    assert value == pytest.approx(1000.0)  # first example: -log p = 2000 - ..., mean over 2
    assert bvalue == pytest.approx(
        float(F.binary_cross_entropy_with_logits(torch.tensor(y), torch.tensor((y > 0).astype(float))))
    )
    assert np.all(np.isfinite(grad)) and np.all(np.isfinite(bgrad))


def test_multilabel_bce_is_the_mean_of_independent_binary_losses():
    y, t = 3 * Y, T_BINARY
    p = nn.sigmoid(y)
    by_hand = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert nn.binary_cross_entropy_with_logits(y, t)[0] == pytest.approx(by_hand, rel=1e-12)


def test_one_hot_matches_torch():
    np.testing.assert_array_equal(nn.one_hot(LABELS, 5), F.one_hot(torch.tensor(LABELS), 5).numpy())
    assert nn.one_hot(LABELS).shape == (6, 4)
    with pytest.raises(ParameterError, match=r"labels must lie in 0 \.\. 2 \(n_classes=3\), got values from 0 to 3"):
        nn.one_hot(LABELS, 3)
    with pytest.raises(ParameterError, match=r"integer class indices"):
        nn.one_hot(np.array([0.5, 1.0]))
    with pytest.raises(ParameterError, match=r"1-D array of class indices, got shape \(2, 2\)"):
        nn.one_hot(np.zeros((2, 2), dtype=int))


def test_loss_shape_errors_name_the_shapes():
    with pytest.raises(ParameterError, match=r"mse: y and t must have the same shape, got y \(6, 4\) and t \(6, 3\)"):
        nn.mse(Y, T_REAL[:, :3])
    with pytest.raises(ParameterError, match=r"cosine: y must have shape \(batch, n_features\), got shape \(4,\)"):
        nn.cosine(Y[0], T_REAL[0])
    with pytest.raises(ParameterError, match=r"y has shape \(6, 4\) \(6 examples\) but t has shape \(5,\)"):
        nn.softmax_cross_entropy(Y, LABELS[:5])
    with pytest.raises(ParameterError, match=r"t must be class indices of shape \(6,\) or .* got shape \(6, 3\)"):
        nn.softmax_cross_entropy(Y, np.zeros((6, 3)))
    with pytest.raises(ParameterError, match=r"scores of shape \(batch, n_classes\), got shape \(4,\)"):
        nn.multiclass_hinge(Y[0], LABELS[:1])
    with pytest.raises(ParameterError, match=r"labels must lie in 0 \.\. 3"):
        nn.softmax_cross_entropy(Y, LABELS + 1)
    with pytest.raises(ParameterError, match=r"targets t must be -1 or \+1"):
        nn.hinge(Y, T_BINARY)
    with pytest.raises(ParameterError, match=r"targets t must lie in \[0, 1\]"):
        nn.binary_cross_entropy_with_logits(Y, T_PM1)
    with pytest.raises(ParameterError, match=r"p must be 1 or 2"):
        nn.multiclass_hinge(Y, LABELS, p=3)


def test_gradient_check_tools():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    g = nn.numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    np.testing.assert_array_equal(x, before)  # restored exactly
    assert nn.relative_error(g, np.cos(x)) < 1e-9
    assert nn.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert nn.relative_error([1.0, 0.0], [0.0, 0.0]) == 1.0
    with pytest.raises(ParameterError, match=r"float64 numpy array .* got dtype float32"):
        nn.numerical_gradient(lambda v: 0.0, x.astype(np.float32))
    with pytest.raises(ParameterError, match=r"same shape, got \(2,\) and \(3,\)"):
        nn.relative_error(np.zeros(2), np.zeros(3))

    def wrong_mse(y, t):  # forgets the factor 2 of the derivative
        value, grad = nn.mse(y, t)
        return value, grad / 2

    assert nn.check_loss_gradient(wrong_mse, Y, T_REAL)["y"] > 0.1
