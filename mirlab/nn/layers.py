"""Layers of a multilayer perceptron, with a hand-written forward and backward pass.

Book chapter: *Artificial neural networks* (book/nn/layers.md, book/nn/backprop.md).

The lecture's layer ``k`` computes ``h(k) = W(k) x(k-1) + b(k)`` and ``x(k) = phi_k(h(k))``. Here a
batch of examples is a matrix with **one example per row**, shape ``(batch, n_in)``, so the same
layer reads ``H = X W^T + b``; ``W`` has shape ``(n_out, n_in)`` exactly like the ``weight`` of
:class:`torch.nn.Linear`, so weights copy to and from PyTorch without transposing. The affine
part (:class:`Dense`) and the non-linearity (:class:`Activation`) are two separate objects, like
``nn.Linear`` and ``nn.ReLU``.

Every layer has

* ``forward(x)``: computes the output and remembers what the backward pass needs;
* ``backward(grad_out)``: receives ``dL/d(output)`` and returns ``dL/d(input)``, and *adds*
  ``dL/d(parameter)`` to ``grads`` (like PyTorch's ``.grad``, gradients accumulate until
  :meth:`Layer.zero_grad`);
* ``params`` and ``grads``: dicts ``name -> array`` with the same keys. An optimiser updates the
  arrays of ``params`` **in place**, so never rebind them;
* ``train()`` / ``eval()``: the mode (it only changes :class:`Dropout`).

The backward pass of a stack is the lecture's recursion from the output down:
``dL/dw_ij(k) = dL/dx_i(k) phi'(h_i(k)) x_j(k-1)``: :class:`Activation` multiplies by
``phi'(h(k))``, :class:`Dense` multiplies by ``x(k-1)`` to get ``dL/dW(k)`` and by ``W(k)`` to hand
``dL/dx(k-1)`` to the layer below.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ._validation import as_batch, as_float_array, as_rng, positive_int, unit_interval
from .activations import ACTIVATIONS

__all__ = ["Layer", "Dense", "Activation", "Dropout", "Sequential", "mlp", "add_bias_column"]


def param_dict(layer) -> dict:
    """The parameters of a layer or a model as a dict (``layer.params`` or ``model.params()``)."""
    params = layer.params
    return params() if callable(params) else params


def grad_dict(layer) -> dict:
    """The gradients of a layer or a model as a dict (``layer.grads`` or ``model.grads()``)."""
    grads = layer.grads
    return grads() if callable(grads) else grads


class Layer:
    """Base class of the layers: no parameters, training mode, ``layer(x)`` calls ``forward``.

    Book chapter: *Artificial neural networks* (book/nn/layers.md).

    Subclasses fill ``params`` and ``grads`` (dicts with the same keys and array shapes) and
    implement :meth:`forward` and :meth:`backward`.

    Attributes
    ----------
    params : dict of str to np.ndarray
        The trainable parameters (updated in place by the optimisers).
    grads : dict of str to np.ndarray
        ``dL/d(parameter)``, accumulated by :meth:`backward`.
    training : bool
        ``True`` in training mode (the default), ``False`` in evaluation mode.
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.training = True

    def forward(self, x):  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, grad_out):  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def train(self, mode: bool = True):
        """Set training mode (``mode=True``) or evaluation mode; returns the layer."""
        self.training = bool(mode)
        return self

    def eval(self):
        """Set evaluation mode; returns the layer."""
        return self.train(False)

    def zero_grad(self) -> None:
        """Set every gradient to 0 (in place)."""
        for g in self.grads.values():
            g[...] = 0

    @property
    def n_params(self) -> int:
        """Number of trainable scalars."""
        return int(sum(p.size for p in self.params.values()))

    def _check_grad_out(self, grad_out, expected_shape: tuple) -> np.ndarray:
        g = as_float_array(grad_out, "grad_out")
        if g.shape != expected_shape:
            raise ParameterError(
                f"{type(self).__name__}.backward: grad_out has shape {g.shape}, but the output of the "
                f"last forward pass had shape {expected_shape}"
            )
        return g

    def _forgot_forward(self):
        return ParameterError(f"{type(self).__name__}.backward called before forward: run forward(x) first")


# ---- Dense ---------------------------------------------------------------------------------


