"""Music theory for the generators: pitch classes, chord and key labels, scales, voicings.

Book: *Music data* appendix (book/data/).

Labels are spelled the way :mod:`mir_eval` reads them, so a generated annotation goes straight
into ``mir_eval.chord.evaluate`` or ``mir_eval.key.evaluate``:

* chords: ``"C:maj"``, ``"F#:min"``, ``"G:7"``, ``"B:dim"``, and ``"N"`` for no chord
  (Harte et al., 2005);
* keys: ``"C major"``, ``"A minor"`` (MIREX key format).

Pitch classes are integers 0..11 with C = 0; MIDI note numbers put middle C (C4) at 60.
"""

from __future__ import annotations

import numbers

from ..errors import ParameterError

__all__ = [
    "PITCH_CLASSES",
    "QUALITIES",
    "MAJMIN_TRIADS",
    "KEYS",
    "ROMAN_MAJOR",
    "ROMAN_MINOR",
    "pitch_class",
    "pitch_class_name",
    "chord_label",
    "parse_chord",
    "chord_pitch_classes",
    "key_label",
    "parse_key",
    "scale",
    "diatonic_chords",
    "voice_chord",
]

#: Names of the 12 pitch classes (C = 0), one spelling each, as used in chord labels.
PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

# Conventional spelling of key tonics (Db major but C# minor, ...).
_MAJOR_TONICS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_MINOR_TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")

#: Chord qualities (Harte shorthands) and their intervals in semitones above the root.
QUALITIES = {
    "maj": (0, 4, 7),
    "min": (0, 3, 7),
    "dim": (0, 3, 6),
    "aug": (0, 4, 8),
    "sus4": (0, 5, 7),
    "5": (0, 7),
    "7": (0, 4, 7, 10),
    "maj7": (0, 4, 7, 11),
    "min7": (0, 3, 7, 10),
    "hdim7": (0, 3, 6, 10),
    "dim7": (0, 3, 6, 9),
}

#: The 24 major and minor triads, ``["C:maj", ..., "B:maj", "C:min", ..., "B:min"]``.
MAJMIN_TRIADS = tuple(f"{p}:maj" for p in PITCH_CLASSES) + tuple(f"{p}:min" for p in PITCH_CLASSES)

#: The 24 keys, ``["C major", "Db major", ..., "C minor", "C# minor", ...]``.
KEYS = tuple(f"{t} major" for t in _MAJOR_TONICS) + tuple(f"{t} minor" for t in _MINOR_TONICS)

_MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
_MINOR_SCALES = {
    "natural": (0, 2, 3, 5, 7, 8, 10),
    "harmonic": (0, 2, 3, 5, 7, 8, 11),
    "melodic": (0, 2, 3, 5, 7, 9, 11),
}

#: Roman numerals of the diatonic triads of a major key and of a minor key (harmonic minor
#: for V and vii°, the common-practice choice).
ROMAN_MAJOR = ("I", "ii", "iii", "IV", "V", "vi", "vii°")
ROMAN_MINOR = ("i", "ii°", "III", "iv", "V", "VI", "vii°")
_QUAL_MAJOR = ("maj", "min", "min", "maj", "maj", "min", "dim")
_QUAL_MINOR = ("min", "dim", "maj", "min", "maj", "maj", "dim")
_QUAL7_MAJOR = ("maj7", "min7", "min7", "maj7", "7", "min7", "hdim7")
_QUAL7_MINOR = ("min7", "hdim7", "maj7", "min7", "7", "maj7", "dim7")

_LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def pitch_class(name) -> int:
    """The pitch class (0..11, C = 0) of a note name such as ``"C#"``, ``"Eb"`` or ``"B#"``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    name : str or int
        A letter A-G followed by any number of ``#`` or ``b``; an integer is taken modulo 12.

    Returns
    -------
    pc : int
        In 0..11.

    Raises
    ------
    ParameterError
        If ``name`` is not a note name.

    Examples
    --------
    >>> from mirlab.data.theory import pitch_class
    >>> pitch_class("C"), pitch_class("F#"), pitch_class("Bb"), pitch_class("B#")
    (0, 6, 10, 0)
    """
    if isinstance(name, numbers.Integral) and not isinstance(name, bool):
        return int(name) % 12
    if not isinstance(name, str) or not name or name[0].upper() not in _LETTERS:
        raise ParameterError(f"not a note name: {name!r}; use a letter A-G with optional # or b, e.g. 'F#'")
    pc = _LETTERS[name[0].upper()]
    for acc in name[1:]:
        if acc == "#":
            pc += 1
        elif acc == "b":
            pc -= 1
        else:
            raise ParameterError(f"not a note name: {name!r}; accidentals are '#' and 'b'")
    return pc % 12


