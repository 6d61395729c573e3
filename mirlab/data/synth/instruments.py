"""Isolated notes and short phrases of 10 instrument classes, with instrument and pitch labels.

Book: *Music data* appendix (book/data/).

The classes span the families of the orchestra and the band (:data:`CLASSES`): keyboard (piano,
organ), plucked strings (acoustic guitar, electric bass), bowed strings (violin, cello),
woodwinds (flute, clarinet, saxophone) and brass (trumpet). Each class has one or more General
MIDI programs and a playing range; a clip is either one ``"note"`` (pitch and velocity drawn
uniformly in the range) or a ``"phrase"`` of 3 to 8 notes (a scale or arpeggio fragment).
Clips go round the classes, so ``n = 100`` gives 10 per class.

The organ class uses the reed organ (program 21 in 1-based GM numbering): the drawbar and
church organs of the default SoundFont sound an octave below the written note (a 16' stop),
so their annotated pitch would not be the fundamental one hears.

Annotations: ``"instrument"`` (the class), ``"notes"`` (intervals, Hz), ``"onsets"``,
``"tags"`` (class and family).

Files: ``audio/instruments_NNNN.wav``, ``annotations/instruments_NNNN.{jams,notes.txt,onsets.txt}``,
``metadata.json``.
"""

from __future__ import annotations

import functools

import numpy as np

from ..types import Dataset
from . import _common
from ._common import add_note, instrument

__all__ = ["NAME", "CLASSES", "KINDS", "generate", "load"]

NAME = "instruments"

#: Instrument classes: name -> (family, General MIDI programs, lowest, highest MIDI note).
CLASSES = {
    "piano": ("keyboard", (0, 1), 36, 96),
    "acoustic_guitar": ("plucked string", (24, 25), 40, 76),
    "electric_bass": ("plucked string", (33, 34), 28, 55),
    "violin": ("bowed string", (40,), 55, 93),
    "cello": ("bowed string", (42,), 36, 72),
    "flute": ("woodwind", (73,), 60, 96),
    "clarinet": ("woodwind", (71,), 50, 89),
    "trumpet": ("brass", (56,), 55, 82),
    "saxophone": ("woodwind", (65, 66), 44, 80),
    "organ": ("keyboard", (20,), 36, 84),
}

#: What a clip holds.
KINDS = ("note", "phrase")


def _piece(index, rng, tempo_factor, *, classes, kinds, note_duration):
    name = classes[index % len(classes)]
    family, programs, lo, hi = CLASSES[name]
    program = int(rng.choice(programs))
    kind = str(rng.choice(kinds))
    pm = _common.new_midi()
    inst = instrument(pm, program, name=name)
    notes = []
    if kind == "note":
        pitch = int(rng.integers(lo, hi + 1))
        vel = int(rng.integers(40, 121))
        dur = float(rng.uniform(*note_duration))
        s, e = add_note(inst, pitch, 0.05, 0.05 + dur, vel)
        notes.append((s, e, pitch, vel))
    else:
        n_notes = int(rng.integers(3, 9))
        step = float(rng.uniform(0.2, 0.5)) / tempo_factor
        shape = str(rng.choice(["scale", "arpeggio"]))
        intervals = [0, 2, 4, 5, 7, 9, 11, 12] if shape == "scale" else [0, 4, 7, 12, 16, 19]
        span = intervals[min(n_notes, len(intervals)) - 1]
        start = int(rng.integers(lo, max(lo + 1, hi - span + 1)))
        seq = [start + intervals[i % len(intervals)] for i in range(n_notes)]
        if rng.random() < 0.5:
            seq = seq[::-1]
        vel = int(rng.integers(50, 121))
        t = 0.05
        for p in seq:
            p = int(min(max(p, lo), hi))
            s, e = add_note(inst, p, t, t + step * 0.9, vel)
            notes.append((s, e, p, vel))
            t += step
    end = _common.q(max(e for _, e, _, _ in notes) + 0.5)
    ann = {
        "instrument": name,
        "notes": (
            np.array([[s, e] for s, e, _, _ in notes]),
            np.array([_common.midi_to_hz(p) for _, _, p, _ in notes]),
        ),
        "onsets": np.array([s for s, _, _, _ in notes]),
        "tags": [name, family],
    }
    params = {"instrument": name, "family": family, "program": program, "kind": kind,
              "pitches": [p for _, _, p, _ in notes], "velocities": [v for _, _, _, v in notes]}
    track_id = f"{NAME}_{index:04d}"
    return _common.Piece(track_id, pm, ann, params, f"audio/{track_id}.wav", end)


def generate(
    n: int = 100,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    classes=tuple(CLASSES),
    kinds=KINDS,
    note_duration=(0.8, 1.6),
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` isolated notes and phrases, going round the instrument classes.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of clips (``n = 10 k`` gives ``k`` clips per class).
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Output folder.
    sr : int
        Sampling rate (default 22050).
    progress : bool
        Show a progress bar.
    classes : sequence of str
        Classes from :data:`CLASSES`.
    kinds : sequence of str
        From :data:`KINDS`.
    note_duration : (float, float)
        Range of the length of an isolated note, in seconds.
    renderer, augment, jobs
        As in :func:`mirlab.data.synth.chords.generate`.

    Returns
    -------
    dataset : Dataset
        Annotations ``"instrument"``, ``"notes"``, ``"onsets"``, ``"tags"``.

    Raises
    ------
    ParameterError
        For an invalid argument.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import instruments
    >>> ds = instruments.generate(3, seed=0, out_dir=tempfile.mkdtemp(), progress=False)
    >>> [t.annotations["instrument"] for t in ds]
    ['piano', 'acoustic_guitar', 'electric_bass']
    """
    from ...errors import ParameterError

    classes = _common.check_choices(classes, CLASSES, "classes")
    kinds = _common.check_choices(kinds, KINDS, "kinds")
    try:
        d_lo, d_hi = (float(x) for x in note_duration)
    except (TypeError, ValueError):
        raise ParameterError(f"note_duration must be a (low, high) pair of seconds, got {note_duration!r}") from None
    if not 0.05 <= d_lo <= d_hi <= 30:
        raise ParameterError(f"note_duration must satisfy 0.05 <= low <= high <= 30 s, got {note_duration!r}")
    options = dict(classes=list(classes), kinds=list(kinds), note_duration=[d_lo, d_hi])
    make = functools.partial(_piece, classes=classes, kinds=kinds, note_duration=(d_lo, d_hi))
    return _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                                renderer=renderer, augment=augment, options=options, jobs=jobs,
                                description="isolated notes and phrases of 10 instrument classes")


def load(out_dir) -> Dataset:
    """Read an instrument set written by :func:`generate`.

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
    >>> from mirlab.data.synth import instruments
    >>> folder = tempfile.mkdtemp()
    >>> _ = instruments.generate(2, out_dir=folder, progress=False)
    >>> instruments.load(folder)[1].annotations["instrument"]
    'acoustic_guitar'
    """
    return _common.load_set(out_dir, NAME)
