"""Chord progressions with time-aligned chord labels (the 24 major/minor triads and no-chord).

Book: *Music data* appendix (book/data/).

Each clip plays a sequence of chords on one sampled instrument. What varies from clip to clip,
and from chord to chord, is what a chord recogniser must be robust to:

* the chords: the 24 major and minor triads and silences labelled ``"N"``; half of the clips
  move through the triads of a key (diatonic progressions), the other half jump at random;
* inversions (root position, first, second) and voicings (close, open "drop 2", spread);
* textures: ``"block"`` chords, ``"arpeggio"`` (broken chords left ringing), ``"beats"``
  (repeated chords), each with or without a bass line (``"+bass"``: the root, an octave or two
  below, on a bass instrument);
* instruments (:data:`INSTRUMENTS`, General MIDI programs), tempo and chord durations (1 to 8
  beats).

The labels are ``"C:maj"``-style triads (see :mod:`mirlab.data.theory`), with ``"N"`` over the
silences and the release after the last chord. With ``slash_labels=True`` an inverted chord
without a bass line is labelled with its bass (``"C:maj/3"``, ``"C:maj/5"``), as in Harte's
syntax; :func:`mir_eval.chord.evaluate` reads both.

Files: ``audio/chords_NNNN.wav``, ``annotations/chords_NNNN.{jams,chords.lab,beats.txt}``,
``metadata.json``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import theory
from ...errors import ParameterError
from ..types import Dataset
from . import _common
from ._common import add_note, instrument, q
from ._music import TimeMap, nearest_pitch

__all__ = ["NAME", "INSTRUMENTS", "TEXTURES", "generate", "load"]

NAME = "chords"

#: Instruments of the chord clips: name -> (General MIDI program, octave of the chords).
INSTRUMENTS = {
    "piano": (0, 4),
    "electric_piano": (4, 4),
    "nylon_guitar": (24, 3),
    "steel_guitar": (25, 3),
    "clean_guitar": (27, 3),
    "organ": (16, 4),
    "strings": (48, 4),
    "harp": (46, 4),
    "accordion": (21, 4),
}

#: Textures of the clips.
TEXTURES = ("block", "arpeggio", "beats", "block+bass", "arpeggio+bass", "beats+bass")

_TRIAD_KEYS = ("major", "minor")


def _progression(rng, n_chords: int) -> list:
    """A list of triad labels, no label twice in a row."""
    if rng.random() < 0.5:  # diatonic walk in a random key (dim chords left out)
        key = theory.key_label(int(rng.integers(12)), str(rng.choice(_TRIAD_KEYS)))
        pool = [c for c in theory.diatonic_chords(key) if c.endswith(("maj", "min"))]
        first = pool[0]
    else:
        pool = list(theory.MAJMIN_TRIADS)
        first = str(rng.choice(pool))
    labels = [first]
    while len(labels) < n_chords:
        c = str(rng.choice(pool))
        if c != labels[-1]:
            labels.append(c)
    return labels


def _piece(index, rng, tempo_factor, *, duration, instruments, textures, tempo, p_no_chord, slash_labels):
    name = str(rng.choice(instruments))
    program, octave = INSTRUMENTS[name]
    texture = str(rng.choice(textures))
    bpm = float(rng.uniform(*tempo)) * tempo_factor
    period = 60.0 / bpm
    with_bass = texture.endswith("+bass")
    base = texture.split("+")[0]

    pm = _common.new_midi()
    inst = instrument(pm, program, name=name)
    bass_program = int(rng.choice([32, 33])) if with_bass else None
    bass = instrument(pm, bass_program, name="bass") if with_bass else None

    beat_choices = np.array([1, 2, 2, 3, 4, 4, 6, 8])
    labels = _progression(rng, 64)
    t = 0.0
    end_music = duration - 0.6
    intervals, out_labels, chord_params = [], [], []
    k = 0
    tm = TimeMap(int(duration / period) + 16, bpm)
    pos = 0.0
    while True:
        n_beats = int(rng.choice(beat_choices))
        min_beats = int(np.ceil(0.6 / period))  # at least 0.6 s per chord
        n_beats = max(n_beats, min_beats)
        while n_beats > min_beats and tm.time(pos + n_beats) > end_music:
            n_beats -= 1
        start, stop = tm.time(pos), tm.time(pos + n_beats)
        if stop > end_music:
            break
        if k > 0 and rng.random() < p_no_chord:
            label = "N"
        else:
            label = labels[k % len(labels)]
            k += 1
        if label != "N":
            inversion = int(rng.choice([0, 1, 2], p=[0.5, 0.3, 0.2]))
            voicing = str(rng.choice(["close", "open", "spread"], p=[0.5, 0.25, 0.25]))
            notes = theory.voice_chord(label, octave=octave, inversion=inversion, voicing=voicing)
            vel = int(rng.integers(65, 111))
            if base == "block":
                for p in notes:
                    add_note(inst, p, start, stop - 0.02, vel)
            elif base == "beats":
                for b in range(n_beats):
                    s, e = tm.time(pos + b), tm.time(pos + b + 0.9)
                    for p in notes:
                        add_note(inst, p, s, e, vel if b == 0 else vel - 10)
            else:  # arpeggio: eighths (sixteenths when slow), notes ring to the end of the chord
                step = 0.25 if bpm < 90 else 0.5
                order = {"up": notes, "down": notes[::-1], "updown": notes + notes[-2:0:-1]}[
                    str(rng.choice(["up", "down", "updown"]))
                ]
                n_steps = int(round(n_beats / step))
                for j in range(n_steps):
                    s = tm.time(pos + j * step)
                    add_note(inst, order[j % len(order)], s, stop - 0.02, vel if j == 0 else vel - 12)
            if bass is not None:
                root = theory.parse_chord(label)[0]
                bp = nearest_pitch(root, 38, 28, 52)
                add_note(bass, bp, start, stop - 0.03, vel + 5)
            bass_interval = None
            if inversion and bass is None:
                bass_interval = {1: "3" if label.endswith("maj") else "b3", 2: "5"}[inversion]
            chord_params.append({"label": label, "inversion": inversion, "voicing": voicing, "velocity": vel,
                                 "beats": n_beats})
            if slash_labels and bass_interval:
                label = f"{label}/{bass_interval}"
        else:
            chord_params.append({"label": "N", "beats": n_beats})
        intervals.append([start, stop])
        out_labels.append(label)
        pos += n_beats
    dur = q(duration)
    intervals.append([intervals[-1][1], dur])
    out_labels.append("N")
    n_b = int(pos)
    beats = np.array([tm.time(b) for b in range(n_b)])
    ann = {
        "chords": (np.array(intervals), out_labels),
        "beats": beats,
        "tempo": tm.median_bpm(),
    }
    params = {
        "instrument": name,
        "program": program,
        "texture": texture,
        "bass_program": bass_program,
        "tempo": round(bpm, 3),
        "chords": chord_params,
    }
    track_id = f"{NAME}_{index:04d}"
    return _common.Piece(track_id, pm, ann, params, f"audio/{track_id}.wav", dur)


def generate(
    n: int = 24,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    duration: float = 15.0,
    instruments=tuple(INSTRUMENTS),
    textures=TEXTURES,
    tempo=(60.0, 150.0),
    p_no_chord: float = 0.08,
    slash_labels: bool = False,
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` chord-progression clips with their chord labels.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of clips.
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Folder to write into (created if needed).
    sr : int
        Sampling rate of the WAV files (default 22050).
    progress : bool
        Show a progress bar.
    duration : float
        Length of each clip in seconds (>= 3).
    instruments : sequence of str
        Names from :data:`INSTRUMENTS` to draw from.
    textures : sequence of str
        Names from :data:`TEXTURES` to draw from.
    tempo : (float, float)
        Range of tempi in BPM.
    p_no_chord : float
        Probability that a segment is a silence labelled ``"N"``.
    slash_labels : bool
        Label inverted chords with their bass (``"C:maj/3"``) when no bass line plays the root.
    renderer : str
        ``"auto"``, ``"midirenderer"``, ``"fluidsynth"`` or ``"numpy"`` (see
        :func:`mirlab.data.render.render_midi`).
    augment : None, bool, float or dict
        None (default): none; True or a strength in (0, 1]: random gain, reverb, noise, tempo
        jitter and detuning per clip (:func:`mirlab.data.render.random_augmentation`); a dict:
        those parameters, fixed.
    jobs : int
        Worker processes (1: render in this process).

    Returns
    -------
    dataset : Dataset
        One :class:`~mirlab.data.types.Track` per clip with annotations ``"chords"``,
        ``"beats"`` and ``"tempo"``.

    Raises
    ------
    ParameterError
        For an invalid argument.

    See Also
    --------
    load, mirlab.data.load_synth

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import chords
    >>> ds = chords.generate(2, seed=0, out_dir=tempfile.mkdtemp(), duration=4.0, progress=False)
    >>> len(ds), ds[0].annotations["chords"][1][-1]
    (2, 'N')
    >>> ds.metadata["renderer"]
    'midirenderer'
    """
    duration = _common.check_positive(duration, "duration", 2.999, 600)
    instruments = _common.check_choices(instruments, INSTRUMENTS, "instruments")
    textures = _common.check_choices(textures, TEXTURES, "textures")
    lo, hi = _tempo_range(tempo)
    if not isinstance(p_no_chord, (int, float)) or not 0 <= p_no_chord < 1:
        raise ParameterError(f"p_no_chord must be in [0, 1), got {p_no_chord!r}")
    options = dict(duration=duration, instruments=list(instruments), textures=list(textures), tempo=[lo, hi],
                   p_no_chord=float(p_no_chord), slash_labels=bool(slash_labels))
    make = functools.partial(_piece, duration=duration, instruments=instruments, textures=textures,
                             tempo=(lo, hi), p_no_chord=float(p_no_chord), slash_labels=bool(slash_labels))
    return _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                                renderer=renderer, augment=augment, options=options, jobs=jobs,
                                description="chord progressions: 24 major/minor triads + N, with time-aligned labels")


def _tempo_range(tempo, lo_limit: float = 30.0, hi_limit: float = 300.0):
    try:
        lo, hi = (float(x) for x in tempo)
    except (TypeError, ValueError):
        raise ParameterError(f"tempo must be a (low, high) pair of BPM, got {tempo!r}") from None
    if not lo_limit <= lo <= hi <= hi_limit:
        raise ParameterError(f"tempo must satisfy {lo_limit} <= low <= high <= {hi_limit} BPM, got {tempo!r}")
    return lo, hi


def load(out_dir) -> Dataset:
    """Read a chord set written by :func:`generate`.

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
    ParameterError
        If the folder holds another set.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import chords
    >>> folder = tempfile.mkdtemp()
    >>> _ = chords.generate(1, out_dir=folder, duration=4.0, progress=False)
    >>> chords.load(folder).track_ids()
    ['chords_0000']
    """
    return _common.load_set(out_dir, NAME)
