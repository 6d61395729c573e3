"""Benchmark: instrument recognition from MFCC statistics, MLPs (mirlab.nn) against an SVM.

    python bench/mlp_vs_svm.py                 # 300 notes, 5 seeds, writes bench/results/mlp_vs_svm.json
    python bench/mlp_vs_svm.py --n 500 --seeds 0 1 2 --out /tmp/table.json

Data: isolated notes of the 10 instrument classes of ``mirlab.data.load_synth("instruments")``
(notes only, random pitch and loudness in each instrument's range, rendered with General MIDI
samples; the first run renders them into the cache). Features: mean and standard deviation over
time of 20 MFCCs and of their deltas (``librosa.feature.mfcc``), 80 numbers per note.

For each seed: a stratified split into training / validation / test sets (60 / 20 / 20 %),
features standardised with the training statistics, then

* ``SVM``: scikit-learn's ``SVC`` (RBF kernel) in a ``Pipeline`` with a ``StandardScaler``, ``C``
  chosen by 5-fold cross-validation on training + validation;
* ``softmax regression``, ``MLP`` and ``MLP + dropout``: ``mirlab.nn`` networks trained with Adam
  on the training set, early stopping on the validation set.

Printed table: model, test accuracy (median over the seeds), ratio to the SVM's median. The
same table is written as JSON for the book (book/optim/instruments.md).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "mlp_vs_svm.json"


def load_features(n: int):
    """(X, y, class names) for n isolated notes of the generated instrument set."""
    from mirlab.data import load_synth
    from mirlab.features import dataset_features

    dataset = load_synth("instruments", n=n, kinds=("note",), progress=False)
    return dataset_features(dataset, label="instrument")


def svm_accuracy(X_train, y_train, X_test, y_test, seed: int) -> float:
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    pipeline = Pipeline([("scale", StandardScaler()), ("svm", SVC(kernel="rbf", gamma="scale"))])
    search = GridSearchCV(pipeline, {"svm__C": [1.0, 10.0, 100.0]},
                          cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    search.fit(X_train, y_train)
    return float(search.score(X_test, y_test))


def mlp_accuracy(sizes, dropout, X_train, y_train, X_val, y_val, X_test, y_test, seed: int) -> float:
    from mirlab import nn

    model = nn.mlp(sizes, "relu", dropout=dropout, rng=seed)
    nn.fit(model, nn.softmax_cross_entropy, nn.Adam(model.params(), lr=1e-3), X_train, y_train,
           X_val=X_val, y_val=y_val, epochs=400, batch_size=16, patience=30, rng=seed, progress=False)
    return nn.accuracy(y_test, nn.predict(model, X_test))


def run(n: int = 300, seeds=(0, 1, 2, 3, 4)) -> dict:
    """Run the benchmark; returns the table as a dict (the JSON written by ``main``)."""
    from mirlab import nn

    start = time.perf_counter()
    X, y, classes = load_features(n)
    n_features, n_classes = X.shape[1], len(classes)
    models = {
        "SVM (RBF kernel, C by 5-fold CV)": None,
        f"softmax regression [{n_features}, {n_classes}]": ([n_features, n_classes], 0.0),
        f"MLP [{n_features}, 64, {n_classes}]": ([n_features, 64, n_classes], 0.0),
        f"MLP [{n_features}, 64, {n_classes}] + dropout 0.3": ([n_features, 64, n_classes], 0.3),
    }
    accuracies = {name: [] for name in models}
    for seed in seeds:
        (X_train, y_train), (X_val, y_val), (X_test, y_test) = nn.train_val_test_split(
            X, y, fractions=(0.6, 0.2, 0.2), rng=seed)
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        Z_train, Z_val, Z_test = [(A - mean) / std for A in (X_train, X_val, X_test)]
        for name, spec in models.items():
            if spec is None:  # the SVM has its own scaler and uses training + validation for its CV
                acc = svm_accuracy(np.vstack([X_train, X_val]), np.concatenate([y_train, y_val]), X_test, y_test, seed)
            else:
                acc = mlp_accuracy(spec[0], spec[1], Z_train, y_train, Z_val, y_val, Z_test, y_test, seed)
            accuracies[name].append(acc)
    svm_median = float(np.median(accuracies["SVM (RBF kernel, C by 5-fold CV)"]))
    rows = [{"model": name, "accuracies": [round(a, 4) for a in accs], "median": round(float(np.median(accs)), 4),
             "ratio_to_svm": round(float(np.median(accs)) / svm_median, 3)} for name, accs in accuracies.items()]
    return {
        "benchmark": "instrument recognition from MFCC statistics: MLP (mirlab.nn) vs SVM (scikit-learn)",
        "data": f"mirlab.data.load_synth('instruments', n={n}, kinds=('note',)): {len(y)} notes, {n_classes} classes",
        "classes": classes,
        "features": "mean and std over time of 20 MFCCs and their deltas (librosa.feature.mfcc), 80 per note",
        "protocol": "stratified split 60/20/20 per seed; test accuracy; median over the seeds",
        "seeds": list(seeds),
        "n_test": int(round(0.2 * len(y))),
        "results": rows,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="number of notes to render (10 classes)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="JSON file to write")
    args = parser.parse_args(argv)

    table = run(args.n, tuple(args.seeds))
    print(table["data"])
    print(f"test accuracy, median over seeds {table['seeds']} ({table['n_test']} test notes per seed)")
    header = f"{'model':<44s} {'accuracy':>9s} {'ratio to SVM':>13s}"
    print(header)
    print("-" * len(header))
    for row in table["results"]:
        print(f"{row['model']:<44s} {row['median']:9.3f} {row['ratio_to_svm']:13.3f}")
    print(f"({table['seconds']} s)")
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
