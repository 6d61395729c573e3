"""mirlab.nn.layers: backpropagation against finite differences, and Dense against torch.nn.Linear."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mirlab import nn
from mirlab.errors import ParameterError


def _x(shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


# ---- Dense ---------------------------------------------------------------------------------


@pytest.mark.parametrize("batch, n_in, n_out", [(1, 1, 1), (4, 3, 2), (7, 5, 9)])
def test_dense_gradients_match_finite_differences(batch, n_in, n_out):
    layer = nn.Dense(n_in, n_out, rng=0)
    layer.params["b"][...] = _x(n_out, seed=5)  # a non-zero bias
    errors = nn.check_layer_gradients(layer, _x((batch, n_in), seed=1))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


def test_dense_matches_torch_linear():
    layer = nn.Dense(5, 3, rng=0)
    layer.params["b"][...] = _x(3, seed=2)
    lin = torch.nn.Linear(5, 3).double()
    with torch.no_grad():  # W has torch's (n_out, n_in) layout: copied without transposing
        lin.weight.copy_(torch.from_numpy(layer.params["W"]))
        lin.bias.copy_(torch.from_numpy(layer.params["b"]))
    x = _x((4, 5), seed=3)
    G = _x((4, 3), seed=4)
    xt = torch.tensor(x, requires_grad=True)
    yt = lin(xt)
    (yt * torch.from_numpy(G)).sum().backward()

    np.testing.assert_allclose(layer.forward(x), yt.detach().numpy(), rtol=1e-13, atol=1e-14)
    dx = layer.backward(G)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(layer.grads["W"], lin.weight.grad.numpy(), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(layer.grads["b"], lin.bias.grad.numpy(), rtol=1e-13, atol=1e-14)


def test_dense_gradients_accumulate_until_zero_grad():
    layer = nn.Dense(3, 2, rng=0)
    x, G = _x((4, 3)), _x((4, 2), seed=1)
    layer.forward(x)
    layer.backward(G)
    once = {k: g.copy() for k, g in layer.grads.items()}
    layer.forward(x)
    layer.backward(G)
    for k in once:
        np.testing.assert_allclose(layer.grads[k], 2 * once[k])
    layer.zero_grad()
    assert all(np.all(g == 0) for g in layer.grads.values())


def test_dense_initialisations():
    he = nn.Dense(400, 300, rng=0, init="he").params["W"]
    xavier = nn.Dense(400, 300, rng=0, init="xavier").params["W"]
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert xavier.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    assert not np.any(nn.Dense(4, 3, init="zeros").params["W"])
    # seeded: reproducible; a different seed gives different weights
    assert np.array_equal(nn.Dense(4, 3, rng=1).params["W"], nn.Dense(4, 3, rng=1).params["W"])
    assert not np.array_equal(nn.Dense(4, 3, rng=1).params["W"], nn.Dense(4, 3, rng=2).params["W"])
    assert nn.Dense(4, 3, rng=0, dtype=np.float32).forward(np.ones((2, 4))).dtype == np.float32


def test_bias_trick_gives_the_dense_output():
    layer = nn.Dense(4, 3, rng=0)
    layer.params["b"][...] = [1.0, -2.0, 0.5]
    x = _x((6, 4))
    W_b = np.hstack([layer.params["W"], layer.params["b"][:, None]])  # [W | b]
    x_b = nn.add_bias_column(x)
    assert x_b.shape == (6, 5) and np.all(x_b[:, -1] == 1)
    np.testing.assert_allclose(x_b @ W_b.T, layer.forward(x), rtol=1e-14)
    np.testing.assert_allclose(W_b @ nn.add_bias_column(x[0]), layer.forward(x[:1])[0], rtol=1e-14)
    with pytest.raises(ParameterError, match=r"shape \(2, 2, 2\)"):
        nn.add_bias_column(np.zeros((2, 2, 2)))


def test_dense_shape_errors_name_the_shapes():
    layer = nn.Dense(3, 2, rng=0)
    with pytest.raises(ParameterError, match=r"x must have shape \(batch, n_in=3\), got shape \(4, 5\)"):
        layer.forward(np.zeros((4, 5)))
    with pytest.raises(ParameterError, match=r"got shape \(3,\); for a single example use x\[np.newaxis, :\]"):
        layer.forward(np.zeros(3))
    with pytest.raises(ParameterError, match=r"backward called before forward"):
        nn.Dense(3, 2).backward(np.zeros((1, 2)))
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ParameterError, match=r"grad_out has shape \(4, 3\), but the output .* had shape \(4, 2\)"):
        layer.backward(np.zeros((4, 3)))
    with pytest.raises(ParameterError, match=r"NaN/inf"):
        layer.forward(np.full((1, 3), np.nan))
    with pytest.raises(ParameterError, match=r"n_out must be a positive integer, got 0"):
        nn.Dense(3, 0)
    with pytest.raises(ParameterError, match=r"init must be"):
        nn.Dense(3, 2, init="uniform")


# ---- Activation, Sequential, mlp -----------------------------------------------------------


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_layer_gradient(name):
    errors = nn.check_layer_gradients(nn.Activation(name), _x((3, 4)) + 0.1)
    assert errors["x"] < 1e-7


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
def test_mlp_gradients_match_finite_differences(activation):
    model = nn.mlp([4, 6, 5, 3], activation, rng=0)
    for k, b in model.params().items():  # non-zero biases, so that db is really tested
        if k.endswith(".b"):
            b[...] = 0.1 * _x(b.shape, seed=7)
    errors = nn.check_layer_gradients(model, _x((5, 4), seed=1))
    assert set(errors) == {"x", "0.W", "0.b", "2.W", "2.b", "4.W", "4.b"}
    assert max(errors.values()) < 1e-7, errors


def test_gradient_check_catches_a_wrong_backward():
    class WrongDense(nn.Dense):
        def backward(self, grad_out):
            dx = super().backward(grad_out)
            self.grads["b"] *= 2  # a typical bug
            return dx

    errors = nn.check_layer_gradients(WrongDense(3, 2, rng=0), _x((4, 3)))
    assert errors["W"] < 1e-7 and errors["b"] > 0.1


def test_heaviside_network_gets_no_gradient():
    model = nn.Sequential(nn.Dense(2, 3, rng=0), nn.Activation("heaviside"), nn.Dense(3, 1, rng=1))
    model.forward(_x((4, 2)))
    model.backward(np.ones((4, 1)))
    assert not np.any(model.grads()["0.W"]) and np.any(model.grads()["2.W"])


def test_mlp_structure_matches_torch_indices():
    model = nn.mlp([4, 8, 8, 2], "relu", dropout=0.3, rng=0)
    kinds = [type(layer).__name__ for layer in model]
    assert kinds == ["Dense", "Activation", "Dropout", "Dense", "Activation", "Dropout", "Dense"]
    assert list(model.params()) == ["0.W", "0.b", "3.W", "3.b", "6.W", "6.b"]
    assert model.n_params == (4 * 8 + 8) + (8 * 8 + 8) + (8 * 2 + 2)
    twin = torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Dropout(0.3),
        torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(8, 2),
    )  # fmt: skip
    assert model.n_params == sum(p.numel() for p in twin.parameters())
    assert {k.replace("weight", "W").replace("bias", "b") for k in twin.state_dict()} == set(model.params())
    assert nn.mlp([3, 2], rng=0).layers[0].n_out == 2  # a single Dense, no activation
    with pytest.raises(ParameterError, match=r"at least two entries"):
        nn.mlp([3])
    with pytest.raises(ParameterError, match=r"sizes\[1\] must be a positive integer"):
        nn.mlp([3, 0, 2])


def test_sequential_params_are_the_layers_arrays():
    model = nn.mlp([3, 4, 2], rng=0)
    model.params()["2.W"][0, 0] = 42.0
    assert model.layers[2].params["W"][0, 0] == 42.0
    state = model.state_dict()
    model.params()["2.W"][0, 0] = 0.0
    model.load_state_dict(state)
    assert model.layers[2].params["W"][0, 0] == 42.0
    state["2.W"] = np.zeros((5, 5))
    with pytest.raises(ParameterError, match=r"state\['2.W'\] has shape \(5, 5\), but the parameter has shape \(2, 4"):
        model.load_state_dict(state)
    with pytest.raises(ParameterError, match=r"missing \['0.b'\]"):
        model.load_state_dict({k: v for k, v in model.state_dict().items() if k != "0.b"})
    with pytest.raises(ParameterError, match=r"layer 1 .* is not a layer"):
        nn.Sequential(nn.Dense(2, 2), "relu")


def test_sequential_matches_torch_twin_forward_and_backward():
    model = nn.mlp([4, 7, 3], "tanh", rng=0)
    twin = torch.nn.Sequential(torch.nn.Linear(4, 7), torch.nn.Tanh(), torch.nn.Linear(7, 3)).double()
    with torch.no_grad():
        for i in (0, 2):
            twin[i].weight.copy_(torch.from_numpy(model.params()[f"{i}.W"]))
            twin[i].bias.copy_(torch.from_numpy(model.params()[f"{i}.b"]))
    x, G = _x((5, 4)), _x((5, 3), seed=1)
    xt = torch.tensor(x, requires_grad=True)
    (twin(xt) * torch.from_numpy(G)).sum().backward()
    np.testing.assert_allclose(model.forward(x), twin(torch.tensor(x)).detach().numpy(), rtol=1e-13)
    np.testing.assert_allclose(model.backward(G), xt.grad.numpy(), rtol=1e-12, atol=1e-15)
    for i in (0, 2):
        np.testing.assert_allclose(model.grads()[f"{i}.W"], twin[i].weight.grad.numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(model.grads()[f"{i}.b"], twin[i].bias.grad.numpy(), rtol=1e-12, atol=1e-15)


# ---- Dropout -------------------------------------------------------------------------------


def test_dropout_gradient_with_a_fixed_mask():
    drop = nn.Dropout(0.4, rng=0)
    mask = (np.random.default_rng(1).random((5, 6)) >= 0.4) / 0.6
    drop.fixed_mask = mask
    errors = nn.check_layer_gradients(drop, _x((5, 6)))
    assert errors["x"] < 1e-7
    np.testing.assert_array_equal(drop.forward(np.ones((5, 6))), mask)
    # inside a model, in training mode, with fixed masks
    model = nn.mlp([4, 6, 3], "tanh", dropout=0.5, rng=0)
    model.layers[2].fixed_mask = (np.random.default_rng(2).random((5, 6)) >= 0.5) * 2.0
    errors = nn.check_layer_gradients(model, _x((5, 4)))
    assert max(errors.values()) < 1e-7, errors


def test_dropout_eval_mode_is_identity():
    drop = nn.Dropout(0.5, rng=0)
    x = _x((10, 20))
    drop.eval()
    np.testing.assert_array_equal(drop.forward(x), x)
    np.testing.assert_array_equal(drop.backward(x), x)
    assert drop.mask is None
    np.testing.assert_array_equal(nn.Dropout(0.0, rng=0).forward(x), x)  # p = 0: identity in training too


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_train_mode_keeps_the_expected_value(p):
    drop = nn.Dropout(p, rng=0)
    x = np.full((4000, 50), 3.0)
    y = drop.forward(x)
    assert abs(np.mean(y == 0) - p) < 0.01  # about p of the units are zeroed
    np.testing.assert_allclose(np.unique(y[y != 0]), 3.0 / (1 - p))  # survivors scaled by 1/(1-p)
    assert abs(y.mean() - 3.0) < 0.03 * 3.0 / np.sqrt(1 - p)  # inverted dropout: same mean
    g = drop.backward(np.ones_like(x))
    np.testing.assert_array_equal(g == 0, y == 0)  # backward uses the same mask
    assert not np.array_equal(drop.forward(x), y)  # a new mask at each forward pass


def test_dropout_mode_switches_through_sequential():
    model = nn.mlp([3, 100, 2], dropout=0.5, rng=0)
    x = _x((8, 3))
    model.eval()
    assert np.array_equal(model.forward(x), model.forward(x))
    model.train()
    assert not np.array_equal(model.forward(x), model.forward(x))
    with pytest.raises(ParameterError, match=r"p must be a number in \[0, 1\), got 1"):
        nn.Dropout(1)
    drop = nn.Dropout(0.5, rng=0)
    drop.fixed_mask = np.ones((2, 2))
    with pytest.raises(ParameterError, match=r"fixed_mask has shape \(2, 2\), but x has shape \(3, 2\)"):
        drop.forward(np.ones((3, 2)))