def pitch_class_name(pc) -> str:
    """The name of a pitch class as used in chord labels (``PITCH_CLASSES[pc % 12]``).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    pc : int
        Pitch class or MIDI note number.

    Returns
    -------
    name : str

    Raises
    ------
    ParameterError
        If ``pc`` is not an integer.

    Examples
    --------
    >>> from mirlab.data.theory import pitch_class_name
    >>> pitch_class_name(1), pitch_class_name(70)
    ('C#', 'Bb')
    """
    if isinstance(pc, bool) or not isinstance(pc, numbers.Integral):
        raise ParameterError(f"pc must be an integer pitch class or MIDI note number, got {pc!r}")
    return PITCH_CLASSES[int(pc) % 12]


def chord_label(root, quality: str = "maj") -> str:
    """A chord label in mir_eval (Harte) syntax, e.g. ``chord_label(9, "min") == "A:min"``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : int or str
        Root pitch class or note name.
    quality : str
        One of :data:`QUALITIES` (``"maj"``, ``"min"``, ``"7"``, ``"min7"``, ...).

    Returns
    -------
    label : str

    Raises
    ------
    ParameterError
        If the root or the quality is unknown.

    Examples
    --------
    >>> from mirlab.data.theory import chord_label
    >>> chord_label(0), chord_label("F#", "min"), chord_label(7, "7")
    ('C:maj', 'F#:min', 'G:7')
    """
    if quality not in QUALITIES:
        raise ParameterError(f"unknown chord quality {quality!r}; use one of {sorted(QUALITIES)}")
    return f"{pitch_class_name(pitch_class(root))}:{quality}"


def parse_chord(label: str):
    """Split a chord label into ``(root pitch class, quality)``; ``"N"`` gives ``(None, "N")``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    label : str
        ``"root:quality"`` with a quality of :data:`QUALITIES`, a bare root (major), or ``"N"``;
        a bass after a slash (``"C:maj/3"``, an inversion) is ignored.

    Returns
    -------
    root : int or None
    quality : str

    Raises
    ------
    ParameterError
        If the label cannot be read.

    Examples
    --------
    >>> from mirlab.data.theory import parse_chord
    >>> parse_chord("Eb:min7"), parse_chord("N"), parse_chord("G:maj/3")
    ((3, 'min7'), (None, 'N'), (7, 'maj'))
    """
    if not isinstance(label, str):
        raise ParameterError(f"a chord label must be a string like 'C:maj', got {label!r}")
    if label in ("N", "X"):
        return None, label
    root, _, quality = label.split("/")[0].partition(":")
    quality = quality or "maj"
    if quality not in QUALITIES:
        raise ParameterError(f"unknown chord quality in {label!r}; use one of {sorted(QUALITIES)}")
    return pitch_class(root), quality


def chord_pitch_classes(label: str) -> tuple:
    """The pitch classes of a chord, root first (``()`` for ``"N"``).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    label : str
        A chord label (see :func:`parse_chord`).

    Returns
    -------
    pcs : tuple of int

    Raises
    ------
    ParameterError
        If the label cannot be read.

    Examples
    --------
    >>> from mirlab.data.theory import chord_pitch_classes
    >>> chord_pitch_classes("A:min"), chord_pitch_classes("G:7")
    ((9, 0, 4), (7, 11, 2, 5))
    """
    root, quality = parse_chord(label)
    if root is None:
        return ()
    return tuple((root + i) % 12 for i in QUALITIES[quality])


def key_label(tonic, mode: str = "major") -> str:
    """A key label in mir_eval format, e.g. ``key_label(9, "minor") == "A minor"``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    tonic : int or str
        Tonic pitch class or note name; it is respelled conventionally (Db major, C# minor).
    mode : str
        ``"major"`` or ``"minor"``.

    Returns
    -------
    label : str

    Raises
    ------
    ParameterError
        If the mode is not major or minor, or the tonic is not a note.

    Examples
    --------
    >>> from mirlab.data.theory import key_label
    >>> key_label(1, "major"), key_label(1, "minor")
    ('Db major', 'C# minor')
    """
    if mode not in ("major", "minor"):
        raise ParameterError(f"mode must be 'major' or 'minor', got {mode!r}")
    pc = pitch_class(tonic)
    names = _MAJOR_TONICS if mode == "major" else _MINOR_TONICS
    return f"{names[pc]} {mode}"


def parse_key(label: str):
    """Split a key label ``"C# minor"`` into ``(tonic pitch class, mode)``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    label : str
        ``"<tonic> major"`` or ``"<tonic> minor"``.

    Returns
    -------
    tonic : int
    mode : str

    Raises
    ------
    ParameterError
        If the label cannot be read.

    Examples
    --------
    >>> from mirlab.data.theory import parse_key
    >>> parse_key("Eb major"), parse_key("G# minor")
    ((3, 'major'), (8, 'minor'))
    """
    parts = label.split() if isinstance(label, str) else []
    if len(parts) != 2 or parts[1] not in ("major", "minor"):
        raise ParameterError(f"a key label must look like 'C major' or 'A minor', got {label!r}")
    return pitch_class(parts[0]), parts[1]


