"""Checks of Lab 2, *MFCC and instrument recognition* (labs/src/lab02_instruments.md).

Book chapter: *Classical MIR*, MFCC and delta-MFCC (book/classical/mfcc.md) and instrument
recognition (book/classical/instruments.md). The answer key is :mod:`mirlab.mfcc`,
:mod:`mirlab.spectral` and :mod:`mirlab.classifiers`; each exercise lists known-wrong variants
so a student whose output matches one gets the specific hint. Every input is built from a fixed
seed, so the checks are deterministic.
"""

from __future__ import annotations

import numpy as np

from .. import classifiers, mfcc, spectral
from .compare import allclose
from .core import Case, Exercise, Lab


def _power(n_freqs: int, n_frames: int, seed: int, zeros: bool = False) -> np.ndarray:
    """A deterministic power spectrogram (|X|^2 of random complex values)."""
    rng = np.random.default_rng(seed)
    P = np.abs(rng.standard_normal((n_freqs, n_frames)) + 1j * rng.standard_normal((n_freqs, n_frames))) ** 2
    if zeros:
        P[:, 0] = 0.0  # a silent frame: needs the floor amin
    return P


def _filters(sr: int, n_fft: int, n_mels: int) -> np.ndarray:
    return spectral.mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels)


# ---- 2.1 log_mel -------------------------------------------------------------------------


def _log_mel_reference(P, mel_filters, amin=1e-10):
    return spectral.power_to_db(mel_filters @ P, ref=1.0, amin=amin, top_db=None)


def _log_mel_cases():
    return [
        Case((_power(257, 6, 0), _filters(8000, 512, 20)), label="257 x 6 power spectrogram, 20 Mel filters"),
        Case((_power(1025, 10, 1, zeros=True), _filters(22050, 2048, 40)),
             label="a silent first frame (use the floor amin)"),
        Case((_power(129, 3, 2), _filters(8000, 256, 12)), {"amin": 1e-3}, label="amin=1e-3", hidden=True),
        Case((_power(513, 8, 3), _filters(16000, 1024, 64)), label="64 Mel filters", hidden=True),
    ]


LOG_MEL = Exercise(
    name="lab02.log_mel",
    title="Mel energies of a power spectrogram, in dB",
    reference=_log_mel_reference,
    cases=_log_mel_cases,
    compare=allclose(rtol=1e-6, atol=1e-6),
    wrong_answers=[
        (lambda P, M, amin=1e-10: 20.0 * np.log10(np.maximum(amin, M @ P)),
         "P is a power (|X|^2): in dB a power is 10 log10, not 20 log10"),
        (lambda P, M, amin=1e-10: 10.0 * np.log(np.maximum(amin, M @ P)),
         "use the base-10 logarithm (np.log10), not the natural log"),
        (lambda P, M, amin=1e-10: M @ (10.0 * np.log10(np.maximum(amin, P))),
         "apply the Mel filters to the power first, then take the log: log(M @ P), not M @ log(P)"),
        (lambda P, M, amin=1e-10: 10.0 * np.log10(np.maximum(amin, M @ np.sqrt(P))),
         "the filters are applied to the power spectrogram P itself, not to its square root"),
    ],
)


# ---- 2.2 dct_matrix ----------------------------------------------------------------------


def _dct_cases():
    return [
        Case((4, 4), label="n_out=4, n_in=4"),
        Case((13, 40), label="n_out=13, n_in=40"),
        Case((1, 5), label="only the first row", hidden=True),
        Case((20, 128), label="n_out=20, n_in=128", hidden=True),
    ]


def _dct_same_scale(n_out, n_in):
    return np.sqrt(2.0 / n_in) * np.cos(np.pi * np.arange(n_out)[:, None] * (2 * np.arange(n_in)[None] + 1) / (2 * n_in))


def _dct_no_half(n_out, n_in):
    D = np.cos(np.pi * np.arange(n_out)[:, None] * np.arange(n_in)[None] / n_in)
    D *= np.sqrt(2.0 / n_in)
    D[0] /= np.sqrt(2.0)
    return D


