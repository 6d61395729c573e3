"""Clip-level feature vectors: summary statistics of frame-wise descriptors.

Book chapter: *Optimisation*, worked example (book/optim/instruments.md); the MFCCs themselves
are taught step by step in the classical-MIR chapter.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from .audio import valid_audio

__all__ = ["mfcc_statistics", "dataset_features"]


def mfcc_statistics(y: np.ndarray, *, sr: int, n_mfcc: int = 20) -> np.ndarray:
    """Mean and standard deviation over time of the MFCCs and of their deltas.

    A fixed-size description of a clip's timbre (``4 * n_mfcc`` numbers) for classical
    classifiers and small networks.

    Book chapter: *Optimisation*, worked example (book/optim/instruments.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : int
        Sampling rate in Hz.
    n_mfcc : int
        Number of MFCCs.

    Returns
    -------
    features : np.ndarray, shape (4 * n_mfcc,)
        ``[mean(MFCC), std(MFCC), mean(delta), std(delta)]``.

    See Also
    --------
    librosa.feature.mfcc, librosa.feature.delta

    Examples
    --------
    >>> from mirlab import features, signals
    >>> y = signals.harmonic_tone(440.0, 1.0, sr=22050)
    >>> features.mfcc_statistics(y, sr=22050).shape
    (80,)
    """
    import librosa

    y = valid_audio(y, mono=True, allow_silent=False)
    mfcc = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=n_mfcc)
    delta = librosa.feature.delta(mfcc, mode="nearest")
    return np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1), delta.mean(axis=1), delta.std(axis=1)])


def dataset_features(
    dataset,
    *,
    label: str,
    feature: Callable[..., np.ndarray] = mfcc_statistics,
    sr: Optional[int] = 22050,
    classes: Optional[list] = None,
    progress: bool = False,
):
    """Feature matrix and integer labels of every track of a :class:`mirlab.data.Dataset`.

    Book chapter: *Optimisation*, worked example (book/optim/instruments.md).

    Parameters
    ----------
    dataset : mirlab.data.Dataset
        E.g. ``load_synth("instruments")``.
    label : str
        The annotation holding each track's class, e.g. ``"instrument"`` or ``"genre"``.
    feature : callable
        ``feature(y, sr=sr) -> 1-D array``; default :func:`mfcc_statistics`.
    sr : int or None
        Rate to load the audio at (None: the file's own).
    classes : list of str, optional
        Class names in label order (default: the sorted labels found).
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    X : np.ndarray, shape (n_tracks, n_features)
    y : np.ndarray of int, shape (n_tracks,)
    classes : list of str
    """
    from tqdm.auto import tqdm

    if classes is None:
        classes = sorted({t.annotations[label] for t in dataset})
    X, y = [], []
    for track in tqdm(dataset, desc="features", unit="clip", disable=not progress):
        audio, rate = track.load_audio(sr=sr)
        X.append(feature(audio, sr=rate))
        y.append(classes.index(track.annotations[label]))
    return np.array(X), np.array(y), list(classes)