def scale(key: str, *, minor: str = "natural") -> tuple:
    """The seven pitch classes of a key's scale, from the tonic up.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    key : str
        A key label such as ``"D major"`` or ``"B minor"``.
    minor : str
        For a minor key: ``"natural"`` (default), ``"harmonic"`` (raised 7th) or ``"melodic"``
        (raised 6th and 7th).

    Returns
    -------
    pcs : tuple of int

    Raises
    ------
    ParameterError
        If the key or the minor variant is unknown.

    Examples
    --------
    >>> from mirlab.data.theory import scale
    >>> scale("G major")
    (7, 9, 11, 0, 2, 4, 6)
    >>> scale("A minor", minor="harmonic")
    (9, 11, 0, 2, 4, 5, 8)
    """
    tonic, mode = parse_key(key)
    if mode == "major":
        steps = _MAJOR_SCALE
    else:
        if minor not in _MINOR_SCALES:
            raise ParameterError(f"minor must be one of {sorted(_MINOR_SCALES)}, got {minor!r}")
        steps = _MINOR_SCALES[minor]
    return tuple((tonic + s) % 12 for s in steps)


def diatonic_chords(key: str, *, sevenths: bool = False) -> tuple:
    """The chords built on the seven degrees of a key, degree I first.

    A minor key uses the harmonic minor for the dominant (V, major) and the leading-tone chord
    (vii°), as in common-practice harmony; see :data:`ROMAN_MINOR`.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    key : str
        A key label such as ``"C major"``.
    sevenths : bool
        If True, seventh chords (``"C:maj7"``, ``"D:min7"``, ``"G:7"``, ...) instead of triads.

    Returns
    -------
    labels : tuple of str
        Seven chord labels.

    Raises
    ------
    ParameterError
        If the key is unknown.

    Examples
    --------
    >>> from mirlab.data.theory import diatonic_chords
    >>> diatonic_chords("C major")
    ('C:maj', 'D:min', 'E:min', 'F:maj', 'G:maj', 'A:min', 'B:dim')
    >>> diatonic_chords("A minor")[4]
    'E:maj'
    >>> diatonic_chords("C major", sevenths=True)[4]
    'G:7'
    """
    _, mode = parse_key(key)
    degrees = scale(key, minor="harmonic")
    if mode == "major":
        quals = _QUAL7_MAJOR if sevenths else _QUAL_MAJOR
    else:
        quals = _QUAL7_MINOR if sevenths else _QUAL_MINOR
        # III and VI are built on the natural 3rd/6th; only the 7th degree is raised.
    return tuple(chord_label(pc, q) for pc, q in zip(degrees, quals))


def voice_chord(label: str, *, octave: int = 4, inversion: int = 0, voicing: str = "close") -> list:
    """MIDI note numbers of one voicing of a chord, lowest first.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    label : str
        A chord label; ``"N"`` gives an empty list.
    octave : int
        Octave of the root in root position (4: the root lies in C4..B4, MIDI 60..71).
    inversion : int
        0 (root position), 1 (third in the bass), 2 (fifth in the bass), 3 (seventh in the
        bass, seventh chords only): the lowest ``inversion`` chord tones move up an octave.
    voicing : str
        ``"close"`` (chord tones within an octave), ``"open"`` (the middle voice of the close
        voicing dropped an octave, "drop 2"), or ``"spread"`` (bass note, then the chord in
        close position an octave higher, with the bass doubled on top).

    Returns
    -------
    notes : list of int

    Raises
    ------
    ParameterError
        If the label, the inversion or the voicing is invalid.

    Examples
    --------
    >>> from mirlab.data.theory import voice_chord
    >>> voice_chord("C:maj"), voice_chord("C:maj", inversion=1), voice_chord("A:min", octave=3)
    ([60, 64, 67], [64, 67, 72], [57, 60, 64])
    >>> voice_chord("C:maj", voicing="spread")
    [48, 64, 67, 72]
    """
    if voicing not in ("close", "open", "spread"):
        raise ParameterError(f"voicing must be 'close', 'open' or 'spread', got {voicing!r}")
    root, quality = parse_chord(label)
    if root is None:
        return []
    intervals = QUALITIES[quality]
    if (isinstance(inversion, bool) or not isinstance(inversion, numbers.Integral)
            or not 0 <= inversion < len(intervals)):
        raise ParameterError(
            f"inversion must be an integer in 0..{len(intervals) - 1} for {label!r}, got {inversion!r}"
        )
    base = 12 * (int(octave) + 1) + root
    notes = [base + i for i in intervals]
    for k in range(int(inversion)):
        notes[k] += 12
    notes.sort()
    if voicing == "open" and len(notes) >= 3:
        notes[-2] -= 12
        notes.sort()
    elif voicing == "spread":
        bass = notes[0] - 12
        notes = [bass] + notes[1:] + [notes[0] + 12]
    return notes
