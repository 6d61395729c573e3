"""Instrument recognition the classical way: MFCC statistics and four classifiers.

Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

A clip becomes one vector (:func:`clip_features`: mean and standard deviation over time of the
MFCCs and of their deltas), and a classifier of the lecture decides: an SVM, a Gaussian mixture
per class (:class:`GaussianMixtureClassifier`), :math:`k` nearest neighbours, or a random forest
(:func:`make_classifier`, each a scikit-learn :class:`~sklearn.pipeline.Pipeline` that first
standardises the features). Evaluation uses a *grouped* cross-validation
(:func:`grouped_cv_accuracy`): clips that share a group (here the pitch, see :func:`track_groups`)
are never split between training and test, so the score measures recognition of the
instrument, not of a recording the model has already heard.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import mfcc as _mfcc
from .audio import valid_audio
from .errors import ParameterError

__all__ = [
    "clip_statistics",
    "clip_features",
    "GaussianMixtureClassifier",
    "make_classifier",
    "CLASSIFIERS",
    "track_groups",
    "grouped_splits",
    "grouped_cv_accuracy",
    "plot_confusion",
]

#: Names accepted by :func:`make_classifier`.
CLASSIFIERS = ("svm", "gmm", "knn", "forest")


# ---- features ----------------------------------------------------------------------------


def clip_statistics(X: np.ndarray) -> np.ndarray:
    """Mean and standard deviation over time of each row of a feature matrix.

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    X : np.ndarray
        Frame-wise features, shape ``(n_features, n_frames)``, at least one frame.

    Returns
    -------
    stats : np.ndarray
        Shape ``(2 * n_features,)``: ``[mean of each row, standard deviation of each row]``
        (population standard deviation, ``ddof=0``).

    Raises
    ------
    ParameterError
        If ``X`` is not a finite 2-D array with at least one frame.

    See Also
    --------
    clip_features

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.classifiers import clip_statistics
    >>> clip_statistics(np.array([[1.0, 3.0], [0.0, 0.0]]))
    array([2., 0., 1., 0.])
    """
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"X must be a numeric array: {exc}") from exc
    if X.ndim != 2 or X.shape[1] == 0:
        raise ParameterError(f"X must have shape (n_features, n_frames) with n_frames >= 1, got {X.shape}")
    if not np.isfinite(X).all():
        raise ParameterError("X contains NaN or infinite values")
    return np.concatenate([X.mean(axis=1), X.std(axis=1)])


def clip_features(y: np.ndarray, *, sr: float, n_mfcc: int = 20, width: int = 9, **mfcc_kwargs) -> np.ndarray:
    """A clip's timbre as one vector: statistics of its MFCCs and of their deltas.

    ``[mean(MFCC), std(MFCC), mean(delta), std(delta)]`` over the frames, ``4 * n_mfcc``
    numbers, with :func:`mirlab.mfcc.mfcc` and :func:`mirlab.mfcc.delta`. For a clip shorter
    than ``width`` frames, the delta window shrinks to the largest odd number of frames
    available (at least 3).

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent, at least 3 frames long.
    sr : number
        Sampling rate in Hz.
    n_mfcc : int
        Number of MFCCs.
    width : int
        Delta window (odd, >= 3).
    **mfcc_kwargs
        More arguments of :func:`mirlab.mfcc.mfcc` (``n_fft``, ``hop_length``, ``n_mels``...).

    Returns
    -------
    features : np.ndarray
        Shape ``(4 * n_mfcc,)``.

    Raises
    ------
    ParameterError
        For an invalid signal or argument, or a clip shorter than 3 frames.
    SilentAudioError
        If ``y`` is digital silence.

    See Also
    --------
    clip_statistics, mirlab.features.mfcc_statistics, mirlab.mfcc.mfcc

    Examples
    --------
    >>> from mirlab import classifiers, signals
    >>> y = signals.harmonic_tone(440.0, 1.0, sr=22050)
    >>> classifiers.clip_features(y, sr=22050).shape
    (80,)
    """
    valid_audio(y, mono=True, allow_silent=False)
    M = _mfcc.mfcc(y, sr=sr, n_mfcc=n_mfcc, **mfcc_kwargs)
    n_frames = M.shape[1]
    if n_frames < 3:
        raise ParameterError(f"the clip has {n_frames} frames; at least 3 are needed for the deltas")
    w = min(width, n_frames if n_frames % 2 else n_frames - 1)
    return np.concatenate([clip_statistics(M), clip_statistics(_mfcc.delta(M, width=w))])


# ---- a Gaussian mixture per class ---------------------------------------------------------

try:  # scikit-learn is a dependency of the package; the import is kept at module level for pickling
    from sklearn.base import BaseEstimator, ClassifierMixin
except ImportError:  # pragma: no cover
    BaseEstimator, ClassifierMixin = object, object


class GaussianMixtureClassifier(ClassifierMixin, BaseEstimator):
    """One Gaussian mixture model per class; decide by maximum log-likelihood + log prior.

    Fitting estimates, for each class :math:`c`, a mixture
    :math:`p(x \\mid c) = \\sum_j \\pi_{cj} \\mathcal{N}(x; \\mu_{cj}, \\Sigma_{cj})` with
    :class:`sklearn.mixture.GaussianMixture` (EM) on the training vectors of that class, and the
    prior :math:`P(c)` as the class frequency (or uniform). Prediction returns
    :math:`\\arg\\max_c \\log p(x \\mid c) + \\log P(c)`; :meth:`predict_proba` gives the
    posteriors :math:`P(c \\mid x)` by Bayes' rule. A scikit-learn estimator: it clones, and
    works in a :class:`~sklearn.pipeline.Pipeline`, :func:`~sklearn.model_selection.cross_val_score`
    and :class:`~sklearn.model_selection.GridSearchCV`.

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    n_components : int
        Gaussians per class (reduced to the number of training vectors of a smaller class).
    covariance_type : {"full", "tied", "diag", "spherical"}
        As in :class:`sklearn.mixture.GaussianMixture`.
    reg_covar : float
        Added to the covariance diagonals (keeps them invertible with few vectors).
    max_iter, n_init : int
        EM iterations and restarts.
    priors : {"empirical", "uniform"}
        Class priors: training frequencies or equal.
    random_state : int or None
        Seed of the EM initialisation.

    Attributes
    ----------
    classes_ : np.ndarray
        The class labels, sorted.
    models_ : list of sklearn.mixture.GaussianMixture
        One fitted mixture per class, in the order of ``classes_``.
    log_prior_ : np.ndarray
        ``log P(c)``.

    See Also
    --------
    make_classifier, sklearn.mixture.GaussianMixture

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.classifiers import GaussianMixtureClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(5, 1, (50, 2))])
    >>> y = np.repeat(["a", "b"], 50)
    >>> gmm = GaussianMixtureClassifier(n_components=2, random_state=0).fit(X, y)
    >>> gmm.predict([[0.0, 0.0], [5.0, 5.0]]).tolist()
    ['a', 'b']
    """

    def __init__(self, n_components=2, *, covariance_type="diag", reg_covar=1e-3, max_iter=200, n_init=1,
                 priors="empirical", random_state=None):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.priors = priors
        self.random_state = random_state

    def fit(self, X, y):
        """Fit one mixture per class. Returns ``self``."""
        from sklearn.mixture import GaussianMixture
        from sklearn.utils.multiclass import check_classification_targets

        X, y = self._validate(X, y, reset=True, with_y=True)
        check_classification_targets(y)
        if isinstance(self.n_components, bool) or not isinstance(self.n_components, numbers.Integral) \
                or self.n_components < 1:
            raise ParameterError(f"n_components must be a positive integer, got {self.n_components!r}")
        if self.priors not in ("empirical", "uniform"):
            raise ParameterError(f"priors must be 'empirical' or 'uniform', got {self.priors!r}")
        self.classes_, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
        self.models_ = []
        for c in range(len(self.classes_)):
            Xc = X[y_index == c]
            gm = GaussianMixture(n_components=min(int(self.n_components), len(Xc)),
                                 covariance_type=self.covariance_type, reg_covar=self.reg_covar,
                                 max_iter=self.max_iter, n_init=self.n_init, random_state=self.random_state)
            self.models_.append(gm.fit(Xc))
        if self.priors == "empirical":
            self.log_prior_ = np.log(counts / counts.sum())
        else:
            self.log_prior_ = np.full(len(self.classes_), -np.log(len(self.classes_)))
        self.n_iter_ = max(int(m.n_iter_) for m in self.models_)
        return self

    def _validate(self, X, y=None, *, reset: bool, with_y: bool = False):
        """scikit-learn's input validation (also records / checks ``n_features_in_``)."""
        try:
            from sklearn.utils.validation import validate_data
        except ImportError:  # scikit-learn < 1.6
            return self._validate_data(X, y, reset=reset) if with_y else self._validate_data(X, reset=reset)
        return validate_data(self, X, y, reset=reset) if with_y else validate_data(self, X, reset=reset)

    def _joint_log_likelihood(self, X) -> np.ndarray:
        """``log p(x | c) + log P(c)``, shape ``(n_samples, n_classes)``."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "models_")
        X = self._validate(X, reset=False)
        return np.column_stack([m.score_samples(X) for m in self.models_]) + self.log_prior_

    def decision_function(self, X) -> np.ndarray:
        """``log p(x | c) + log P(c)`` for each class, shape ``(n_samples, n_classes)``.

        With two classes, scikit-learn's convention: one column, the log-odds
        ``log P(c_1 | x) - log P(c_0 | x)``, shape ``(n_samples,)``.
        """
        jll = self._joint_log_likelihood(X)
        return jll[:, 1] - jll[:, 0] if jll.shape[1] == 2 else jll

    def predict_log_proba(self, X) -> np.ndarray:
        """``log P(c | x)``, shape ``(n_samples, n_classes)``."""
        from scipy.special import logsumexp

        jll = self._joint_log_likelihood(X)
        return jll - logsumexp(jll, axis=1, keepdims=True)

    def predict_proba(self, X) -> np.ndarray:
        """Posteriors ``P(c | x)``, shape ``(n_samples, n_classes)``; rows sum to 1."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X) -> np.ndarray:
        """The class of maximum ``log p(x | c) + log P(c)``."""
        jll = self._joint_log_likelihood(X)  # first: raises NotFittedError before fit
        return self.classes_[np.argmax(jll, axis=1)]


