"""GTZAN: 1000 30-second clips in 10 genres, with the fault-filtered split and beat annotations.

Book: *Music data* appendix (book/data/).

GTZAN (Tzanetakis & Cook 2002) is the classic genre set: 10 genres x 100 clips, 22050 Hz mono.
It is also a famously faulty one (Sturm 2013): repeated clips, several clips of one artist,
distorted files. A random split of it overestimates accuracy, so the course uses the
*fault-filtered* split of Kereliuk, Sturm & Larsen (2015): 443 training, 197 validation and
290 test clips, every artist in one partition only (shipped with mirlab, see
:mod:`mirlab.data.loaders._gtzan_splits`).

Beat and tempo annotations (Marchand & Peeters 2015, the ``gtzan_tempo_beat`` repository) are
added when present: ``"beats"``, ``"downbeats"`` and ``"tempo"``.

On-disk layout (the one mirdata uses, so a folder downloaded with mirdata works as it is)::

    <root>/gtzan_genre/genres/blues/blues.00000.wav
    <root>/gtzan_tempo_beat-main/beats/gtzan_blues_00000.beats
    <root>/gtzan_tempo_beat-main/tempo/gtzan_blues_00000.bpm

``<root>/genres/...`` (the archive unpacked in place) and Kaggle's
``<root>/Data/genres_original/...`` are found too, and ``.au`` files are read as well as
``.wav`` (Kaggle's ``jazz.00054.wav`` is known to be unreadable).
"""

from __future__ import annotations

import pathlib
import re
import warnings

from ..download import DatasetNotFoundError, Remote, not_found_error
from ..types import Dataset, Track
from ._common import (
    beat_annotations,
    check_backend,
    check_split,
    fetch_remotes,
    first_existing,
    index_missing_files,
    mirdata_dataset,
    mirdata_remotes,
    read_beats,
    read_tempo,
    resolve_root,
    short_list,
)
from ._gtzan_splits import GENRES, SPLIT_SIZES, split_ids

__all__ = ["load_gtzan", "GENRES", "REMOTES"]

NAME = "gtzan"

#: Download links and checksums (mirdata 1.0.0's ``gtzan_genre.REMOTES``; mirdata's own copy is
#: used instead when mirdata is installed).
REMOTES = {
    "all": Remote(
        filename="genres.tar.gz",
        url="http://opihi.cs.uvic.ca/sound/genres.tar.gz",
        md5="5b3d6dddb579ab49814ab86dba69e7c7",
        destination="gtzan_genre",
        note="1.2 GB. The official host is often down: the same files are on Kaggle "
        "(dataset 'andradaolteanu/gtzan-dataset-music-genre-classification', folder Data/genres_original).",
    ),
    "tempo_beat_annotations": Remote(
        filename="annot.zip",
        url="https://github.com/TempoBeatDownbeat/gtzan_tempo_beat/archive/refs/heads/main.zip",
        md5="4baa58112697a8087de04558d6e97442",
        note="Beat, downbeat and tempo annotations (Marchand & Peeters 2015), 1 MB.",
    ),
}

_LAYOUT = """\
gtzan_genre/genres/blues/blues.00000.wav      (10 genre folders x 100 clips; .au is read too)
gtzan_genre/genres/classical/classical.00000.wav
...
gtzan_tempo_beat-main/beats/gtzan_blues_00000.beats   (optional: beats and downbeats)
gtzan_tempo_beat-main/tempo/gtzan_blues_00000.bpm     (optional: tempo)"""

_AUDIO_RE = re.compile(r"^([a-z]+)\.(\d{5})\.(wav|au)$")


def _remotes() -> dict:
    return mirdata_remotes("gtzan_genre", REMOTES)


def _source(remotes) -> str:
    a, b = remotes["all"], remotes["tempo_beat_annotations"]
    return (
        f"the GTZAN genre collection, {a.url} (md5 {a.md5}; {a.note}) "
        f"and, for beats and tempo, {b.url} (md5 {b.md5}). "
        "Official page: http://marsyas.info/downloads/datasets.html."
    )