DCT = Exercise(
    name="lab02.dct_matrix",
    title="the orthonormal DCT-II matrix",
    reference=mfcc.dct_matrix,
    cases=_dct_cases,
    compare=allclose(rtol=1e-7, atol=1e-10),
    wrong_answers=[
        (lambda n_out, n_in: mfcc.dct_matrix(n_out, n_in, norm=None),
         "these are the unnormalised values 2 cos(...): scale row 0 by sqrt(1/N) and the others by sqrt(2/N)"),
        (_dct_same_scale, "row 0 (k = 0) needs the factor sqrt(1/N), the other rows sqrt(2/N)"),
        (_dct_no_half, "the DCT-II samples the cosines at n + 1/2: cos(pi k (2n + 1) / (2N)), not cos(pi k n / N)"),
        (lambda n_out, n_in: mfcc.dct_matrix(n_in, n_in)[:n_out].T,
         "one row per coefficient k and one column per input n: the shape is (n_out, n_in)"),
    ],
)


# ---- 2.3 mfcc_from_power -----------------------------------------------------------------


def _mfcc_reference(P, mel_filters, n_mfcc):
    return mfcc.mfcc(S=_log_mel_reference(P, mel_filters), sr=None, n_mfcc=n_mfcc)


def _mfcc_cases():
    return [
        Case((_power(257, 6, 10), _filters(8000, 512, 20), 13), label="20 Mel bands, 13 coefficients"),
        Case((_power(1025, 5, 11), _filters(22050, 2048, 40), 20), label="40 Mel bands, 20 coefficients"),
        Case((_power(513, 7, 12), _filters(16000, 1024, 26), 12), label="26 bands, 12 coefficients", hidden=True),
        Case((_power(257, 4, 13), _filters(8000, 512, 10), 10), label="as many coefficients as bands", hidden=True),
    ]


MFCC = Exercise(
    name="lab02.mfcc_from_power",
    title="MFCCs of a power spectrogram: Mel, log, DCT",
    reference=_mfcc_reference,
    cases=_mfcc_cases,
    compare=allclose(rtol=1e-6, atol=1e-6),
    wrong_answers=[
        (lambda P, M, n: mfcc.dct_matrix(n, M.shape[0]) @ (M @ P),
         "take the log (in dB, 10 log10) of the Mel energies before the DCT"),
        (lambda P, M, n: mfcc.dct_matrix(n + 1, M.shape[0])[1:] @ _log_mel_reference(P, M),
         "keep coefficient 0 (the mean log energy): the first n_mfcc rows of the DCT, k = 0 .. n_mfcc - 1"),
        (lambda P, M, n: mfcc.dct_matrix(n, M.shape[0], norm=None) @ _log_mel_reference(P, M),
         "use your orthonormal DCT matrix of Exercise 2.2 (with the sqrt(1/N), sqrt(2/N) factors)"),
        (lambda P, M, n: np.fft.rfft(_log_mel_reference(P, M), axis=0).real[:n],
         "use the DCT-II matrix, not the real part of an FFT"),
    ],
)


# ---- 2.4 delta ---------------------------------------------------------------------------


def _delta_reference(X, width):
    return mfcc.delta(X, width=width, order=1, mode="nearest")


def _delta_cases():
    rng = np.random.default_rng(40)
    return [
        Case((np.arange(10.0)[None, :] ** 2, 3), label="x_t = t^2 (one row), width=3"),
        Case((rng.standard_normal((5, 20)), 9), label="5 x 20 random features, width=9"),
        Case((rng.standard_normal((3, 12)), 5), label="width=5", hidden=True),
        Case((rng.standard_normal((13, 6)), 9), label="fewer frames than width", hidden=True),
    ]


def _delta_zero_pad(X, width):
    N = width // 2
    Xp = np.pad(X, ((0, 0), (N, N)))
    n = np.arange(1, N + 1)
    T = X.shape[1]
    return sum(k * (Xp[:, N + k: N + k + T] - Xp[:, N - k: N - k + T]) for k in n) / (2 * np.sum(n**2))


def _delta_no_two(X, width):
    return 2.0 * _delta_reference(X, width)


DELTA = Exercise(
    name="lab02.delta",
    title="delta features (regression slope over width frames)",
    reference=_delta_reference,
    cases=_delta_cases,
    compare=allclose(rtol=1e-6, atol=1e-8),
    wrong_answers=[
        (_delta_no_two, "your deltas are twice too large: divide by 2 * sum(n^2) for n = 1 .. N"),
        (lambda X, w: -_delta_reference(X, w),
         "the sign is flipped: use x[t + n] - x[t - n] (the future minus the past)"),
        (_delta_zero_pad, "at the edges, repeat the first and last frames (np.pad(..., mode='edge')), do not pad with zeros"),
        (lambda X, w: _delta_reference(X.T, w).T if X.shape[0] >= 1 else None,
         "the derivative is along time, i.e. along the columns (axis 1), not along the features"),
    ],
)


