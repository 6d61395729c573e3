"""Benchmark: how long ``mirlab analyze`` takes on a 30 s recording, per task, after warm-up.

    python bench/analyze.py                    # writes bench/results/analyze.json
    python bench/analyze.py --repeats 3 --out /tmp/analyze.json

Data: three generated 30 s clips with fixed seeds (``mirlab.data.load_synth``): a drum groove
(``rhythm``), a chord progression without drums (``chords``) and a piece of the ``genres`` set.
Each is written to a WAV file, then analysed end to end as the command does (load, resample,
tempo and beats from one HMM decoding, key, chords) ``--repeats`` times after one warm-up run (numba compiles librosa's
kernels on first use). The time of each task is measured separately too, each called alone with its defaults: key and
chords each remove the percussion first (``mirlab.chroma.harmonic``), which ``mirlab analyze``
does once for both, so the shares add up to more than 1.

Printed table: task, median time in seconds over clips and repeats, share of the total. The
target of the chapter (book/classical/index.md) is under 5 s for a 30 s file; the script runs on
one core (it sets ``OMP_NUM_THREADS=1`` and friends unless they are set).
The figures depend on the machine; the JSON records its processor count.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import tempfile
import time

# One core: the limits of the chapter are stated for one core (set before NumPy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "analyze.json"
CLIPS = [("rhythm", {"duration": 30.0}), ("chords", {"duration": 30.0}), ("genres", {})]


def _clips(folder: pathlib.Path):
    from mirlab import audio
    from mirlab.data import load_synth

    paths = []
    for name, options in CLIPS:
        track = load_synth(name, n=1, seed=2024, progress=False, **options)[0]
        y, sr = track.load_audio(sr=None)
        y = y[: int(30.0 * sr)]
        path = folder / f"{name}.wav"
        audio.save(path, y, sr)
        paths.append(path)
    return paths


def _timed(func, *args):
    start = time.perf_counter()
    out = func(*args)
    return out, time.perf_counter() - start


def run(repeats: int) -> dict:
    from tqdm.auto import tqdm

    from mirlab import audio, beats, chords, key
    from mirlab.analyze import SR, analyze_file

    rows = {"total (mirlab analyze)": [], "load + resample": [], "tempo + beats": [], "key": [], "chords": []}
    with tempfile.TemporaryDirectory() as tmp:
        paths = _clips(pathlib.Path(tmp))
        analyze_file(paths[0])  # warm-up: numba compilation, imports
        for _ in tqdm(range(repeats), desc="repeats"):
            for path in paths:
                rows["total (mirlab analyze)"].append(_timed(analyze_file, path)[1])
                (y, sr), t = _timed(lambda p: audio.load(p, sr=SR), path)
                rows["load + resample"].append(t)
                rows["tempo + beats"].append(_timed(beats.track_with_tempo, y, sr)[1])  # one decoding gives both
                rows["key"].append(_timed(key.estimate, y, sr)[1])
                rows["chords"].append(_timed(chords.recognize, y, sr)[1])
    total = float(np.median(rows["total (mirlab analyze)"]))
    return {
        "benchmark": "mirlab analyze on a 30 s file, after one warm-up run",
        "data": "30 s of generated clips (seed 2024): " + ", ".join(name for name, _ in CLIPS),
        "protocol": f"{repeats} repeats x {len(CLIPS)} clips; median time per task",
        "cpu_count": os.cpu_count(),
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "target_s": 5.0,
        "results": [
            {"task": task, "median_s": round(float(np.median(times)), 3),
             "share_of_total": round(float(np.median(times)) / total, 3)}
            for task, times in rows.items()
        ],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    table = run(args.repeats)
    print(f"{'task':<24} {'median (s)':>10} {'share':>6}")
    for row in table["results"]:
        print(f"{row['task']:<24} {row['median_s']:>10.3f} {row['share_of_total']:>6.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, indent=2) + "\n")
    print("written", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
