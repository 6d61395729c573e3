"""A GTZAN-shaped genre set written by style rules, with mood, instrument and genre tags.

Book: *Music data* appendix (book/data/).

The ten genres of GTZAN (Tzanetakis & Cook, 2002) are produced by ten *style generators*: each
fixes a tempo range, a drum groove, a bass line, an accompaniment, a lead instrument, a harmony
and a swing (:data:`STYLES`), for example

* **blues**: twelve-bar blues with dominant sevenths, shuffle (triplet swing), boogie or walking
  bass, 70-110 BPM;
* **classical**: strings, piano or harp with a bowed bass and a woodwind or violin melody, diatonic
  phrases with cadences, no drums, 4/4 or 3/4;
* **country**: strummed steel-string guitar, root-fifth "boom-chick" bass, train beat, fiddle;
* **disco**: four-on-the-floor kick, open hi-hat on the off-beats, octave bass, string stabs,
  110-130 BPM;
* **hiphop**: syncopated kick, heavy backbeat, swung sixteenths, synth bass, electric-piano
  loop on two minor-seventh chords, 80-100 BPM;
* **jazz**: ride-cymbal swing, walking bass, seventh chords (ii-V-I), saxophone/trumpet/vibraphone;
* **metal**: double-kick sixteenths, distorted power chords, galloping bass, minor, loud;
* **pop**: I-V-vi-IV, backbeat, piano/guitar/pad, a synth or voice lead;
* **reggae**: one-drop groove (kick and rim on beat 3), off-beat guitar skank and organ bubble,
  70-90 BPM;
* **rock**: backbeat with crash and ride, overdriven power chords, eighth-note bass.

Within a genre each clip draws its key and mode, tempo, loudness, register, articulation and
instruments; from those, :func:`mood` derives valence, arousal, a MIREX mood cluster and mood
tags by a fixed, documented rule.

The files follow GTZAN: ``genres_original/<genre>/<genre>.000NN.wav``, 22050 Hz mono (16-bit),
30 s, so a loader of the real GTZAN reads them; annotations are in
``annotations/<genre>.000NN.{jams,beats.txt,downbeats.txt,chords.lab,key.txt}`` and
``metadata.json``. Clips go round the genres: ``n = 100`` gives ``<genre>.00000`` to
``<genre>.00009`` for each genre.

Annotations: ``"genre"``, ``"tags"``, ``"mood_cluster"``, ``"valence"``, ``"arousal"``,
``"beats"``, ``"downbeats"`` (exact for every genre, classical included, though no drums
mark them there), ``"tempo"``, ``"meter"``, ``"key"``, ``"chords"``.
"""

from __future__ import annotations

import functools

import numpy as np

from ...errors import ParameterError
from .. import theory
from ..types import Dataset
from . import _common
from ._common import instrument
from ._music import TimeMap, bass_bar, comp_bar, drum_bar, melody, place, place_drums

__all__ = ["NAME", "GENRES", "STYLES", "MOOD_CLUSTERS", "mood", "instrument_tags", "generate", "load"]

NAME = "genres"

#: The GTZAN genres, in GTZAN's spelling and order.
GENRES = ("blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock")

#: The five MIREX mood clusters (Hu & Downie, 2007) and their adjectives.
MOOD_CLUSTERS = {
    1: ("passionate", "rousing", "confident", "boisterous", "rowdy"),
    2: ("rollicking", "cheerful", "fun", "sweet", "amiable"),
    3: ("literate", "poignant", "wistful", "bittersweet", "autumnal", "brooding"),
    4: ("humorous", "silly", "campy", "quirky", "whimsical", "witty", "wry"),
    5: ("aggressive", "fiery", "tense", "anxious", "intense", "volatile", "visceral"),
}

_ARTICULATION = {"legato": 1.0, "normal": 0.8, "staccato": 0.35}

