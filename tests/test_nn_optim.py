"""mirlab.nn.optim: every optimiser follows its torch.optim twin step for step; 2-D test functions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mirlab import nn
from mirlab.errors import ParameterError

N_STEPS = 150

# (our class, torch class, hyper-parameters accepted by both)
CONFIGS = [
    (nn.SGD, torch.optim.SGD, dict(lr=0.01)),
    (nn.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9)),
    (nn.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, dampening=0.3)),
    (nn.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.8, nesterov=True)),
    (nn.SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.05)),
    (nn.Adagrad, torch.optim.Adagrad, dict()),
    (nn.Adagrad, torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.01, weight_decay=0.05, initial_accumulator_value=0.1)),
    (nn.RMSprop, torch.optim.RMSprop, dict()),
    (nn.RMSprop, torch.optim.RMSprop, dict(lr=0.005, alpha=0.9, centered=True)),
    (nn.RMSprop, torch.optim.RMSprop, dict(lr=0.001, momentum=0.7, weight_decay=0.05)),
    (nn.RMSprop, torch.optim.RMSprop, dict(lr=0.001, momentum=0.5, centered=True, weight_decay=0.01, eps=1e-6)),
    (nn.Adadelta, torch.optim.Adadelta, dict()),
    (nn.Adadelta, torch.optim.Adadelta, dict(lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.05)),
    (nn.Adam, torch.optim.Adam, dict()),
    (nn.Adam, torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    (nn.Adam, torch.optim.Adam, dict(lr=0.01, amsgrad=True)),
    (nn.Adam, torch.optim.Adam, dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    (nn.AdamW, torch.optim.AdamW, dict(lr=0.01)),
    (nn.AdamW, torch.optim.AdamW, dict(lr=0.01, weight_decay=0.3, amsgrad=True)),
]


def _config_id(config):
    cls, _, hyper = config
    return cls.__name__ + "(" + ",".join(f"{k}={v}" for k, v in hyper.items()) + ")"


def _quadratic_problem(seed=0):
    """Initial parameters, and for each a fixed SPD matrix H and vector c: grad = H p - c + noise."""
    rng = np.random.default_rng(seed)
    shapes = {"W": (3, 4), "b": (4,)}
    params, H, c = {}, {}, {}
    for k, shape in shapes.items():
        n = int(np.prod(shape))
        A = rng.normal(size=(n, n))
        H[k] = A @ A.T / n + 0.1 * np.eye(n)
        c[k] = rng.normal(size=n)
        params[k] = rng.normal(size=shape)
    noise = [{k: 0.3 * rng.normal(size=s) for k, s in shapes.items()} for _ in range(N_STEPS)]
    return params, H, c, noise


@pytest.mark.parametrize("config", CONFIGS, ids=_config_id)
def test_optimiser_matches_torch_step_for_step(config):
    ours_cls, torch_cls, hyper = config
    params, H, c, noise = _quadratic_problem()
    tparams = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    ours = ours_cls(params, **hyper)
    theirs = torch_cls(list(tparams.values()), **hyper)
    max_dev = 0.0
    for step in range(N_STEPS):
        # each side computes its gradient from its own parameters: deviations would compound
        grads = {k: (H[k] @ p.ravel() - c[k]).reshape(p.shape) + noise[step][k] for k, p in params.items()}
        ours.step(grads)
        for k, p in tparams.items():
            g = (torch.from_numpy(H[k]) @ p.detach().reshape(-1) - torch.from_numpy(c[k])).reshape(p.shape)
            p.grad = g + torch.from_numpy(noise[step][k])
        theirs.step()
        for k in params:
            max_dev = max(max_dev, float(np.max(np.abs(params[k] - tparams[k].detach().numpy()))))
    assert max_dev < 1e-6
    # the parameters really moved (the comparison is not trivially true)
    start = _quadratic_problem()[0]
    assert max(np.max(np.abs(params[k] - start[k])) for k in params) > 1e-3


@pytest.mark.parametrize(
    "ours_cls, torch_cls, hyper",
    [
        (nn.SGD, torch.optim.SGD, dict(lr=1e-3, momentum=0.9)),
        (nn.Adam, torch.optim.Adam, dict(lr=0.02)),
        (nn.RMSprop, torch.optim.RMSprop, dict(lr=1e-3, centered=True)),
    ],
)
def test_optimiser_on_rosenbrock_matches_torch_autograd(ours_cls, torch_cls, hyper):
    point = np.array([-1.5, 2.0])
    traj = nn.optimize_2d(ours_cls, nn.rosenbrock, point, 300, **hyper)
    p = torch.tensor(point, requires_grad=True)
    opt = torch_cls([p], **hyper)
    ref = [point.copy()]
    for _ in range(300):
        opt.zero_grad()
        ((1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2).backward()
        opt.step()
        ref.append(p.detach().numpy().copy())
    assert traj.shape == (301, 2)
    assert np.max(np.abs(traj - np.array(ref))) < 1e-6
    assert nn.rosenbrock(traj[-1])[0] < nn.rosenbrock(traj[0])[0]


def test_optimisers_update_the_model_in_place():
    model = nn.mlp([3, 4, 2], rng=0)
    W = model.layers[0].params["W"]
    before = W.copy()
    opt = nn.Adam(model.params(), lr=0.1)
    model.forward(np.ones((2, 3)))
    model.backward(np.ones((2, 2)))
    opt.step(model.grads())
    assert model.layers[0].params["W"] is W and not np.array_equal(W, before)
    assert opt.n_steps == 1


def test_optimiser_errors_name_the_problem():
    params = {"w": np.zeros(3)}
    opt = nn.SGD(params, lr=0.1)
    with pytest.raises(ParameterError, match=r"grads\['w'\] has shape \(2,\), but params\['w'\] has shape \(3,\)"):
        opt.step({"w": np.zeros(2)})
    with pytest.raises(ParameterError, match=r"missing \['w'\], unexpected \['v'\]"):
        opt.step({"v": np.zeros(3)})
    with pytest.raises(ParameterError, match=r"Nesterov momentum requires momentum > 0"):
        nn.SGD(params, lr=0.1, nesterov=True)
    with pytest.raises(ParameterError, match=r"lr must be a number >= 0.0, got -1"):
        nn.Adam(params, lr=-1)
    with pytest.raises(ParameterError, match=r"betas\[1\] must be a number in \[0.0, 1.0\), got 1.0"):
        nn.Adam(params, betas=(0.9, 1.0))
    with pytest.raises(ParameterError, match=r"params must be a dict"):
        nn.Adam([np.zeros(3)])
    with pytest.raises(ParameterError, match=r"params\['w'\] must be a floating-point numpy array"):
        nn.Adam({"w": np.zeros(3, dtype=int)})
    assert set(nn.OPTIMIZERS.values()) == {nn.SGD, nn.Adagrad, nn.RMSprop, nn.Adadelta, nn.Adam, nn.AdamW}


# ---- 2-D test functions --------------------------------------------------------------------


@pytest.mark.parametrize("f", [nn.rosenbrock, nn.ravine, nn.himmelblau])
def test_2d_function_gradients(f):
    for point in ([-1.2, 1.0], [0.3, -0.7], [2.5, 2.5]):
        p = np.array(point)
        assert nn.relative_error(f(p)[1], nn.numerical_gradient(lambda v: f(v)[0], p)) < 1e-7
    # a grid of points (2, ...) gives values (...) and gradients (2, ...)
    X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4))
    value, grad = f(np.stack([X, Y]))
    assert value.shape == (4, 5) and grad.shape == (2, 4, 5)
    assert value[1, 2] == pytest.approx(f([X[1, 2], Y[1, 2]])[0])


@pytest.mark.parametrize("name", sorted(nn.MINIMA))
def test_2d_minima(name):
    f = {"rosenbrock": nn.rosenbrock, "ravine": nn.ravine, "himmelblau": nn.himmelblau}[name]
    for m in nn.MINIMA[name]:
        value, grad = f(m)
        assert value < 1e-9 and np.max(np.abs(grad)) < 1e-4


def test_momentum_beats_plain_gradient_descent_in_the_ravine():
    plain = nn.optimize_2d(nn.SGD, nn.ravine, [-4.0, 1.0], 100, lr=0.07)
    heavy = nn.optimize_2d(nn.SGD, nn.ravine, [-4.0, 1.0], 100, lr=0.07, momentum=0.8)
    assert nn.ravine(heavy[-1])[0] < 1e-3 * nn.ravine(plain[-1])[0]
    diverging = nn.optimize_2d(nn.SGD, nn.ravine, [-4.0, 1.0], 2000, lr=0.1)  # lr > 2 / 25: diverges
    assert len(diverging) < 2001 and np.all(np.isfinite(diverging))


def test_himmelblau_minimum_depends_on_the_start():
    starts = ([4.0, 4.0], [-4.0, 4.0], [-4.0, -4.0], [4.0, -4.0])
    ends = [nn.optimize_2d(nn.SGD, nn.himmelblau, x0, 500, lr=0.005, momentum=0.5)[-1] for x0 in starts]
    distances = np.linalg.norm(nn.MINIMA["himmelblau"][None, :, :] - np.array(ends)[:, None, :], axis=2)
    assert sorted(distances.argmin(axis=1).tolist()) == [0, 1, 2, 3]  # four starts, four different minima
    assert np.all(distances.min(axis=1) < 1e-4)
    with pytest.raises(ParameterError, match=r"x0 must be a point \(x, y\) of shape \(2,\), got shape \(3,\)"):
        nn.optimize_2d(nn.Adam, nn.himmelblau, [0, 0, 0], 10)
    with pytest.raises(ParameterError, match=r"p must be a point"):
        nn.rosenbrock([1.0, 2.0, 3.0])
