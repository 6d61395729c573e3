"""MTG-Jamendo, mood/theme subset: 18,486 Creative Commons tracks tagged with moods and themes.

Book: *Music data* appendix (book/data/).

The MTG-Jamendo dataset (Bogdanov et al. 2019) is the open benchmark of music auto-tagging;
its ``autotagging_moodtheme`` subset (the MediaEval "Emotions and Themes in Music" task) tags
each full-length track with one or more of 59 moods and themes (``happy``, ``dark``, ``film``,
``epic``, ...; 56 of them occur in every split). Five official train/validation/test splits
keep every artist in one partition; ``split-0`` is the one benchmarks report.

Annotations (:mod:`mirlab.data.types`): ``"tags"``, the track's list of mood/theme tags without
the ``mood/theme---`` prefix. ``metadata`` has ``artist_id``, ``album_id``, ``duration`` (s)
and ``split`` (its partition in the chosen split).

On-disk layout (mirdata's; ``data/`` is the ``data`` folder of the dataset's repository, or
Zenodo's ``data.zip``; the audio comes from the official download script)::

    <root>/data/autotagging_moodtheme.tsv
    <root>/data/splits/split-0/autotagging_moodtheme-train.tsv       (and -validation, -test)
    <root>/audios/48/948.mp3                                          (PATH column of the TSV)

``audio/`` is accepted for ``audios/``, and the low-quality audio (``48/948.low.mp3``) too.
"""

from __future__ import annotations

import csv
import pathlib

from ...errors import ParameterError
from ..download import DatasetNotFoundError, Remote, not_found_error
from ..types import Dataset, Track
from ._common import (
    check_backend,
    check_split,
    fetch_remotes,
    index_missing_files,
    mirdata_dataset,
    mirdata_remotes,
    resolve_root,
    short_list,
)

__all__ = ["load_jamendo", "REMOTES", "read_tsv"]

NAME = "mtg_jamendo"
_SUBSET = "autotagging_moodtheme"

#: Download link and checksum of the metadata (mirdata 1.0.0's
#: ``mtg_jamendo_autotagging_moodtheme.REMOTES``). The audio has no single archive: see below.
REMOTES = {
    "metadata": Remote(
        filename="metadata.zip",
        url="https://zenodo.org/record/3826813/files/data.zip?download=1",
        md5="039ce10f267f6e4e9f72837c76d72b2f",
        note="metadata and splits (the repository's data/ folder), a few MB",
    )
}



def _audio_howto(root) -> str:
    return (
        "The audio (full-length 320 kbps MP3s, far too large for one archive; a smaller low-quality "
        "version exists) is downloaded with the dataset's own script, which checks every "
        "file's SHA-256: git clone https://github.com/MTG/mtg-jamendo-dataset && cd mtg-jamendo-dataset "
        "&& python3 scripts/download/download.py --dataset autotagging_moodtheme --type audio "
        f"{root / 'audios'} --unpack --remove   (use --type audio-low for the smaller files)."
    )


_LAYOUT = """\
data/autotagging_moodtheme.tsv
data/splits/split-0/autotagging_moodtheme-train.tsv   (also -validation.tsv, -test.tsv; split-1..4)
audios/00/ ... audios/99/                             (e.g. audios/48/948.mp3, the TSV's PATH)"""


def _remotes() -> dict:
    return mirdata_remotes("mtg_jamendo_autotagging_moodtheme", REMOTES)


def _not_found(root, problem, remotes) -> DatasetNotFoundError:
    r = remotes["metadata"]
    return not_found_error(
        "MTG-Jamendo (autotagging_moodtheme)", root, problem=problem,
        source=f"the metadata, {r.url} (md5 {r.md5}; unpack it in the root, it holds data/), "
        f"or the data/ folder of https://github.com/MTG/mtg-jamendo-dataset. {_audio_howto(root)}",
        layout=_LAYOUT,
        hint="load_jamendo(download=True) downloads the metadata (not the audio); "
        "load_jamendo(require_audio=False) loads the tags without the audio.",
    )