# Harmony: loops of chords, one per bar, written "semitones above the tonic:quality".
_PROG_TEXT = {
    "blues_major": ["0:7 0:7 0:7 0:7 5:7 5:7 0:7 0:7 7:7 5:7 0:7 7:7",
                    "0:7 5:7 0:7 0:7 5:7 5:7 0:7 0:7 7:7 5:7 0:7 7:7"],  # with the quick change to IV
    "blues_minor": ["0:min7 0:min7 0:min7 0:min7 5:min7 5:min7 0:min7 0:min7 8:7 7:7 0:min7 7:7"],
    "country_major": ["0:maj 0:maj 5:maj 5:maj 7:maj 7:maj 0:maj 0:maj", "0:maj 5:maj 0:maj 7:maj",
                      "0:maj 9:min 5:maj 7:maj"],
    "country_minor": ["0:min 5:min 7:maj 0:min"],
    "disco_major": ["0:maj7 9:min7 2:min7 7:7", "0:maj7 2:min7"],
    "disco_minor": ["0:min7 5:min7", "0:min7 10:maj 8:maj 10:maj"],
    "hiphop_major": ["0:maj7 9:min7", "0:maj7 5:maj7"],
    "hiphop_minor": ["0:min7 8:maj7", "0:min7 5:min7", "0:min7 3:maj7 8:maj7 7:7"],
    "jazz_major": ["2:min7 7:7 0:maj7 0:maj7", "0:maj7 9:min7 2:min7 7:7", "0:maj7 9:7 2:min7 7:7"],
    "jazz_minor": ["2:hdim7 7:7 0:min7 0:min7", "0:min7 5:min7 2:hdim7 7:7"],
    "metal_minor": ["0:5 8:5 10:5 0:5", "0:5 1:5 0:5 10:5", "0:5 0:5 3:5 5:5"],
    "pop_major": ["0:maj 7:maj 9:min 5:maj", "9:min 5:maj 0:maj 7:maj", "0:maj 9:min 5:maj 7:maj",
                  "0:maj 5:maj 9:min 7:maj"],
    "pop_minor": ["0:min 8:maj 3:maj 10:maj", "0:min 5:min 8:maj 7:maj"],
    "reggae_major": ["0:maj 5:maj", "0:maj 7:maj 9:min 5:maj", "0:maj 0:maj 7:maj 5:maj"],
    "reggae_minor": ["0:min 5:min", "0:min 10:maj", "0:min 8:maj 10:maj 0:min"],
    "rock_major": ["0:maj 10:maj 5:maj 0:maj", "0:maj 5:maj 7:maj 5:maj", "0:maj 7:maj 5:maj 0:maj"],
    "rock_minor": ["0:min 8:maj 10:maj 0:min", "0:min 10:maj 8:maj 10:maj"],
}
_PROG = {
    name: [[(int(c.split(":")[0]), c.split(":")[1]) for c in loop.split()] for loop in loops]
    for name, loops in _PROG_TEXT.items()
}

