"""Drum grooves with accompaniment, annotated with beats, downbeats, tempo and meter.

Book: *Music data* appendix (book/data/).

What varies is what a beat tracker must survive:

* tempo from 60 to 200 BPM, constant or changing: ``"accelerando"`` / ``"ritardando"``
  ramps the tempo by 15-35 % over the clip (the beats follow the ramp exactly; ``"tempo"`` is
  the median of the local tempi);
* meter ``"4/4"`` (kick on 1 and 3, snare on 2 and 4) or ``"3/4"`` (kick on 1, snare on 2
  and 3), with a crash on the first downbeat of every 4 bars and tom fills every 8;
* swing (the off-beat eighths delayed, up to triplet feel) and syncopation (level 0: kick on
  the strong beats only; 1: one off-beat kick per bar; 2: anticipations and ghost notes);
* a bass line and chords (a four-chord loop in a random key, one chord per bar) on sampled
  instruments.

``drums=False`` renders the same grooves without the drum track (accompaniment only).

Annotations: ``"beats"``, ``"downbeats"``, ``"tempo"``, ``"meter"``, ``"chords"``, ``"key"``.

Files: ``audio/rhythm_NNNN.wav``, ``annotations/rhythm_NNNN.{jams,beats.txt,downbeats.txt,chords.lab,
key.txt}``, ``metadata.json``.
"""

from __future__ import annotations

import functools

import numpy as np

from ...errors import ParameterError
from .. import theory
from ..types import Dataset
from . import _common
from ._common import instrument
from ._music import TimeMap, bass_bar, comp_bar, drum_bar, place, place_drums

__all__ = ["NAME", "METERS", "TEMPO_CHANGES", "generate", "load"]

NAME = "rhythm"
METERS = ("4/4", "3/4")
TEMPO_CHANGES = ("constant", "accelerando", "ritardando")

_COMP = {"piano": 0, "electric_piano": 4, "clean_guitar": 27, "organ": 16, "steel_guitar": 25}
_BASS = (32, 33, 34)
_LOOPS = ([0, 5, 3, 4], [0, 3, 4, 3], [0, 4, 5, 3], [0, 3, 0, 4], [5, 3, 0, 4])


def _tempo_curve(rng, change: str, lo: float, hi: float):
    if change == "constant":
        start = float(rng.uniform(lo, hi))
        return start, start
    ratio = float(rng.uniform(1.15, 1.35))
    ratio = min(ratio, hi / lo)
    slow = float(rng.uniform(lo, hi / ratio))
    fast = slow * ratio
    return (slow, fast) if change == "accelerando" else (fast, slow)


def _piece(index, rng, tempo_factor, *, duration, meters, tempo, tempo_changes, swing, syncopation, drums=True):
    meter = str(rng.choice(meters))
    bpb = int(meter[0])
    change = str(rng.choice(tempo_changes, p=_change_weights(tempo_changes)))
    bpm0, bpm1 = _tempo_curve(rng, change, *tempo)
    bpm0, bpm1 = bpm0 * tempo_factor, bpm1 * tempo_factor
    sw = float(rng.uniform(0.3, 1.0)) if rng.random() < swing else 0.0
    sync = int(rng.choice(syncopation))
    mean_bpm = 0.5 * (bpm0 + bpm1)
    n_bars = max(2, int((duration - 0.8) * mean_bpm / 60.0 / bpb) + 1)
    while True:
        tm = TimeMap(n_bars * bpb, bpm0, bpm1, swing=sw)
        if tm.time(n_bars * bpb) <= duration - 0.5 or n_bars <= 2:
            break
        n_bars -= 1

    key = theory.key_label(int(rng.integers(12)), str(rng.choice(["major", "minor"])))
    diat = theory.diatonic_chords(key)
    loop = [diat[d] for d in _LOOPS[int(rng.integers(len(_LOOPS)))]]
    labels = [loop[b % len(loop)] for b in range(n_bars)]
    comp_name = str(rng.choice(list(_COMP)))
    bass_program = int(rng.choice(_BASS))
    if bpb == 4:
        comp_style = str(rng.choice(["beats", "skank", "half", "stabs"]))
        bass_style = str(rng.choice(["root_half", "beats", "eighths"]))
    else:
        comp_style, bass_style = "beats", "root"

    pm = _common.new_midi()
    # drums=False: the same groove (the drum pattern is still drawn, so the random stream and
    # everything else stay the same) without the drum track
    drum_track = instrument(pm, 0, is_drum=True, name="drums") if drums else None
    bass = instrument(pm, bass_program, name="bass")
    comp = instrument(pm, _COMP[comp_name], name=comp_name)
    for bar in range(n_bars):
        off = bar * bpb
        style = "waltz" if bpb == 3 else "backbeat"
        pattern = drum_bar(style, bpb, bar, rng, syncopation=sync, n_bars=n_bars)
        if drum_track is not None:
            place_drums(drum_track, pattern, tm, bar_offset_beats=off)
        nxt = labels[min(bar + 1, n_bars - 1)]
        place(bass, bass_bar(bass_style, labels[bar], nxt, bpb, rng), tm, bar_offset_beats=off, velocity_scale=0.9)
        events = comp_bar(comp_style, labels[bar], bpb, rng, center=62.0, articulation=0.8)
        if bpb == 3:  # waltz: chords on 2 and 3 only ("oom-pah-pah")
            events = [e for e in events if e[0] >= 1]
        place(comp, events, tm, bar_offset_beats=off, velocity_scale=0.7)

    beats = tm.beat_times()
    end = _common.q(duration)
    chord_iv = np.array([[tm.time(b * bpb), tm.time((b + 1) * bpb)] for b in range(n_bars)])
    ann = {
        "beats": beats,
        "downbeats": beats[::bpb],
        "tempo": tm.median_bpm(),
        "meter": meter,
        "chords": (np.vstack([chord_iv, [[chord_iv[-1, 1], end]]]), labels + ["N"]),
        "key": key,
    }
    params = {"meter": meter, "tempo_change": change, "bpm_start": round(bpm0, 3), "bpm_end": round(bpm1, 3),
              "swing": round(sw, 3), "syncopation": sync, "n_bars": n_bars, "comp": comp_name,
              "comp_style": comp_style, "bass_program": bass_program, "bass_style": bass_style, "key": key}
    if not drums:
        params["drums"] = False
    track_id = f"{NAME}_{index:04d}"
    return _common.Piece(track_id, pm, ann, params, f"audio/{track_id}.wav", end)


