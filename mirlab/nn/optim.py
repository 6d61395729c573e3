"""Gradient-descent optimisers: SGD (with momentum), Adagrad, RMSprop, Adadelta, Adam, AdamW.

Book chapter: *Optimisation* (book/optim/gradient_descent.md, book/optim/adaptive.md).

Each optimiser holds a dict of parameter arrays (``model.params()``) and updates them **in
place** from a dict of gradients with the same keys (``model.grads()``)::

    opt = Adam(model.params(), lr=1e-3)
    for X, t in batches:
        model.zero_grad()
        value, grad = loss(model.forward(X), t)
        model.backward(grad)
        opt.step(model.grads())

The update rules are those of :mod:`torch.optim` (PyTorch 2.x, ``maximize=False``), written
with NumPy in the same order of operations; the tests check that every optimiser follows its
PyTorch twin step for step. Below ``g`` is the gradient, ``theta`` a parameter, ``t`` the step
number (from 1) and all operations are element-wise.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from ..errors import ParameterError

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "OPTIMIZERS"]


def _number(value, name: str, *, low: float = 0.0, high: float | None = None, open_high: bool = False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value) and value >= low
    if ok and high is not None:
        ok = value < high if open_high else value <= high
    if not ok:
        if high is None:
            rng = f">= {low}"
        else:
            rng = f"in [{low}, {high}{')' if open_high else ']'}"
        raise ParameterError(f"{name} must be a number {rng}, got {value!r}")
    return float(value)


class Optimizer:
    """Base class: holds the parameters and a state per parameter, checks the gradients.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        The parameters to update in place (floating-point, writable arrays), e.g.
        ``model.params()``.
    lr : float
        Learning rate ``eta`` (an attribute: it can be changed between steps).

    Attributes
    ----------
    params : dict
        The parameter arrays (the model's own arrays).
    state : dict
        Per-parameter state (moment estimates, ...), keyed like ``params``.
    n_steps : int
        Number of steps taken.
    """

    def __init__(self, params, lr: float):
        if not isinstance(params, Mapping):
            raise ParameterError(
                f"params must be a dict name -> array (e.g. model.params()), got {type(params).__name__}"
            )
        if len(params) == 0:
            raise ParameterError("params is empty: there is nothing to optimise")
        for k, p in params.items():
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                what = f"dtype {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
                raise ParameterError(
                    f"params[{k!r}] must be a floating-point numpy array (updated in place), got {what}"
                )
            if not p.flags.writeable:
                raise ParameterError(f"params[{k!r}] is read-only; the optimiser updates it in place")
        self.params = dict(params)
        self.lr = _number(lr, "lr")
        self.state: dict[str, dict] = {k: {} for k in self.params}
        self.n_steps = 0

    def _check_grads(self, grads) -> dict:
        if not isinstance(grads, Mapping):
            raise ParameterError(f"grads must be a dict name -> array (e.g. model.grads()), got {type(grads).__name__}")
        if set(grads) != set(self.params):
            missing = sorted(set(self.params) - set(grads))
            extra = sorted(set(grads) - set(self.params))
            raise ParameterError(f"grads keys do not match params: missing {missing}, unexpected {extra}")
        out = {}
        for k, p in self.params.items():
            g = np.asarray(grads[k])
            if g.shape != p.shape:
                raise ParameterError(f"grads[{k!r}] has shape {g.shape}, but params[{k!r}] has shape {p.shape}")
            out[k] = g.astype(p.dtype, copy=False)
        return out

    def step(self, grads) -> None:
        """Update every parameter in place from ``grads`` (a dict with the keys of ``params``).

        Raises
        ------
        ParameterError
            If the keys or the shapes of ``grads`` do not match ``params``.
        """
        grads = self._check_grads(grads)
        self.n_steps += 1
        for k, p in self.params.items():
            self._update(p, grads[k], self.state[k])

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("params", "state", "n_steps"))
        return f"{type(self).__name__}({hyper})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (heavy ball or Nesterov) and weight decay.

    ``g <- g + lambda theta`` (weight decay); with momentum ``mu``: ``b <- mu b + (1 - tau) g``
    (``b = g`` at the first step), then ``g <- g + mu b`` (Nesterov) or ``g <- b``; finally
    ``theta <- theta - eta g``. Equal to :class:`torch.optim.SGD`.

    Book chapter: *Optimisation* (book/optim/gradient_descent.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        Parameters, updated in place.
    lr : float
        Learning rate ``eta``.
    momentum : float
        Momentum ``mu >= 0``.
    dampening : float
        Dampening ``tau`` of the momentum.
    nesterov : bool
        Nesterov momentum (needs ``momentum > 0`` and ``dampening = 0``).
    weight_decay : float
        L2 penalty ``lambda``.

    Raises
    ------
    ParameterError
        For a negative hyper-parameter or Nesterov without momentum.

    See Also
    --------
    Adam, torch.optim.SGD

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import SGD
    >>> theta = {"w": np.array([1.0, -2.0])}
    >>> opt = SGD(theta, lr=0.1)
    >>> opt.step({"w": np.array([1.0, 1.0])})
    >>> theta["w"]
    array([ 0.9, -2.1])
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0):
        super().__init__(params, lr)
        self.momentum = _number(momentum, "momentum")
        self.dampening = _number(dampening, "dampening")
        self.nesterov = bool(nesterov)
        self.weight_decay = _number(weight_decay, "weight_decay")
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ParameterError("Nesterov momentum requires momentum > 0 and dampening = 0")

    def _update(self, p, g, state):
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        if self.momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = g.copy()
            else:
                buf *= self.momentum
                buf += (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        p -= self.lr * g


class Adagrad(Optimizer):
    """Adagrad: each parameter's step is divided by the root of its summed squared gradients.

    ``s <- s + g^2``, ``theta <- theta - eta_t g / (sqrt(s) + eps)`` with
    ``eta_t = eta / (1 + (t - 1) lr_decay)``; ``s`` starts at ``initial_accumulator_value``. Rarely
    updated parameters keep large steps, often updated ones slow down (for good: the rate only
    decreases). Equal to :class:`torch.optim.Adagrad`.

    Book chapter: *Optimisation* (book/optim/adaptive.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        Parameters, updated in place.
    lr : float
        Learning rate ``eta``.
    lr_decay : float
        Decay of the learning rate with the step number.
    weight_decay : float
        L2 penalty (added to the gradient).
    initial_accumulator_value : float
        Initial value of ``s``.
    eps : float
        Added to the denominator.

    See Also
    --------
    RMSprop, Adadelta, torch.optim.Adagrad

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Adagrad
    >>> theta = {"w": np.array([1.0, 1.0])}
    >>> opt = Adagrad(theta, lr=0.5)
    >>> opt.step({"w": np.array([4.0, 0.01])})   # the first step has size lr whatever the gradient
    >>> np.round(theta["w"], 6)
    array([0.5, 0.5])
    """

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10):
        super().__init__(params, lr)
        self.lr_decay = _number(lr_decay, "lr_decay")
        self.weight_decay = _number(weight_decay, "weight_decay")
        self.initial_accumulator_value = _number(initial_accumulator_value, "initial_accumulator_value")
        self.eps = _number(eps, "eps")

    def _update(self, p, g, state):
        if "sum" not in state:
            state["sum"] = np.full_like(p, self.initial_accumulator_value)
            state["step"] = 0
        state["step"] += 1
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        clr = self.lr / (1.0 + (state["step"] - 1) * self.lr_decay)
        state["sum"] += g * g
        p -= clr * g / (np.sqrt(state["sum"]) + self.eps)


class RMSprop(Optimizer):
    """RMSprop: divide the step by a running root-mean-square of the recent gradients.

    ``v <- alpha v + (1 - alpha) g^2``; centred variant: ``m <- alpha m + (1 - alpha) g`` and
    ``v - m^2`` (a variance) replaces ``v``; then ``theta <- theta - eta g / (sqrt(v) + eps)``, or
    with momentum ``mu``: ``b <- mu b + g / (sqrt(v) + eps)``, ``theta <- theta - eta b``. Unlike
    Adagrad, old gradients are forgotten. Equal to :class:`torch.optim.RMSprop`.

    Book chapter: *Optimisation* (book/optim/adaptive.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        Parameters, updated in place.
    lr : float
        Learning rate ``eta``.
    alpha : float
        Smoothing constant of the running averages.
    eps : float
        Added to the denominator.
    weight_decay : float
        L2 penalty (added to the gradient).
    momentum : float
        Momentum ``mu``.
    centered : bool
        Normalise by the estimated variance instead of the second moment.

    See Also
    --------
    Adagrad, Adam, torch.optim.RMSprop

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import RMSprop
    >>> theta = {"w": np.array([0.0])}
    >>> opt = RMSprop(theta, lr=0.01, alpha=0.99)
    >>> opt.step({"w": np.array([3.0])})     # v = 0.01 * 9, step = 0.01 * 3 / 0.3
    >>> np.round(theta["w"], 6)
    array([-0.1])
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False):
        super().__init__(params, lr)
        self.alpha = _number(alpha, "alpha")
        self.eps = _number(eps, "eps")
        self.weight_decay = _number(weight_decay, "weight_decay")
        self.momentum = _number(momentum, "momentum")
        self.centered = bool(centered)

    def _update(self, p, g, state):
        if "square_avg" not in state:
            state["square_avg"] = np.zeros_like(p)
            if self.momentum > 0:
                state["momentum_buffer"] = np.zeros_like(p)
            if self.centered:
                state["grad_avg"] = np.zeros_like(p)
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        square_avg = state["square_avg"]
        square_avg *= self.alpha
        square_avg += (1.0 - self.alpha) * g * g
        if self.centered:
            grad_avg = state["grad_avg"]
            grad_avg += (1.0 - self.alpha) * (g - grad_avg)
            avg = np.sqrt(square_avg - grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += self.eps
        if self.momentum > 0:
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += g / avg
            p -= self.lr * buf
        else:
            p -= self.lr * g / avg


class Adadelta(Optimizer):
    """Adadelta: RMSprop whose step is rescaled by a running RMS of the previous steps.

    ``v <- rho v + (1 - rho) g^2``, ``delta = sqrt(u + eps) / sqrt(v + eps) g``,
    ``u <- rho u + (1 - rho) delta^2``, ``theta <- theta - eta delta``. The ratio of RMS gives the
    step the units of ``theta``, so ``eta = 1`` works without tuning. Equal to
    :class:`torch.optim.Adadelta`.

    Book chapter: *Optimisation* (book/optim/adaptive.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        Parameters, updated in place.
    lr : float
        Scale ``eta`` of the step (1 in the original method).
    rho : float
        Smoothing constant of the running averages, in ``[0, 1]``.
    eps : float
        Added inside the square roots.
    weight_decay : float
        L2 penalty (added to the gradient).

    See Also
    --------
    RMSprop, torch.optim.Adadelta

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Adadelta
    >>> theta = {"w": np.array([1.0])}
    >>> Adadelta(theta).step({"w": np.array([2.0])})
    >>> np.round(theta["w"], 6)      # the first steps are tiny: sqrt(eps) / RMS(g) * g
    array([0.996838])
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0.0):
        super().__init__(params, lr)
        self.rho = _number(rho, "rho", high=1.0)
        self.eps = _number(eps, "eps")
        self.weight_decay = _number(weight_decay, "weight_decay")

    def _update(self, p, g, state):
        if "square_avg" not in state:
            state["square_avg"] = np.zeros_like(p)
            state["acc_delta"] = np.zeros_like(p)
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= self.rho
        square_avg += (1.0 - self.rho) * g * g
        std = np.sqrt(square_avg + self.eps)
        delta = np.sqrt(acc_delta + self.eps) / std * g
        acc_delta *= self.rho
        acc_delta += (1.0 - self.rho) * delta * delta
        p -= self.lr * delta


class Adam(Optimizer):
    """Adam: momentum on the gradient and RMSprop scaling, both bias-corrected.

    ``m <- beta1 m + (1 - beta1) g``, ``v <- beta2 v + (1 - beta2) g^2``,
    ``theta <- theta - eta (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)``; AMSGrad uses the
    running maximum of ``v`` instead of ``v``. Weight decay is added to the gradient (L2 penalty);
    see :class:`AdamW` for the decoupled version. Equal to :class:`torch.optim.Adam`.

    Book chapter: *Optimisation* (book/optim/adaptive.md).

    Parameters
    ----------
    params : dict of str to np.ndarray
        Parameters, updated in place.
    lr : float
        Learning rate ``eta`` (about the size of the first steps).
    betas : (float, float)
        ``(beta1, beta2)``, the smoothing constants of the two moments, in ``[0, 1)``.
    eps : float
        Added to the denominator.
    weight_decay : float
        L2 penalty (added to the gradient).
    amsgrad : bool
        Use the AMSGrad variant.

    See Also
    --------
    AdamW, RMSprop, SGD, torch.optim.Adam

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import Adam
    >>> theta = {"w": np.array([1.0, 1.0])}
    >>> opt = Adam(theta, lr=0.1)
    >>> opt.step({"w": np.array([1000.0, 0.1])})   # the first step is about lr * sign(g)
    >>> np.round(theta["w"], 6)
    array([0.9, 0.9])
    """

    _decoupled = False

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False):
        super().__init__(params, lr)
        try:
            beta1, beta2 = betas
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"betas must be a pair (beta1, beta2), got {betas!r}") from exc
        self.betas = (
            _number(beta1, "betas[0]", high=1.0, open_high=True),
            _number(beta2, "betas[1]", high=1.0, open_high=True),
        )
        self.eps = _number(eps, "eps")
        self.weight_decay = _number(weight_decay, "weight_decay")
        self.amsgrad = bool(amsgrad)

    def _update(self, p, g, state):
        if "exp_avg" not in state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_avg_sq"] = np.zeros_like(p)
            if self.amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(p)
        state["step"] += 1
        step = state["step"]
        beta1, beta2 = self.betas
        if self.weight_decay != 0:
            if self._decoupled:
                p *= 1.0 - self.lr * self.weight_decay
            else:
                g = g + self.weight_decay * p
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg += (1.0 - beta1) * (g - exp_avg)
        exp_avg_sq *= beta2
        exp_avg_sq += (1.0 - beta2) * g * g
        bias_correction1 = 1.0 - beta1**step
        bias_correction2_sqrt = (1.0 - beta2**step) ** 0.5
        step_size = self.lr / bias_correction1
        if self.amsgrad:
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            denom = np.sqrt(state["max_exp_avg_sq"]) / bias_correction2_sqrt + self.eps
        else:
            denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt + self.eps
        p -= step_size * exp_avg / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): ``theta <- (1 - eta lambda) theta`` first.

    The decay shrinks the weights directly instead of going through Adam's per-parameter
    scaling. Equal to :class:`torch.optim.AdamW` (whose default ``weight_decay`` is 0.01).

    Book chapter: *Optimisation* (book/optim/adaptive.md).

    Parameters
    ----------
    params, lr, betas, eps, amsgrad
        As in :class:`Adam`.
    weight_decay : float
        Decoupled decay ``lambda``.

    See Also
    --------
    Adam, torch.optim.AdamW

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.nn import AdamW
    >>> theta = {"w": np.array([10.0])}
    >>> AdamW(theta, lr=0.1, weight_decay=0.5).step({"w": np.array([0.0])})
    >>> theta["w"]     # decayed by (1 - 0.1 * 0.5), no gradient step
    array([9.5])
    """

    _decoupled = True

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)


#: The optimisers by (lower-case) name, e.g. for a widget that picks one.
OPTIMIZERS = {
    "sgd": SGD,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adadelta": Adadelta,
    "adam": Adam,
    "adamw": AdamW,
}
