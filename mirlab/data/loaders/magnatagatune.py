"""MagnaTagATune: 25,863 29-second clips with 188 crowd-sourced tags, used with its top 50.

Book: *Music data* appendix (book/data/).

MagnaTagATune (Law et al. 2009) was collected with the TagATune game on Magnatune's music. It
is the standard auto-tagging benchmark in its *top-50* form: the 50 tags with the most clips
(``guitar``, ``classical``, ``slow``, ``techno``, ``strings``, ...). mirdata (1.0) has no
loader for it, so this one reads the files directly.

* **Tags**: ``annotations_final.csv`` (tab-separated, values in double quotes) has a
  ``clip_id`` column, 188 binary tag columns and an ``mp3_path`` column. The top ``n_tags``
  are the tag columns with the most 1s over all clips (ties keep the file's column order);
  each clip's ``annotations["tags"]`` are its tags among them, in that order.
* **Split**: the usual one of Dieleman & Schrauwen (2014), by the 16 audio folders: ``0``-``9``,
  ``a``, ``b`` train (12/16), ``c`` validation (1/16), ``d``, ``e``, ``f`` test (3/16). (Won et
  al. 2020 drop clips with no top-50 tag; ``drop_untagged=True`` does the same.)
* **Empty files**: a few MP3s of the official archive are 0 bytes; those clips are left out and
  listed in ``metadata["empty_audio"]``.

On-disk layout::

    <root>/annotations_final.csv
    <root>/mp3/0/american_bach_soloists-j_s__bach_solo_cantatas-01-bwv54__i_aria-30-59.mp3
    ...
    <root>/mp3/f/...

(the folders ``0`` ... ``f`` may also sit directly in ``<root>``).
"""

from __future__ import annotations

import csv
import zipfile

from ...errors import ParameterError
from ..download import DatasetNotFoundError, Remote, download, extract, not_found_error
from ..types import Dataset, Track
from ._common import check_split, resolve_root, short_list

__all__ = ["load_magnatagatune", "read_annotations", "top_tags", "split_of", "REMOTES"]

NAME = "magnatagatune"
_BASE = "https://mirg.city.ac.uk/datasets/magnatagatune/"

#: Download links. No checksums are published for MagnaTagATune: the CSV is checked by its
#: header (clip_id, 188 tags, mp3_path) and the audio archive by the CRC-32 of every member.
REMOTES = {
    "annotations": Remote("annotations_final.csv", _BASE + "annotations_final.csv",
                          note="tags, 188 columns (about 10 MB)"),
    "mp3_1": Remote("mp3.zip.001", _BASE + "mp3.zip.001", note="audio archive, part 1 of 3 (1 GB)"),
    "mp3_2": Remote("mp3.zip.002", _BASE + "mp3.zip.002", note="audio archive, part 2 of 3 (1 GB)"),
    "mp3_3": Remote("mp3.zip.003", _BASE + "mp3.zip.003", note="audio archive, part 3 of 3 (0.8 GB)"),
}

_TRAIN = tuple("0123456789ab")
_VALIDATION = ("c",)
_TEST = ("d", "e", "f")

_LAYOUT = """\
annotations_final.csv
mp3/0/<artist>-<album>-<nn>-<title>-<start>-<end>.mp3   (folders 0-9 and a-f, 25,863 clips)
...
mp3/f/..."""


def _not_found(root, problem) -> DatasetNotFoundError:
    src = "; ".join(f"{r.url} ({r.note})" for r in REMOTES.values())
    return not_found_error(
        "MagnaTagATune", root, problem=problem,
        source=f"{src}. Join the three parts (cat mp3.zip.* > mp3_all.zip) and unzip into {root}/mp3. "
        "Official page: https://mirg.city.ac.uk/codeapps/the-magnatagatune-dataset",
        layout=_LAYOUT,
        hint="load_magnatagatune(download=True) does all of this (3 GB).",
    )


