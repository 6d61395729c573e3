"""Benchmark: key detection (24 major/minor keys) on generated tonal pieces.

    python bench/key.py            # writes bench/results/key.json
    python bench/key.py --quick    # fewer pieces, smoke test (writes nothing unless --out)

Data: ``mirlab.data.load_synth("keys", ...)``: 10-second tonal pieces (diatonic phrases with
cadences, a bass line, an accompaniment in one of three textures and a melody) on sampled
General MIDI instruments, the 24 keys dealt evenly (48 pieces = every key twice).

Protocol. ``mirlab.key.estimate`` fits nothing to data: the profiles are the
published ones (Krumhansl-Kessler 1982, Temperley 1999), and the chroma settings (CQT chroma,
tuning estimation, log compression ``log(1 + x)``) are those chosen for chord recognition on
the chord development set. The one choice made here, the default profile of
``mirlab.key.estimate`` (Temperley), was made on the development set (seed 100); the test set
(seed 101) was not used for it. Other material: the same generator with ``renderer="numpy"`` (synthetic timbre)
and with random augmentation (gain, reverb, noise, detuning), and music with drums: the 30 s
pieces of ``load_synth("genres")`` (10 GTZAN-like styles). Percussion removal before the chroma
(``mirlab.chroma.harmonic``, the default of ``mirlab.key.estimate``) was chosen on the genres
development set (seed 1) and the keys development set; the row "no percussion removal" shows
its effect. Metric: the mean of
``mir_eval.key.weighted_score`` (1 right key, 0.5 fifth, 0.3 relative, 0.2 parallel), through
``mirlab.key.evaluate``. Baseline, run on the same pieces: ``librosa.feature.chroma_cqt``
(librosa's defaults) of the harmonic part (``librosa.effects.harmonic``) summed over time, with
the same Krumhansl-Kessler profiles.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np
from tqdm import tqdm

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "key.json"


def librosa_baseline(y, sr, profile="krumhansl"):
    import librosa

    from mirlab import key

    y = librosa.effects.harmonic(y, margin=1.0)  # the same percussion removal as mirlab
    pcp = librosa.feature.chroma_cqt(y=y, sr=sr, hop_length=2048).sum(axis=1)
    return key.KEYS[int(np.argmax(key.correlate(pcp, profile)))]


def evaluate_set(name, n, seed, set_name="keys", **options):
    from mirlab import key
    from mirlab.data import load_synth

    ds = load_synth(set_name, n=n, seed=seed, progress=False, **options)
    refs, est = [], {"mirlab, Krumhansl-Kessler": [], "mirlab, Temperley (default)": [],
                     "mirlab, Temperley, no percussion removal": [], "librosa chroma, Krumhansl-Kessler": []}
    seconds = []
    for track in tqdm(list(ds), desc=name, leave=False):
        y, sr = track.load_audio()
        refs.append(track.annotations["key"])
        t = time.perf_counter()
        est["mirlab, Krumhansl-Kessler"].append(key.estimate(y, sr, profile="krumhansl"))
        seconds.append((time.perf_counter() - t) / (len(y) / sr / 60.0))
        est["mirlab, Temperley (default)"].append(key.estimate(y, sr, profile="temperley"))
        est["mirlab, Temperley, no percussion removal"].append(key.estimate(y, sr, percussion=None))
        est["librosa chroma, Krumhansl-Kessler"].append(librosa_baseline(y, sr))
    base = key.evaluate(refs, est["librosa chroma, Krumhansl-Kessler"])["weighted_score"]
    rows = []
    for system, e in est.items():
        r = key.evaluate(refs, e)
        rows.append({"system": system, **{k: round(v, 4) for k, v in r.items() if k != "n"},
                     "ratio_to_librosa": round(r["weighted_score"] / base, 3)})
    return {"set": name, "n_pieces": len(refs), "results": rows,
            "seconds_per_audio_minute": round(float(np.median(seconds)), 3)}


def run(quick: bool = False) -> dict:
    start = time.perf_counter()
    n, n_other = (24, 24) if quick else (48, 24)
    sets = [
        evaluate_set("dev (seed 100)", n, 100),
        evaluate_set("test (seed 101)", n, 101),
        evaluate_set("test, renderer='numpy' (synthetic timbre, seed 101)", n_other, 101, renderer="numpy"),
        evaluate_set("test, augmented (gain, reverb, noise, detuning; seed 102)", n_other, 102, augment=True),
        evaluate_set("with drums: the 'genres' pieces, development (seed 1)", 10 if quick else 20, 1, set_name="genres"),
        evaluate_set("with drums: the 'genres' pieces, test (seed 2)", 10 if quick else 20, 2, set_name="genres"),
    ]
    return {
        "benchmark": "key detection, 24 major/minor keys (mirlab.key, Krumhansl-Schmuckler)",
        "data": "mirlab.data.load_synth('keys', n=..., seed=...): 10 s tonal pieces, keys dealt evenly",
        "protocol": "no parameter fitted; the default profile (temperley) chosen on dev (seed 100); test = seed 101",
        "metric": "mean mir_eval.key.weighted_score",
        "quick": quick,
        "sets": sets,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer pieces (smoke test)")
    parser.add_argument("--out", default=None, help=f"JSON file to write (default {DEFAULT_OUT}, not with --quick)")
    args = parser.parse_args(argv)
    table = run(args.quick)
    for s in table["sets"]:
        print(f"\n{s['set']}: {s['n_pieces']} pieces ({s['seconds_per_audio_minute']} s per minute of audio)")
        print(f"{'system':<36s} {'score':>6s} {'correct':>8s} {'fifth':>6s} {'rel.':>6s} {'par.':>6s} {'other':>6s}")
        for r in s["results"]:
            print(f"{r['system']:<36s} {r['weighted_score']:6.3f} {r['correct']:8.3f} {r['fifth']:6.3f} "
                  f"{r['relative']:6.3f} {r['parallel']:6.3f} {r['other']:6.3f}")
    print(f"({table['seconds']} s)")
    out = args.out or (None if args.quick else str(DEFAULT_OUT))
    if out:
        path = pathlib.Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