_SCALES = {
    "blues": (0, 3, 5, 6, 7, 10),
    "minor_pentatonic": (0, 3, 5, 7, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}

#: The style generators' parameters. ``comp``, ``lead``: choices of (General MIDI program,
#: pattern); ``distorted``: the timbre term of the mood rule.
STYLES = {
    "blues": dict(tempo=(70, 110), swing=(0.85, 1.0), p_minor=0.2, meters=("4/4",), drums="shuffle",
                  bass=(("boogie", 33), ("walking", 32)), comp=((0, "beats"), (27, "beats"), (0, "jazz")),
                  lead=(22, 27, 29, 65, 66), scale={"major": "blues", "minor": "blues"}, density=(0.4, 0.8),
                  loudness=(-10, -2), distorted=False, articulation=(0.3, 0.5, 0.2)),
    "classical": dict(tempo=(60, 120), swing=(0.0, 0.0), p_minor=0.45, meters=("4/4", "3/4"), drums=None,
                      bass=(("root_half", 42), ("root_half", 43)),
                      comp=((48, "half"), (0, "arpeggio"), (46, "arpeggio"), (49, "half")),
                      lead=(40, 73, 68, 71, 60), scale=None, density=(0.3, 0.7), loudness=(-14, -4),
                      distorted=False, articulation=(0.6, 0.3, 0.1)),
    "country": dict(tempo=(90, 140), swing=(0.0, 0.2), p_minor=0.08, meters=("4/4",), drums="train",
                    bass=(("root5", 32), ("root5", 33)), comp=((25, "strum"), (25, "strum"), (105, "arpeggio")),
                    lead=(110, 40, 22, 105), scale={"major": "major_pentatonic", "minor": "minor"},
                    density=(0.4, 0.8), loudness=(-10, -3), distorted=False, articulation=(0.2, 0.4, 0.4)),
    "disco": dict(tempo=(110, 130), swing=(0.0, 0.0), p_minor=0.5, meters=("4/4",), drums="disco",
                  bass=(("octaves", 33), ("octaves", 38)), comp=((48, "stabs"), (4, "stabs"), (7, "skank")),
                  lead=(49, 61, 81, 48), scale={"major": "major", "minor": "dorian"}, density=(0.3, 0.6),
                  loudness=(-6, 0), distorted=False, articulation=(0.2, 0.4, 0.4)),
    "hiphop": dict(tempo=(80, 100), swing=(0.2, 0.6), swing_unit=0.25, p_minor=0.8, meters=("4/4",), drums="hiphop",
                   bass=(("hiphop", 38), ("hiphop", 39), ("hiphop", 33)), comp=((4, "half"), (0, "jazz"), (4, "jazz")),
                   lead=(11, 73, 48, None), scale={"major": "major_pentatonic", "minor": "minor_pentatonic"},
                   density=(0.1, 0.3), loudness=(-6, 0), distorted=False, articulation=(0.3, 0.4, 0.3)),
    "jazz": dict(tempo=(100, 200), swing=(0.7, 1.0), p_minor=0.3, meters=("4/4",), drums="swing",
                 bass=(("walking", 32),), comp=((0, "jazz"), (26, "jazz"), (0, "jazz")),
                 lead=(65, 66, 56, 11), scale={"major": "major", "minor": "dorian"}, density=(0.5, 0.9),
                 loudness=(-12, -3), distorted=False, articulation=(0.3, 0.4, 0.3)),
    "metal": dict(tempo=(100, 180), swing=(0.0, 0.0), p_minor=1.0, meters=("4/4",), drums="metal",
                  bass=(("gallop", 34),), comp=((30, "power8"), (30, "power8"), (30, "power_half")),
                  lead=(30, 29), scale={"major": "minor_pentatonic", "minor": "phrygian"}, density=(0.5, 0.9),
                  loudness=(-3, 0), distorted=True, articulation=(0.1, 0.7, 0.2)),
    "pop": dict(tempo=(95, 130), swing=(0.0, 0.1), p_minor=0.25, meters=("4/4",), drums="pop",
                bass=(("root_half", 33), ("eighths", 38), ("eighths", 33)),
                comp=((0, "beats"), (27, "strum"), (89, "pad"), (4, "half")),
                lead=(80, 81, 53, 54, 73), scale={"major": "major", "minor": "minor"}, density=(0.4, 0.7),
                loudness=(-8, -1), distorted=False, articulation=(0.3, 0.4, 0.3)),
    "reggae": dict(tempo=(70, 90), swing=(0.0, 0.4), p_minor=0.5, meters=("4/4",), drums="onedrop",
                   bass=(("reggae", 33), ("reggae", 32)), comp=((27, "skank"), (28, "skank"), (16, "bubble")),
                   lead=(65, 56, 16, 53), scale={"major": "major_pentatonic", "minor": "minor_pentatonic"},
                   density=(0.3, 0.6), loudness=(-10, -3), distorted=False, articulation=(0.2, 0.4, 0.4)),
    "rock": dict(tempo=(110, 150), swing=(0.0, 0.0), p_minor=0.35, meters=("4/4",), drums="rock",
                 bass=(("eighths", 34), ("eighths", 33)), comp=((29, "power8"), (29, "power_half"), (27, "strum")),
                 lead=(29, 30, 27), scale={"major": "major_pentatonic", "minor": "minor_pentatonic"},
                 density=(0.5, 0.8), loudness=(-6, 0), distorted=False, articulation=(0.2, 0.6, 0.2)),
}

_TAGS = [
    ((0, 3), "piano"), ((4, 5), "electric piano"), ((6, 7), "keyboard"), ((11, 11), "vibraphone"),
    ((16, 21), "organ"), ((22, 22), "harmonica"), ((24, 25), "acoustic guitar"), ((26, 28), "electric guitar"),
    ((29, 30), "distorted guitar"), ((32, 39), "bass"), ((40, 40), "violin"), ((41, 41), "viola"),
    ((42, 43), "cello"), ((46, 46), "harp"), ((48, 51), "strings"), ((52, 54), "voice"), ((56, 56), "trumpet"),
    ((57, 63), "brass"), ((64, 67), "saxophone"), ((68, 68), "oboe"), ((71, 71), "clarinet"), ((73, 73), "flute"),
    ((60, 60), "horn"), ((80, 87), "synth lead"), ((88, 95), "synth pad"), ((105, 105), "banjo"),
    ((110, 110), "fiddle"),
]


def instrument_tags(programs, *, drums: bool = False) -> list:
    """Instrument tags of a band: General MIDI programs -> ``["bass", "piano", ...]`` (sorted).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    programs : iterable of int
        General MIDI programs (0-based).
    drums : bool
        Add ``"drums"``.

    Returns
    -------
    tags : list of str

    Examples
    --------
    >>> from mirlab.data.synth.genres import instrument_tags
    >>> instrument_tags([30, 34], drums=True)
    ['bass', 'distorted guitar', 'drums']
    """
    tags = {"drums"} if drums else set()
    for p in programs:
        for (lo, hi), tag in _TAGS:
            if lo <= int(p) <= hi:
                tags.add(tag)
    return sorted(tags)


def mood(*, mode: str, tempo: float, loudness_db: float, articulation: str, register: int, distorted: bool) -> dict:
    """Valence, arousal, MIREX mood cluster and mood tags of a clip, from its parameters.

    The rule (fixed, documented, deterministic)::

        T = clip((tempo - 110) / 60, -1, 1)       tempo in BPM
        L = clip((loudness_db + 6) / 6, -1, 1)    level in dB re full scale (-12 quiet .. 0 loud)
        A = +1 staccato, 0 normal, -1 legato     articulation
        R = -1, 0, +1                            register of the lead (octave down, normal, up)
        M = +1 major, -1 minor                   mode
        D = 1 for a distorted timbre, else 0

        arousal = clip(0.45 T + 0.30 L + 0.15 A + 0.30 D, -1, 1)
        valence = clip(0.60 M + 0.20 R + 0.10 A + 0.10 T - 0.40 D, -1, 1)

        cluster 5 (aggressive, fiery, tense)      if arousal >= 0.2 and valence < 0
        cluster 1 (passionate, rousing)           if arousal >= 0.2 and valence >= 0
        cluster 3 (poignant, wistful, brooding)   if arousal < 0.2 and valence < 0
        cluster 4 (humorous, quirky, whimsical)   if arousal < 0.2, valence >= 0, staccato, R >= 0
        cluster 2 (cheerful, sweet, amiable)      otherwise

    The mood tags are the first two adjectives of the cluster (:data:`MOOD_CLUSTERS`) plus
    ``"happy"`` (valence > 0.3), ``"sad"`` (valence < -0.3), ``"energetic"`` (arousal > 0.3),
    ``"calm"`` (arousal < -0.3).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    mode : str
        ``"major"`` or ``"minor"``.
    tempo : float
        BPM.
    loudness_db : float
        Level of the clip in dB relative to full scale (the generators use -14..0).
    articulation : str
        ``"legato"``, ``"normal"`` or ``"staccato"``.
    register : int
        -1, 0 or +1.
    distorted : bool
        Distorted timbre (metal guitars).

    Returns
    -------
    mood : dict
        ``"valence"`` and ``"arousal"`` (floats in [-1, 1], rounded to 4 decimals),
        ``"mood_cluster"`` (int 1..5), ``"mood_tags"`` (list of str).

    Raises
    ------
    ParameterError
        If a categorical parameter is unknown.

    Examples
    --------
    >>> from mirlab.data.synth.genres import mood
    >>> def cluster(mode, tempo, loudness_db, articulation, register, distorted=False):
    ...     return mood(mode=mode, tempo=tempo, loudness_db=loudness_db, articulation=articulation,
    ...                 register=register, distorted=distorted)["mood_cluster"]
    >>> cluster("minor", 170, 0, "normal", 0, distorted=True)  # metal
    5
    >>> cluster("major", 130, -2, "normal", 0)
    1
    >>> cluster("minor", 70, -12, "legato", -1)
    3
    >>> cluster("major", 100, -8, "staccato", 1)
    4
    >>> mood(mode="major", tempo=90, loudness_db=-10, articulation="legato", register=0, distorted=False)["mood_tags"]
    ['rollicking', 'cheerful', 'happy', 'calm']
    """
    if mode not in ("major", "minor"):
        raise ParameterError(f"mode must be 'major' or 'minor', got {mode!r}")
    if articulation not in _ARTICULATION:
        raise ParameterError(f"articulation must be one of {sorted(_ARTICULATION)}, got {articulation!r}")
    if register not in (-1, 0, 1):
        raise ParameterError(f"register must be -1, 0 or 1, got {register!r}")
    T = float(np.clip((float(tempo) - 110.0) / 60.0, -1, 1))
    L = float(np.clip((float(loudness_db) + 6.0) / 6.0, -1, 1))
    A = {"legato": -1.0, "normal": 0.0, "staccato": 1.0}[articulation]
    R = float(register)
    M = 1.0 if mode == "major" else -1.0
    D = 1.0 if distorted else 0.0
    arousal = round(float(np.clip(0.45 * T + 0.30 * L + 0.15 * A + 0.30 * D, -1, 1)), 4)
    valence = round(float(np.clip(0.60 * M + 0.20 * R + 0.10 * A + 0.10 * T - 0.40 * D, -1, 1)), 4)
    if arousal >= 0.2:
        cluster = 5 if valence < 0 else 1
    elif valence < 0:
        cluster = 3
    elif articulation == "staccato" and register >= 0:
        cluster = 4
    else:
        cluster = 2
    tags = list(MOOD_CLUSTERS[cluster][:2])
    if valence > 0.3:
        tags.append("happy")
    if valence < -0.3:
        tags.append("sad")
    if arousal > 0.3:
        tags.append("energetic")
    if arousal < -0.3:
        tags.append("calm")
    return {"valence": valence, "arousal": arousal, "mood_cluster": cluster, "mood_tags": tags}


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def _piece(index, rng, tempo_factor, *, duration, genres, audio_dir):
    genre = genres[index % len(genres)]
    number = index // len(genres)
    st = STYLES[genre]
    mode = "minor" if rng.random() < st["p_minor"] else "major"
    tonic = int(rng.integers(12))
    key = theory.key_label(tonic, mode)
    meter = str(rng.choice(st["meters"]))
    bpb = int(meter[0])
    bpm = float(rng.uniform(*st["tempo"])) * tempo_factor
    swing = float(rng.uniform(*st["swing"]))
    loudness_db = round(float(rng.uniform(*st["loudness"])), 2)
    register = int(rng.choice([-1, 0, 1]))
    articulation = str(rng.choice(list(_ARTICULATION), p=st["articulation"]))
    art = _ARTICULATION[articulation]
    density = float(rng.uniform(*st["density"]))
    bass_style, bass_program = _pick(rng, st["bass"])
    comp_program, comp_style = _pick(rng, st["comp"])
    lead_program = _pick(rng, st["lead"])

    bar_s = bpb * 60.0 / bpm
    n_bars = max(2, int((duration - 0.3) // bar_s) + 1)  # the music runs to the end of the clip
    tm = TimeMap(n_bars * bpb, bpm, swing=swing, swing_unit=st.get("swing_unit", 0.5))

    if genre == "classical":
        from .keys import progression

        labels = progression(key, n_bars, rng) if n_bars >= 2 else [theory.diatonic_chords(key)[0]]
        section = None
    else:
        loops = _PROG[f"{genre}_{mode}"] if f"{genre}_{mode}" in _PROG else _PROG[f"{genre}_minor"]
        a = _pick(rng, loops)
        b = _pick(rng, loops)
        section = len(a) if len(a) >= 8 else 8
        labels = []
        for bar in range(n_bars):
            loop = a if (bar // section) % 2 == 0 else b
            iv, qual = loop[bar % len(loop)]
            labels.append(theory.chord_label((tonic + iv) % 12, qual))

    velocity = 0.75 + 0.25 * (loudness_db + 14.0) / 14.0
    pm = _common.new_midi()
    programs = [bass_program, comp_program] + ([lead_program] if lead_program is not None else [])
    if st["drums"]:
        drums = instrument(pm, 0, is_drum=True, name="drums")
    bass = instrument(pm, bass_program, name="bass")
    comp = instrument(pm, comp_program, name="comp")
    second = None
    if genre == "reggae" and comp_style == "skank":
        second = instrument(pm, 16, name="organ")  # organ bubble under the guitar skank
        programs.append(16)
    lead = instrument(pm, lead_program, name="lead") if lead_program is not None else None
    comp_center = 60.0 if comp_style not in ("pad",) else 64.0
    for bar in range(n_bars):
        off = bar * bpb
        nxt = labels[min(bar + 1, n_bars - 1)]
        if st["drums"]:
            place_drums(drums, drum_bar(st["drums"], bpb, bar, rng, syncopation=1, n_bars=n_bars), tm,
                        bar_offset_beats=off, velocity_scale=velocity)
        place(bass, bass_bar(bass_style, labels[bar], nxt, bpb, rng, octave_center=38.0), tm, bar_offset_beats=off,
              velocity_scale=0.9 * velocity)
        place(comp, comp_bar(comp_style, labels[bar], bpb, rng, center=comp_center, articulation=art), tm,
              bar_offset_beats=off, velocity_scale=0.75 * velocity)
        if second is not None:
            place(second, comp_bar("bubble", labels[bar], bpb, rng, center=58.0), tm, bar_offset_beats=off,
                  velocity_scale=0.5 * velocity)
    if lead is not None:
        if st["scale"] is None:
            scale_pcs = theory.scale(key, minor="harmonic")
        else:
            scale_pcs = tuple((tonic + s) % 12 for s in _SCALES[st["scale"][mode]])
        start_bar = 2 if n_bars > 4 else 0
        center = {29: 67.0, 30: 67.0, 27: 70.0, 22: 72.0, 66: 65.0, 56: 72.0}.get(lead_program, 74.0) + 12 * register
        mel = melody(labels[start_bar:], scale_pcs, bpb, rng, center=center, density=density, articulation=art,
                     end_on=tonic if genre == "classical" else None)
        place(lead, mel, tm, bar_offset_beats=start_bar * bpb, velocity_scale=velocity)

    beats = tm.beat_times()
    end = _common.q(duration)
    keep = beats < end - 1e-9
    beats = beats[keep]
    chord_iv = np.array([[tm.time(b * bpb), min(tm.time((b + 1) * bpb), end)] for b in range(n_bars)])
    keep_c = chord_iv[:, 0] < end - 1e-9
    chord_iv, chord_labels = chord_iv[keep_c], [lab for lab, k in zip(labels, keep_c) if k]
    m = mood(mode=mode, tempo=bpm, loudness_db=loudness_db, articulation=articulation, register=register,
             distorted=st["distorted"])
    tags = [genre] + m["mood_tags"] + instrument_tags(programs, drums=bool(st["drums"]))
    ann = {
        "genre": genre,
        "tags": tags,
        "mood_cluster": m["mood_cluster"],
        "valence": m["valence"],
        "arousal": m["arousal"],
        "beats": beats,
        "downbeats": beats[::bpb],
        "tempo": tm.median_bpm(),
        "meter": meter,
        "key": key,
        "chords": (chord_iv, chord_labels),
    }
    params = {"genre": genre, "key": key, "mode": mode, "meter": meter, "tempo": round(bpm, 3),
              "swing": round(swing, 3), "loudness_db": loudness_db, "register": register,
              "articulation": articulation, "distorted": st["distorted"], "density": round(density, 3),
              "drums": st["drums"], "bass": [bass_style, bass_program], "comp": [comp_program, comp_style],
              "lead": lead_program, "programs": programs, "section_bars": section}
    track_id = f"{genre}.{number:05d}"
    return _common.Piece(track_id, pm, ann, params, f"{audio_dir}/{genre}/{track_id}.wav", end, gain_db=loudness_db)


def generate(
    n: int = 100,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    duration: float = 30.0,
    genres=GENRES,
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` genre clips in GTZAN's layout, going round the genres.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of clips (``n = 100`` gives 10 per genre; GTZAN has 100 per genre).
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Output folder; the audio goes to ``out_dir/genres_original/<genre>/<genre>.000NN.wav``.
    sr : int
        Sampling rate (default 22050, GTZAN's).
    progress : bool
        Show a progress bar.
    duration : float
        Length of each clip in seconds (default 30, GTZAN's; >= 4).
    genres : sequence of str
        Genres from :data:`GENRES`.
    renderer, augment, jobs
        As in :func:`mirlab.data.synth.chords.generate`.

    Returns
    -------
    dataset : Dataset
        Track ids ``"<genre>.000NN"``; annotations ``"genre"``, ``"tags"``,
        ``"mood_cluster"``, ``"valence"``, ``"arousal"``, ``"beats"``, ``"downbeats"``,
        ``"tempo"``, ``"meter"``, ``"key"``, ``"chords"``.

    Raises
    ------
    ParameterError
        For an invalid argument.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import genres
    >>> ds = genres.generate(2, seed=0, out_dir=tempfile.mkdtemp(), duration=5.0, progress=False)
    >>> ds.track_ids(), ds[1].audio_path.parent.name
    (['blues.00000', 'classical.00000'], 'classical')
    """
    duration = _common.check_positive(duration, "duration", 3.999, 600)
    genres = _common.check_choices(genres, GENRES, "genres")
    options = dict(duration=duration, genres=list(genres))
    make = functools.partial(_piece, duration=duration, genres=genres, audio_dir="genres_original")
    return _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                                renderer=renderer, augment=augment, options=options, jobs=jobs,
                                description="GTZAN-shaped genre set by style rules, with mood/instrument tags")


def load(out_dir) -> Dataset:
    """Read a genre set written by :func:`generate` (with all its annotations).

    A loader of the real GTZAN reads the same audio folder (``genres_original``) without the
    annotations.

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
    >>> from mirlab.data.synth import genres
    >>> folder = tempfile.mkdtemp()
    >>> _ = genres.generate(1, out_dir=folder, duration=5.0, progress=False)
    >>> genres.load(folder)[0].annotations["genre"]
    'blues'
    """
    return _common.load_set(out_dir, NAME)