def read_annotations(path):
    """Read ``annotations_final.csv``.

    Returns
    -------
    tag_names : list of str
        The tag columns, in the file's order (188 in the real file).
    rows : list of tuple
        ``(clip_id, mp3_path, values)`` with ``values`` a list of 0/1 ints, one per tag.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab.data.loaders.magnatagatune import read_annotations
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "annotations_final.csv"
    >>> _ = p.write_text('"clip_id"\\t"guitar"\\t"slow"\\t"mp3_path"\\n"2"\\t"1"\\t"0"\\t"f/a-b-01-c-30-59.mp3"\\n')
    >>> read_annotations(p)
    (['guitar', 'slow'], [('2', 'f/a-b-01-c-30-59.mp3', [1, 0])])
    """
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if not header or header[0] != "clip_id" or header[-1] != "mp3_path":
            raise ParameterError(
                f"{path}: not MagnaTagATune's annotations_final.csv (its tab-separated header "
                f"should start with clip_id and end with mp3_path, got {header[:2] if header else header})"
            )
        names = header[1:-1]
        rows = []
        for line_no, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise ParameterError(f"{path}, line {line_no}: {len(row)} fields, expected {len(header)}")
            rows.append((row[0], row[-1], [int(v) for v in row[1:-1]]))
    return names, rows


def top_tags(tag_names, rows, n_tags: int = 50) -> list:
    """The ``n_tags`` tags with the most clips, most frequent first (ties: column order).

    Examples
    --------
    >>> from mirlab.data.loaders.magnatagatune import top_tags
    >>> rows = [("1", "0/x.mp3", [1, 1, 0]), ("2", "0/y.mp3", [0, 1, 1]), ("3", "0/z.mp3", [0, 1, 1])]
    >>> top_tags(["guitar", "rock", "slow"], rows, 2)
    ['rock', 'slow']
    """
    counts = [0] * len(tag_names)
    for _, _, values in rows:
        for i, v in enumerate(values):
            counts[i] += v
    order = sorted(range(len(tag_names)), key=lambda i: -counts[i])  # stable: ties keep column order
    return [tag_names[i] for i in order[:n_tags]]


def split_of(mp3_path: str):
    """The partition of a clip from its folder (Dieleman & Schrauwen 2014), or None.

    Examples
    --------
    >>> from mirlab.data.loaders.magnatagatune import split_of
    >>> split_of("0/a.mp3"), split_of("c/a.mp3"), split_of("f/a.mp3")
    ('train', 'validation', 'test')
    """
    folder = mp3_path.replace("\\", "/").split("/", 1)[0].lower()
    if folder in _TRAIN:
        return "train"
    if folder in _VALIDATION:
        return "validation"
    if folder in _TEST:
        return "test"
    return None


def _audio_dir(root):
    for cand in (root / "mp3", root):
        if cand.is_dir() and any((cand / d).is_dir() for d in _TRAIN + _VALIDATION + _TEST):
            return cand
    return None


def _download(root, progress):
    instructions = str(_not_found(root, "download failed"))
    root.mkdir(parents=True, exist_ok=True)
    csv_path = root / "annotations_final.csv"
    if not csv_path.is_file():
        download(REMOTES["annotations"].url, csv_path, progress=progress, instructions=instructions)
        try:
            read_annotations(csv_path)
        except (ParameterError, ValueError) as err:
            csv_path.unlink()
            raise DatasetNotFoundError(f"the downloaded annotations_final.csv is not valid ({err}); "
                                       "it was deleted.\n" + instructions) from None
    if _audio_dir(root) is None:
        parts = [download(REMOTES[k].url, root / REMOTES[k].filename, progress=progress, instructions=instructions)
                 for k in ("mp3_1", "mp3_2", "mp3_3")]
        joined = root / "mp3_all.zip"
        if not joined.is_file():
            tmp = joined.with_name(joined.name + ".part")
            with open(tmp, "wb") as out:
                for p in parts:
                    with open(p, "rb") as f:
                        while chunk := f.read(1 << 20):
                            out.write(chunk)
            tmp.replace(joined)
        try:
            with zipfile.ZipFile(joined) as z:
                bad = z.testzip()  # CRC-32 of every member
        except zipfile.BadZipFile as err:
            raise DatasetNotFoundError(f"{joined} (the three parts joined) is not a valid zip ({err}); "
                                       "delete the mp3.zip.00* files and download again.\n" + instructions) from None
        if bad is not None:
            raise DatasetNotFoundError(f"{joined}: member {bad} fails its CRC check; delete the "
                                       "mp3.zip.00* files and download again.\n" + instructions)
        extract(joined, root / "mp3")