def _genres_dir(root: pathlib.Path):
    """The folder holding the genre folders, or None."""
    for cand in (
        root / "gtzan_genre" / "genres",
        root / "genres",
        root / "Data" / "genres_original",
        root / "genres_original",
        root / "gtzan_genre",
        root,
    ):
        if cand.is_dir() and any((cand / g).is_dir() for g in GENRES):
            return cand
    return None


def _annotation_dir(root: pathlib.Path, kind: str):
    return first_existing(
        root / "gtzan_tempo_beat-main" / kind,
        root / "gtzan_tempo_beat" / kind,
        root / kind,
    )


def _not_found(root, problem, remotes) -> DatasetNotFoundError:
    return not_found_error(
        "GTZAN genre collection", root, problem=problem, source=_source(remotes), layout=_LAYOUT,
        hint="load_gtzan(download=True) downloads and unpacks it (1.2 GB) when the host is up.",
    )


def _track(tid, audio_path, beats_dir, tempo_dir) -> Track:
    genre = tid.split(".")[0]
    ann = {"genre": genre}
    stem = "gtzan_" + tid.replace(".", "_")
    beats_file = beats_dir / f"{stem}.beats" if beats_dir is not None else None
    tempo_file = tempo_dir / f"{stem}.bpm" if tempo_dir is not None else None
    tempo = read_tempo(tempo_file) if tempo_file is not None and tempo_file.is_file() else None
    if beats_file is not None and beats_file.is_file():
        times, positions = read_beats(beats_file)
        ann.update(beat_annotations(times, positions, tempo))
    elif tempo is not None:
        ann["tempo"] = tempo
    return Track(tid, pathlib.Path(audio_path), ann, {})


def _tracks_from_files(root, genres_dir) -> list:
    beats_dir, tempo_dir = _annotation_dir(root, "beats"), _annotation_dir(root, "tempo")
    found = {}
    for genre in GENRES:
        folder = genres_dir / genre
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            m = _AUDIO_RE.match(f.name)
            if m and m.group(1) == genre:
                tid = f"{genre}.{m.group(2)}"
                if tid not in found or f.suffix == ".wav":
                    found[tid] = f
    return [_track(tid, found[tid], beats_dir, tempo_dir) for tid in sorted(found)]


def _tracks_from_mirdata(ds, root) -> list:
    tracks = []
    for tid in ds.track_ids:
        t = ds.track(tid)
        genre = "hiphop" if t.genre == "hip-hop" else t.genre  # mirdata renames it; keep GTZAN's name
        ann = {"genre": genre}
        has_beats = t.beats_path is not None and pathlib.Path(t.beats_path).is_file()
        has_tempo = t.tempo_path is not None and pathlib.Path(t.tempo_path).is_file()
        # mirdata 1.0's gtzan_genre.load_tempo calls float() on a 2-D array, which NumPy 2
        # refuses (TypeError): read the .bpm file mirdata points to with our own parser.
        tempo = read_tempo(t.tempo_path) if has_tempo else None
        if has_beats:
            b = t.beats
            ann.update(beat_annotations(b.times, b.positions, tempo))
        elif tempo is not None:
            ann["tempo"] = float(tempo)
        tracks.append(Track(tid, pathlib.Path(t.audio_path), ann, {}))
    return tracks


