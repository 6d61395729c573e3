"""Audio quality: the same clips as uncompressed WAV and as MP3 at several bitrates.

Book: *Music data* appendix (book/data/).

Each source clip is a short genre clip (the style generators of :mod:`.genres`); it is saved
as 16-bit WAV (the reference) and encoded to MP3 (MPEG-1/2 Layer III, constant bitrate) at each
of ``bitrates`` kbps with libsndfile's LAME encoder, through :mod:`soundfile` (>= 0.12 writes
MP3 when its libsndfile has MP3 support, which the PyPI wheels have). The bitrate written into
the MP3 frame headers is read back and checked.

The data set has one track per version: ``quality_NNNN`` (the WAV) and
``quality_NNNN_mp3_BBB`` (BBB kbps). All versions of a clip share its annotations (genre,
tags, beats, chords, ...); ``track.metadata`` says ``"codec"`` (``"pcm_16"`` or ``"mp3"``),
``"bitrate_kbps"`` (None for the WAV), ``"reference"`` (the WAV's track id) and
``"size_bytes"``.

Files: ``audio/quality_NNNN.wav``, ``audio/quality_NNNN_BBBkbps.mp3``,
``annotations/quality_NNNN.jams`` and text files, ``metadata.json``.
"""

from __future__ import annotations

import copy
import functools
import io
import numbers
import pathlib

import numpy as np

from ...errors import AudioFileError, ParameterError
from ..types import Dataset, Track
from . import _common

__all__ = ["NAME", "MP3_BITRATES", "mp3_available", "encode_mp3", "mp3_bitrate", "generate", "load"]

NAME = "quality"

_MPEG1 = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2 = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)

#: Constant bitrates (kbps) that MP3 allows at each sampling rate.
MP3_BITRATES = {
    **{sr: _MPEG1 for sr in (32000, 44100, 48000)},
    **{sr: _MPEG2 for sr in (16000, 22050, 24000)},
    **{sr: _MPEG2[:8] for sr in (8000, 11025, 12000)},
}

# (version bits, bitrate index) -> kbps, for reading frame headers
_V1_TABLE = (0,) + _MPEG1
_V2_TABLE = (0,) + _MPEG2


def mp3_available() -> bool:
    """True if :mod:`soundfile` can write MP3 here (libsndfile >= 1.1 with LAME).

    Book: *Music data* appendix (book/data/).

    Returns
    -------
    available : bool

    Examples
    --------
    >>> from mirlab.data.synth.quality import mp3_available
    >>> isinstance(mp3_available(), bool)
    True
    """
    try:
        import soundfile as sf
    except ImportError:  # pragma: no cover
        return False
    return "MP3" in sf.available_formats() and "MPEG_LAYER_III" in sf.available_subtypes("MP3")


def _require_mp3():
    if not mp3_available():
        import soundfile as sf

        raise AudioFileError(
            "this machine cannot write MP3: soundfile "
            f"{sf.__version__} uses libsndfile {sf.__libsndfile_version__}, built without MP3 support "
            "(MP3 needs soundfile >= 0.12 with libsndfile >= 1.1, as in the PyPI wheels: "
            "pip install --upgrade soundfile)"
        )


