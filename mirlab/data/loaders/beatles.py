"""The Beatles (Isophonics): chord, key, beat and structure annotations of 180 songs.

Book: *Music data* appendix (book/data/).

Christopher Harte's chord transcriptions of the 12 Beatles studio albums (Harte 2010), with
keys, beats and segments from the Isophonics project (Mauch et al. 2009), are the reference set
of chord recognition. The annotations are free to download; the audio is not (it is the
commercial CDs): put your own rips in ``audio/`` with the same album and song names and the
tracks get an ``audio_path``; without them the annotations still load.

Annotations, in mir_eval's form (:mod:`mirlab.data.types`):

* ``"chords"``: ``(intervals (n, 2), labels)`` with Harte labels (``"E:min7"``, ``"A:7/3"``,
  ``"N"``), read from ``chordlab``;
* ``"key"``: the key that lasts longest in the song, converted to mir_eval's form (``"E"`` ->
  ``"E major"``, ``"A:minor"`` -> ``"A minor"``, a modal key such as ``"D:mixolydian"`` ->
  ``"D other"``); every key segment is in ``metadata["keys"]``;
* ``"beats"``, ``"downbeats"`` (position 1 in the bar) and ``"tempo"`` (from the median beat
  period) when the song has a beat file;
* ``metadata["sections"]``: the structural segments ``(intervals, labels)``.

On-disk layout (mirdata's)::

    <root>/annotations/chordlab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
    <root>/annotations/keylab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
    <root>/annotations/beat/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.txt
    <root>/annotations/seglab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
    <root>/audio/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.wav     (optional)

Track ids are mirdata's: album number, CD number if any, song number (``"0101"``, ``"10212"``).
"""

from __future__ import annotations

import pathlib
import re

import numpy as np

from ..download import DatasetNotFoundError, Remote, not_found_error
from ..types import Dataset, Track
from ._common import (
    beat_annotations,
    check_backend,
    fetch_remotes,
    index_missing_files,
    key_to_mir_eval,
    main_key,
    mirdata_dataset,
    mirdata_remotes,
    read_beats,
    read_keylab,
    read_lab,
    read_seglab,
    resolve_root,
    short_list,
)

__all__ = ["load_beatles", "REMOTES"]

NAME = "beatles"
_ARTIST = "The Beatles"

#: Download link and checksum of the annotations (mirdata 1.0.0's ``beatles.REMOTES``).
REMOTES = {
    "annotations": Remote(
        filename="The Beatles Annotations.tar.gz",
        url="http://isophonics.net/files/annotations/The%20Beatles%20Annotations.tar.gz",
        md5="62425c552d37c6bb655a78e4603828cc",
        destination="annotations",
        note="Annotations only (2 MB); the audio is the commercial CDs and is not downloadable.",
    )
}

_LAYOUT = """\
annotations/chordlab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
annotations/keylab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
annotations/beat/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.txt
annotations/seglab/The Beatles/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.lab
audio/01_-_Please_Please_Me/01_-_I_Saw_Her_Standing_There.wav   (optional: your own rips)"""


def _remotes() -> dict:
    return mirdata_remotes("beatles", REMOTES)


def _not_found(root, problem, remotes) -> DatasetNotFoundError:
    r = remotes["annotations"]
    return not_found_error(
        "The Beatles (Isophonics) annotations", root, problem=problem,
        source=f"{r.url} (md5 {r.md5}; {r.note}) Official page: "
        "http://isophonics.net/content/reference-annotations-beatles",
        layout=_LAYOUT,
        hint="load_beatles(download=True) downloads and unpacks the annotations.",
    )


def _annotation_dir(root: pathlib.Path, kind: str):
    """``<...>/<kind>/The Beatles`` under the places the archive may have been unpacked to."""
    for base in (root / "annotations", root / "annotations" / "The Beatles Annotations",
                 root / "The Beatles Annotations", root):
        cand = base / kind / _ARTIST
        if cand.is_dir():
            return cand
    return None


def track_id(album: str, song: str) -> str:
    """mirdata's id of a song: ``("01_-_Please_Please_Me", "11_-_Do_You...")`` -> ``"0111"``.

    Examples
    --------
    >>> from mirlab.data.loaders.beatles import track_id
    >>> track_id("01_-_Please_Please_Me", "11_-_Do_You_Want_To_Know_A_Secret")
    '0111'
    >>> track_id("10CD2_-_The_Beatles", "CD2_-_12_-_Revolution_9")
    '10212'
    """
    album_code = album.split("_-_")[0].replace("CD", "")
    m = re.match(r"(?:CD\d+_-_)?(\d+)", song)
    number = m.group(1) if m else song
    return album_code + number


def _song_annotations(chords_file, key_file, beat_file, seg_file):
    ann, meta = {}, {}
    intervals, labels = read_lab(chords_file)
    ann["chords"] = (intervals, labels)
    if key_file is not None and key_file.is_file():
        k_int, k_lab = read_keylab(key_file)
        key = main_key(k_int, k_lab)
        if key is not None:
            ann["key"] = key
        meta["keys"] = (k_int, [key_to_mir_eval(k) for k in k_lab])
    if beat_file is not None and beat_file.is_file():
        times, positions = read_beats(beat_file)
        if len(times):
            ann.update(beat_annotations(times, positions))
    if seg_file is not None and seg_file.is_file():
        s_int, s_lab = read_seglab(seg_file)
        meta["sections"] = (s_int, s_lab)
    return ann, meta