def load_gtzan(root=None, *, split=None, download: bool = False, backend: str = "auto",
               progress: bool = True) -> Dataset:
    """Load GTZAN: genre labels, the fault-filtered split, and beats/tempo where annotated.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default:
        ``data_home() / "gtzan"`` (``$MIRLAB_DATA/gtzan`` or ``~/mirlab_data/gtzan``).
    split : {None, "train", "validation", "test"}
        ``None``: every clip on disk. Otherwise one partition of the fault-filtered split
        (443 / 197 / 290 clips). Every track's ``metadata["split"]`` names its partition
        (``None`` for the 70 clips the filter removes).
    download : bool
        Download (cached, checksum-verified, resumable) and unpack what is missing: the audio
        archive (1.2 GB) when no audio is found, the beat annotations (1 MB) when absent.
    backend : {"auto", "mirdata", "files"}
        ``"mirdata"``: list and read the tracks with mirdata's ``gtzan_genre`` loader (needs its
        index, downloaded once). ``"files"``: read the folder directly. ``"auto"`` (default):
        mirdata when it is installed, its index is present and every file it lists is there,
        else the files. Both give the same tracks.
    progress : bool
        Show progress bars while downloading.

    Returns
    -------
    dataset : Dataset
        ``Dataset("gtzan", root, tracks, metadata)``; each track has ``annotations["genre"]``
        (one of :data:`GENRES`, e.g. ``"hiphop"``), and ``"beats"``, ``"downbeats"`` (arrays
        of seconds) and ``"tempo"`` (BPM) when the beat annotations are present.

    Raises
    ------
    DatasetNotFoundError
        If the folder or its audio is missing (and ``download`` is False or the download
        fails), or clips of the requested split are missing. The message says what to
        download and the exact folder to put it in.
    ParameterError
        For a bad ``split`` or ``backend``.

    Examples
    --------
    >>> from mirlab.data.loaders import load_gtzan
    >>> train = load_gtzan(split="train")  # doctest: +SKIP
    >>> len(train), train[0].annotations["genre"]  # doctest: +SKIP
    (443, 'blues')
    >>> y, sr = train[0].load_audio()  # doctest: +SKIP
    """
    root = resolve_root(root, NAME)
    split = check_split(split)
    backend = check_backend(backend)
    remotes = _remotes()

    genres_dir = _genres_dir(root)
    if download:
        instructions = str(_not_found(root, "download failed", remotes))
        if genres_dir is None:
            fetch_remotes([remotes["all"]], root, progress=progress, instructions=instructions)
            genres_dir = _genres_dir(root)
        if _annotation_dir(root, "beats") is None:
            try:  # optional: the genre labels do not need them
                fetch_remotes([remotes["tempo_beat_annotations"]], root, progress=progress,
                              instructions=instructions)
            except DatasetNotFoundError as err:
                warnings.warn(f"GTZAN's beat annotations could not be downloaded, loading without them: "
                              f"{str(err).splitlines()[0]}", stacklevel=2)
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist", remotes)
    if genres_dir is None:
        raise _not_found(root, "no genre folders (blues/, classical/, ...) with GTZAN clips were found", remotes)

    ds = mirdata_dataset("gtzan_genre", root, backend=backend, download_index=download, progress=progress)
    if ds is not None:
        missing = index_missing_files(ds, root, ["audio"])
        if missing:
            if backend == "mirdata":
                raise _not_found(root, f"{len(missing)} audio files listed by mirdata's index are missing "
                                 f"({short_list(missing)})", remotes)
            ds = None
    tracks = _tracks_from_mirdata(ds, root) if ds is not None else _tracks_from_files(root, genres_dir)
    used = "mirdata" if ds is not None else "files"

    membership = {tid: s for s in SPLIT_SIZES for tid in split_ids(s)}
    for t in tracks:
        t.metadata["split"] = membership.get(t.track_id)
    genres_present = sorted({t.annotations["genre"] for t in tracks}, key=GENRES.index)
    absent = [g for g in GENRES if g not in genres_present]
    if absent:
        raise _not_found(root, f"the folders of genres {absent} are missing or empty", remotes)

    by_id = {t.track_id: t for t in tracks}
    if split is not None:
        ids = split_ids(split)
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise _not_found(root, f"{len(missing)} clips of the {split!r} split are missing "
                             f"({short_list(missing)})", remotes)
        tracks = [by_id[i] for i in ids]
    elif len(tracks) < 1000:
        warnings.warn(f"GTZAN in {root} has {len(tracks)} clips, not 1000: the folder is incomplete",
                      stacklevel=2)

    metadata = {
        "backend": used,
        "split": split,
        "split_name": "fault-filtered (Kereliuk, Sturm & Larsen 2015)",
        "genres": GENRES,
        "has_beats": any("beats" in t.annotations for t in tracks),
        "source": remotes["all"].url,
        "citation": "G. Tzanetakis and P. Cook, Musical genre classification of audio signals, "
        "IEEE Trans. Speech and Audio Processing 10(5), 2002.",
    }
    return Dataset(NAME, root, tracks, metadata)