# ---- the four pipelines -------------------------------------------------------------------


def make_classifier(name: str = "svm", **params):
    """A standardise-then-classify scikit-learn pipeline for clip features.

    =========  ==========================================================================
    ``svm``    :class:`sklearn.svm.SVC`, RBF kernel (defaults ``C=10``, ``gamma="scale"``)
    ``gmm``    :class:`GaussianMixtureClassifier` (defaults 2 diagonal Gaussians per class)
    ``knn``    :class:`sklearn.neighbors.KNeighborsClassifier` (default ``n_neighbors=5``)
    ``forest`` :class:`sklearn.ensemble.RandomForestClassifier` (500 trees, ``random_state=0``)
    =========  ==========================================================================

    The first step, ``"scale"``, is a :class:`~sklearn.preprocessing.StandardScaler` fitted on
    the training data only (inside cross-validation too, so no test statistics leak); the
    second is called ``"clf"``, so ``pipe.set_params(clf__C=1.0)`` and grid searches over
    ``"clf__..."`` work.

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    name : {"svm", "gmm", "knn", "forest"}
        Which classifier.
    **params
        Arguments of the classifier, overriding the defaults above.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline

    Raises
    ------
    ParameterError
        For an unknown name or argument.

    See Also
    --------
    GaussianMixtureClassifier, grouped_cv_accuracy

    Examples
    --------
    >>> from mirlab.classifiers import make_classifier
    >>> pipe = make_classifier("knn", n_neighbors=3)
    >>> [step for step, _ in pipe.steps], pipe.named_steps["clf"].n_neighbors
    (['scale', 'clf'], 3)
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    defaults = {
        "svm": (SVC, {"kernel": "rbf", "C": 10.0, "gamma": "scale"}),
        "gmm": (GaussianMixtureClassifier, {"n_components": 2, "covariance_type": "diag", "random_state": 0}),
        "knn": (KNeighborsClassifier, {"n_neighbors": 5}),
        "forest": (RandomForestClassifier, {"n_estimators": 500, "random_state": 0}),
    }
    if name not in defaults:
        raise ParameterError(f"unknown classifier name={name!r}; choose one of {list(CLASSIFIERS)}")
    cls, kwargs = defaults[name]
    try:
        estimator = cls(**{**kwargs, **params})
    except TypeError as exc:
        raise ParameterError(f"invalid argument for the {name} classifier: {exc}") from exc
    return Pipeline([("scale", StandardScaler()), ("clf", estimator)])


# ---- grouped cross-validation -------------------------------------------------------------


def track_groups(dataset, *, by: str = "pitch", width: int = 1) -> np.ndarray:
    """Cross-validation groups of the tracks of a data set, so that nothing leaks.

    ``by="pitch"``: the lowest MIDI pitch of the clip (from its ``"notes"`` annotation, else
    the generator's ``params["pitches"]``), divided by ``width`` semitones and rounded down:
    clips in the same pitch band (whatever their instrument) fall in the same fold, so a test
    note is never a near copy (same sampled note, other loudness or length) of a training
    note. ``by="track"``: every track is its own group (a plain, ungrouped split).

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    dataset : iterable of mirlab.data.Track
        E.g. ``load_synth("instruments")``.
    by : {"pitch", "track"}
        What defines a group.
    width : int
        Width of a pitch band in semitones (1: one group per MIDI pitch; 12: per octave).

    Returns
    -------
    groups : np.ndarray of int
        One group per track.

    Raises
    ------
    ParameterError
        For an unknown ``by``, a bad ``width``, or a track without pitch information.

    See Also
    --------
    grouped_splits, grouped_cv_accuracy

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> from mirlab.classifiers import track_groups
    >>> t = SimpleNamespace(annotations={"notes": (np.array([[0.0, 1.0]]), np.array([440.0]))}, metadata={})
    >>> track_groups([t]).tolist(), track_groups([t], width=12).tolist()
    ([69], [5])
    """
    if by not in ("pitch", "track"):
        raise ParameterError(f"by must be 'pitch' or 'track', got {by!r}")
    if isinstance(width, bool) or not isinstance(width, numbers.Integral) or width < 1:
        raise ParameterError(f"width must be a positive integer, got {width!r}")
    tracks = list(dataset)
    if by == "track":
        return np.arange(len(tracks))
    groups = []
    for track in tracks:
        notes = track.annotations.get("notes") if hasattr(track, "annotations") else None
        if notes is not None and len(notes[1]):
            pitch = int(np.round(69 + 12 * np.log2(np.min(notes[1]) / 440.0)))
        else:
            pitches = track.metadata.get("params", {}).get("pitches") if hasattr(track, "metadata") else None
            if not pitches:
                raise ParameterError(f"track {getattr(track, 'track_id', '?')!r} has no 'notes' annotation and no pitches")
            pitch = int(min(pitches))
        groups.append(pitch // width)
    return np.array(groups)


def grouped_splits(y, groups, *, n_splits: int = 5, seed: int = 0):
    """Train/test index pairs of a stratified, grouped K-fold split.

    :class:`sklearn.model_selection.StratifiedGroupKFold` (shuffled with ``seed``): every
    group is in exactly one test fold, and class proportions are kept as well as the groups
    allow.

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    y : array_like
        Class labels, shape ``(n,)``.
    groups : array_like
        Group of each sample, shape ``(n,)``.
    n_splits : int
        Number of folds, >= 2 and <= the number of groups.
    seed : int
        Shuffling seed.

    Returns
    -------
    splits : list of (np.ndarray, np.ndarray)
        ``(train_index, test_index)`` per fold.

    Raises
    ------
    ParameterError
        For mismatched lengths or too few groups.

    See Also
    --------
    grouped_cv_accuracy, track_groups

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.classifiers import grouped_splits
    >>> y = np.array([0, 0, 1, 1, 0, 1]); groups = np.array([1, 1, 2, 2, 3, 3])
    >>> for train, test in grouped_splits(y, groups, n_splits=3):
    ...     assert not set(groups[train]) & set(groups[test])
    """
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray(y)
    groups = np.asarray(groups)
    if y.ndim != 1 or groups.shape != y.shape:
        raise ParameterError(f"y and groups must be 1-D arrays of the same length, got {y.shape} and {groups.shape}")
    if isinstance(n_splits, bool) or not isinstance(n_splits, numbers.Integral) or n_splits < 2:
        raise ParameterError(f"n_splits must be an integer >= 2, got {n_splits!r}")
    if len(np.unique(groups)) < n_splits:
        raise ParameterError(f"n_splits={n_splits} folds need at least as many groups, got {len(np.unique(groups))}")
    cv = StratifiedGroupKFold(n_splits=int(n_splits), shuffle=True, random_state=seed)
    return list(cv.split(np.zeros((len(y), 1)), y, groups))


def grouped_cv_accuracy(estimator, X, y, groups, *, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """Accuracy of each fold of a stratified, grouped K-fold cross-validation.

    The estimator is cloned and fitted on each training part (scaling included, when it is a
    pipeline) and scored with :func:`sklearn.metrics.accuracy_score` on the held-out groups.

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    estimator : scikit-learn classifier
        E.g. ``make_classifier("svm")``.
    X : array_like
        Features, shape ``(n, n_features)``.
    y, groups : array_like
        Labels and groups, shape ``(n,)``.
    n_splits, seed
        As in :func:`grouped_splits`.

    Returns
    -------
    accuracies : np.ndarray
        Shape ``(n_splits,)``.

    Raises
    ------
    ParameterError
        For mismatched shapes or too few groups.

    See Also
    --------
    grouped_splits, make_classifier, sklearn.model_selection.cross_val_score

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.classifiers import grouped_cv_accuracy, make_classifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 3)), rng.normal(4, 1, (30, 3))])
    >>> y = np.repeat([0, 1], 30); groups = np.tile(np.arange(10), 6)
    >>> float(grouped_cv_accuracy(make_classifier("knn"), X, y, groups).mean()) > 0.9
    True
    """
    from sklearn.model_selection import cross_val_score

    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != np.asarray(y).shape[0]:
        raise ParameterError(f"X must have shape (n, n_features) with n = len(y), got {X.shape}")
    splits = grouped_splits(y, groups, n_splits=n_splits, seed=seed)
    return cross_val_score(estimator, X, np.asarray(y), cv=splits, scoring="accuracy")


def plot_confusion(cm: np.ndarray, classes, *, ax=None, normalize: bool = True, title: str | None = None):
    """Show a confusion matrix (rows: true class, columns: predicted class).

    Book chapter: *Classical MIR*, instrument recognition (book/classical/instruments.md).

    Parameters
    ----------
    cm : np.ndarray
        Counts, shape ``(n_classes, n_classes)``, e.g. from
        :func:`sklearn.metrics.confusion_matrix`.
    classes : sequence of str
        Class names in the order of the rows.
    ax : matplotlib Axes or None
        Where to draw (default: a new figure).
    normalize : bool
        Show each row as fractions of the true class (the recall on the diagonal).
    title : str or None
        Axes title.

    Returns
    -------
    ax : matplotlib Axes

    Raises
    ------
    ParameterError
        If ``cm`` is not square or does not match ``classes``.

    See Also
    --------
    sklearn.metrics.confusion_matrix, sklearn.metrics.ConfusionMatrixDisplay

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from mirlab.classifiers import plot_confusion
    >>> ax = plot_confusion(np.array([[3, 1], [0, 4]]), ["a", "b"])
    >>> ax.get_xlabel()
    'predicted'
    """
    import matplotlib.pyplot as plt

    cm = np.asarray(cm, dtype=float)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] != len(classes):
        raise ParameterError(f"cm must be square with one row per class ({len(classes)}), got shape {cm.shape}")
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * len(classes) + 2.5, 0.5 * len(classes) + 2))
    ax.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else None)
    for i in range(len(classes)):
        for j in range(len(classes)):
            if cm[i, j]:
                text = f"{shown[i, j]:.2f}" if normalize else f"{int(cm[i, j])}"
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if shown[i, j] > 0.6 * shown.max() else "black")
    ax.set_xticks(range(len(classes)), classes, rotation=60, ha="right")
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title)
    return ax
