"""Ballroom: 698 30-second dance excerpts with beats, downbeats and tempo.

Book: *Music data* appendix (book/data/).

The ISMIR 2004 tempo-contest set (Gouyon et al. 2006) of ballroom dance music (cha-cha, jive,
quickstep, rumba, samba, tango, Viennese waltz, waltz), with the beat and downbeat annotations of
Krebs, Böck & Widmer (2013). Its clear, steady beat makes it the first beat-tracking benchmark
of the course; the waltzes (3 beats a bar) test the meter.

Annotations (:mod:`mirlab.data.types`): ``"beats"`` and ``"downbeats"`` (seconds; a downbeat is
a beat at position 1 of its bar) and ``"tempo"`` (BPM: the contest's ground truth when the
``.bpm`` file is there, else 60 / the median inter-beat interval). The dance style is in
``metadata["style"]`` (the audio folder's name, lower case, as mirdata names it).

On-disk layout (mirdata's)::

    <root>/B_1.0/audio/ChaChaCha/Albums-Cafe_Paradiso-05.wav
    <root>/B_1.0/annotations/beats/Albums-Cafe_Paradiso-05.beats
    <root>/B_1.0/annotations/tempo/Albums-Cafe_Paradiso-05.bpm

The archives unpacked in place (``<root>/BallroomData/<Style>/*.wav``,
``<root>/BallroomAnnotations-master/*.beats``,
``<root>/BallroomAnnotations/ballroomGroundTruth/*.bpm``) are found too.
"""

from __future__ import annotations

import pathlib

