"""mirlab.nn.training: the NumPy MLP trains exactly like its PyTorch twin; splits; early stopping."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sklearn.metrics
import torch
import torch.nn.functional as F

from mirlab import nn
from mirlab.errors import ParameterError


def _blobs(n=120, n_classes=3, seed=0):
    """Gaussian blobs in 5-D, one per class."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes
    centres = rng.normal(scale=3.0, size=(n_classes, 5))
    return centres[y] + rng.normal(size=(n, 5)), y


def _torch_twin(model):
    """nn.Sequential of Linear/ReLU with the NumPy model's weights (float64)."""
    layers = []
    for layer in model:
        if isinstance(layer, nn.Dense):
            lin = torch.nn.Linear(layer.n_in, layer.n_out).double()
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(layer.params["W"]))
                lin.bias.copy_(torch.from_numpy(layer.params["b"]))
            layers.append(lin)
        else:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize(
    "ours_cls, torch_cls, hyper",
    [
        (nn.SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.9)),
        (nn.SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)),
        (nn.Adam, torch.optim.Adam, dict(lr=0.01)),
    ],
)
def test_numpy_mlp_trains_like_its_torch_twin(ours_cls, torch_cls, hyper):
    X, y = _blobs()
    model = nn.mlp([5, 16, 16, 3], "relu", rng=0)
    twin = _torch_twin(model)
    opt = ours_cls(model.params(), **hyper)
    topt = torch_cls(twin.parameters(), **hyper)
    rng = np.random.default_rng(1)
    batches = [b for _ in range(2) for b in nn.iterate_minibatches(X, y, 16, rng=rng)][:10]  # 8 per epoch
    ours_losses, torch_losses = [], []
    for X_batch, y_batch in batches:
        model.zero_grad()
        value, grad = nn.softmax_cross_entropy(model.forward(X_batch), y_batch)
        model.backward(grad)
        opt.step(model.grads())
        ours_losses.append(value)

        topt.zero_grad()
        loss = F.cross_entropy(twin(torch.from_numpy(X_batch)), torch.from_numpy(y_batch))
        loss.backward()
        topt.step()
        torch_losses.append(float(loss.detach()))
    assert len(ours_losses) == 10
    np.testing.assert_allclose(ours_losses, torch_losses, rtol=0, atol=1e-6)
    assert ours_losses[-1] < ours_losses[0]  # it learns
    for i, layer in enumerate(twin):
        if isinstance(layer, torch.nn.Linear):
            np.testing.assert_allclose(model.params()[f"{i}.W"], layer.weight.detach().numpy(), atol=1e-6)
            np.testing.assert_allclose(model.params()[f"{i}.b"], layer.bias.detach().numpy(), atol=1e-6)


# ---- mini-batches and splits ---------------------------------------------------------------


def test_minibatches_cover_every_row_once_per_epoch():
    X, y = np.arange(23.0)[:, None], np.arange(23)
    rng = np.random.default_rng(0)
    epoch1 = list(nn.iterate_minibatches(X, y, 5, rng=rng))
    epoch2 = list(nn.iterate_minibatches(X, y, 5, rng=rng))
    assert [len(yb) for _, yb in epoch1] == [5, 5, 5, 5, 3]
    for epoch in (epoch1, epoch2):
        assert sorted(np.concatenate([yb for _, yb in epoch]).tolist()) == list(range(23))
        assert all(np.array_equal(Xb[:, 0], yb) for Xb, yb in epoch)  # rows stay paired
    assert not np.array_equal(epoch1[0][1], epoch2[0][1])  # a new order each epoch
    again = list(nn.iterate_minibatches(X, y, 5, rng=np.random.default_rng(0)))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(epoch1, again))  # reproducible
    with pytest.raises(ParameterError, match=r"same number of rows .* got X \(23, 1\) and y \(22,\)"):
        next(nn.iterate_minibatches(X, y[:-1], 5))
    with pytest.raises(ParameterError, match=r"batch_size must be a positive integer, got 0"):
        next(nn.iterate_minibatches(X, y, 0))


def test_split_is_stratified_disjoint_and_complete():
    n = 300
    y = np.repeat([0, 1, 2], [150, 100, 50])  # unbalanced
    X = np.arange(n)[:, None].astype(float)  # the row id, to check disjointness
    (Xtr, ytr), (Xva, yva), (Xte, yte) = nn.train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=0)
    ids = [set(part[:, 0].astype(int)) for part in (Xtr, Xva, Xte)]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert ids[0] | ids[1] | ids[2] == set(range(n))
    for Xp, yp in ((Xtr, ytr), (Xva, yva), (Xte, yte)):
        np.testing.assert_array_equal(y[Xp[:, 0].astype(int)], yp)  # rows stay paired
    for part, fraction in ((ytr, 0.6), (yva, 0.2), (yte, 0.2)):
        counts = np.bincount(part, minlength=3)
        np.testing.assert_allclose(counts, fraction * np.array([150, 100, 50]), atol=1)
    assert not np.all(np.diff(ytr) >= 0)  # shuffled, not sorted by class
    # one-hot targets are stratified too; multilabel ones need stratify=False
    (_, ytr_oh), _, _ = nn.train_val_test_split(X, nn.one_hot(y), rng=0)
    assert ytr_oh.shape[1] == 3 and abs(ytr_oh[:, 2].mean() - 50 / 300) < 0.01
    multilabel = (np.random.default_rng(0).random((n, 4)) > 0.5).astype(float)
    with pytest.raises(ParameterError, match=r"stratify=False"):
        nn.train_val_test_split(X, multilabel, rng=0)
    (_, ytr_ml), (_, yva_ml), (_, yte_ml) = nn.train_val_test_split(X, multilabel, rng=0, stratify=False)
    assert len(ytr_ml) + len(yva_ml) + len(yte_ml) == n
    with pytest.raises(ParameterError, match=r"fractions must sum to 1"):
        nn.train_val_test_split(X, y, fractions=(0.5, 0.2, 0.2))