def mp3_bitrate(data: bytes) -> int:
    """The bitrate (kbps) in the first MPEG audio frame header of an MP3 file's bytes.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    kbps : int

    Raises
    ------
    AudioFileError
        If no MPEG Layer III frame header is found.

    Examples
    --------
    >>> from mirlab.data.synth.quality import mp3_bitrate
    >>> mp3_bitrate(bytes([0xFF, 0xF3, 0x90, 0xC4]))  # MPEG-2 Layer III, index 9
    80
    """
    i = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        i = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9])
    while i + 3 < len(data):
        if data[i] == 0xFF and (data[i + 1] & 0xE0) == 0xE0 and ((data[i + 1] >> 1) & 3) == 1:
            version = (data[i + 1] >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
            index = data[i + 2] >> 4
            if 0 < index < 15 and version != 1:
                return (_V1_TABLE if version == 3 else _V2_TABLE)[index]
        i += 1
    raise AudioFileError("no MPEG Layer III frame header found: not an MP3 file")


@functools.lru_cache(maxsize=64)
def _level_for(sr: int, kbps: int) -> float:
    """The libsndfile compression level that gives exactly ``kbps`` at ``sr``.

    libsndfile maps the level linearly onto the bitrates of the MPEG version (level 0: the
    highest, 1: the lowest) and LAME rounds to an allowed bitrate; try that level first, then
    search.
    """
    import soundfile as sf

    probe = np.zeros(int(sr) // 20, dtype=np.float32)

    def bitrate_at(level):
        buf = io.BytesIO()
        sf.write(buf, probe, sr, format="MP3", subtype="MPEG_LAYER_III", compression_level=float(level),
                 bitrate_mode="CONSTANT")
        return mp3_bitrate(buf.getvalue())

    table = MP3_BITRATES[sr]
    hi, lo = (320, 32) if table is _MPEG1 else (160, 8) if sr >= 16000 else (64, 8)
    guess = min(max((hi - kbps) / (hi - lo), 0.0), 0.99)
    if bitrate_at(guess) == kbps:
        return float(guess)
    for level in np.arange(0.0, 0.9951, 0.005):  # pragma: no cover - another libsndfile mapping
        got = bitrate_at(level)
        if got == kbps:
            return float(level)
        if got < kbps:
            break
    raise ParameterError(f"libsndfile cannot encode {kbps} kbps at {sr} Hz")  # pragma: no cover


def encode_mp3(y: np.ndarray, sr: int, path, *, bitrate_kbps: int) -> dict:
    """Write a mono signal as a constant-bitrate MP3 file.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    y : np.ndarray
        Mono float signal in [-1, 1].
    sr : int
        Sampling rate: one of the MP3 rates (:data:`MP3_BITRATES`).
    path : str or pathlib.Path
        Output file (``.mp3``); parent folders are created.
    bitrate_kbps : int
        A bitrate allowed at ``sr`` (22050 Hz: 8 to 160 kbps; 44100 Hz: 32 to 320 kbps).

    Returns
    -------
    info : dict
        ``"path"``, ``"bitrate_kbps"`` (read back from the file), ``"size_bytes"``.

    Raises
    ------
    AudioFileError
        If this machine cannot write MP3 (libsndfile without MP3 support).
    ParameterError
        If the rate or the bitrate is not allowed, or ``y`` is not a valid mono signal.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab import signals
    >>> from mirlab.data.synth.quality import encode_mp3
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> y = signals.tone(440.0, 2.0)
    >>> small = encode_mp3(y, 22050, folder / "a32.mp3", bitrate_kbps=32)
    >>> large = encode_mp3(y, 22050, folder / "a128.mp3", bitrate_kbps=128)
    >>> small["bitrate_kbps"], large["bitrate_kbps"], small["size_bytes"] < large["size_bytes"]
    (32, 128, True)
    """
    import soundfile as sf

    from ...audio import valid_audio

    _require_mp3()
    valid_audio(y, mono=True)
    if sr not in MP3_BITRATES:
        raise ParameterError(f"MP3 cannot store {sr} Hz; use one of {sorted(MP3_BITRATES)} Hz")
    if isinstance(bitrate_kbps, bool) or not isinstance(bitrate_kbps, numbers.Integral) or \
            bitrate_kbps not in MP3_BITRATES[sr]:
        raise ParameterError(f"bitrate {bitrate_kbps!r} kbps is not allowed at {sr} Hz; use one of {MP3_BITRATES[sr]}")
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    level = _level_for(int(sr), int(bitrate_kbps))
    data = np.clip(np.asarray(y, dtype=np.float32), -1.0, 1.0)
    try:
        sf.write(str(path), data, int(sr), format="MP3", subtype="MPEG_LAYER_III", compression_level=level,
                 bitrate_mode="CONSTANT")
    except (RuntimeError, sf.SoundFileError, OSError) as exc:
        raise AudioFileError(f"cannot write '{path}': {exc}") from exc
    raw = path.read_bytes()
    got = mp3_bitrate(raw)
    if got != bitrate_kbps:  # pragma: no cover - libsndfile changed its mapping
        raise AudioFileError(f"asked for {bitrate_kbps} kbps but the encoder wrote {got} kbps in '{path}'")
    return {"path": path, "bitrate_kbps": got, "size_bytes": len(raw)}


def _write_versions(y, sr, out_dir, meta, *, bitrates, track_id):
    versions = []
    for kbps in bitrates:
        rel = f"audio/{track_id}_{kbps:03d}kbps.mp3"
        info = encode_mp3(y, sr, out_dir / rel, bitrate_kbps=int(kbps))
        versions.append({"bitrate_kbps": info["bitrate_kbps"], "path": rel, "size_bytes": info["size_bytes"]})
    ref_size = (out_dir / meta["files"]["audio"]).stat().st_size
    return {"versions": versions, "size_bytes": ref_size}


def _piece(index, rng, tempo_factor, *, duration, genres, bitrates):
    from .genres import _piece as genre_piece

    piece = genre_piece(index, rng, tempo_factor, duration=duration, genres=genres, audio_dir="audio")
    track_id = f"{NAME}_{index:04d}"
    piece.params = {"source": piece.track_id, **piece.params}
    piece.track_id = track_id
    piece.audio_relpath = f"audio/{track_id}.wav"
    piece.extra_files = functools.partial(_write_versions, bitrates=bitrates, track_id=track_id)
    return piece


def _expand(ds: Dataset) -> Dataset:
    """One track per version: the WAV reference, then its MP3s from high to low bitrate."""
    tracks = []
    for t in ds.tracks:
        base = {k: v for k, v in t.metadata.items() if k != "versions"}
        tracks.append(Track(t.track_id, t.audio_path, t.annotations,
                            {**base, "codec": "pcm_16", "bitrate_kbps": None, "reference": t.track_id}))
        for v in sorted(t.metadata["versions"], key=lambda v: -v["bitrate_kbps"]):
            meta = {**base, "codec": "mp3", "bitrate_kbps": v["bitrate_kbps"], "reference": t.track_id,
                    "size_bytes": v["size_bytes"]}
            tracks.append(Track(f"{t.track_id}_mp3_{v['bitrate_kbps']:03d}", ds.root / v["path"],
                                copy.deepcopy(t.annotations), meta))
    return Dataset(ds.name, ds.root, tracks, ds.metadata)


def generate(
    n: int = 10,
    *,
    seed: int = 0,
    out_dir,
    sr: int = 22050,
    progress: bool = True,
    duration: float = 10.0,
    bitrates=(32, 64, 128),
    genres=None,
    renderer: str = "auto",
    augment=None,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` clips and save each as WAV and as MP3 at every bitrate of ``bitrates``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    n : int
        Number of source clips (the data set has ``n * (1 + len(bitrates))`` tracks).
    seed : int
        Seed: the same seed gives the same clips, bit for bit.
    out_dir : str or pathlib.Path
        Output folder.
    sr : int
        Sampling rate, one of the MP3 rates (default 22050).
    progress : bool
        Show a progress bar.
    duration : float
        Length of each clip in seconds (>= 4).
    bitrates : sequence of int
        MP3 bitrates in kbps, allowed at ``sr`` (:data:`MP3_BITRATES`; 22050 Hz: 8-160).
    genres : sequence of str or None
        Genres of the source clips (default: all of :data:`mirlab.data.synth.genres.GENRES`).
    renderer, augment, jobs
        As in :func:`mirlab.data.synth.chords.generate`.

    Returns
    -------
    dataset : Dataset
        Tracks ``quality_NNNN`` (WAV) and ``quality_NNNN_mp3_BBB``; see the module docstring.

    Raises
    ------
    AudioFileError
        If this machine cannot write MP3 files.
    ParameterError
        For an invalid argument (a bitrate not allowed at ``sr``, ...).

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.synth import quality
    >>> ds = quality.generate(1, out_dir=tempfile.mkdtemp(), duration=4.0, bitrates=(32, 96), progress=False)
    >>> [(t.track_id, t.metadata["bitrate_kbps"]) for t in ds]
    [('quality_0000', None), ('quality_0000_mp3_096', 96), ('quality_0000_mp3_032', 32)]
    """
    from .genres import GENRES

    _require_mp3()
    duration = _common.check_positive(duration, "duration", 3.999, 600)
    sr = _common.check_sr(sr)
    if sr not in MP3_BITRATES:
        raise ParameterError(f"MP3 cannot store {sr} Hz; use sr in {sorted(MP3_BITRATES)}")
    if isinstance(bitrates, (int, np.integer)):
        bitrates = (bitrates,)
    bitrates = tuple(bitrates)
    bad = [b for b in bitrates if b not in MP3_BITRATES[sr]]
    if not bitrates or bad:
        raise ParameterError(f"bitrates {bad or list(bitrates)} not allowed at {sr} Hz; use some of {MP3_BITRATES[sr]}")
    bitrates = tuple(sorted({int(b) for b in bitrates}, reverse=True))
    genres = GENRES if genres is None else _common.check_choices(genres, GENRES, "genres")
    options = dict(duration=duration, bitrates=list(bitrates), genres=list(genres))
    make = functools.partial(_piece, duration=duration, genres=tuple(genres), bitrates=bitrates)
    ds = _common.generate_set(NAME, make, n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                              renderer=renderer, augment=augment, options=options, jobs=jobs,
                              description="clips as WAV and as MP3 at several bitrates")
    return _expand(ds)


def load(out_dir) -> Dataset:
    """Read a quality set written by :func:`generate` (one track per version).

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
    >>> from mirlab.data.synth import quality
    >>> folder = tempfile.mkdtemp()
    >>> _ = quality.generate(1, out_dir=folder, duration=4.0, bitrates=(64,), progress=False)
    >>> quality.load(folder).track_ids()
    ['quality_0000', 'quality_0000_mp3_064']
    """
    return _expand(_common.load_set(out_dir, NAME))
