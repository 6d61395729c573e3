"""Musical building blocks of the generators: a beat clock with swing and tempo ramps, drum
grooves, bass lines, accompaniment patterns and melodies.

Book: *Music data* appendix (book/data/).

Everything is written in *beat positions* (floats: bar ``b`` of a 4/4 piece starts at ``4 b``,
``0.5`` is the off-beat eighth). :class:`TimeMap` turns positions into seconds, applying the
tempo curve and the swing, so the drums, the bass and the chords stay together and the beat
annotations are exact.
"""

from __future__ import annotations

import math

import numpy as np

from ..theory import QUALITIES, parse_chord
from ._common import add_note, q

# General MIDI percussion keys (channel 10)
KICK, SIDESTICK, SNARE, CLAP, CHH, PHH, OHH = 36, 37, 38, 39, 42, 44, 46
TOM_L, TOM_M, TOM_H, CRASH, RIDE, RIDE_BELL, TAMBOURINE, COWBELL = 45, 47, 50, 49, 51, 53, 54, 56


class TimeMap:
    """Beat clock: beat ``k`` at ``beats[k]`` seconds, the tempo moving linearly (in beats) from
    ``bpm_start`` to ``bpm_end``; off-beat positions are delayed by ``swing``.

    ``swing`` in [0, 1]: 0 plays the off-beat of each ``swing_unit`` (0.5: eighths, 0.25:
    sixteenths) half-way, 1 plays it two thirds of the way (triplet swing, the shuffle).
    """

    def __init__(self, n_beats: int, bpm_start: float, bpm_end: float | None = None, *, swing: float = 0.0,
                 swing_unit: float = 0.5, start: float = 0.0):
        bpm_end = bpm_start if bpm_end is None else bpm_end
        k = np.arange(n_beats + 8)
        frac = np.clip(k / max(n_beats - 1, 1), 0.0, 1.0)
        bpm = bpm_start + (bpm_end - bpm_start) * frac
        periods = 60.0 / bpm
        self.beats_raw = start + np.concatenate([[0.0], np.cumsum(periods)])
        self.n_beats = int(n_beats)
        self.swing = float(swing)
        self.unit = float(swing_unit)
        self.bpm_start, self.bpm_end = float(bpm_start), float(bpm_end)

    def time(self, pos: float) -> float:
        """Seconds (on the MIDI tick grid) of beat position ``pos``."""
        b = int(math.floor(pos + 1e-9))
        frac = pos - b
        if self.swing and frac > 1e-9:
            u = self.unit
            cell = math.floor(frac / u + 1e-9)
            f = frac / u - cell
            s = 0.5 + self.swing / 6.0
            f = f / 0.5 * s if f < 0.5 else s + (f - 0.5) / 0.5 * (1.0 - s)
            frac = (cell + f) * u
        b = min(max(b, 0), len(self.beats_raw) - 2)
        t0, t1 = self.beats_raw[b], self.beats_raw[b + 1]
        return q(t0 + frac * (t1 - t0))

    def beat_times(self) -> np.ndarray:
        """The annotated beats: the first ``n_beats`` beat times."""
        return np.array([self.time(k) for k in range(self.n_beats)])

    def median_bpm(self) -> float:
        b = self.beat_times()
        return float(np.median(60.0 / np.diff(b))) if len(b) > 1 else self.bpm_start


# ---- drums -------------------------------------------------------------------------------------


