"""DEAM: 1,802 songs rated for valence and arousal (MediaEval Emotion in Music 2013-2015).

Book: *Music data* appendix (book/data/).

The DEAM dataset (Aljanaki, Yang & Soleymani 2017) is the usual set for *dimensional* music
emotion recognition: each song (45-second excerpts for 2013-2014, full songs for 2015) was
rated by several listeners on the valence (unpleasant - pleasant) and arousal (calm - excited)
axes. mirdata (1.0) has no loader for it; this one reads the song-level averages.

**Scaling.** DEAM's song-level ratings are on a 1-9 scale (Self-Assessment Manikin), 5 being
neutral. The course's structures use [-1, 1] (:mod:`mirlab.data.types`), so

    ``valence = (valence_mean - 5) / 4``,  ``arousal = (arousal_mean - 5) / 4``

which maps 1 -> -1, 5 -> 0 and 9 -> +1 exactly (and standard deviations are divided by 4).
The raw means and standard deviations are kept in ``metadata``.

On-disk layout (the official ``DEAM_Annotations.zip`` and ``DEAM_audio.zip`` unpacked)::

    <root>/annotations/annotations averaged per song/song_level/static_annotations_averaged_songs_1_2000.csv
    <root>/annotations/annotations averaged per song/song_level/static_annotations_averaged_songs_2000_2058.csv
    <root>/MEMD_audio/2.mp3

The two CSV files are looked for anywhere under ``<root>``, and ``MEMD_audio`` too, so an
extra ``DEAM_Annotations/`` or ``DEAM_audio/`` level does not matter.
"""

from __future__ import annotations

import csv
import pathlib

from ...errors import ParameterError
from ..download import DatasetNotFoundError, not_found_error
from ..types import Dataset, Track
from ._common import resolve_root, short_list

__all__ = ["load_deam", "read_static_annotations", "scale_rating"]

NAME = "deam"
_FILES = ("static_annotations_averaged_songs_1_2000.csv", "static_annotations_averaged_songs_2000_2058.csv")

_LAYOUT = """\
annotations/annotations averaged per song/song_level/static_annotations_averaged_songs_1_2000.csv
annotations/annotations averaged per song/song_level/static_annotations_averaged_songs_2000_2058.csv
MEMD_audio/2.mp3   (one MP3 per song_id, 1,802 files)"""


def _not_found(root, problem) -> DatasetNotFoundError:
    return not_found_error(
        "DEAM (MediaEval Database for Emotional Analysis in Music)", root, problem=problem,
        source="DEAM_Annotations.zip and DEAM_audio.zip from the official page "
        "https://cvml.unige.ch/databases/DEAM/ (no checksums are published; copies are on Kaggle). "
        "The audio is "
        "about 1.3 GB, under the licences of the Free Music Archive, Jamendo and medleyDB.",
        layout=_LAYOUT,
        hint="There is no automatic download: the host publishes no checksums.",
    )


def scale_rating(x):
    """Map a DEAM rating from the 1-9 scale to [-1, 1]: ``(x - 5) / 4``.

    Examples
    --------
    >>> from mirlab.data.loaders.deam import scale_rating
    >>> scale_rating(1), scale_rating(5), scale_rating(9), scale_rating(6.2)
    (-1.0, 0.0, 1.0, 0.3)
    """
    return round((float(x) - 5.0) / 4.0, 12)


def read_static_annotations(path) -> dict:
    """Read a song-level DEAM CSV: ``{song_id: {"valence_mean", "valence_std", "arousal_mean", "arousal_std"}}``.

    Column names are stripped (the files write ``song_id, valence_mean, ...`` with spaces);
    values stay on the 1-9 scale.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab.data.loaders.deam import read_static_annotations
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("song_id, valence_mean, valence_std, arousal_mean, arousal_std\\n2,3.1,0.94,3,0.63\\n")
    >>> read_static_annotations(p)["2"]["valence_mean"]
    3.1
    """
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        need = ("song_id", "valence_mean", "valence_std", "arousal_mean", "arousal_std")
        if any(n not in header for n in need):
            raise ParameterError(f"{path}: not a DEAM song-level file (columns {need} expected, got {header})")
        col = {n: header.index(n) for n in need}
        for row in reader:
            if not row or not row[0].strip():
                continue
            sid = str(int(float(row[col["song_id"]])))
            out[sid] = {n: float(row[col[n]]) for n in need[1:]}
    return out


def _find(root: pathlib.Path, name: str, *, is_dir=False):
    direct = root / name
    if direct.exists():
        return direct
    for p in sorted(root.rglob(name)):
        if p.is_dir() == is_dir:
            return p
    return None


def load_deam(root=None, *, require_audio: bool = True) -> Dataset:
    """Load DEAM's song-level valence and arousal, scaled to [-1, 1], with the MP3 paths.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default: ``data_home() / "deam"``.
    require_audio : bool
        If True (default), a song without its MP3 raises; if False it gets ``audio_path=None``.

    Returns
    -------
    dataset : Dataset
        ``Dataset("deam", root, tracks, metadata)``; track ids are DEAM's ``song_id``s,
        ``annotations["valence"]`` and ``["arousal"]`` are floats in [-1, 1] (see the module
        docstring for the scaling), ``metadata`` keeps the raw 1-9 means and standard deviations.

    Raises
    ------
    DatasetNotFoundError
        If the folder, the annotation CSVs or (with ``require_audio``) MP3 files are missing;
        the message says what to download and where to put it.

    Examples
    --------
    >>> from mirlab.data.loaders import load_deam
    >>> deam = load_deam()  # doctest: +SKIP
    >>> deam["2"].annotations  # doctest: +SKIP
    {'valence': -0.475, 'arousal': -0.5}
    """
    root = resolve_root(root, NAME)
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist")
    csvs = [_find(root, name) for name in _FILES]
    if csvs[0] is None:
        raise _not_found(root, f"the annotation file {_FILES[0]} was not found under it")
    ratings = {}
    for path in csvs:
        if path is None:
            continue
        for sid, r in read_static_annotations(path).items():
            ratings.setdefault(sid, r)  # a song in both files keeps its first rating
    audio_dir = _find(root, "MEMD_audio", is_dir=True)
    tracks, missing = [], []
    for sid in sorted(ratings, key=int):
        r = ratings[sid]
        audio = audio_dir / f"{sid}.mp3" if audio_dir is not None else None
        if audio is None or not audio.is_file():
            missing.append(sid)
            audio = None
        ann = {"valence": scale_rating(r["valence_mean"]), "arousal": scale_rating(r["arousal_mean"])}
        meta = dict(r, valence_std_scaled=r["valence_std"] / 4.0, arousal_std_scaled=r["arousal_std"] / 4.0)
        tracks.append(Track(sid, audio, ann, meta))
    if require_audio and missing:
        raise _not_found(root, f"{len(missing)} songs have no MP3 in MEMD_audio/ ({short_list(missing)}); "
                         "pass require_audio=False to load the ratings alone")
    metadata = {
        "scale": "valence, arousal = (mean rating on the 1-9 scale - 5) / 4, in [-1, 1]",
        "files": [str(p) for p in csvs if p is not None],
        "without_audio": len(missing),
        "source": "https://cvml.unige.ch/databases/DEAM/",
        "citation": "A. Aljanaki, Y.-H. Yang and M. Soleymani, Developing a benchmark for emotional "
        "analysis of music, PLoS ONE 12(3), 2017.",
    }
    return Dataset(NAME, root, tracks, metadata)