def load_magnatagatune(root=None, *, split=None, n_tags: int = 50, drop_untagged: bool = False,
                       download: bool = False, require_audio: bool = True,
                       progress: bool = True) -> Dataset:
    """Load MagnaTagATune with its top-``n_tags`` tags and the 12:1:3 folder split.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default:
        ``data_home() / "magnatagatune"``.
    split : {None, "train", "validation", "test"}
        ``None``: every clip; otherwise the clips of one partition (folders ``0``-``b`` / ``c``
        / ``d``-``f``).
    n_tags : int
        How many of the most frequent tags to keep (50: the benchmark; 188: all).
    drop_untagged : bool
        Leave out the clips that have none of the kept tags.
    download : bool
        Download what is missing (annotations CSV and the 3-part audio archive, 3 GB), cached
        and resumable. No checksums are published: the CSV is checked by its header, the
        archive by the CRC-32 of every member.
    require_audio : bool
        If True (default), a missing MP3 raises; if False such clips get ``audio_path=None``.
    progress : bool
        Show progress bars while downloading.

    Returns
    -------
    dataset : Dataset
        ``Dataset("magnatagatune", root, tracks, metadata)``; track ids are the ``clip_id``s,
        ``annotations["tags"]`` the clip's kept tags, ``metadata["split"]`` its partition.
        ``metadata["tags"]`` lists the kept tags (most frequent first) and
        ``metadata["tag_counts"]`` their clip counts over the whole file.

    Raises
    ------
    DatasetNotFoundError
        If the folder, the CSV or (with ``require_audio``) MP3 files are missing; the message
        says what to download and where to put it.
    ParameterError
        For a bad ``split`` or ``n_tags``, or a CSV that is not MagnaTagATune's.

    Examples
    --------
    >>> from mirlab.data.loaders import load_magnatagatune
    >>> mtat = load_magnatagatune(split="train")  # doctest: +SKIP
    >>> mtat.metadata["tags"][:3]  # doctest: +SKIP
    ['guitar', 'classical', 'slow']
    """
    root = resolve_root(root, NAME)
    split = check_split(split)
    if isinstance(n_tags, bool) or not isinstance(n_tags, int) or n_tags < 1:
        raise ParameterError(f"n_tags must be a positive integer, got {n_tags!r}")
    if download:
        _download(root, progress)
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist")
    csv_path = root / "annotations_final.csv"
    if not csv_path.is_file():
        raise _not_found(root, f"the tag file {csv_path} is missing")
    names, rows = read_annotations(csv_path)
    if n_tags > len(names):
        raise ParameterError(f"n_tags={n_tags} but the file has only {len(names)} tags")
    kept = top_tags(names, rows, n_tags)
    column = {name: i for i, name in enumerate(names)}
    counts = {t: sum(r[2][column[t]] for r in rows) for t in kept}

    audio_dir = _audio_dir(root)
    tracks, missing, empty, untagged = [], [], [], 0
    for clip_id, mp3_path, values in rows:
        part = split_of(mp3_path)
        if split is not None and part != split:
            continue
        tags = [t for t in kept if values[column[t]]]
        if drop_untagged and not tags:
            untagged += 1
            continue
        audio = audio_dir / mp3_path if audio_dir is not None else None
        if audio is None or not audio.is_file():
            missing.append(mp3_path)
            audio = None
        elif audio.stat().st_size == 0:
            empty.append(clip_id)
            continue
        tracks.append(Track(clip_id, audio, {"tags": tags}, {"split": part, "mp3_path": mp3_path}))
    if require_audio and missing:
        raise _not_found(root, f"{len(missing)} MP3 files are missing ({short_list(missing, 3)}); "
                         "pass require_audio=False to load the tags alone")
    metadata = {
        "split": split,
        "split_name": "Dieleman & Schrauwen 2014: folders 0-b train, c validation, d-f test",
        "tags": kept,
        "tag_counts": counts,
        "n_tags": n_tags,
        "empty_audio": empty,
        "dropped_untagged": untagged,
        "without_audio": len(missing),
        "source": "https://mirg.city.ac.uk/codeapps/the-magnatagatune-dataset",
        "license": "audio CC BY-NC-SA 1.0 (Magnatune)",
        "citation": "E. Law, K. West, M. Mandel, M. Bay and J. S. Downie, Evaluation of algorithms "
        "using games: the case of music tagging, ISMIR 2009.",
    }
    return Dataset(NAME, root, tracks, metadata)