# ---- fit, early stopping -------------------------------------------------------------------


def test_early_stopping_restores_the_best_parameters():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 10))
    y = rng.integers(0, 2, size=60)  # random labels: a big network can only over-fit
    model = nn.mlp([10, 64, 64, 2], "relu", rng=0)
    opt = nn.Adam(model.params(), lr=0.01)
    h = nn.fit(
        model, nn.softmax_cross_entropy, opt, X[:30], y[:30], X_val=X[30:], y_val=y[30:],
        epochs=300, batch_size=10, patience=5, rng=1, progress=False,
    )  # fmt: skip
    assert h.stopped_early and h.n_epochs < 300
    assert h.stopped_epoch == h.best_epoch + 5 == h.n_epochs - 1
    assert h.val_loss[h.best_epoch] == min(h.val_loss)
    assert h.train_loss[-1] < h.train_loss[h.best_epoch]  # it kept over-fitting after the best epoch
    restored, _ = nn.evaluate(model, nn.softmax_cross_entropy, X[30:], y[30:])
    assert restored == pytest.approx(min(h.val_loss), rel=1e-12)
    assert len(h.train_acc) == len(h.val_acc) == h.n_epochs


def test_fit_learns_and_reports_accuracy():
    X, y = _blobs(n=150)
    (Xtr, ytr), (Xva, yva), (Xte, yte) = nn.train_val_test_split(X, y, rng=0)
    model = nn.mlp([5, 16, 3], "tanh", dropout=0.1, rng=0)
    h = nn.fit(model, nn.softmax_cross_entropy, nn.SGD(model.params(), lr=0.05, momentum=0.9),
               Xtr, ytr, X_val=Xva, y_val=yva, epochs=40, rng=0, progress=False)  # fmt: skip
    assert h.train_loss[-1] < h.train_loss[0] and h.val_acc[h.best_epoch] > 0.9
    assert nn.accuracy(yte, nn.predict(model, Xte)) > 0.9
    assert model.training  # predict and evaluate put the previous mode back


def test_fit_multilabel_and_regression():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    T = np.stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0], axis=1).astype(float)  # two labels
    model = nn.mlp([4, 16, 2], rng=0)
    h = nn.fit(model, nn.binary_cross_entropy_with_logits, nn.Adam(model.params(), lr=0.02),
               X, T, epochs=60, rng=0, progress=False)  # fmt: skip
    assert h.n_epochs == 60 and h.best_epoch is None and not h.stopped_early and h.val_loss == []
    assert h.train_acc[-1] > 0.9  # subset accuracy: both labels right
    reg = nn.mlp([4, 8, 1], rng=0)
    h = nn.fit(reg, nn.mse, nn.Adam(reg.params(), lr=0.01), X, X[:, :1] ** 2, epochs=5, rng=0, progress=False)
    assert all(math.isnan(a) for a in h.train_acc) and h.train_loss[-1] < h.train_loss[0]


def test_fit_progress_bar_and_errors(capsys):
    X, y = _blobs(n=30)
    model = nn.mlp([5, 4, 3], rng=0)
    h = nn.fit(model, nn.softmax_cross_entropy, nn.SGD(model.params(), lr=0.01), X, y,
               X_val=X, y_val=y, epochs=3, progress=True)  # fmt: skip
    assert h.n_epochs == 3 and "training" in capsys.readouterr().err
    with pytest.raises(ParameterError, match=r"give both X_val and y_val"):
        nn.fit(model, nn.mse, nn.SGD(model.params(), lr=0.01), X, y, X_val=X, progress=False)
    with pytest.raises(ParameterError, match=r"X_train and y_train must have the same number of rows"):
        nn.fit(model, nn.mse, nn.SGD(model.params(), lr=0.01), X, y[:-1], progress=False)
    big = nn.mlp([5, 4, 3], rng=0)
    with pytest.raises(ParameterError, match=r"diverged"):
        nn.fit(big, nn.mse, nn.SGD(big.params(), lr=1e6), X, nn.one_hot(y) * 1e3, epochs=50, progress=False)


def test_predict_and_accuracy():
    model = nn.mlp([3, 50, 2], dropout=0.5, rng=0).train()
    X = np.random.default_rng(0).normal(size=(10, 3))
    out = nn.predict(model, X)
    np.testing.assert_allclose(out, nn.predict(model, X, batch_size=3), rtol=1e-14)
    np.testing.assert_array_equal(out, model.eval().forward(X))
    y_true = np.array([0, 1, 1, 0, 1])
    y_pred = np.array([0, 1, 0, 0, 0])
    assert nn.accuracy(y_true, y_pred) == sklearn.metrics.accuracy_score(y_true, y_pred) == 0.6
    with pytest.raises(ParameterError, match=r"got y_true \(5,\) and y_pred \(4,\)"):
        nn.accuracy(y_true, y_pred[:4])


def test_noisy_moons_is_seeded_and_flips_the_asked_fraction():
    X, y = nn.noisy_moons(4000, rng=0, noise=0.0, flip=0.0)
    X2, y2 = nn.noisy_moons(4000, rng=0, noise=0.0, flip=0.0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    # without noise the upper moon (class 0) is the unit half-circle around the origin
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0)
    _, y_flipped = nn.noisy_moons(4000, rng=0, noise=0.0, flip=0.2)
    assert 0.17 < np.mean(y_flipped != y) < 0.23
    with pytest.raises(ParameterError, match="flip"):
        nn.noisy_moons(10, rng=0, flip=1.0)
