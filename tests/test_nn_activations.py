"""mirlab.nn.activations: values and derivatives, against finite differences and PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special
import torch

from mirlab import nn
from mirlab.errors import ParameterError
from mirlab.nn import activations as act

TORCH_FUNCS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "identity": lambda x: x,
    "heaviside": lambda x: torch.heaviside(x, torch.tensor(1.0, dtype=x.dtype)),
}


def _away_from_kinks(shape, seed=0, gap=0.05):
    """Random values with |x| >= gap (ReLU and Heaviside have a kink at 0)."""
    z = np.random.default_rng(seed).normal(size=shape)
    return np.sign(z) * (gap + np.abs(z)) * 2.0


@pytest.mark.parametrize("name", sorted(nn.ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    f, f_grad = nn.ACTIVATIONS[name]
    x = _away_from_kinks((6, 7))
    w = np.random.default_rng(1).normal(size=x.shape)  # d/dx sum(w f(x)) = w f'(x)
    numerical = nn.numerical_gradient(lambda v: float(np.sum(w * f(v))), x)
    assert nn.relative_error(w * f_grad(x), numerical) < 1e-7


@pytest.mark.parametrize("name", sorted(nn.ACTIVATIONS))
def test_values_and_derivatives_match_torch(name):
    f, f_grad = nn.ACTIVATIONS[name]
    x = np.concatenate([_away_from_kinks(50, seed=2), [0.0, -0.0, 30.0, -30.0]])
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    yt = TORCH_FUNCS[name](xt)
    np.testing.assert_allclose(f(x), yt.detach().numpy(), rtol=1e-14, atol=1e-15)
    if name != "heaviside":  # torch.heaviside has no derivative; ours is 0 a.e.
        yt.sum().backward()
        np.testing.assert_allclose(f_grad(x), xt.grad.numpy(), rtol=1e-14, atol=1e-15)
    else:
        assert np.all(f_grad(x) == 0)


def test_relu_derivative_at_zero_is_zero_like_torch():
    xt = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    torch.relu(xt).sum().backward()
    assert np.array_equal(nn.relu_grad(np.zeros(3)), xt.grad.numpy())
    assert np.array_equal(nn.relu_grad(np.zeros(3)), np.zeros(3))


def test_heaviside_convention_and_sigmoid_limit():
    x = np.array([-1.0, 0.0, 1.0])
    assert np.array_equal(nn.heaviside(x), np.heaviside(x, 1.0))
    # a steep sigmoid tends to the step
    np.testing.assert_allclose(nn.sigmoid(1e4 * np.array([-1.0, 1.0])), [0.0, 1.0])


def test_sigmoid_is_stable_and_equals_expit():
    x = np.linspace(-800, 800, 4001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            s = nn.sigmoid(x)
    np.testing.assert_allclose(s, scipy.special.expit(x), rtol=1e-15, atol=1e-300)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(nn.sigmoid(-x), 1 - s, atol=1e-15)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert np.all(np.isfinite(nn.sigmoid_grad(x)))


def test_tanh_is_a_rescaled_sigmoid():
    x = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(nn.tanh(x), 2 * nn.sigmoid(2 * x) - 1, atol=1e-15)


@pytest.mark.parametrize("fn", [nn.sigmoid, nn.tanh, nn.relu, nn.heaviside, nn.identity, nn.softmax])
def test_float32_stays_float32_and_ints_become_float64(fn):
    assert fn(np.ones((2, 3), dtype=np.float32)).dtype == np.float32
    assert fn(np.ones((2, 3), dtype=np.int64)).dtype == np.float64


# ---- softmax -------------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_matches_torch(axis):
    x = np.random.default_rng(3).normal(scale=3.0, size=(4, 6))
    xt = torch.tensor(x)
    np.testing.assert_allclose(nn.softmax(x, axis=axis), torch.softmax(xt, dim=axis).numpy(), rtol=1e-14)
    np.testing.assert_allclose(nn.log_softmax(x, axis=axis), torch.log_softmax(xt, dim=axis).numpy(), rtol=1e-13)
    np.testing.assert_allclose(nn.softmax(x, axis=axis).sum(axis=axis), 1.0, rtol=1e-15)


def test_softmax_is_stable_and_shift_invariant():
    x = np.array([[1000.0, 999.0, -1000.0], [-1e4, -1e4, -1e4]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        p = nn.softmax(x)
        logp = nn.log_softmax(x)
    np.testing.assert_allclose(p, torch.softmax(torch.tensor(x), 1).numpy(), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(p[1], 1 / 3)
    assert np.all(np.isfinite(logp)) and logp[0, 2] == pytest.approx(-2000 - np.log1p(np.exp(-1)))
    y = np.random.default_rng(0).normal(size=5)
    np.testing.assert_allclose(nn.softmax(y + 123.0), nn.softmax(y), rtol=1e-13)


def test_softmax_jacobian_matches_finite_differences_and_torch():
    x = np.random.default_rng(4).normal(size=5)
    J = nn.softmax_jacobian(x)
    # column j of J by finite differences on each output i: J[i, :] = d p_i / d x
    numerical = np.stack([nn.numerical_gradient(lambda v, i=i: float(nn.softmax(v)[i]), x) for i in range(5)])
    assert nn.relative_error(J, numerical) < 1e-7
    J_torch = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), torch.tensor(x))
    np.testing.assert_allclose(J, J_torch.numpy(), atol=1e-15)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-15)
    assert nn.softmax_jacobian(np.zeros((3, 4))).shape == (3, 4, 4)


def test_softmax_errors():
    with pytest.raises(ParameterError, match=r"shape \(\)"):
        nn.softmax(3.0)
    with pytest.raises(ParameterError, match=r"axis=2 is out of range for an array with 2 dimension"):
        nn.softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(ParameterError, match=r"real numbers"):
        nn.sigmoid(np.array(["a"]))


def test_activation_table_and_layer_names():
    assert set(act.ACTIVATIONS) == {"heaviside", "sigmoid", "tanh", "relu", "identity"}
    with pytest.raises(ParameterError, match=r"unknown activation 'softplus'"):
        nn.Activation("softplus")
