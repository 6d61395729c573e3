"""Short pieces in each of the 24 major and minor keys, with the key as label.

Book: *Music data* appendix (book/data/).

Each clip is a little tonal piece: phrases of diatonic chords that start on the tonic and end
with a cadence (authentic V-I or plagal IV-I; a minor key takes its dominant from the harmonic
minor), a bass line on the roots, an accompaniment (block chords, broken chords or repeated
chords) and a melody that puts chord tones on the strong beats and ends on the tonic. The keys
are dealt evenly: ``n = 48`` gives every key twice.

Annotations: ``"key"`` (``"F# minor"``), ``"chords"`` (the diatonic chords, e.g. ``"B:dim"``),
``"notes"`` (the melody, Hz), ``"beats"``, ``"downbeats"``, ``"tempo"``, ``"meter"``.

Files: ``audio/keys_NNNN.wav``, ``annotations/keys_NNNN.{jams,key.txt,chords.lab,notes.txt,beats.txt,
downbeats.txt}``, ``metadata.json``.
"""

from __future__ import annotations

import functools

import numpy as np

from ...errors import ParameterError
from .. import theory
from ..types import Dataset
from . import _common
from ._common import instrument
from ._music import TimeMap, bass_bar, comp_bar, melody, place

__all__ = ["NAME", "ACCOMPANIMENT", "MELODY", "TEXTURES", "progression", "generate", "load"]

NAME = "keys"

#: Accompanying instruments: name -> General MIDI program.
ACCOMPANIMENT = {"piano": 0, "electric_piano": 4, "nylon_guitar": 24, "strings": 48, "organ": 16, "harp": 46}
#: Melody instruments: name -> General MIDI program.
MELODY = {"flute": 73, "violin": 40, "clarinet": 71, "oboe": 68, "trumpet": 56, "piano": 0, "vibraphone": 11}
#: Accompaniment textures.
TEXTURES = ("block", "arpeggio", "beats")

# Phrases of degrees (0 = I, 4 = V, ...), one chord per bar.
_OPENINGS = ([0, 5, 3, 4], [0, 3, 4, 0], [0, 1, 4, 0], [0, 5, 1, 4], [0, 2, 3, 4], [0, 3, 0, 4], [0, 4, 5, 3])
_CADENCES = ([4, 0], [4, 0], [4, 0], [3, 0], [1, 4, 0], [6, 0])


def progression(key: str, n_bars: int, rng) -> list:
    """Diatonic chord labels, one per bar: phrases from the tonic, a cadence at the end.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    key : str
        A key label (``"C major"``).
    n_bars : int
        Number of bars (>= 2).
    rng : numpy.random.Generator or int
        Source of randomness.

    Returns
    -------
    labels : list of str
        ``n_bars`` chord labels; the first and the last are the tonic chord.

    Raises
    ------
    ParameterError
        If ``n_bars < 2``.

    Examples
    --------
    >>> from mirlab.data.synth.keys import progression
    >>> p = progression("G major", 6, 0)
    >>> p[0], p[-1], len(p)
    ('G:maj', 'G:maj', 6)
    """
    if isinstance(n_bars, bool) or not isinstance(n_bars, (int, np.integer)) or n_bars < 2:
        raise ParameterError(f"n_bars must be an integer >= 2, got {n_bars!r}")
    rng = np.random.default_rng(rng)
    chords = theory.diatonic_chords(key)
    cadence = list(_CADENCES[int(rng.integers(len(_CADENCES)))])
    cadence = cadence[-min(len(cadence), n_bars - 1):]
    degrees = []
    while len(degrees) < n_bars - len(cadence):
        degrees += list(_OPENINGS[int(rng.integers(len(_OPENINGS)))])
    degrees = degrees[: n_bars - len(cadence)] + cadence
    degrees[0] = 0
    return [chords[d] for d in degrees]