from ..download import DatasetNotFoundError, Remote, not_found_error
from ..types import Dataset, Track
from ._common import (
    beat_annotations,
    check_backend,
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

__all__ = ["load_ballroom", "REMOTES"]

NAME = "ballroom"

#: Download links and checksums (mirdata 1.0.0's ``ballroom.REMOTES``).
REMOTES = {
    "audio": Remote(
        filename="data1.tar.gz",
        url="https://mtg.upf.edu/ismir2004/contest/tempoContest/data1.tar.gz",
        md5="2872a3e52070bc342a4510a95e2fa0b8",
        destination="B_1.0/audio",
        unpack=("BallroomData",),
        note="audio, 698 WAV excerpts (about 1.5 GB unpacked)",
    ),
    "tempo": Remote(
        filename="data2.tar.gz",
        url="https://mtg.upf.edu/ismir2004/contest/tempoContest/data2.tar.gz",
        md5="4a0ec5518bbb4dbf3ab02de0383b0994",
        destination="B_1.0/annotations/tempo",
        unpack=("BallroomAnnotations/ballroomGroundTruth",),
        note="tempo ground truth (.bpm files)",
    ),
    "beats": Remote(
        filename="master.zip",
        url="https://github.com/CPJKU/BallroomAnnotations/archive/master.zip",
        md5="d0c31e1a30c0caf8fd22dec25f2174cf",
        destination="B_1.0/annotations/beats",
        unpack=("BallroomAnnotations-master",),
        note="beat and downbeat annotations (.beats files, Krebs et al. 2013)",
    ),
}

_LAYOUT = """\
B_1.0/audio/ChaChaCha/Albums-Cafe_Paradiso-05.wav     (one folder per dance style)
B_1.0/audio/Waltz/...
B_1.0/annotations/beats/Albums-Cafe_Paradiso-05.beats  (lines 'time position-in-bar')
B_1.0/annotations/tempo/Albums-Cafe_Paradiso-05.bpm    (optional: tempo ground truth)"""


def _remotes() -> dict:
    return mirdata_remotes("ballroom", REMOTES)


def _not_found(root, problem, remotes) -> DatasetNotFoundError:
    src = "; ".join(f"{r.note}: {r.url} (md5 {r.md5})" for r in remotes.values())
    return not_found_error(
        "Ballroom (ISMIR 2004 tempo contest, with beat annotations)", root, problem=problem,
        source=src + ". Official pages: https://mtg.upf.edu/ismir2004/contest/tempoContest/ (audio, tempo) "
        "and https://github.com/CPJKU/BallroomAnnotations (beats)",
        layout=_LAYOUT,
        hint="load_ballroom(download=True) downloads and unpacks all three.",
    )


def _audio_dir(root):
    for cand in (root / "B_1.0" / "audio", root / "BallroomData"):
        if cand.is_dir() and any(cand.glob("*/*.wav")):
            return cand
    return None


def _beats_dir(root):
    for cand in (root / "B_1.0" / "annotations" / "beats", root / "BallroomAnnotations-master",
                 root / "BallroomAnnotations"):
        if cand.is_dir() and any(cand.glob("*.beats")):
            return cand
    return None


def _tempo_dir(root):
    return first_existing(root / "B_1.0" / "annotations" / "tempo",
                          root / "BallroomAnnotations" / "ballroomGroundTruth")


def _tracks_from_files(root) -> list:
    audio_dir, beats_dir, tempo_dir = _audio_dir(root), _beats_dir(root), _tempo_dir(root)
    tracks = []
    for wav in sorted(audio_dir.glob("*/*.wav"), key=lambda p: p.stem):
        tid = wav.stem
        ann = {}
        bpm = tempo_dir / f"{tid}.bpm" if tempo_dir is not None else None
        tempo = read_tempo(bpm) if bpm is not None and bpm.is_file() else None
        beats = beats_dir / f"{tid}.beats"
        if beats.is_file():
            times, positions = read_beats(beats)
            if len(times) and times[0] != -1.0:  # mirdata's marker of "no beats"
                ann.update(beat_annotations(times, positions, tempo))
        if "tempo" not in ann and tempo is not None:
            ann["tempo"] = tempo
        tracks.append(Track(tid, wav, ann, {"style": wav.parent.name.lower()}))
    return tracks


def _tracks_from_mirdata(ds) -> list:
    tracks = []
    for tid in sorted(ds.track_ids):
        t = ds.track(tid)
        ann = {}
        tempo = t.tempo if t.tempo_path and pathlib.Path(t.tempo_path).is_file() else None
        b = t.beats if t.beats_path and pathlib.Path(t.beats_path).is_file() else None
        if b is not None:
            ann.update(beat_annotations(b.times, b.positions, tempo))
        if "tempo" not in ann and tempo is not None:
            ann["tempo"] = float(tempo)
        tracks.append(Track(tid, pathlib.Path(t.audio_path), ann, {"style": t.genre}))
    return tracks


def load_ballroom(root=None, *, download: bool = False, backend: str = "auto",
                  progress: bool = True) -> Dataset:
    """Load Ballroom: audio excerpts with beats, downbeats, tempo and dance style.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    root : str or pathlib.Path or None
        The dataset folder (layout in the module docstring). Default:
        ``data_home() / "ballroom"``.
    download : bool
        Download (cached, checksum-verified, resumable) and unpack what is missing: the audio,
        the beat annotations, the tempo annotations.
    backend : {"auto", "mirdata", "files"}
        ``"mirdata"``: read the tracks with mirdata's ``ballroom`` loader (needs its index).
        ``"files"``: read the folder directly. ``"auto"``: mirdata when it is installed, its
        index is present and every file it lists is there, else the files.
    progress : bool
        Show progress bars while downloading.

    Returns
    -------
    dataset : Dataset
        ``Dataset("ballroom", root, tracks, metadata)``; tracks have ``"beats"``,
        ``"downbeats"`` and ``"tempo"``, and ``metadata["style"]``.

    Raises
    ------
    DatasetNotFoundError
        If the folder, the audio or the beat annotations are missing (and ``download`` is
        False or the download fails); the message says what to download and where.
    ParameterError
        For a bad ``backend``.

    Examples
    --------
    >>> from mirlab.data.loaders import load_ballroom
    >>> ballroom = load_ballroom(download=True)  # doctest: +SKIP
    >>> t = ballroom[0]  # doctest: +SKIP
    >>> t.metadata["style"], round(t.annotations["tempo"])  # doctest: +SKIP
    ('chachacha', 124)
    """
    root = resolve_root(root, NAME)
    backend = check_backend(backend)
    remotes = _remotes()
    if download:
        wanted = []
        if _audio_dir(root) is None:
            wanted.append(remotes["audio"])
        if _tempo_dir(root) is None:
            wanted.append(remotes["tempo"])
        if _beats_dir(root) is None:
            wanted.append(remotes["beats"])
        if wanted:
            fetch_remotes(wanted, root, progress=progress,
                          instructions=str(_not_found(root, "download failed", remotes)))
    if not root.is_dir():
        raise _not_found(root, "the folder does not exist", remotes)
    if _audio_dir(root) is None:
        raise _not_found(root, "no audio (B_1.0/audio/<Style>/<name>.wav)", remotes)
    if _beats_dir(root) is None:
        raise _not_found(root, "no beat annotations (B_1.0/annotations/beats/<name>.beats)", remotes)

    ds = mirdata_dataset("ballroom", root, backend=backend, download_index=download, progress=progress)
    if ds is not None:
        missing = index_missing_files(ds, root, ["audio", "beats"])
        if missing:
            if backend == "mirdata":
                raise _not_found(root, f"{len(missing)} files listed by mirdata's index are missing "
                                 f"({short_list(missing)})", remotes)
            ds = None
    tracks = _tracks_from_mirdata(ds) if ds is not None else _tracks_from_files(root)
    no_beats = [t.track_id for t in tracks if "beats" not in t.annotations]
    if len(no_beats) == len(tracks):
        raise _not_found(root, "none of the audio files has a matching .beats file", remotes)
    metadata = {
        "backend": "mirdata" if ds is not None else "files",
        "styles": sorted({t.metadata["style"] for t in tracks}),
        "without_beats": no_beats,
        "source": remotes["audio"].url,
        "citation": "F. Gouyon et al., An experimental comparison of audio tempo induction "
        "algorithms, IEEE TASLP 14(5), 2006; F. Krebs, S. Böck and G. Widmer, Rhythmic pattern "
        "modeling for beat and downbeat tracking in musical audio, ISMIR 2013.",
    }
    return Dataset(NAME, root, tracks, metadata)