def read_tsv(path) -> dict:
    """Read an MTG-Jamendo TSV: ``{track_id: {"artist_id", "album_id", "path", "duration", "tags"}}``.

    Columns ``TRACK_ID ARTIST_ID ALBUM_ID PATH DURATION TAGS...``, tab-separated, one tag a
    column after the fifth (``mood/theme---happy``); the prefix before ``---`` is dropped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab.data.loaders.jamendo import read_tsv
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.tsv"
    >>> _ = p.write_text("TRACK_ID\\tARTIST_ID\\tALBUM_ID\\tPATH\\tDURATION\\tTAGS\\n"
    ...                  "track_0000948\\tartist_000087\\talbum_000149\\t48/948.mp3\\t212.7\\t"
    ...                  "mood/theme---background\\tmood/theme---calm\\n")
    >>> read_tsv(p)["track_0000948"]["tags"]
    ['background', 'calm']
    """
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if not header or header[0] != "TRACK_ID":
            raise ParameterError(f"{path}: not an MTG-Jamendo TSV (first column should be TRACK_ID)")
        for row in reader:
            if not row or not row[0]:
                continue
            tags = [t.split("---", 1)[-1].strip() for t in row[5:] if t.strip()]
            out[row[0]] = {
                "artist_id": row[1],
                "album_id": row[2],
                "path": row[3],
                "duration": float(row[4]),
                "tags": tags,
            }
    return out


def _split_file(data_dir, split_number, part):
    return data_dir / "splits" / f"split-{split_number}" / f"{_SUBSET}-{part}.tsv"


def _audio_dir(root):
    for cand in (root / "audios", root / "audio"):
        if cand.is_dir():
            return cand
    return None


def _audio_path(audio_dir, rel):
    if audio_dir is None:
        return None
    p = audio_dir / rel
    if p.is_file():
        return p
    low = p.with_name(p.stem + ".low.mp3")
    return low if low.is_file() else None