def drum_bar(style: str, bpb: int, bar: int, rng, *, syncopation: int = 0, n_bars: int = 1000) -> list:
    """Drum hits of one bar: a list of ``(position in bar, key, velocity)``."""
    hits = []

    def add(pos, key, vel):
        hits.append((float(pos), int(key), int(vel)))

    phrase_start = bar % 4 == 0
    fill = bar % 8 == 7 and bar < n_bars - 1
    if style == "waltz":
        add(0, KICK, 105)
        for b in range(1, bpb):
            add(b, SNARE, 70)
        for e in range(2 * bpb):
            add(e / 2, CHH, 75 if e % 2 == 0 else 50)
        if syncopation >= 1 and rng.random() < 0.5:
            add(bpb - 0.5, KICK, 80)
        if syncopation >= 2:
            add(1.5, SNARE, 45)
    elif style in ("backbeat", "rock", "pop", "country"):
        add(0, KICK, 110)
        add(2, KICK, 95)
        add(1, SNARE, 105)
        add(3, SNARE, 105)
        hat = RIDE if style == "rock" and bar % 8 >= 4 else CHH
        for e in range(8):
            add(e / 2, hat, 80 if e % 2 == 0 else 55)
        if style == "pop":
            add(1.5, KICK, 85)
        if syncopation >= 1:
            add(rng.choice([1.5, 2.5]), KICK, 85)
        if syncopation >= 2:
            add(3.5, KICK, 80)
            add(rng.choice([0.75, 2.75]), SNARE, 40)
    elif style == "train":  # country train beat: snare eighths, accents on the backbeat
        add(0, KICK, 100)
        add(2, KICK, 95)
        for e in range(8):
            add(e / 2, SNARE, 95 if e in (2, 6) else 45)
    elif style == "disco":
        for b in range(4):
            add(b, KICK, 110)
            add(b, CHH, 60)
            add(b + 0.5, OHH, 80)
        add(1, CLAP, 100)
        add(3, CLAP, 100)
        add(1, SNARE, 90)
        add(3, SNARE, 90)
    elif style == "hiphop":
        add(0, KICK, 115)
        add(rng.choice([0.75, 1.75]), KICK, 95)
        add(2.5, KICK, 105)
        if rng.random() < 0.5:
            add(2.75, KICK, 80)
        add(1, SNARE, 115)
        add(3, SNARE, 115)
        for s in range(8):
            add(s / 2, CHH, 85 if s % 2 == 0 else 60)
        if rng.random() < 0.4:
            add(3.75, CHH, 60)
    elif style == "onedrop":  # reggae: kick + rim on beat 3, nothing on 1
        add(2, KICK, 105)
        add(2, SIDESTICK, 100)
        for e in range(8):
            add(e / 2, CHH, 70 if e % 2 == 1 else 50)
        if rng.random() < 0.3:
            add(3.5, OHH, 60)
    elif style == "metal":  # double kick sixteenths
        for s in range(16):
            add(s / 4, KICK, 100 if s % 4 == 0 else 88)
        add(1, SNARE, 120)
        add(3, SNARE, 120)
        for b in range(4):
            add(b, CRASH if b == 0 and phrase_start else RIDE_BELL, 95)
    elif style == "shuffle":  # blues shuffle: swung eighths come from the TimeMap
        add(0, KICK, 105)
        add(2, KICK, 95)
        add(1, SNARE, 100)
        add(3, SNARE, 100)
        for e in range(8):
            add(e / 2, CHH, 80 if e % 2 == 0 else 60)
    elif style == "swing":  # jazz ride pattern, hi-hat on 2 and 4, feathered kick
        for pos in (0, 1, 1.5, 2, 3, 3.5):
            add(pos, RIDE, 85 if pos in (1, 3) else 70)
        add(1, PHH, 75)
        add(3, PHH, 75)
        for b in range(4):
            add(b, KICK, 35)
        if rng.random() < 0.6:
            add(rng.choice([1.5, 2.5, 3.5]), SNARE, 50)
    else:  # pragma: no cover - programming error
        raise ValueError(f"unknown drum style {style!r}")
    if phrase_start and style not in ("metal", "swing", "onedrop"):
        add(0, CRASH, 100)
    if fill and style in ("backbeat", "rock", "pop", "country", "disco", "metal", "shuffle"):
        hits = [h for h in hits if h[0] < 3 or h[1] in (KICK, CHH, RIDE)]
        for pos, key in zip((3, 3.25, 3.5, 3.75), (TOM_H, TOM_H, TOM_M, TOM_L)):
            add(pos, key, 100)
    return hits


# ---- pitched parts -----------------------------------------------------------------------------


def chord_tones(label: str) -> tuple:
    root, quality = parse_chord(label)
    if root is None:
        return ()
    return tuple((root + i) % 12 for i in QUALITIES[quality])


def nearest_pitch(pc: int, target: float, lo: int = 0, hi: int = 127) -> int:
    """The MIDI note of pitch class ``pc`` nearest to ``target``, kept within [lo, hi]."""
    base = int(round(target)) - ((int(round(target)) - pc) % 12)
    cands = [p for p in (base - 12, base, base + 12, base + 24) if lo <= p <= hi] or [base]
    return int(min(cands, key=lambda p: abs(p - target)))


