"""Benchmark: chord recognition (24 major/minor triads + N) on generated chord progressions.

    python bench/chords.py            # writes bench/results/chords.json
    python bench/chords.py --quick    # fewer clips, for a smoke test (writes nothing unless --out)

Data: ``mirlab.data.load_synth("chords", ...)``, 15-second clips of chord progressions on nine
sampled General MIDI instruments (piano, guitars, organ, strings, harp, accordion, ...) with six
textures (block, arpeggio, repeated chords, each with or without a bass line), inversions and
voicings, and ~8 % "no chord" silences.

Protocol. The parameters of ``mirlab.chords.recognize`` (chroma kind, log compression, number of
harmonics in the templates, self-loop probability, beta) were chosen on the **development set**
(seed 100, 24 clips); every number reported below for the **test set** uses other clips
(seed 101, 24 clips) that were not looked at while choosing. The other material is not used
for any choice either: the same generator rendered with ``renderer="numpy"`` (additive
synthesis: a different, synthetic timbre), with random augmentation (gain, reverb, noise,
detuning), and other music: the tonal pieces of ``load_synth("keys")`` (a melody over an
accompaniment and a bass line; their diminished chords are left out by mir_eval's ``majmin``), and
music with drums: the 30 s pieces of ``load_synth("genres")`` (10 GTZAN-like styles). Removing
the percussion before the chroma (``mirlab.chroma.harmonic``, the default of ``recognize``) was
chosen on the genres development set (seed 1); the row "no percussion removal" shows its effect. Metrics: mir_eval's ``root``, ``majmin`` and ``mirex`` comparisons, weighted by
duration over all the clips of a set (as one long recording), and ``segmentation`` (mir_eval
``seg``), all through ``mirlab.chords.evaluate_many``.

Systems, all run in this script on the same clips:

* ``mirlab HMM`` — ``mirlab.chords.recognize`` (percussion removal + CQT chroma + harmonic
  templates + Viterbi), and the same without percussion removal;
* ``mirlab frame-wise`` — the same, with the frame-wise decision instead of Viterbi;
* ``mirlab HMM, circle of fifths`` — transitions weighted by circle-of-fifths distance;
* ``mirlab GaussianChordHMM`` — emissions learnt from the development set (hmmlearn);
* ``librosa baseline`` — ``librosa.effects.harmonic`` then ``librosa.feature.chroma_cqt``
  (librosa's defaults) + the same
  templates and emissions + ``librosa.sequence.viterbi`` with ``librosa.sequence.transition_loop``.

Speed: seconds of computation per minute of audio (median over the test clips), for
``recognize`` and for the librosa baseline.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
from collections import defaultdict

import numpy as np
from tqdm import tqdm

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "chords.json"

DEV_SEED, TEST_SEED = 100, 101


def load_clips(n, seed, *, set_name="chords", **options):
    from mirlab.data import load_synth

    ds = load_synth(set_name, n=n, seed=seed, progress=False, **options)
    clips = []
    for track in ds:
        y, sr = track.load_audio()
        params = track.metadata["params"]
        clips.append({"y": y, "sr": sr, "ref": track.annotations["chords"],
                      "texture": params.get("texture", set_name),
                      "instrument": params.get("instrument", params.get("accompaniment"))})
    return clips


def librosa_baseline(y, sr):
    """librosa chroma + the same templates/emissions + librosa's Viterbi and self-loop matrix."""
    import librosa

    from mirlab import chords

    y = librosa.effects.harmonic(y, margin=1.0)  # the same percussion removal as mirlab
    C = librosa.feature.chroma_cqt(y=y, sr=sr, hop_length=chords.HOP_LENGTH, norm=None)
    prob = chords.emission_probabilities(chords.similarity(C, harmonics=6), beta=10.0)
    states = librosa.sequence.viterbi(prob, librosa.sequence.transition_loop(25, 0.9))
    return _segments(states, C.shape[1], len(y) / sr, sr)


def _segments(states, n_frames, end, sr):
    from mirlab import chords

    hop_s = chords.HOP_LENGTH / sr
    starts = np.maximum(np.arange(n_frames) * hop_s - 0.5 * hop_s, 0.0)
    starts[0] = 0.0
    return chords.frames_to_segments([chords.LABELS[s] for s in states], times=starts, end=end)


def train_gaussian_hmm(clips):
    from mirlab import chords, chroma

    Cs, labels = [], []
    for c in clips:
        C = chords.features(chroma.harmonic(c["y"]), sr=c["sr"])
        times = np.arange(C.shape[1]) * chords.HOP_LENGTH / chords.SR
        Cs.append(C)
        labels.append(chords.labels_at_frames(*c["ref"], times))
    return chords.GaussianChordHMM(self_loop=0.9).fit(Cs, labels)