def load_jamendo(root=None, *, split=None, split_number: int = 0, download: bool = False,
                 require_audio: bool = True, backend: str = "auto", progress: bool = True) -> Dataset:
    """Load MTG-Jamendo's mood/theme subset: tags, artists, official splits, MP3 paths.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default:
        ``data_home() / "mtg_jamendo"``.
    split : {None, "train", "validation", "test"}
        ``None``: every track of ``autotagging_moodtheme.tsv``; otherwise the tracks of one
        partition of split ``split_number``.
    split_number : int
        Which of the five official splits (0-4); 0 is the benchmark one.
    download : bool
        Download (cached, checksum-verified, resumable) and unpack the metadata when it is
        missing. The audio is too large for that: see the error message or the module docstring.
    require_audio : bool
        If True (default), a selected track without its MP3 raises; if False such tracks get
        ``audio_path=None`` (the tags alone are enough for label statistics).
    backend : {"auto", "mirdata", "files"}
        ``"mirdata"``: read the tracks with mirdata's ``mtg_jamendo_autotagging_moodtheme``
        loader (needs its index). ``"files"``: read the TSV files directly. ``"auto"``:
        mirdata when it is installed, its index is present and the files it lists are there.
    progress : bool
        Show progress bars while downloading.

    Returns
    -------
    dataset : Dataset
        ``Dataset("mtg_jamendo", root, tracks, metadata)``; each track has
        ``annotations["tags"]``; ``metadata["tags"]`` lists the tag vocabulary.

    Raises
    ------
    DatasetNotFoundError
        If the folder, the TSV files or (with ``require_audio``) MP3 files are missing; the
        message says what to download and where to put it.
    ParameterError
        For a bad ``split``, ``split_number`` or ``backend``.

    Examples
    --------
    >>> from mirlab.data.loaders import load_jamendo
    >>> test = load_jamendo(split="test", require_audio=False, download=True)  # doctest: +SKIP
    >>> test[0].annotations["tags"]  # doctest: +SKIP
    ['deep']
    """
    root = resolve_root(root, NAME)
    split = check_split(split)
    backend = check_backend(backend)
    if isinstance(split_number, bool) or split_number not in (0, 1, 2, 3, 4):
        raise ParameterError(f"split_number must be 0, 1, 2, 3 or 4, got {split_number!r}")
    remotes = _remotes()
    data_dir = root / "data"
    tsv = data_dir / f"{_SUBSET}.tsv"
    if download and not tsv.is_file():
        fetch_remotes([remotes["metadata"]], root, progress=progress,
                      instructions=str(_not_found(root, "download failed", remotes)))
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist", remotes)
    if not tsv.is_file():
        raise _not_found(root, f"the metadata file {tsv} is missing", remotes)
    parts = ("train", "validation", "test")
    split_files = {p: _split_file(data_dir, split_number, p) for p in parts}
    absent = [str(f) for f in split_files.values() if not f.is_file()]
    if absent:
        raise _not_found(root, f"the split files are missing ({short_list(absent, 3)})", remotes)

    ds = None
    if backend != "files":
        ds = mirdata_dataset("mtg_jamendo_autotagging_moodtheme", root, backend=backend,
                             download_index=download, progress=progress)
        if ds is not None and require_audio:
            missing = index_missing_files(ds, root, ["audio"])
            if missing:
                if backend == "mirdata":
                    raise _not_found(root, f"{len(missing)} MP3 files listed by mirdata's index are "
                                     f"missing ({short_list(missing)})", remotes)
                ds = None

    membership = {}
    if ds is not None:
        splits = ds.get_track_splits(split_number)
        for p in parts:
            for tid in splits[p]:
                membership[tid] = p
        info = {}
        for tid in ds.track_ids:
            t = ds.track(tid)
            audio = pathlib.Path(t.audio_path) if t.audio_path and pathlib.Path(t.audio_path).is_file() else None
            info[tid] = {"artist_id": t.artist_id, "album_id": t.album_id, "duration": t.duration,
                         "tags": list(t.tags), "audio": audio}
    else:
        for p in parts:
            for tid in read_tsv(split_files[p]):
                membership[tid] = p
        audio_dir = _audio_dir(root)
        info = read_tsv(tsv)
        for tid, row in info.items():
            row["audio"] = _audio_path(audio_dir, row.pop("path"))

    ids = list(info) if split is None else [t for t in info if membership.get(t) == split]
    if split is not None:
        unknown = [t for t, p in membership.items() if p == split and t not in info]
        if unknown:
            raise _not_found(root, f"{len(unknown)} tracks of the {split!r} split are not in {tsv.name} "
                             f"({short_list(unknown)}): the metadata files do not match", remotes)
    tracks = []
    no_audio = []
    for tid in ids:
        row = info[tid]
        if row["audio"] is None:
            no_audio.append(tid)
        meta = {k: row[k] for k in ("artist_id", "album_id", "duration")}
        meta["split"] = membership.get(tid)
        tracks.append(Track(tid, row["audio"], {"tags": list(row["tags"])}, meta))
    if require_audio and no_audio:
        raise _not_found(root, f"{len(no_audio)} of the {len(ids)} selected tracks have no MP3 in "
                         f"{root / 'audios'} ({short_list(no_audio)})", remotes)
    metadata = {
        "backend": "mirdata" if ds is not None else "files",
        "split": split,
        "split_number": split_number,
        "tags": sorted({tag for t in tracks for tag in t.annotations["tags"]}),
        "without_audio": len(no_audio),
        "source": "https://github.com/MTG/mtg-jamendo-dataset",
        "license": "metadata CC BY-NC-SA 4.0; audio under each track's Creative Commons licence",
        "citation": "D. Bogdanov, M. Won, P. Tovstogan, A. Porter and X. Serra, The MTG-Jamendo "
        "dataset for automatic music tagging, ICML 2019 Workshop on ML for Music Discovery.",
    }
    return Dataset(NAME, root, tracks, metadata)
