"""Benchmark: render every generated set with the book's defaults, once, and print a table.

    python bench/data_render.py            # one process (one core)
    python bench/data_render.py --jobs 2   # what load_synth does on a 2-core machine
    python bench/data_render.py --sets chords keys --out /tmp/bench

Columns: set, clips, seconds of audio, wall-clock seconds to render and write everything
(audio, JAMS, text files, MP3s), how many times faster than real time, renderer.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time


def main(argv=None) -> int:
    from mirlab.data import SETS, synth
    from mirlab.data.render import render_midi

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--out", default=None, help="folder to render into (default: a temporary folder)")
    args = parser.parse_args(argv)

    import pretty_midi

    warm = pretty_midi.PrettyMIDI()  # import librosa/soxr/jams once, outside the timings
    warm.instruments.append(pretty_midi.Instrument(0))
    warm.instruments[0].notes.append(pretty_midi.Note(100, 60, 0.0, 0.5))
    render_midi(warm)
    import jams  # noqa: F401

    out = pathlib.Path(args.out or tempfile.mkdtemp(prefix="mirlab-bench-"))
    rows = []
    for name in args.sets:
        t0 = time.perf_counter()
        ds = synth(name, out_dir=out / name, progress=False, jobs=args.jobs)
        seconds = time.perf_counter() - t0
        refs = [t for t in ds if t.metadata.get("codec", "pcm_16") == "pcm_16"]
        audio = sum(t.metadata["duration"] for t in refs)
        rows.append((name, len(refs), audio, seconds, audio / seconds, ds.metadata["renderer"]))

    header = f"{'set':12s} {'clips':>6s} {'audio s':>9s} {'render s':>9s} {'x real time':>12s}  renderer"
    print(f"jobs={args.jobs}, output in {out}")
    print(header)
    print("-" * len(header))
    for name, n, audio, seconds, factor, renderer in rows:
        print(f"{name:12s} {n:6d} {audio:9.1f} {seconds:9.2f} {factor:12.1f}  {renderer}")
    total_audio = sum(r[2] for r in rows)
    total_s = sum(r[3] for r in rows)
    print("-" * len(header))
    print(f"{'total':12s} {sum(r[1] for r in rows):6d} {total_audio:9.1f} {total_s:9.2f} {total_audio / total_s:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