def bass_bar(style: str, chord: str, next_chord: str, bpb: int, rng, *, octave_center: float = 40.0,
             scale_pcs=None) -> list:
    """Bass notes of one bar: ``(position, duration in beats, MIDI pitch, velocity)``."""
    tones = chord_tones(chord)
    if not tones:
        return []
    root = nearest_pitch(tones[0], octave_center, 28, 60)
    fifth = root + 7
    third = root + (tones[1] - tones[0]) % 12 if len(tones) > 1 else root + 4
    notes = []
    if style == "root":
        notes = [(0, bpb - 0.1, root, 100)]
    elif style == "root_half":
        notes = [(0, 1.9, root, 100), (2, 1.9, root, 90)] if bpb == 4 else [(0, bpb - 0.1, root, 100)]
    elif style == "root5":  # country "boom-chick" bass: root on 1, fifth on 3
        notes = [(0, 0.9, root, 100), (2, 0.9, fifth - 12 if fifth > 52 else fifth, 95)] if bpb == 4 else \
            [(0, 0.9, root, 100)]
    elif style == "beats":
        notes = [(b, 0.8, root if b % 2 == 0 else fifth, 95 if b == 0 else 80) for b in range(bpb)]
    elif style == "eighths":
        notes = [(e / 2, 0.4, root, 100 if e % 2 == 0 else 85) for e in range(2 * bpb)]
    elif style == "octaves":  # disco octave bass
        notes = [(e / 2, 0.4, root if e % 2 == 0 else root + 12, 100) for e in range(2 * bpb)]
    elif style == "walking":  # jazz walking bass: chord tones, chromatic approach to the next root
        nxt = chord_tones(next_chord) or tones
        target = nearest_pitch(nxt[0], root, 28, 60)
        approach = target + (1 if rng.random() < 0.5 else -1)
        high = root + 12 if root + 12 <= 55 else third
        line = [root, int(rng.choice([third, fifth])), int(rng.choice([fifth, high])), approach]
        notes = [(b, 0.9, int(p), 95 if b == 0 else 85) for b, p in enumerate(line[:bpb])]
    elif style == "boogie":  # blues shuffle bass: 1 3 5 6 b7 6 5 3
        steps = [0, 4, 7, 9, 10, 9, 7, 4]
        notes = [(e / 2, 0.45, root + steps[e], 100 if e % 2 == 0 else 80) for e in range(2 * bpb)]
    elif style == "reggae":  # root on the beat, then melodic fills around beat 3
        notes = [(0, 1.4, root, 100), (1.5, 0.5, fifth, 85), (2, 0.9, root + 12 if root < 40 else root, 95),
                 (3, 0.5, third, 85), (3.5, 0.4, fifth, 80)][: 5 if bpb == 4 else 2]
    elif style == "hiphop":
        notes = [(0, 1.4, root, 110), (2.5, 0.9, root, 100), (3.5, 0.4, fifth - 12 if fifth - 12 >= 28 else fifth, 90)]
    elif style == "gallop":  # metal: sixteenth chugs on the root
        notes = [(s / 4, 0.22, root, 105) for s in range(4 * bpb)]
    else:  # pragma: no cover
        raise ValueError(f"unknown bass style {style!r}")
    return [(float(p), float(d), int(n), int(v)) for p, d, n, v in notes]


def comp_bar(style: str, chord: str, bpb: int, rng, *, center: float = 62.0, articulation: float = 0.9,
             voicing=None) -> list:
    """Accompaniment notes of one bar: ``(position, duration in beats, MIDI pitch, velocity)``.

    ``articulation`` is the fraction of each note's slot that sounds (staccato ~0.3, legato ~1).
    """
    tones = chord_tones(chord)
    if not tones:
        return []
    if voicing is None:
        voicing = sorted(nearest_pitch(pc, center + i * 2.5 - 3, 36, 96) for i, pc in enumerate(tones))
    a = float(articulation)
    out = []
    if style == "block":
        out = [(0, bpb * min(a, 0.98), p, 80) for p in voicing]
    elif style == "half":
        for start in range(0, bpb, 2):
            out += [(start, min(2, bpb - start) * a, p, 78) for p in voicing]
    elif style == "beats":
        for b in range(bpb):
            out += [(b, 0.95 * a, p, 85 if b == 0 else 70) for p in voicing]
    elif style == "skank":  # reggae: short chords on every off-beat
        for b in range(bpb):
            out += [(b + 0.5, 0.2, p, 85) for p in voicing]
    elif style == "bubble":  # reggae organ: eighths, off-beats louder
        for e in range(2 * bpb):
            out += [(e / 2, 0.3, p, 75 if e % 2 else 45) for p in voicing]
    elif style == "stabs":  # disco strings/keys: syncopated stabs
        for pos in (0.5, 1.5, 2.5, 3.25, 3.5)[: 5 if bpb == 4 else 2]:
            out += [(pos, 0.3, p, 85) for p in voicing]
    elif style == "strum":  # acoustic guitar: down/up strums, strings slightly staggered
        pattern = [0, 1, 1.5, 2.5, 3, 3.5][: 6 if bpb == 4 else 3]
        for k, pos in enumerate(pattern):
            order = voicing if k % 2 == 0 else voicing[::-1]
            for j, p in enumerate(order):
                out.append((pos + 0.02 * j, 0.9 * a, p, 85 if pos == int(pos) else 65))
    elif style == "power8":  # distorted power chords, palm-muted eighths
        root = nearest_pitch(tones[0], 43, 38, 52)
        for e in range(2 * bpb):
            for p in (root, root + 7, root + 12):
                out.append((e / 2, 0.4 * max(a, 0.5), p, 105 if e % 2 == 0 else 90))
    elif style == "power_half":
        root = nearest_pitch(tones[0], 45, 38, 52)
        for start in range(0, bpb, 2):
            for p in (root, root + 7, root + 12):
                out.append((start, 1.9, p, 100))
    elif style == "jazz":  # piano comping: syncopated short seventh chords
        for pos in sorted(rng.choice([0, 0.5, 1.5, 2, 2.5, 3.5], size=2, replace=False)):
            out += [(float(pos), 0.6 * a + 0.2, p, 70) for p in voicing]
    elif style == "arpeggio":  # broken chords in eighths (Alberti-like)
        order = [0, len(voicing) - 1, 1, len(voicing) - 1] if len(voicing) >= 3 else [0, 1]
        for e in range(2 * bpb):
            p = voicing[order[e % len(order)]]
            out.append((e / 2, 0.5 * max(a, 0.6), p, 70))
    elif style == "pad":
        out = [(0, bpb, p, 70) for p in voicing]
    else:  # pragma: no cover
        raise ValueError(f"unknown comp style {style!r}")
    return [(float(p), float(d), int(n), int(v)) for p, d, n, v in out]