def _tracks_from_files(root) -> list:
    chord_dir = _annotation_dir(root, "chordlab")
    key_dir = _annotation_dir(root, "keylab")
    beat_dir = _annotation_dir(root, "beat")
    seg_dir = _annotation_dir(root, "seglab")
    tracks = []
    for chords_file in sorted(chord_dir.glob("*/*.lab")):
        album, song = chords_file.parent.name, chords_file.stem
        rel = pathlib.Path(album) / song
        key_file = key_dir / rel.with_suffix(".lab") if key_dir else None
        beat_file = beat_dir / rel.with_suffix(".txt") if beat_dir else None
        seg_file = seg_dir / rel.with_suffix(".lab") if seg_dir else None
        ann, meta = _song_annotations(chords_file, key_file, beat_file, seg_file)
        audio = root / "audio" / rel.with_suffix(".wav")
        if not audio.is_file():
            flac = audio.with_suffix(".flac")
            audio = flac if flac.is_file() else None
        meta.update(album=album, title=song.split("_-_")[-1].replace("_", " "))
        tracks.append(Track(track_id(album, song), audio, ann, meta))
    return tracks


def _tracks_from_mirdata(ds) -> list:
    tracks = []
    for tid in ds.track_ids:
        t = ds.track(tid)
        if t.chords_path is None or not pathlib.Path(t.chords_path).is_file():
            continue
        try:
            c = t.chords
            chords = (np.asarray(c.intervals, dtype=float), list(c.labels))
        except ValueError:
            # mirdata's Harte pattern rejects labels mir_eval accepts (e.g. "X", no chord
            # assignable): read the same file with the plain parser instead
            chords = read_lab(t.chords_path)
        ann = {"chords": chords}
        meta = {}
        if t.keys_path is not None and pathlib.Path(t.keys_path).is_file():
            k = t.key
            key = main_key(k.intervals, k.keys)
            if key is not None:
                ann["key"] = key
            meta["keys"] = (np.asarray(k.intervals, dtype=float), [key_to_mir_eval(x) for x in k.keys])
        if t.beats_path is not None and pathlib.Path(t.beats_path).is_file():
            b = t.beats
            ann.update(beat_annotations(b.times, b.positions))
        if t.sections_path is not None and pathlib.Path(t.sections_path).is_file():
            s = t.sections
            meta["sections"] = (np.asarray(s.intervals, dtype=float), list(s.labels))
        album = pathlib.Path(t.chords_path).parent.name
        meta.update(album=album, title=t.title.split("_-_")[-1].replace("_", " "))
        audio = pathlib.Path(t.audio_path) if t.audio_path and pathlib.Path(t.audio_path).is_file() else None
        tracks.append(Track(tid, audio, ann, meta))
    return tracks


def load_beatles(root=None, *, download: bool = False, backend: str = "auto",
                 progress: bool = True) -> Dataset:
    """Load the Beatles annotations: chords, key, beats/downbeats, sections; audio if present.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default:
        ``data_home() / "beatles"``.
    download : bool
        Download (cached, checksum-verified, resumable) and unpack the annotations when they
        are missing. The audio cannot be downloaded.
    backend : {"auto", "mirdata", "files"}
        ``"mirdata"``: read the songs with mirdata's ``beatles`` loader (needs its index).
        ``"files"``: read the folder directly. ``"auto"``: mirdata when it is installed, its
        index is present and every annotation it lists is there, else the files.
    progress : bool
        Show progress bars while downloading.

    Returns
    -------
    dataset : Dataset
        ``Dataset("beatles", root, tracks, metadata)``: one track per song that has a chord
        file, with ``annotations["chords"]`` always, ``"key"``, ``"beats"``, ``"downbeats"``,
        ``"tempo"`` where annotated; ``audio_path`` is None for songs without audio.

    Raises
    ------
    DatasetNotFoundError
        If the folder or the chord annotations are missing (and ``download`` is False or the
        download fails); the message says what to download and where to put it.
    ParameterError
        For a bad ``backend``.

    Examples
    --------
    >>> from mirlab.data.loaders import load_beatles
    >>> beatles = load_beatles(download=True)  # doctest: +SKIP
    >>> intervals, labels = beatles["0111"].annotations["chords"]  # doctest: +SKIP
    >>> beatles["0111"].annotations["key"]  # doctest: +SKIP
    'E major'
    """
    root = resolve_root(root, NAME)
    backend = check_backend(backend)
    remotes = _remotes()
    if download and _annotation_dir(root, "chordlab") is None:
        fetch_remotes([remotes["annotations"]], root, progress=progress,
                      instructions=str(_not_found(root, "download failed", remotes)))
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist", remotes)
    if _annotation_dir(root, "chordlab") is None:
        raise _not_found(root, "no chord annotations (annotations/chordlab/The Beatles/<album>/<song>.lab)", remotes)

    ds = mirdata_dataset("beatles", root, backend=backend, download_index=download, progress=progress)
    if ds is not None:
        missing = index_missing_files(ds, root, ["chords", "keys", "beat", "sections"])
        if missing:
            if backend == "mirdata":
                raise _not_found(root, f"{len(missing)} annotation files listed by mirdata's index are "
                                 f"missing ({short_list(missing)})", remotes)
            ds = None
    tracks = _tracks_from_mirdata(ds) if ds is not None else _tracks_from_files(root)
    if not tracks:
        raise _not_found(root, "the chordlab folder holds no .lab files", remotes)
    metadata = {
        "backend": "mirdata" if ds is not None else "files",
        "has_audio": sum(t.audio_path is not None for t in tracks),
        "source": remotes["annotations"].url,
        "citation": "C. Harte, Towards automatic extraction of harmony information from music "
        "signals, PhD thesis, Queen Mary University of London, 2010; M. Mauch et al., OMRAS2 "
        "metadata project 2009, ISMIR late-breaking session.",
    }
    return Dataset(NAME, root, tracks, metadata)