def run_systems(clips, gaussian_model, *, desc=""):
    """Estimates of every system on every clip, and timings."""
    from mirlab import chords, chroma

    est = defaultdict(list)
    seconds = defaultdict(list)
    for c in tqdm(clips, desc=desc, leave=False):
        y, sr = c["y"], c["sr"]
        minutes = len(y) / sr / 60.0
        t = time.perf_counter()
        est["mirlab HMM"].append(chords.recognize(y, sr))
        seconds["mirlab HMM"].append((time.perf_counter() - t) / minutes)
        est["mirlab HMM, no percussion removal"].append(chords.recognize(y, sr, percussion=None))
        C = chords.features(chroma.harmonic(y), sr=sr)  # the same input as recognize
        end = len(y) / sr
        est["mirlab frame-wise"].append(_segments(chords.decode(C, method="frame"), C.shape[1], end, chords.SR))
        est["mirlab HMM, circle of fifths"].append(
            _segments(chords.decode(C, transitions="fifths"), C.shape[1], end, chords.SR))
        est["mirlab GaussianChordHMM (hmmlearn)"].append(
            _segments(gaussian_model.predict_states(C), C.shape[1], end, chords.SR))
        t = time.perf_counter()
        est["librosa baseline"].append(librosa_baseline(y, sr))
        seconds["librosa baseline"].append((time.perf_counter() - t) / minutes)
    return est, seconds


def score(clips, estimates):
    from mirlab import chords

    s = chords.evaluate_many([(c["ref"], e) for c, e in zip(clips, estimates)])
    return {k: round(float(v), 4) for k, v in s.items()}


def evaluate_set(name, clips, gaussian_model, *, per_texture=False):
    est, seconds = run_systems(clips, gaussian_model, desc=name)
    rows = []
    base = score(clips, est["librosa baseline"])["majmin"]
    for system, e in est.items():
        row = {"system": system, **score(clips, e)}
        row["ratio_majmin_to_librosa"] = round(row["majmin"] / base, 3)
        rows.append(row)
    out = {"set": name, "n_clips": len(clips), "results": rows,
           "seconds_per_audio_minute": {k: round(float(np.median(v)), 3) for k, v in seconds.items()}}
    if per_texture:
        tex = {}
        for texture in sorted({c["texture"] for c in clips}):
            idx = [i for i, c in enumerate(clips) if c["texture"] == texture]
            sub = [clips[i] for i in idx]
            tex[texture] = {"n_clips": len(idx)}
            for system in ("mirlab HMM", "mirlab frame-wise", "librosa baseline"):
                tex[texture][system] = score(sub, [est[system][i] for i in idx])["majmin"]
        out["majmin_per_texture"] = tex
    return out


def run(quick: bool = False) -> dict:
    start = time.perf_counter()
    n, n_other = (6, 4) if quick else (24, 12)
    dev = load_clips(n, DEV_SEED)
    model = train_gaussian_hmm(dev)
    sets = [
        ("dev (seed 100, used to choose the parameters)", dev, True),
        ("test (seed 101)", load_clips(n, TEST_SEED), True),
        ("test, renderer='numpy' (synthetic timbre, seed 101)", load_clips(n_other, TEST_SEED, renderer="numpy"), False),
        ("test, augmented (gain, reverb, noise, detuning; seed 102)", load_clips(n_other, 102, augment=True), False),
        ("other music: the 'keys' pieces (melody + accompaniment + bass; diminished chords excluded "
         "by majmin; seed 101)", load_clips(n, TEST_SEED, set_name="keys"), False),
        ("with drums: the 'genres' pieces, development (seed 1, used to choose the percussion removal)",
         load_clips(10 if quick else 20, 1, set_name="genres"), False),
        ("with drums: the 'genres' pieces, test (seed 2)", load_clips(10 if quick else 20, 2, set_name="genres"), False),
    ]
    results = [evaluate_set(name, clips, model, per_texture=pt) for name, clips, pt in sets]
    return {
        "benchmark": "chord recognition, 24 major/minor triads + N (mirlab.chords)",
        "data": "mirlab.data.load_synth('chords', n=..., seed=...): 15 s clips, 9 GM instruments, 6 textures",
        "protocol": ("parameters of mirlab.chords.recognize chosen on the dev set (seed 100) only; "
                     "the test sets were not used for any choice. GaussianChordHMM is trained on the dev set."),
        "metrics": "mir_eval.chord root / majmin / mirex comparisons and seg, duration-weighted over all clips",
        "quick": quick,
        "sets": results,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer clips (smoke test)")
    parser.add_argument("--out", default=None, help=f"JSON file to write (default {DEFAULT_OUT}, not with --quick)")
    args = parser.parse_args(argv)
    table = run(args.quick)
    for s in table["sets"]:
        print(f"\n{s['set']}: {s['n_clips']} clips")
        print(f"{'system':<38s} {'root':>6s} {'majmin':>7s} {'mirex':>6s} {'seg':>6s} {'vs librosa':>10s}")
        for r in s["results"]:
            print(f"{r['system']:<38s} {r['root']:6.3f} {r['majmin']:7.3f} {r['mirex']:6.3f} "
                  f"{r['segmentation']:6.3f} {r['ratio_majmin_to_librosa']:10.3f}")
        print("seconds per minute of audio:", s["seconds_per_audio_minute"])
        if "majmin_per_texture" in s:
            for tex, d in s["majmin_per_texture"].items():
                print(f"  {tex:<14s} n={d['n_clips']:2d}  HMM {d['mirlab HMM']:.3f}  frame {d['mirlab frame-wise']:.3f}"
                      f"  librosa {d['librosa baseline']:.3f}")
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