def _change_weights(changes):
    w = np.array([0.5 if c == "constant" else 0.25 for c in changes])
    return w / w.sum()


def generate(
    n: int = 24,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    duration: float = 20.0,
    meters=METERS,
    tempo=(60.0, 200.0),
    tempo_changes=TEMPO_CHANGES,
    swing: float = 0.3,
    syncopation=(0, 1, 2),
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
    drums: bool = True,
) -> Dataset:
    """Render ``n`` drum grooves with accompaniment, annotated with beats and downbeats.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of clips.
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Output folder.
    sr : int
        Sampling rate (default 22050).
    progress : bool
        Show a progress bar.
    duration : float
        Length of a clip in seconds (>= 4).
    meters : sequence of str
        From :data:`METERS`.
    tempo : (float, float)
        Tempo range in BPM (default 60-200); ramps stay inside it.
    tempo_changes : sequence of str
        From :data:`TEMPO_CHANGES` (constant tempo is drawn half of the time when present).
    swing : float
        Probability in [0, 1] that a clip swings (by 0.3 to 1, 1 = triplet feel).
    syncopation : sequence of int
        Syncopation levels to draw from (0, 1, 2).
    renderer, augment, jobs
        As in :func:`mirlab.data.synth.chords.generate`.
    drums : bool
        False: the same grooves without the drum track (bass and chords only), to test beat
        trackers on music without percussion. True (default) gives the same output as before
        this option existed.

    Returns
    -------
    dataset : Dataset
        Annotations ``"beats"``, ``"downbeats"``, ``"tempo"``, ``"meter"``, ``"chords"``,
        ``"key"``.

    Raises
    ------
    ParameterError
        For an invalid argument.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import rhythm
    >>> ds = rhythm.generate(1, seed=0, out_dir=tempfile.mkdtemp(), duration=6.0, progress=False)
    >>> a = ds[0].annotations
    >>> bool(set(a["downbeats"]) <= set(a["beats"])), a["meter"] in rhythm.METERS
    (True, True)
    """
    from .chords import _tempo_range

    duration = _common.check_positive(duration, "duration", 3.999, 600)
    meters = _common.check_choices(meters, METERS, "meters")
    tempo_changes = _common.check_choices(tempo_changes, TEMPO_CHANGES, "tempo_changes")
    syncopation = _common.check_choices(syncopation, (0, 1, 2), "syncopation")
    lo, hi = _tempo_range(tempo)
    if isinstance(swing, bool) or not isinstance(swing, (int, float)) or not 0 <= swing <= 1:
        raise ParameterError(f"swing must be a probability in [0, 1], got {swing!r}")
    if not isinstance(drums, (bool, np.bool_)):
        raise ParameterError(f"drums must be True or False, got {drums!r}")
    options = dict(duration=duration, meters=list(meters), tempo=[lo, hi], tempo_changes=list(tempo_changes),
                   swing=float(swing), syncopation=list(syncopation))
    if not drums:  # only recorded when not the default, so default metadata stays as before
        options["drums"] = False
    make = functools.partial(_piece, duration=duration, meters=meters, tempo=(lo, hi), tempo_changes=tempo_changes,
                             swing=float(swing), syncopation=syncopation, drums=bool(drums))
    return _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                                renderer=renderer, augment=augment, options=options, jobs=jobs,
                                description="drum grooves + accompaniment with beats and downbeats")


def load(out_dir) -> Dataset:
    """Read a rhythm set written by :func:`generate`.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The folder :func:`generate` wrote.

    Returns
    -------
    dataset : Dataset

    Raises
    ------
    AudioFileError
        If the folder holds no complete set.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import rhythm
    >>> folder = tempfile.mkdtemp()
    >>> _ = rhythm.generate(1, out_dir=folder, duration=5.0, progress=False)
    >>> len(rhythm.load(folder))
    1
    """
    return _common.load_set(out_dir, NAME)
