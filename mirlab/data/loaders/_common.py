"""Shared helpers of the real-dataset loaders: roots, downloads, mirdata, annotation file parsers.

Book: *Music data* appendix (book/data/).

The parsers read the plain-text annotation formats of the datasets (Isophonics ``.lab``
files, ``.beats``/``.txt`` beat files, ``.bpm`` tempo files) into the structures of
:mod:`mirlab.data.types`. They depend on nothing but NumPy, and the tests check them against
:mod:`mir_eval.io` and mirdata's own parsers on the same files.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import re
from typing import Optional

import numpy as np

from ...errors import ParameterError
from ..download import (
    DatasetNotFoundError,
    Remote,
    data_home,
    download,
    extract,
    move_contents_up,
)

_BACKENDS = ("auto", "mirdata", "files")
_SPLITS = (None, "train", "validation", "test")


# --------------------------------------------------------------------------------------------
# arguments


def resolve_root(root, name: str) -> pathlib.Path:
    """``root`` as a Path, or ``data_home() / name`` when it is None."""
    if root is None:
        return data_home() / name
    if not isinstance(root, (str, os.PathLike)):
        raise ParameterError(f"root must be a str or pathlib.Path, got {type(root).__name__}")
    return pathlib.Path(root).expanduser()


def check_backend(backend) -> str:
    if backend not in _BACKENDS:
        raise ParameterError(f"backend must be one of {_BACKENDS}, got {backend!r}")
    return backend


def check_split(split) -> Optional[str]:
    if split not in _SPLITS:
        raise ParameterError(f"split must be None, 'train', 'validation' or 'test', got {split!r}")
    return split


def first_existing(*paths) -> Optional[pathlib.Path]:
    """The first of ``paths`` that exists, or None."""
    for p in paths:
        if p is not None and pathlib.Path(p).exists():
            return pathlib.Path(p)
    return None


# --------------------------------------------------------------------------------------------
# remotes: mirdata's URLs and checksums when mirdata is installed, else a pinned copy


def mirdata_remotes(module: str, fallback: dict) -> dict:
    """The download links of a mirdata dataset module as :class:`Remote` objects.

    mirdata's module-level ``REMOTES`` are used when mirdata is installed (so a link that
    mirdata fixes is fixed here too); otherwise ``fallback``, a copy taken from mirdata 1.0.0
    (the tests check that the copy still equals mirdata's).
    """
    try:
        mod = importlib.import_module(f"mirdata.datasets.{module}")
        remotes = mod.REMOTES
    except Exception:  # mirdata missing or changed: use the pinned copy
        return dict(fallback)
    out = {}
    for key, base in fallback.items():
        r = remotes.get(key)
        if r is None:
            out[key] = base
            continue
        out[key] = Remote(
            filename=r.filename,
            url=r.url,
            md5=r.checksum,
            destination=r.destination_dir or "",
            unpack=tuple(r.unpack_directories or ()),
            note=base.note,
        )
    return out


def fetch_remotes(remotes, root: pathlib.Path, *, progress: bool, instructions: str) -> None:
    """Download (cached, verified, resumable) and unpack each remote into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for r in remotes:
        path = download(r.url, root / r.filename, md5=r.md5, sha256=r.sha256, progress=progress,
                        instructions=instructions)
        if r.filename.endswith((".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
            dest = root / r.destination if r.destination else root
            extract(path, dest)
            for sub in r.unpack:
                move_contents_up(dest, sub)


# --------------------------------------------------------------------------------------------
# mirdata


def mirdata_dataset(name: str, root: pathlib.Path, *, backend: str, download_index: bool, progress: bool):
    """mirdata's Dataset for ``name`` at ``root`` when it can be used, else None.

    mirdata (1.0) lists a dataset's tracks from an *index* file that it downloads from Zenodo
    into its own package folder on first use. ``backend="auto"`` uses mirdata only when it is
    installed and that index is already there (fetched when ``download_index``);
    ``backend="mirdata"`` insists and raises a clear error otherwise; ``backend="files"``
    never uses it.
    """
    if backend == "files":
        return None
    try:
        import mirdata
    except ImportError:
        if backend == "mirdata":
            raise DatasetNotFoundError(
                "backend='mirdata' needs the mirdata package: pip install 'mirdata>=1.0' "
                "(or use backend='files', which reads the same folder without it)"
            ) from None
        return None
    try:
        ds = mirdata.initialize(name, data_home=str(root))
    except Exception as err:  # an old mirdata without this loader, or a changed API
        if backend == "mirdata":
            raise DatasetNotFoundError(f"mirdata {getattr(mirdata, '__version__', '?')} cannot load "
                                       f"{name!r} ({err}); use backend='files'") from None
        return None
    index_path = pathlib.Path(ds.index_path)
    if not index_path.is_file() and download_index:
        remote = getattr(getattr(ds, "_index_data", None), "remote", None)
        if remote is not None:
            try:
                download(remote.url, index_path, md5=remote.checksum, progress=progress, timeout=15)
            except (OSError, DatasetNotFoundError):
                if backend == "mirdata":
                    raise
    if not index_path.is_file():
        if backend == "mirdata":
            raise DatasetNotFoundError(
                f"mirdata's index of {name!r} is not at {index_path}: it is downloaded from Zenodo on "
                f"first use. Run mirdata.initialize({name!r}).download(['index']) once with a network "
                "connection (or load with download=True), or use backend='files'."
            )
        return None
    return ds


def index_missing_files(ds, root: pathlib.Path, keys) -> list:
    """Files that mirdata's index lists (under ``keys``) but that are not under ``root``."""
    missing = []
    # mirdata's own ds.validate() also md5-checks every file (minutes for audio): only stat here
    for tid, entry in ds._index.get("tracks", {}).items():
        for key in keys:
            rel = (entry.get(key) or [None])[0]
            if rel is not None and not (root / rel).is_file():
                missing.append(rel)
    return missing


# --------------------------------------------------------------------------------------------
# annotation files


def _lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.strip()
            if line and not line.startswith("#"):
                yield line


def read_lab(path):
    """Read a labelled-intervals file (``start end label`` a line, whitespace-separated).

    Returns ``(intervals, labels)``: intervals an ``(n, 2)`` float array in seconds, labels a
    list of str, as :func:`mir_eval.io.load_labeled_intervals` returns them.
    """
    starts, ends, labels = [], [], []
    for line in _lines(path):
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise ParameterError(f"{path}: expected 'start end label', got {line!r}")
        starts.append(float(parts[0]))
        ends.append(float(parts[1]))
        labels.append(parts[2].strip())
    intervals = np.array([starts, ends], dtype=float).T.reshape(-1, 2)
    return intervals, labels


def read_keylab(path):
    """Read an Isophonics key ``.lab`` file: rows ``start end Key <label>`` (``Silence`` rows skipped).

    Returns ``(intervals, labels)`` with the labels as written (e.g. ``"E"``, ``"A:minor"``).
    """
    starts, ends, labels = [], [], []
    for line in _lines(path):
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "Key":
            starts.append(float(parts[0]))
            ends.append(float(parts[1]))
            labels.append(parts[3])
    return np.array([starts, ends], dtype=float).T.reshape(-1, 2), labels


def read_seglab(path):
    """Read an Isophonics segment ``.lab`` file: ``start end [...] label`` a line.

    The Beatles files have a fourth, tab-separated column with the label (mirdata reads
    column 4); three-column files work too: the label is always the last field.
    """
    starts, ends, labels = [], [], []
    for line in _lines(path):
        parts = line.split("\t") if "\t" in line else line.split()
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) < 3:
            raise ParameterError(f"{path}: expected 'start end label', got {line!r}")
        starts.append(float(parts[0]))
        ends.append(float(parts[1]))
        labels.append(parts[-1])
    return np.array([starts, ends], dtype=float).T.reshape(-1, 2), labels


def _fix_new_points(positions: list) -> list:
    """Infer the bar position of ``"New Point"`` beats from their neighbours (as mirdata does)."""
    pos = list(positions)
    for _ in range(len(pos) + 1):
        idx = [i for i, p in enumerate(pos) if p == "New Point"]
        if not idx:
            break
        for i in idx:
            if i < len(pos) - 1 and pos[i + 1] != "New Point":
                pos[i] = str((int(pos[i + 1]) - 1) % 4)
            elif i == len(pos) - 1 and i > 0 and pos[i - 1] != "New Point":
                pos[i] = str((int(pos[i - 1]) + 1) % 4)
    else:  # pragma: no cover - only all-"New Point" files
        return [None] * len(pos)
    return ["4" if p == "0" else p for p in pos]


def read_beats(path):
    """Read a beat file: ``time [position]`` a line (tab- or space-separated).

    Returns ``(times, positions)``: times a float array in seconds, positions an int array of
    the beat's position in its bar (1 = downbeat), or None when the file has no positions.
    Isophonics' ``New Point`` labels are inferred from the neighbouring beats.
    """
    times, labels = [], []
    for line in _lines(path):
        parts = line.split(None, 1)
        times.append(float(parts[0]))
        labels.append(parts[1].strip() if len(parts) > 1 else None)
    times = np.asarray(times, dtype=float)
    if not labels or any(lab is None for lab in labels):
        return times, None
    labels = _fix_new_points(labels)
    try:
        positions = np.array([int(float(lab)) for lab in labels], dtype=int)
    except (TypeError, ValueError):
        return times, None
    return times, positions


def read_tempo(path) -> float:
    """Read a tempo file (a number in BPM, first on the first line)."""
    for line in _lines(path):
        return float(re.split(r"[\s,]+", line)[0])
    raise ParameterError(f"{path}: the tempo file is empty")


def beat_annotations(times, positions, tempo=None) -> dict:
    """``{"beats", "downbeats", "tempo"}`` from beat times, bar positions and an optional tempo."""
    ann = {"beats": np.asarray(times, dtype=float)}
    if positions is not None and len(positions) == len(times):
        ann["downbeats"] = ann["beats"][np.asarray(positions) == 1]
    if tempo is not None:
        ann["tempo"] = float(tempo)
    elif len(times) > 1:
        ann["tempo"] = float(60.0 / np.median(np.diff(times)))
    return ann


# --------------------------------------------------------------------------------------------
# keys

_ENHARMONIC = {"cb": "B", "fb": "E", "e#": "F", "b#": "C"}
_MAJOR_MODES = {"", "maj", "major", "ionian"}
_MINOR_MODES = {"min", "minor", "aeolian"}


def key_to_mir_eval(label: str) -> str:
    """Convert an Isophonics / Harte key label to mir_eval's ``"<tonic> <mode>"``.

    ``"C"`` -> ``"C major"``, ``"A:minor"`` -> ``"A minor"``, ``"Eb:min"`` -> ``"Eb minor"``;
    a modal key (``"D:mixolydian"``, ``"E:dorian"``) becomes ``"D other"`` (mir_eval's mode for
    "neither major nor minor"); an unreadable one becomes ``"X"``.

    Examples
    --------
    >>> from mirlab.data.loaders._common import key_to_mir_eval
    >>> key_to_mir_eval("C"), key_to_mir_eval("A:minor"), key_to_mir_eval("G:mixolydian")
    ('C major', 'A minor', 'G other')
    """
    label = (label or "").strip()
    tonic, _, mode = label.partition(":")
    m = re.fullmatch(r"([A-Ga-g])([#b]?)", tonic)
    if not m:
        return "X"
    tonic = m.group(1).upper() + m.group(2)
    tonic = _ENHARMONIC.get(tonic.lower(), tonic)
    mode = mode.strip().lower()
    if mode in _MAJOR_MODES:
        return f"{tonic} major"
    if mode in _MINOR_MODES:
        return f"{tonic} minor"
    return f"{tonic} other"


def main_key(intervals, labels) -> Optional[str]:
    """The key (mir_eval form) that lasts longest in total, or None when there is none."""
    total: dict = {}
    for (start, end), lab in zip(np.asarray(intervals).reshape(-1, 2), labels):
        k = key_to_mir_eval(lab)
        total[k] = total.get(k, 0.0) + max(0.0, float(end) - float(start))
    if not total:
        return None
    return max(total, key=lambda k: total[k])  # first one wins a tie (dicts keep order)


def short_list(items, n: int = 5) -> str:
    items = list(items)
    head = ", ".join(str(i) for i in items[:n])
    return head + (f", ... ({len(items)} in all)" if len(items) > n else "")