def melody(chords_per_bar: list, scale_pcs, bpb: int, rng, *, center: float = 72.0, density: float = 0.5,
           articulation: float = 0.9, end_on=None, span: int = 9) -> list:
    """A melody over the bars: ``(position, duration, pitch, velocity)`` with absolute positions.

    Strong beats take chord tones, other notes move by step in the scale; ``density`` in [0, 1]
    moves the rhythm from half notes to eighths. ``end_on`` (a pitch class) ends the melody on
    that note, held.
    """
    scale_pcs = list(scale_pcs)
    lo, hi = int(center - span), int(center + span)
    pitches = sorted(p for p in range(lo, hi + 1) if p % 12 in scale_pcs)
    prev = nearest_pitch(scale_pcs[0], center, lo, hi)
    out = []
    n_bars = len(chords_per_bar)
    choices = np.array([0.5, 1.0, 1.5, 2.0])
    w = np.array([density, 0.5, 0.25 * (1 - density) + 0.05, 1.0 - density + 0.05])
    w = w / w.sum()
    for bar, chord in enumerate(chords_per_bar):
        tones = chord_tones(chord)
        pos = 0.0
        last_bar = bar == n_bars - 1
        while pos < bpb - 1e-9:
            if last_bar and end_on is not None and pos >= bpb - 2:
                p = nearest_pitch(int(end_on), prev, lo - 2, hi + 2)
                out.append((bar * bpb + pos, (bpb - pos) * 0.95, p, 90))
                break
            dur = float(rng.choice(choices, p=w))
            dur = min(dur, bpb - pos)
            if rng.random() < 0.08 and pos > 0:
                pos += dur  # a rest
                continue
            strong = abs(pos - round(pos)) < 1e-9 and int(round(pos)) % 2 == 0
            if strong and tones:
                p = nearest_pitch(int(rng.choice(tones)), prev + rng.integers(-3, 4), lo, hi)
            else:
                i = int(np.searchsorted(pitches, prev))
                i = int(np.clip(i + rng.choice([-2, -1, -1, 1, 1, 2]), 0, len(pitches) - 1))
                p = pitches[i]
            vel = 95 if strong else 80
            out.append((bar * bpb + pos, dur * articulation, int(p), vel))
            prev = p
            pos += dur
    return [(float(a), float(b), int(c), int(d)) for a, b, c, d in out]


def place(inst, events, tm: TimeMap, *, bar_offset_beats: float = 0.0, velocity_scale: float = 1.0,
          transpose: int = 0) -> list:
    """Put ``(position, duration, pitch, velocity)`` events on an instrument; returns
    ``[(start, end, pitch)]`` in seconds."""
    placed = []
    for pos, dur, pitch, vel in events:
        p0 = bar_offset_beats + pos
        s = tm.time(p0)
        e = tm.time(p0 + dur)
        s, e = add_note(inst, pitch + transpose, s, e, vel * velocity_scale)
        placed.append((s, e, pitch + transpose))
    return placed


def place_drums(inst, hits, tm: TimeMap, *, bar_offset_beats: float = 0.0, velocity_scale: float = 1.0) -> None:
    for pos, key, vel in hits:
        s = tm.time(bar_offset_beats + pos)
        add_note(inst, key, s, s + 0.1, vel * velocity_scale)