class Dense(Layer):
    """Fully connected (affine) layer ``y = x W^T + b`` on a batch ``x`` of shape ``(batch, n_in)``.

    Row ``n`` of the output is the lecture's ``h = W x_n + b`` for example ``x_n``: one neuron per
    output, neuron ``i`` having the weights ``W[i, :]`` and the bias ``b[i]``. Equal to
    :class:`torch.nn.Linear` with the same ``weight`` (``W``) and ``bias`` (``b``).

    Book chapter: *Artificial neural networks* (book/nn/layers.md, book/nn/backprop.md).

    Parameters
    ----------
    n_in : int
        Number of inputs per example.
    n_out : int
        Number of neurons (outputs per example).
    rng : None, int or numpy.random.Generator
        Random generator (or seed) for the initial weights.
    init : {"he", "xavier", "zeros"}
        Initial weights: ``"he"`` (Kaiming) draws ``N(0, 2 / n_in)``, which keeps the variance of
        the activations constant through ReLU layers; ``"xavier"`` (Glorot) draws
        ``N(0, 2 / (n_in + n_out))``, suited to tanh and sigmoid; ``"zeros"`` gives zeros (every
        neuron then computes the same thing and gets the same gradient: a classroom example of
        why the symmetry must be broken). The bias starts at 0.
    dtype : numpy dtype
        Floating-point type of the parameters (float64 by default; the inputs are cast to it).

    Attributes
    ----------
    params : dict
        ``"W"``, shape ``(n_out, n_in)``, and ``"b"``, shape ``(n_out,)``.
    grads : dict
        ``dL/dW`` and ``dL/db``, same shapes.

    Raises
    ------
    ParameterError
        For non-positive sizes or an unknown ``init``; in :meth:`forward`, for an input that is
        not of shape ``(batch, n_in)``.

    See Also
    --------
    Activation, Sequential, mlp, add_bias_column, torch.nn.Linear

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Dense
    >>> layer = Dense(3, 2, rng=0)
    >>> layer.params["W"][...] = [[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]
    >>> layer.params["b"][...] = [0.0, 1.0]
    >>> layer.forward(np.array([[1.0, 2.0, 3.0]]))
    array([[-2.,  4.]])
    >>> layer.backward(np.array([[1.0, 0.0]]))    # dL/dx for L = first output
    array([[ 1.,  0., -1.]])
    >>> layer.grads["W"]
    array([[1., 2., 3.],
           [0., 0., 0.]])
    """

    def __init__(self, n_in: int, n_out: int, *, rng=None, init: str = "he", dtype=np.float64):
        super().__init__()
        self.n_in = positive_int(n_in, "n_in")
        self.n_out = positive_int(n_out, "n_out")
        try:
            self.dtype = np.dtype(dtype)
        except TypeError as exc:
            raise ParameterError(f"dtype must be a numpy floating-point type, got {dtype!r}") from exc
        if not np.issubdtype(self.dtype, np.floating):
            raise ParameterError(f"dtype must be a floating-point type, got {self.dtype}")
        rng = as_rng(rng)
        if init == "he":
            std = np.sqrt(2.0 / self.n_in)
        elif init == "xavier":
            std = np.sqrt(2.0 / (self.n_in + self.n_out))
        elif init == "zeros":
            std = 0.0
        else:
            raise ParameterError(f"init must be 'he', 'xavier' or 'zeros', got {init!r}")
        W = (std * rng.standard_normal((self.n_out, self.n_in))).astype(self.dtype)
        self.params = {"W": W, "b": np.zeros(self.n_out, dtype=self.dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self._x = None

    def forward(self, x) -> np.ndarray:
        """``x W^T + b`` for ``x`` of shape ``(batch, n_in)``; returns shape ``(batch, n_out)``."""
        x = as_batch(x, "x", self.n_in, dtype=self.dtype, what="n_in")
        self._x = x
        return x @ self.params["W"].T + self.params["b"]

    def backward(self, grad_out) -> np.ndarray:
        """Add ``dL/dW = grad_out^T x`` and ``dL/db = sum of grad_out over the batch`` to ``grads``.

        Returns ``dL/dx = grad_out W``, shape ``(batch, n_in)``.
        """
        if self._x is None:
            raise self._forgot_forward()
        g = self._check_grad_out(grad_out, (self._x.shape[0], self.n_out))
        self.grads["W"] += g.T @ self._x
        self.grads["b"] += g.sum(axis=0)
        return g @ self.params["W"]

    def __repr__(self) -> str:
        return f"Dense(n_in={self.n_in}, n_out={self.n_out})"


def add_bias_column(x) -> np.ndarray:
    """Append a constant 1 to every input, the lecture's bias trick.

    With ``x_b = [x, 1]`` and ``W_b = [W | b]`` (the bias as an extra column of weights),
    ``W_b x_b = W x + b``: a layer with a bias is a layer without one on an input with an extra
    constant feature.

    Book chapter: *Artificial neural networks* (book/nn/layers.md).

    Parameters
    ----------
    x : array_like
        One example, shape ``(n,)``, or a batch, shape ``(batch, n)``.

    Returns
    -------
    x_b : np.ndarray
        Shape ``(n + 1,)`` or ``(batch, n + 1)``, float, last entry (column) 1.

    Raises
    ------
    ParameterError
        If ``x`` is not 1-D or 2-D.

    See Also
    --------
    Dense

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import add_bias_column
    >>> W, b = np.array([[1.0, 2.0]]), np.array([10.0])
    >>> x = np.array([3.0, 4.0])
    >>> add_bias_column(x)
    array([3., 4., 1.])
    >>> np.hstack([W, b[:, None]]) @ add_bias_column(x), W @ x + b
    (array([21.]), array([21.]))
    """
    x = as_float_array(x, "x")
    if x.ndim not in (1, 2):
        raise ParameterError(f"x must have shape (n,) or (batch, n), got shape {x.shape}")
    ones = np.ones(x.shape[:-1] + (1,), dtype=x.dtype)
    return np.concatenate([x, ones], axis=-1)


# ---- Activation ----------------------------------------------------------------------------


class Activation(Layer):
    """Element-wise non-linearity ``x(k) = phi(h(k))``, with ``phi`` chosen by name.

    The backward pass multiplies the incoming gradient by ``phi'(h(k))`` (element-wise): the
    middle factor of the lecture's ``dL/dx_i(k) phi'(h_i(k)) x_j(k-1)``.

    Book chapter: *Artificial neural networks* (book/nn/neuron.md, book/nn/backprop.md).

    Parameters
    ----------
    name : {"relu", "sigmoid", "tanh", "identity", "heaviside"}
        A key of :data:`mirlab.nn.ACTIVATIONS`. (``"heaviside"`` has a zero derivative: a
        network using it does not learn, which the book shows.)

    Raises
    ------
    ParameterError
        If the name is unknown.

    See Also
    --------
    mirlab.nn.ACTIVATIONS, Dense

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Activation
    >>> act = Activation("relu")
    >>> act.forward(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    >>> act.backward(np.array([[5.0, 5.0]]))
    array([[0., 5.]])
    """

    def __init__(self, name: str = "relu"):
        super().__init__()
        if name not in ACTIVATIONS:
            raise ParameterError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
        self.name = name
        self.f, self.f_grad = ACTIVATIONS[name]
        self._h = None

    def forward(self, x) -> np.ndarray:
        h = as_float_array(x, "x")
        self._h = h
        return self.f(h)

    def backward(self, grad_out) -> np.ndarray:
        if self._h is None:
            raise self._forgot_forward()
        g = self._check_grad_out(grad_out, self._h.shape)
        return g * self.f_grad(self._h)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


# ---- Dropout -------------------------------------------------------------------------------


class Dropout(Layer):
    """Inverted dropout (Srivastava et al., 2014): zero each unit with probability ``p`` in training.

    In training mode every forward pass draws a new mask ``m`` with ``m = 0`` with probability
    ``p`` and ``m = 1 / (1 - p)`` otherwise, and returns ``x * m``: the expected output is ``x``,
    so in evaluation mode the layer is the identity (no rescaling at test time). The backward
    pass multiplies by the same mask. Equal in law to :class:`torch.nn.Dropout`.

    Book chapter: *Optimisation* (book/optim/regularisation.md).

    Parameters
    ----------
    p : float
        Probability of dropping a unit, in ``[0, 1)``.
    rng : None, int or numpy.random.Generator
        Random generator (or seed) for the masks.

    Attributes
    ----------
    mask : np.ndarray or None
        The mask of the last forward pass in training mode (``None`` in evaluation mode).
    fixed_mask : np.ndarray or None
        When set, used instead of a fresh random mask in training mode (it must have the
        shape of the input and hold the scaled values ``0`` or ``1 / (1 - p)``): this makes the
        layer deterministic, e.g. for a finite-difference gradient check.

    Raises
    ------
    ParameterError
        If ``p`` is not in ``[0, 1)``.

    See Also
    --------
    mlp, torch.nn.Dropout

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Dropout
    >>> drop = Dropout(0.5, rng=0)
    >>> x = np.ones((1, 8))
    >>> drop.forward(x)                      # training mode: zeros, and survivors scaled by 2
    array([[2., 0., 0., 0., 2., 2., 2., 2.]])
    >>> drop.eval().forward(x)               # evaluation mode: identity
    array([[1., 1., 1., 1., 1., 1., 1., 1.]])
    """

    def __init__(self, p: float = 0.5, *, rng=None):
        super().__init__()
        self.p = unit_interval(p, "p")
        self.rng = as_rng(rng)
        self.mask = None
        self.fixed_mask = None
        self._shape = None

    def forward(self, x) -> np.ndarray:
        x = as_float_array(x, "x")
        self._shape = x.shape
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.fixed_mask is not None:
            mask = np.asarray(self.fixed_mask, dtype=x.dtype)
            if mask.shape != x.shape:
                raise ParameterError(f"Dropout.fixed_mask has shape {mask.shape}, but x has shape {x.shape}")
        else:
            mask = (self.rng.random(x.shape) >= self.p).astype(x.dtype) / (1.0 - self.p)
        self.mask = mask
        return x * mask

    def backward(self, grad_out) -> np.ndarray:
        if self._shape is None:
            raise self._forgot_forward()
        g = self._check_grad_out(grad_out, self._shape)
        return g if self.mask is None else g * self.mask

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


# ---- Sequential ----------------------------------------------------------------------------


class Sequential:
    """A stack of layers: ``forward`` goes up through them, ``backward`` comes back down.

    ``params()`` and ``grads()`` gather the parameters of all the layers in flat dicts with keys
    ``"<index>.<name>"`` (``"0.W"``, ``"0.b"``, ``"2.W"``, ...), which hold the layers' own arrays
    (not copies): give ``params()`` to an optimiser and it trains the model. The indices are those
    of :class:`torch.nn.Sequential`, so ``"2.W"`` is the ``"2.weight"`` of the PyTorch twin.

    Book chapter: *Artificial neural networks* (book/nn/layers.md, book/nn/backprop.md).

    Parameters
    ----------
    *layers : Layer
        The layers, input side first (objects with ``forward``, ``backward``, ``params`` and
        ``grads``; a :class:`Sequential` can be nested).

    Raises
    ------
    ParameterError
        If a layer lacks ``forward`` or ``backward``.

    See Also
    --------
    mlp, Dense, Activation, Dropout, torch.nn.Sequential

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Sequential, Dense, Activation
    >>> model = Sequential(Dense(2, 3, rng=0), Activation("tanh"), Dense(3, 1, rng=1))
    >>> sorted(model.params())
    ['0.W', '0.b', '2.W', '2.b']
    >>> model.n_params
    13
    >>> y = model.forward(np.ones((5, 2)))
    >>> dx = model.backward(np.ones((5, 1)))
    >>> y.shape, dx.shape, model.grads()["0.W"].shape
    ((5, 1), (5, 2), (3, 2))
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not (hasattr(layer, "forward") and hasattr(layer, "backward") and hasattr(layer, "params")):
                raise ParameterError(
                    f"layer {i} ({layer!r}) is not a layer: it needs forward, backward, params and grads"
                )
        self.layers = list(layers)
        self.training = True

    def forward(self, x) -> np.ndarray:
        """Output of the last layer for the batch ``x``."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    __call__ = forward

    def backward(self, grad_out) -> np.ndarray:
        """Backpropagate ``dL/d(output)`` through the layers (last first); returns ``dL/d(input)``."""
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def params(self) -> dict:
        """All parameters, ``{"<layer index>.<name>": array}`` (the layers' own arrays)."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in param_dict(layer).items()}

    def grads(self) -> dict:
        """All gradients, with the keys of :meth:`params`."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in grad_dict(layer).items()}

    def zero_grad(self) -> None:
        """Set every gradient to 0 (in place)."""
        for g in self.grads().values():
            g[...] = 0

    def train(self, mode: bool = True):
        """Set training mode on every layer; returns the model."""
        self.training = bool(mode)
        for layer in self.layers:
            layer.train(mode)
        return self

    def eval(self):
        """Set evaluation mode on every layer (dropout off); returns the model."""
        return self.train(False)

    @property
    def n_params(self) -> int:
        """Number of trainable scalars."""
        return int(sum(p.size for p in self.params().values()))

    def state_dict(self) -> dict:
        """A copy of the parameters (``{key: array copy}``), e.g. to keep the best model."""
        return {k: v.copy() for k, v in self.params().items()}

    def load_state_dict(self, state: dict) -> None:
        """Copy ``state`` (from :meth:`state_dict`) into the parameters, in place.

        Raises
        ------
        ParameterError
            If the keys or the shapes differ from the model's.
        """
        params = self.params()
        if set(state) != set(params):
            missing, extra = sorted(set(params) - set(state)), sorted(set(state) - set(params))
            raise ParameterError(f"state keys do not match the model: missing {missing}, unexpected {extra}")
        for k, p in params.items():
            value = np.asarray(state[k])
            if value.shape != p.shape:
                raise ParameterError(f"state[{k!r}] has shape {value.shape}, but the parameter has shape {p.shape}")
            p[...] = value

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self) -> str:
        inner = ",\n".join(f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"


def mlp(
    sizes,
    activation: str = "relu",
    *,
    dropout: float = 0.0,
    rng=None,
    init: str | None = None,
    dtype=np.float64,
) -> Sequential:
    """A multilayer perceptron: Dense, Activation (and Dropout) for each hidden layer, then Dense.

    ``mlp([n_in, h1, h2, n_out])`` gives ``Dense(n_in, h1), Activation, Dense(h1, h2), Activation,
    Dense(h2, n_out)``: no activation after the last layer, whose outputs are the scores (logits)
    that the losses :func:`~mirlab.nn.softmax_cross_entropy` and
    :func:`~mirlab.nn.binary_cross_entropy_with_logits` expect. With ``dropout > 0`` a
    :class:`Dropout` follows each hidden activation.

    Book chapter: *Artificial neural networks* (book/nn/layers.md).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first, at least two.
    activation : str
        Hidden activation, a key of :data:`mirlab.nn.ACTIVATIONS`.
    dropout : float
        Dropout probability after each hidden layer, in ``[0, 1)``; 0 adds no Dropout layer.
    rng : None, int or numpy.random.Generator
        Random generator (or seed) for the initial weights and the dropout masks.
    init : {"he", "xavier", "zeros"} or None
        Weight initialisation; by default ``"he"`` for ReLU and ``"xavier"`` otherwise.
    dtype : numpy dtype
        Floating-point type of the parameters.

    Returns
    -------
    model : Sequential

    Raises
    ------
    ParameterError
        If ``sizes`` has fewer than two entries or a non-positive one, or the activation is
        unknown.

    See Also
    --------
    Sequential, Dense, Activation, Dropout

    Examples
    --------
    >>> from mirlab.nn import mlp
    >>> model = mlp([4, 8, 3], "relu", dropout=0.2, rng=0)
    >>> model
    Sequential(
      (0): Dense(n_in=4, n_out=8),
      (1): Activation('relu'),
      (2): Dropout(p=0.2),
      (3): Dense(n_in=8, n_out=3)
    )
    >>> model.n_params  # (4 * 8 + 8) + (8 * 3 + 3)
    67
    """
    try:
        sizes = list(sizes)
    except TypeError as exc:
        raise ParameterError(f"sizes must be a sequence of layer widths, got {sizes!r}") from exc
    if len(sizes) < 2:
        raise ParameterError(f"sizes needs at least two entries (inputs and outputs), got {sizes!r}")
    sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if activation not in ACTIVATIONS:
        raise ParameterError(f"unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)}")
    dropout = unit_interval(dropout, "dropout")
    if init is None:
        init = "he" if activation == "relu" else "xavier"
    rng = as_rng(rng)
    layers: list = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(n_in, n_out, rng=rng, init=init, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(Activation(activation))
            if dropout > 0:
                layers.append(Dropout(dropout, rng=rng))
    return Sequential(*layers)

