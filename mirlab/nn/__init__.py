"""Neural networks from scratch with NumPy: neurons, layers, backpropagation, losses, optimisers.

Book chapters: *Artificial neural networks* (book/nn/) and *Optimisation* (book/optim/).

This is the answer key of the labs on the multilayer perceptron: every piece of the lecture's
sections "Artificial neural networks" and "Optimisation" written with NumPy only, small enough
to read. The tests check each piece against PyTorch (values, gradients, optimiser steps), and
every gradient against finite differences, so the book can then switch to PyTorch knowing what
it does.

Modules
-------
activations
    Heaviside, sigmoid, tanh, ReLU, identity, softmax and their derivatives.
layers
    ``Dense``, ``Activation``, ``Dropout``, ``Sequential``, ``mlp``, ``add_bias_column``.
losses
    MSE, cosine, hinge, multiclass hinge, binary and softmax cross-entropy, ``one_hot``.
gradcheck
    Finite differences and gradient checks.
optim
    SGD (momentum, Nesterov), Adagrad, RMSprop, Adadelta, Adam, AdamW (as in ``torch.optim``).
functions2d
    2-D test functions (Rosenbrock, ravine, Himmelblau) and ``optimize_2d`` for trajectories.
training
    Mini-batches, train/validation/test split, ``fit`` with early stopping, ``predict``.

Examples
--------
>>> import numpy as np
>>> from mirlab import nn
>>> model = nn.mlp([2, 8, 2], "relu", rng=0)
>>> opt = nn.SGD(model.params(), lr=0.1, momentum=0.9)
>>> X, t = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
>>> for _ in range(20):
...     model.zero_grad()
...     value, grad = nn.softmax_cross_entropy(model.forward(X), t)
...     _ = model.backward(grad)
...     opt.step(model.grads())
>>> nn.predict(model, X).argmax(axis=1)
array([0, 1])
"""

from __future__ import annotations

from .activations import (
    ACTIVATIONS,
    heaviside,
    heaviside_grad,
    identity,
    identity_grad,
    log_softmax,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_jacobian,
    tanh,
    tanh_grad,
)
from .functions2d import MINIMA, himmelblau, optimize_2d, ravine, rosenbrock
from .gradcheck import check_layer_gradients, check_loss_gradient, numerical_gradient, relative_error
from .layers import Activation, Dense, Dropout, Layer, Sequential, add_bias_column, mlp
from .losses import (
    LOSSES,
    binary_cross_entropy_with_logits,
    cosine,
    hinge,
    mse,
    multiclass_hinge,
    one_hot,
    softmax_cross_entropy,
)
from .optim import OPTIMIZERS, SGD, Adadelta, Adagrad, Adam, AdamW, Optimizer, RMSprop
from .toydata import noisy_moons
from .training import History, accuracy, evaluate, fit, iterate_minibatches, predict, train_val_test_split

__all__ = [
    "noisy_moons",
    # activations
    "heaviside", "heaviside_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "identity", "identity_grad", "softmax", "log_softmax", "softmax_jacobian", "ACTIVATIONS",
    # layers
    "Layer", "Dense", "Activation", "Dropout", "Sequential", "mlp", "add_bias_column",
    # losses
    "mse", "cosine", "hinge", "multiclass_hinge", "binary_cross_entropy_with_logits",
    "softmax_cross_entropy", "one_hot", "LOSSES",
    # gradient checks
    "numerical_gradient", "relative_error", "check_layer_gradients", "check_loss_gradient",
    # optimisers
    "Optimizer", "SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "OPTIMIZERS",
    # 2-D functions
    "rosenbrock", "ravine", "himmelblau", "optimize_2d", "MINIMA",
    # training
    "iterate_minibatches", "train_val_test_split", "History", "fit", "predict", "evaluate", "accuracy",
]  # fmt: skip