def _piece(index, rng, tempo_factor, *, duration, keys, tempo, meters, textures, key_order):
    key = keys[key_order[index % len(key_order)]]
    tonic, mode = theory.parse_key(key)
    meter = str(rng.choice(meters))
    bpb = int(meter[0])
    bpm = float(rng.uniform(*tempo)) * tempo_factor
    bar_s = bpb * 60.0 / bpm
    n_bars = max(2, int((duration - 0.8) // bar_s))
    labels = progression(key, n_bars, rng)
    acc_name = str(rng.choice(list(ACCOMPANIMENT)))
    mel_name = str(rng.choice([m for m in MELODY if MELODY[m] != ACCOMPANIMENT[acc_name]]))
    texture = str(rng.choice(textures))
    comp_style = {"block": "half" if bpb == 4 else "block", "arpeggio": "arpeggio", "beats": "beats"}[texture]

    pm = _common.new_midi()
    acc = instrument(pm, ACCOMPANIMENT[acc_name], name=acc_name)
    bass = instrument(pm, 42 if acc_name == "strings" else ACCOMPANIMENT[acc_name], name="bass")
    lead = instrument(pm, MELODY[mel_name], name=mel_name)
    tm = TimeMap(n_bars * bpb, bpm)
    for bar, label in enumerate(labels):
        nxt = labels[min(bar + 1, n_bars - 1)]
        place(acc, comp_bar(comp_style, label, bpb, rng, center=64.0), tm, bar_offset_beats=bar * bpb,
              velocity_scale=0.85)
        place(bass, bass_bar("root_half" if bar < n_bars - 1 else "root", label, nxt, bpb, rng,
                             octave_center=45.0), tm, bar_offset_beats=bar * bpb, velocity_scale=0.9)
    scale_pcs = theory.scale(key, minor="harmonic")
    mel = melody(labels, scale_pcs, bpb, rng, center=76.0, density=float(rng.uniform(0.2, 0.8)), end_on=tonic)
    placed = place(lead, mel, tm)
    beats = tm.beat_times()
    chord_iv = np.array([[tm.time(b * bpb), tm.time((b + 1) * bpb)] for b in range(n_bars)])
    end = _common.q(max(duration, tm.time(n_bars * bpb) + 0.5))
    ann = {
        "key": key,
        "chords": (np.vstack([chord_iv, [[chord_iv[-1, 1], end]]]), list(labels) + ["N"]),
        "notes": (np.array([[s, e] for s, e, _ in placed]), np.array([_common.midi_to_hz(p) for _, _, p in placed])),
        "beats": beats,
        "downbeats": beats[::bpb],
        "tempo": tm.median_bpm(),
        "meter": meter,
    }
    params = {"key": key, "mode": mode, "meter": meter, "tempo": round(bpm, 3), "accompaniment": acc_name,
              "melody": mel_name, "texture": texture, "progression": labels}
    track_id = f"{NAME}_{index:04d}"
    return _common.Piece(track_id, pm, ann, params, f"audio/{track_id}.wav", end)


def generate(
    n: int = 48,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    duration: float = 10.0,
    keys=theory.KEYS,
    tempo=(70.0, 140.0),
    meters=("4/4", "3/4"),
    textures=TEXTURES,
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` short tonal pieces with their key labels, the keys dealt evenly.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of clips (a multiple of ``len(keys)`` gives every key equally often).
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Output folder.
    sr : int
        Sampling rate (default 22050).
    progress : bool
        Show a progress bar.
    duration : float
        Approximate length of a clip in seconds (>= 3); the piece ends with its cadence.
    keys : sequence of str
        The keys to deal (default: all 24, :data:`mirlab.data.theory.KEYS`).
    tempo : (float, float)
        Tempo range in BPM.
    meters : sequence of str
        From ``"4/4"`` and ``"3/4"``.
    textures : sequence of str
        From :data:`TEXTURES`.
    renderer, augment, jobs
        As in :func:`mirlab.data.synth.chords.generate`.

    Returns
    -------
    dataset : Dataset
        Annotations ``"key"``, ``"chords"``, ``"notes"``, ``"beats"``, ``"downbeats"``,
        ``"tempo"``, ``"meter"``.

    Raises
    ------
    ParameterError
        For an invalid argument.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import keys
    >>> ds = keys.generate(2, seed=1, out_dir=tempfile.mkdtemp(), duration=4.0, progress=False)
    >>> sorted({t.annotations["key"].split()[1] for t in ds}) != []
    True
    """
    from .chords import _tempo_range

    duration = _common.check_positive(duration, "duration", 2.999, 600)
    keys = tuple(keys) if not isinstance(keys, str) else (keys,)
    try:
        keys = tuple(theory.key_label(*theory.parse_key(k)) for k in keys)
    except ParameterError as exc:
        raise ParameterError(f"keys must be key labels like 'C major' or 'F# minor': {exc}") from None
    if not keys:
        raise ParameterError("keys must hold at least one key label")
    meters = _common.check_choices(meters, ("4/4", "3/4"), "meters")
    textures = _common.check_choices(textures, TEXTURES, "textures")
    lo, hi = _tempo_range(tempo)
    key_order = tuple(int(i) for i in _common.set_rng(_common.check_seed(seed), NAME, "keys").permutation(len(keys)))
    options = dict(duration=duration, keys=list(keys), tempo=[lo, hi], meters=list(meters), textures=list(textures))
    make = functools.partial(_piece, duration=duration, keys=keys, tempo=(lo, hi), meters=meters, textures=textures,
                             key_order=key_order)
    return _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                                renderer=renderer, augment=augment, options=options, jobs=jobs,
                                description="short tonal pieces in the 24 keys, with key labels")


def load(out_dir) -> Dataset:
    """Read a key set written by :func:`generate`.

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
    >>> from mirlab.data.synth import keys
    >>> folder = tempfile.mkdtemp()
    >>> _ = keys.generate(1, out_dir=folder, duration=4.0, progress=False)
    >>> keys.load(folder)[0].annotations["key"] in keys.theory.KEYS
    True
    """
    return _common.load_set(out_dir, NAME)
