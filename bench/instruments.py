"""Benchmark: instrument recognition from MFCC statistics with four classical classifiers.

    python bench/instruments.py            # writes bench/results/instruments.json (~3 min, renders on first run)
    python bench/instruments.py --quick    # smaller sets, fewer repetitions (a smoke run)

Data: ``mirlab.data.load_synth("instruments", ...)``: isolated notes and short phrases of 10
instrument classes (piano, acoustic guitar, electric bass, violin, cello, flute, clarinet,
trumpet, saxophone, organ), rendered with the General MIDI SoundFont.

Features: :func:`mirlab.classifiers.clip_features`: mean and standard deviation over the frames
of 20 MFCCs (:func:`mirlab.mfcc.mfcc`) and of their deltas, 80 numbers per clip.

Classifiers (:func:`mirlab.classifiers.make_classifier`, each standardise-then-classify): SVM
(RBF), one GMM per class, k nearest neighbours, random forest.

Protocol (no selection on the evaluation data):

1. *Model selection on a dev set* (seed 1): for each classifier, a small grid of
   hyperparameters, scored by 5-fold stratified **grouped** cross-validation (groups = the
   lowest MIDI pitch of the clip, :func:`mirlab.classifiers.track_groups`); the best mean
   accuracy wins.
2. *Evaluation on a test set* (seed 2, other clips, other pitches and loudness): the chosen
   hyperparameters, 5-fold stratified grouped CV repeated with 3 shuffles: 15 fold
   accuracies, their median is reported, with the ratio to the SVM's median.
3. The same on other material, hyperparameters unchanged: the test seed rendered with the
   ``numpy`` renderer (a synthetic additive timbre, not the SoundFont), the test seed with
   random augmentation (``augment=0.5``: gain, EQ, noise, reverb...), the isolated notes only,
   a harder grouping (whole octaves held out: the test notes are in a register never seen in
   training), and a cross-material transfer (trained on the SoundFont dev set, tested on the
   numpy-rendered set).
4. Baselines in the same run: chance (1 / 10), a leaky ungrouped split (every clip its own
   group) and librosa's features (:func:`mirlab.features.mfcc_statistics`) with the same SVM.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "instruments.json"

GRIDS = {
    "svm": [{"C": C, "gamma": g} for C in (1.0, 10.0, 100.0) for g in ("scale", 0.005)],
    "gmm": [{"n_components": k, "covariance_type": "diag"} for k in (1, 2, 4, 8)],
    "knn": [{"n_neighbors": k, "weights": w} for k in (1, 5, 9) for w in ("uniform", "distance")],
    "forest": [{"max_features": m, "n_estimators": 300} for m in ("sqrt", 0.3)],
}
NAMES = {"svm": "SVM (RBF)", "gmm": "GMM per class", "knn": "k nearest neighbours", "forest": "random forest"}


def features(dataset, feature=None, progress=True):
    """(X, labels, groups, kinds, seconds per clip) of a data set."""
    from tqdm.auto import tqdm

    from mirlab import classifiers

    feature = feature or classifiers.clip_features
    X, seconds = [], 0.0
    for track in tqdm(dataset, desc=f"features {dataset.metadata.get('seed', '')}", unit="clip", disable=not progress):
        y, sr = track.load_audio(sr=22050)
        start = time.perf_counter()
        X.append(feature(y, sr=sr))
        seconds += time.perf_counter() - start
    labels = np.array([t.annotations["instrument"] for t in dataset])
    kinds = np.array([t.metadata["params"]["kind"] for t in dataset])
    return np.array(X), labels, classifiers.track_groups(dataset), kinds, seconds / len(dataset)


def select(X, y, groups, seed=0):
    """Best hyperparameters per classifier by grouped 5-fold CV on the dev set."""
    from mirlab import classifiers

    chosen, table = {}, {}
    for name, grid in GRIDS.items():
        scores = [float(classifiers.grouped_cv_accuracy(classifiers.make_classifier(name, **p), X, y, groups,
                                                        seed=seed).mean()) for p in grid]
        chosen[name] = grid[int(np.argmax(scores))]
        table[name] = [{"params": p, "mean_accuracy": round(s, 4)} for p, s in zip(grid, scores)]
    return chosen, table


def evaluate(X, y, groups, chosen, shuffles):
    """Fold accuracies of each chosen classifier, 5 folds x len(shuffles)."""
    from mirlab import classifiers

    return {name: np.concatenate([classifiers.grouped_cv_accuracy(classifiers.make_classifier(name, **params), X, y,
                                                                  groups, seed=s) for s in shuffles])
            for name, params in chosen.items()}


def top_confusions(cm, classes, k=6):
    """The k largest off-diagonal entries of a confusion matrix."""
    off = [(int(cm[i, j]), classes[i], classes[j]) for i in range(len(classes)) for j in range(len(classes)) if i != j]
    return [{"true": a, "predicted": b, "count": c} for c, a, b in sorted(off, reverse=True)[:k] if c > 0]


def rows(accuracies):
    svm = float(np.median(accuracies["svm"]))
    return [{"model": NAMES[name], "key": name, "median": round(float(np.median(a)), 4),
             "min": round(float(np.min(a)), 4), "max": round(float(np.max(a)), 4),
             "ratio_to_svm": round(float(np.median(a)) / svm, 3), "n_folds": int(len(a))}
            for name, a in accuracies.items()]


def run(n: int = 1000, n_other: int = 500, shuffles=(0, 1, 2), progress: bool = True) -> dict:
    """Run the benchmark; returns the table as a dict (the JSON written by ``main``)."""
    from sklearn.metrics import confusion_matrix
    from sklearn.model_selection import cross_val_predict

    from mirlab import classifiers
    from mirlab.data import load_synth
    from mirlab.features import mfcc_statistics

    start = time.perf_counter()
    dev = load_synth("instruments", n=n, seed=1, progress=progress)
    test = load_synth("instruments", n=n, seed=2, progress=progress)
    numpy_set = load_synth("instruments", n=n_other, seed=2, renderer="numpy", progress=progress)
    augmented = load_synth("instruments", n=n_other, seed=2, augment=0.5, progress=progress)

    Xd, yd, gd, _, _ = features(dev, progress=progress)
    Xt, yt, gt, kt, sec_ours = features(test, progress=progress)
    Xn, yn, gn, _, _ = features(numpy_set, progress=progress)
    Xa, ya, ga, _, _ = features(augmented, progress=progress)
    classes = sorted(set(yt))

    t0 = time.perf_counter()
    chosen, selection = select(Xd, yd, gd)
    t_select = time.perf_counter() - t0

    t0 = time.perf_counter()
    main_acc = evaluate(Xt, yt, gt, chosen, shuffles)
    t_eval = time.perf_counter() - t0
    notes = kt == "note"
    octave_groups = np.array(classifiers.track_groups(test, width=12))
    other = {
        "numpy renderer (seed 2, synthetic additive timbre)": (
            f"load_synth('instruments', n={n_other}, seed=2, renderer='numpy')", evaluate(Xn, yn, gn, chosen, shuffles)),
        "augmented (seed 2, augment=0.5)": (
            f"load_synth('instruments', n={n_other}, seed=2, augment=0.5)", evaluate(Xa, ya, ga, chosen, shuffles)),
        "isolated notes only (test set)": (
            f"the {int(notes.sum())} clips of kind 'note' of the test set",
            evaluate(Xt[notes], yt[notes], gt[notes], chosen, shuffles)),
        "octaves held out (test set, groups = MIDI pitch // 12)": (
            "the test set; groups = whole octaves, so test notes lie in a register unseen in training",
            evaluate(Xt, yt, octave_groups, chosen, shuffles)),
    }
    other_tables = [{"material": k, "data": d, "results": rows(a)} for k, (d, a) in other.items()]

    # Transfer across renderers: fit on the whole SoundFont dev set, test on the numpy-rendered clips.
    transfer = {}
    for name, params in chosen.items():
        model = classifiers.make_classifier(name, **params).fit(Xd, yd)
        transfer[name] = np.array([float(np.mean(model.predict(Xn) == yn))])
    other_tables.append({"material": "transfer: trained on SoundFont dev set, tested on numpy renderer",
                         "data": f"fit on seed 1 (n={n}), test on the numpy-rendered seed 2 (n={n_other}); one number",
                         "results": rows(transfer)})

    # Baselines with the SVM on the test set.
    svm = classifiers.make_classifier("svm", **chosen["svm"])
    leaky = np.concatenate([classifiers.grouped_cv_accuracy(svm, Xt, yt, np.arange(len(yt)), seed=s) for s in shuffles])
    Xl, _, _, _, sec_librosa = features(test, feature=mfcc_statistics, progress=progress)
    librosa_acc = np.concatenate([classifiers.grouped_cv_accuracy(svm, Xl, yt, gt, seed=s) for s in shuffles])
    baselines = [
        {"baseline": "chance (10 balanced classes)", "median": 0.1},
        {"baseline": "SVM, leaky ungrouped split (each clip its own group)", "median": round(float(np.median(leaky)), 4)},
        {"baseline": "SVM on librosa features (mirlab.features.mfcc_statistics), grouped",
         "median": round(float(np.median(librosa_acc)), 4)},
    ]

    # Confusion matrix of the SVM on the test set (grouped CV predictions, shuffle 0).
    pred = cross_val_predict(svm, Xt, yt, cv=classifiers.grouped_splits(yt, gt, seed=shuffles[0]))
    cm = confusion_matrix(yt, pred, labels=classes)
    pred_numpy = cross_val_predict(svm, Xn, yn, cv=classifiers.grouped_splits(yn, gn, seed=shuffles[0]))
    cm_numpy = confusion_matrix(yn, pred_numpy, labels=classes)

    return {
        "benchmark": "instrument recognition from MFCC + delta statistics: SVM, GMM, KNN, random forest",
        "data": {"dev": f"load_synth('instruments', n={n}, seed=1) (notes and phrases, SoundFont)",
                 "test": f"load_synth('instruments', n={n}, seed=2) (notes and phrases, SoundFont)"},
        "classes": classes,
        "features": "mirlab.classifiers.clip_features: mean and std over frames of 20 MFCCs and their deltas (80)",
        "protocol": ("hyperparameters chosen on the dev seed (1) by 5-fold stratified grouped CV; reported on the "
                     "test seed (2) by 5-fold stratified grouped CV (StratifiedGroupKFold, groups = lowest MIDI "
                     f"pitch of the clip) repeated with shuffles {list(shuffles)}: median of the fold accuracies "
                     "(sklearn accuracy); the test seed was not used to choose anything"),
        "chosen": chosen,
        "selection": selection,
        "results": rows(main_acc),
        "other_material": other_tables,
        "baselines": baselines,
        "confusion_matrix": {"model": "SVM", "labels": classes, "matrix": cm.tolist(),
                             "split": f"grouped 5-fold CV predictions on the test set, shuffle {shuffles[0]}"},
        "top_confusions": top_confusions(cm, classes),
        "confusion_matrix_numpy_renderer": {"model": "SVM", "labels": classes, "matrix": cm_numpy.tolist(),
                                            "split": f"grouped 5-fold CV predictions, shuffle {shuffles[0]}"},
        "top_confusions_numpy_renderer": top_confusions(cm_numpy, classes),
        "speed": {"features_ms_per_clip_mirlab": round(1000 * sec_ours, 2),
                  "features_ms_per_clip_librosa": round(1000 * sec_librosa, 2),
                  "model_selection_s": round(t_select, 1), "test_evaluation_s": round(t_eval, 1)},
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sets and one shuffle (smoke run)")
    parser.add_argument("--out", default=None, help="JSON file to write (default bench/results/instruments.json, "
                                                    "or nothing with --quick)")
    args = parser.parse_args(argv)
    if args.quick:
        table = run(n=200, n_other=100, shuffles=(0,))
    else:
        table = run()
    for title, results in [("test set (seed 2)", table["results"])] + [
            (t["material"], t["results"]) for t in table["other_material"]]:
        print(f"\n{title}")
        print(f"  {'model':<24s} {'median acc':>10s} {'ratio to SVM':>13s}")
        for row in results:
            print(f"  {row['model']:<24s} {row['median']:10.3f} {row['ratio_to_svm']:13.3f}")
    print()
    for b in table["baselines"]:
        print(f"  {b['baseline']:<70s} {b['median']:.3f}")
    for key in ("top_confusions", "top_confusions_numpy_renderer"):
        print(key + ":", ", ".join(f"{c['true']}->{c['predicted']} ({c['count']})" for c in table[key]))
    print(f"chosen: {table['chosen']}")
    print(f"({table['seconds']} s)")
    out = args.out or (None if args.quick else str(DEFAULT_OUT))
    if out:
        out = pathlib.Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