# ---- 2.5 clip_statistics -----------------------------------------------------------------


def _stats_cases():
    rng = np.random.default_rng(50)
    return [
        Case((np.array([[1.0, 3.0], [0.0, 0.0]]),), label="[[1, 3], [0, 0]]"),
        Case((rng.standard_normal((20, 40)),), label="20 MFCCs x 40 frames"),
        Case((rng.standard_normal((13, 1)),), label="a single frame", hidden=True),
        Case((5 + rng.standard_normal((40, 7)),), label="40 x 7", hidden=True),
    ]


STATS = Exercise(
    name="lab02.clip_statistics",
    title="mean and standard deviation over time",
    reference=classifiers.clip_statistics,
    cases=_stats_cases,
    compare=allclose(rtol=1e-7, atol=1e-10),
    wrong_answers=[
        (lambda X: np.concatenate([X.mean(axis=0), X.std(axis=0)]),
         "take the statistics over time, i.e. along axis 1 (one mean per feature row), not over the features"),
        (lambda X: np.concatenate([X.mean(axis=1), X.std(axis=1, ddof=1)]),
         "use the population standard deviation (np.std with its default ddof=0)"),
        (lambda X: np.stack([X.mean(axis=1), X.std(axis=1)]),
         "return one flat vector: all the means, then all the standard deviations (np.concatenate)"),
        (lambda X: np.concatenate([X.mean(axis=1), X.var(axis=1)]),
         "that is the variance; use the standard deviation (np.std)"),
    ],
)


# ---- 2.6 svm_grouped_accuracy ------------------------------------------------------------


def _grouped_data(n_groups: int, per_group: int, seed: int):
    """Two-class data where each group (a 'pitch') shifts its clips: an ungrouped split can
    recognise the group instead of the class, so leakage inflates its accuracy."""
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(n_groups), per_group)
    y = np.tile(np.arange(per_group) % 2, n_groups)
    group_shift = 3.0 * rng.standard_normal((n_groups, 4))
    X = group_shift[groups] + 0.4 * rng.standard_normal((len(y), 4))
    X[:, 0] += 1.0 * y  # a weak class cue
    X[:, 1] *= 50.0  # a large-scale feature: scaling matters
    return X, y, groups


def _svm_reference(X, y, groups, C=10.0):
    svm = classifiers.make_classifier("svm", C=C)
    return float(classifiers.grouped_cv_accuracy(svm, X, y, groups, n_splits=4, seed=0).mean())


def _svm_cases():
    return [
        Case(_grouped_data(12, 6, 60), label="72 clips, 12 groups"),
        Case(_grouped_data(16, 4, 61), {"C": 1.0}, label="64 clips, 16 groups, C=1"),
        Case(_grouped_data(10, 8, 62), label="80 clips, 10 groups", hidden=True),
        Case(_grouped_data(20, 4, 63), {"C": 100.0}, label="C=100", hidden=True),
    ]


def _svm_no_scaling(X, y, groups, C=10.0):
    from sklearn.svm import SVC

    return float(classifiers.grouped_cv_accuracy(SVC(C=C), X, y, groups, n_splits=4, seed=0).mean())


def _svm_leaky(X, y, groups, C=10.0):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    return float(cross_val_score(classifiers.make_classifier("svm", C=C), X, y,
                                 cv=StratifiedKFold(4, shuffle=True, random_state=0)).mean())


def _svm_array(X, y, groups, C=10.0):
    return classifiers.grouped_cv_accuracy(classifiers.make_classifier("svm", C=C), X, y, groups, n_splits=4, seed=0)


SVM = Exercise(
    name="lab02.svm_grouped_accuracy",
    title="grouped cross-validation of a standardised SVM",
    reference=_svm_reference,
    cases=_svm_cases,
    compare=allclose(rtol=0, atol=1e-9),
    wrong_answers=[
        (_svm_leaky, "your split ignores the groups (clips of one group land in both training and test): "
                     "use StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=0) and pass groups"),
        (_svm_no_scaling, "standardise the features inside the pipeline: Pipeline([('scale', StandardScaler()), "
                          "('clf', SVC(C=C))])"),
        (_svm_array, "return one number, the mean of the fold accuracies, not the array of 4 folds"),
    ],
)


LAB = Lab(
    id="lab02",
    title="MFCC and instrument recognition",
    exercises=[LOG_MEL, DCT, MFCC, DELTA, STATS, SVM],
)
