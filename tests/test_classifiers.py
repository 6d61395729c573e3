"""Tests of mirlab.classifiers: features, the per-class GMM, pipelines, grouped cross-validation."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from mirlab import classifiers, signals
from mirlab.classifiers import GaussianMixtureClassifier
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


def _blobs(seed=0, n=40, d=3, k=3):
    rng = np.random.default_rng(seed)
    centres = 4.0 * rng.standard_normal((k, d))
    X = np.vstack([c + rng.standard_normal((n, d)) for c in centres])
    return X, np.repeat(np.arange(k), n)


# ---- features ----------------------------------------------------------------------------


def test_clip_statistics():
    X = np.random.default_rng(0).standard_normal((4, 30))
    np.testing.assert_allclose(classifiers.clip_statistics(X), np.concatenate([X.mean(1), X.std(1)]))
    with pytest.raises(ParameterError, match="shape"):
        classifiers.clip_statistics(np.ones(5))


def test_clip_features_match_librosa_statistics():
    y = signals.harmonic_tone(330.0, 1.0, sr=SR) + 0.01 * np.random.default_rng(1).standard_normal(SR)
    M = librosa.feature.mfcc(y=y, sr=SR, n_mfcc=13)
    D = librosa.feature.delta(M)
    expected = np.concatenate([M.mean(1), M.std(1), D.mean(1), D.std(1)])
    np.testing.assert_allclose(classifiers.clip_features(y, sr=SR, n_mfcc=13), expected,
                               atol=1e-5 * np.abs(expected).max())


def test_clip_features_short_clip_and_validation():
    short = signals.tone(440.0, 0.1, sr=SR)  # 5 frames: the delta window shrinks to 5
    assert classifiers.clip_features(short, sr=SR).shape == (80,)
    with pytest.raises(SilentAudioError):
        classifiers.clip_features(np.zeros(SR), sr=SR)
    with pytest.raises(ParameterError, match="sr"):
        classifiers.clip_features(short, sr=-1)


# ---- GaussianMixtureClassifier -----------------------------------------------------------


@pytest.mark.parametrize("covariance_type", ["diag", "full"])
def test_gmm_classifier_equals_direct_computation(covariance_type):
    X, y = _blobs()
    y = np.where(y == 2, 1, y)  # unequal priors: 40 vs 80 vectors
    clf = GaussianMixtureClassifier(n_components=2, covariance_type=covariance_type, random_state=0).fit(X, y)
    Xt = np.random.default_rng(5).standard_normal((25, 3)) * 4
    # Direct computation: each class's mixture density written out with scipy, plus the log prior.
    joint = []
    for c, cls in enumerate(clf.classes_):
        gm = GaussianMixture(2, covariance_type=covariance_type, reg_covar=clf.reg_covar, max_iter=clf.max_iter,
                             random_state=0).fit(X[y == cls])
        covs = gm.covariances_ if covariance_type == "full" else [np.diag(v) for v in gm.covariances_]
        dens = [np.log(w) + multivariate_normal(m, S).logpdf(Xt) for w, m, S in zip(gm.weights_, gm.means_, covs)]
        joint.append(logsumexp(dens, axis=0) + np.log(np.mean(y == cls)))
    joint = np.column_stack(joint)
    np.testing.assert_allclose(clf._joint_log_likelihood(Xt), joint, rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(clf.predict_proba(Xt), np.exp(joint - logsumexp(joint, axis=1, keepdims=True)), atol=1e-10)
    np.testing.assert_allclose(clf.predict_proba(Xt).sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(Xt), clf.classes_[joint.argmax(axis=1)])


def test_gmm_classifier_priors_change_decisions():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(0, 1, (90, 1)), rng.normal(1.0, 1, (10, 1))])
    y = np.array(["common"] * 90 + ["rare"] * 10)
    emp = GaussianMixtureClassifier(n_components=1, random_state=0).fit(X, y)
    uni = GaussianMixtureClassifier(n_components=1, priors="uniform", random_state=0).fit(X, y)
    x = np.array([[0.7]])
    assert emp.predict(x)[0] == "common"
    assert uni.predict(x)[0] == "rare"
    np.testing.assert_allclose(uni.log_prior_, np.log([0.5, 0.5]))


def test_gmm_classifier_clones_and_works_in_pipelines():
    X, y = _blobs(seed=2)
    clf = GaussianMixtureClassifier(n_components=3, covariance_type="full", random_state=1)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params() and not hasattr(twin, "models_")
    pipe = Pipeline([("scale", StandardScaler()), ("gmm", clf)])
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.9
    search = GridSearchCV(pipe, {"gmm__n_components": [1, 2]}, cv=3).fit(X, y)
    assert search.best_params_["gmm__n_components"] in (1, 2)
    assert search.predict(X[:5]).shape == (5,)


def test_gmm_classifier_errors():
    X, y = _blobs()
    with pytest.raises(ParameterError, match="n_components"):
        GaussianMixtureClassifier(n_components=0).fit(X, y)
    with pytest.raises(ParameterError, match="priors"):
        GaussianMixtureClassifier(priors="flat").fit(X, y)
    fitted = GaussianMixtureClassifier(random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        fitted.predict(X[:, :2])
    with pytest.raises(NotFittedError):
        GaussianMixtureClassifier().predict(X)


def test_gmm_classifier_passes_scikit_learn_estimator_checks():
    import warnings

    from sklearn.utils.estimator_checks import check_estimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings on the checks' tiny data sets
        check_estimator(GaussianMixtureClassifier(random_state=0))  # raises on the first failed check


def test_gmm_classifier_binary_decision_function_is_the_log_odds():
    X, y = _blobs(k=2)
    clf = GaussianMixtureClassifier(n_components=1, random_state=0).fit(X, y)
    proba = clf.predict_proba(X[:10])
    np.testing.assert_allclose(clf.decision_function(X[:10]), np.log(proba[:, 1]) - np.log(proba[:, 0]), rtol=1e-8, atol=1e-8)


# ---- pipelines ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", classifiers.CLASSIFIERS)
def test_make_classifier_learns_separable_classes(name):
    X, y = _blobs(seed=4)
    pipe = classifiers.make_classifier(name)
    assert [s for s, _ in pipe.steps] == ["scale", "clf"]
    assert isinstance(pipe.named_steps["scale"], StandardScaler)
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.mean() > 0.9


def test_make_classifier_errors():
    with pytest.raises(ParameterError, match="name"):
        classifiers.make_classifier("mlp")
    with pytest.raises(ParameterError, match="svm"):
        classifiers.make_classifier("svm", n_neighbors=3)


# ---- grouped cross-validation ------------------------------------------------------------


@pytest.fixture(scope="module")
def small_set():
    from mirlab.data import load_synth

    return load_synth("instruments", n=40, progress=False)


def test_track_groups_from_annotations(small_set):
    groups = classifiers.track_groups(small_set)
    pitches = np.array([min(t.metadata["params"]["pitches"]) for t in small_set])
    np.testing.assert_array_equal(groups, pitches)  # the annotation in Hz gives back the MIDI pitch
    np.testing.assert_array_equal(classifiers.track_groups(small_set, width=12), pitches // 12)
    np.testing.assert_array_equal(classifiers.track_groups(small_set, by="track"), np.arange(len(small_set)))
    with pytest.raises(ParameterError, match="by"):
        classifiers.track_groups(small_set, by="album")


def test_grouped_splits_never_share_a_group(small_set):
    labels = np.array([t.annotations["instrument"] for t in small_set])
    for width in (1, 6):
        groups = classifiers.track_groups(small_set, width=width)
        splits = classifiers.grouped_splits(labels, groups, n_splits=4, seed=0)
        assert len(splits) == 4
        tested = np.concatenate([test for _, test in splits])
        assert sorted(tested.tolist()) == list(range(len(small_set)))  # each clip tested once
        for train, test in splits:
            assert not set(groups[train]) & set(groups[test])


def test_grouped_cv_accuracy_on_real_features():
    from mirlab.data import load_synth

    notes = load_synth("instruments", n=300, kinds=("note",), progress=False)  # the book's and Lab 2's set
    X = np.array([classifiers.clip_features(t.load_audio()[0], sr=SR) for t in notes])
    labels = np.array([t.annotations["instrument"] for t in notes])
    groups = classifiers.track_groups(notes)
    acc = classifiers.grouped_cv_accuracy(classifiers.make_classifier("svm"), X, labels, groups, n_splits=4)
    # the same as scikit-learn's cross_val_score on the same splits
    splits = classifiers.grouped_splits(labels, groups, n_splits=4)
    np.testing.assert_allclose(acc, cross_val_score(classifiers.make_classifier("svm"), X, labels, cv=splits))
    assert acc.shape == (4,) and acc.mean() > 0.6  # chance is 0.1


def test_grouped_splits_errors():
    with pytest.raises(ParameterError, match="groups"):
        classifiers.grouped_splits([0, 1, 0, 1], [1, 1, 2, 2], n_splits=3)
    with pytest.raises(ParameterError, match="length"):
        classifiers.grouped_splits([0, 1, 0], [1, 2], n_splits=2)


def test_plot_confusion():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = classifiers.plot_confusion(np.array([[5, 1], [2, 2]]), ["a", "b"])
    assert ax.images[0].get_array()[1, 0] == pytest.approx(0.5)
    plt.close("all")
    with pytest.raises(ParameterError, match="square"):
        classifiers.plot_confusion(np.ones((2, 3)), ["a", "b"])
