"""mirlab: the package of the course *Deep learning for music information retrieval*.

It is two things at once:

* the **answer key** of the course's labs: every exercise a student implements has a reference
  implementation here, and :mod:`mirlab.checks` compares the student's function with it;
* a small, tested **MIR toolkit** whose algorithms are cross-checked against librosa, scipy and
  mir_eval in the unit tests.

Submodules are imported on first use (``mirlab.spectral``, ``mirlab.audio``, ...), so
``import mirlab`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "analyze",
    "audio",
    "beats",
    "checks",
    "chords",
    "chroma",
    "classifiers",
    "convert",
    "data",
    "display",
    "errors",
    "features",
    "key",
    "labs",
    "mfcc",
    "nn",
    "onsets",
    "results",
    "sequence",
    "signals",
    "spectral",
    "tempo",
}

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'mirlab' has no attribute {name!r}")


def __dir__():
    return __all__
