"""What every generated set shares: seeds, MIDI helpers, rendering, files on disk, loading back.

Book: *Music data* appendix (book/data/).

A generator describes one clip as a :class:`Piece` (a pretty_midi object, its annotations in
the keys of :mod:`mirlab.data.types`, its parameters and where its audio goes).
:func:`generate_set` renders the pieces, applies the optional augmentation, and writes for
each track:

* the audio as 16-bit WAV (the layout of GTZAN and most MIR data sets);
* a JAMS file with every annotation (``annotations/<id>.jams``);
* the plain-text files mir_eval reads: ``<id>.chords.lab``
  (:func:`mir_eval.io.load_labeled_intervals`), ``<id>.beats.txt`` and ``<id>.downbeats.txt``
  (:func:`mir_eval.io.load_events`), ``<id>.key.txt`` (:func:`mir_eval.io.load_key`),
  ``<id>.notes.txt`` (:func:`mir_eval.io.load_valued_intervals`, frequencies in Hz),
  ``<id>.onsets.txt`` (:func:`mir_eval.io.load_events`);

and, last, ``metadata.json`` (generator, seed, renderer, mirlab version, the parameters of
every track). :func:`load_set` reads it all back into the same :class:`~mirlab.data.types.Dataset`.
"""

from __future__ import annotations

import dataclasses
import json
import numbers
import warnings
import os
import pathlib
import zlib
from typing import Callable, Optional

import numpy as np

from ...errors import ParameterError
from ..types import Dataset, Track

#: MIDI files are written with 960 ticks per beat at 120 BPM: 1920 ticks per second. Event times
#: are rounded to this grid, so the annotations equal the times in the rendered MIDI exactly.
TICKS_PER_SECOND = 1920
MIDI_RESOLUTION = 960

_GTZAN_JAMS = {"hiphop": "hip-hop"}


def q(t: float) -> float:
    """Round a time in seconds to the MIDI tick grid (1/1920 s)."""
    return round(float(t) * TICKS_PER_SECOND) / TICKS_PER_SECOND


def new_midi():
    """An empty PrettyMIDI object on the tick grid of :data:`TICKS_PER_SECOND`."""
    import pretty_midi

    return pretty_midi.PrettyMIDI(resolution=MIDI_RESOLUTION, initial_tempo=120.0)


def instrument(pm, program: int, *, is_drum: bool = False, name: str = ""):
    """Add and return a pretty_midi Instrument (General MIDI ``program``, 0-based)."""
    import pretty_midi

    inst = pretty_midi.Instrument(program=int(program), is_drum=is_drum, name=name)
    pm.instruments.append(inst)
    return inst


def add_note(inst, pitch: int, start: float, end: float, velocity: int = 100) -> tuple:
    """Add a note on the tick grid; returns its quantised ``(start, end)``."""
    import pretty_midi

    s, e = q(start), q(end)
    if e <= s:
        e = s + 1.0 / TICKS_PER_SECOND
    velocity = int(min(127, max(1, round(velocity))))
    inst.notes.append(pretty_midi.Note(velocity=velocity, pitch=int(pitch), start=s, end=e))
    return s, e


def midi_to_hz(pitch) -> float:
    return float(440.0 * 2.0 ** ((float(pitch) - 69.0) / 12.0))


def track_rng(seed: int, set_name: str, index: int) -> np.random.Generator:
    """The random generator of track ``index`` of a set: independent of the other tracks and of
    ``n``, so ``generate(8)`` starts with the same 4 clips as ``generate(4)``."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(set_name.encode()), int(index)]))


def set_rng(seed: int, set_name: str, purpose: str) -> np.random.Generator:
    """A set-level random generator (e.g. the order in which keys are dealt)."""
    return np.random.default_rng(
        np.random.SeedSequence([int(seed), zlib.crc32(set_name.encode()), zlib.crc32(purpose.encode())])
    )


@dataclasses.dataclass
class Piece:
    """One clip before rendering."""

    track_id: str
    pm: object
    annotations: dict
    params: dict
    audio_relpath: str
    duration: float
    gain_db: float = 0.0  # applied after peak normalisation (loudness of the clip)
    extra_files: Optional[Callable] = None  # f(y, sr, out_dir, track_meta) -> dict of extra files


# ---- validation ------------------------------------------------------------------------------


def check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
        raise ParameterError(f"n must be a positive integer number of clips, got {n!r}")
    return int(n)


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def check_sr(sr) -> int:
    if isinstance(sr, bool) or not isinstance(sr, numbers.Integral) or not 8000 <= sr <= 96000:
        raise ParameterError(f"sr must be an integer sampling rate in 8000..96000 Hz, got {sr!r}")
    return int(sr)


def check_positive(value, name: str, lo: float = 0.0, hi: float = float("inf")) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not lo < value <= hi:
        raise ParameterError(f"{name} must be a number in ({lo}, {hi}], got {value!r}")
    return float(value)


def check_choices(values, allowed, name: str) -> tuple:
    if isinstance(values, str):
        values = (values,)
    values = tuple(values)
    bad = [v for v in values if v not in allowed]
    if not values or bad:
        raise ParameterError(f"{name} must be a non-empty list of {sorted(allowed)}, got {list(values)!r}")
    return values


# ---- annotations: normal form, JAMS and text files -----------------------------------------------


def _times(x, shape) -> np.ndarray:
    """Times in seconds as float64, rounded to the microsecond: they survive every file format
    (JAMS stores ``time`` and ``duration``, and ``time + duration`` may differ from the end time
    in the last bit; rounding again gives the same number)."""
    return np.round(np.asarray(x, dtype=np.float64).reshape(shape), 6) + 0.0


def normalize_annotations(ann: dict) -> dict:
    """The annotations in the exact types (and rounding) that :func:`read_jams` returns."""
    out = {}
    for key, value in ann.items():
        if key in ("beats", "downbeats", "onsets"):
            out[key] = _times(value, -1)
        elif key in ("chords",):
            intervals, labels = value
            out[key] = (_times(intervals, (-1, 2)), [str(x) for x in labels])
        elif key == "notes":
            intervals, pitches = value
            out[key] = (_times(intervals, (-1, 2)), np.round(np.asarray(pitches, dtype=np.float64).reshape(-1), 6))
        elif key in ("tempo", "valence", "arousal"):
            out[key] = round(float(value), 6)
        elif key == "mood_cluster":
            out[key] = int(value)
        elif key == "tags":
            out[key] = [str(x) for x in value]
        else:
            out[key] = value
    return out


def _fmt(x: float) -> str:
    return repr(float(x))


def write_jams(path: pathlib.Path, ann: dict, *, duration: float, title: str, sandbox: dict) -> None:
    """Write the annotations of one track to a JAMS file."""
    import jams

    jam = jams.JAMS()
    jam.file_metadata.duration = float(duration)
    jam.file_metadata.title = title
    jam.file_metadata.artist = "mirlab synth"
    meta = dict(curator=jams.Curator(name="mirlab", email=""), data_source="mirlab.data.synth (rendered from MIDI)")

    def new(namespace):
        a = jams.Annotation(namespace=namespace, time=0, duration=float(duration))
        a.annotation_metadata = jams.AnnotationMetadata(**meta)
        jam.annotations.append(a)
        return a

    if "chords" in ann:
        a = new("chord")
        for (s, e), lab in zip(*ann["chords"]):
            a.append(time=float(s), duration=float(e - s), value=lab, confidence=1.0)
    if "key" in ann:
        tonic, mode = ann["key"].split()
        new("key_mode").append(time=0.0, duration=float(duration), value=f"{tonic}:{mode}", confidence=1.0)
    if "beats" in ann:
        a = new("beat")
        down = set(np.round(np.asarray(ann.get("downbeats", [])) * 1e9).astype(np.int64).tolist())
        pos = 0
        for t in ann["beats"]:
            is_down = int(round(t * 1e9)) in down
            pos = 1 if is_down else (pos + 1 if pos else 0)
            a.append(time=float(t), duration=0.0, value=float(pos) if pos else None, confidence=1.0)
    if "tempo" in ann:
        new("tempo").append(time=0.0, duration=float(duration), value=float(ann["tempo"]), confidence=1.0)
    if "notes" in ann:
        a = new("note_hz")
        for (s, e), f in zip(*ann["notes"]):
            a.append(time=float(s), duration=float(e - s), value=float(f), confidence=1.0)
    if "onsets" in ann:
        a = new("onset")
        for t in ann["onsets"]:
            a.append(time=float(t), duration=0.0, value=None, confidence=1.0)
    if "genre" in ann:
        g = ann["genre"]
        new("tag_gtzan").append(time=0.0, duration=float(duration), value=_GTZAN_JAMS.get(g, g), confidence=1.0)
    if "tags" in ann:
        a = new("tag_open")
        for tag in ann["tags"]:
            a.append(time=0.0, duration=float(duration), value=str(tag), confidence=1.0)
    if "valence" in ann and "arousal" in ann:
        new("mood_thayer").append(
            time=0.0, duration=float(duration), value=[float(ann["valence"]), float(ann["arousal"])], confidence=1.0
        )
    extra = {k: ann[k] for k in ("meter", "instrument", "mood_cluster") if k in ann}
    if "downbeats" in ann and "beats" not in ann:  # pragma: no cover - not produced by the generators
        extra["downbeats"] = [float(t) for t in ann["downbeats"]]
    jam.sandbox.mirlab = {**sandbox, "annotations": extra}
    path.parent.mkdir(parents=True, exist_ok=True)
    import warnings

    with warnings.catch_warnings():  # jams validates with a jsonschema API that now warns
        warnings.simplefilter("ignore", DeprecationWarning)
        jam.save(str(path), strict=False)


def read_jams(path) -> dict:
    """Read the annotations written by :func:`write_jams` back into the keys of types.py."""
    import jams

    jam = jams.load(str(path), validate=False)
    ann = {}
    for a in jam.annotations:
        obs = list(a.data)
        ns = a.namespace
        if ns == "chord":
            ann["chords"] = (
                np.array([[o.time, o.time + o.duration] for o in obs], dtype=np.float64).reshape(-1, 2),
                [o.value for o in obs],
            )
        elif ns == "key_mode":
            ann["key"] = obs[0].value.replace(":", " ")
        elif ns == "beat":
            ann["beats"] = np.array([o.time for o in obs], dtype=np.float64)
            if any(o.value is not None for o in obs):  # positions in the bar: 1 marks a downbeat
                ann["downbeats"] = np.array([o.time for o in obs if o.value == 1], dtype=np.float64)
        elif ns == "tempo":
            ann["tempo"] = float(obs[0].value)
        elif ns == "note_hz":
            ann["notes"] = (
                np.array([[o.time, o.time + o.duration] for o in obs], dtype=np.float64).reshape(-1, 2),
                np.array([o.value for o in obs], dtype=np.float64),
            )
        elif ns == "onset":
            ann["onsets"] = np.array([o.time for o in obs], dtype=np.float64)
        elif ns == "tag_gtzan":
            g = obs[0].value
            ann["genre"] = {v: k for k, v in _GTZAN_JAMS.items()}.get(g, g)
        elif ns == "tag_open":
            ann["tags"] = [o.value for o in obs]
        elif ns == "mood_thayer":
            ann["valence"], ann["arousal"] = (float(v) for v in obs[0].value)
    extra = dict(getattr(jam.sandbox, "mirlab", {}) or {}).get("annotations", {})
    for k, v in extra.items():
        ann[k] = np.asarray(v, dtype=np.float64) if k == "downbeats" else v
    return normalize_annotations(ann)


def write_text_files(stem: pathlib.Path, ann: dict) -> dict:
    """Write the mir_eval text files of one track; returns {kind: path relative to stem's folder}."""
    files = {}
    stem.parent.mkdir(parents=True, exist_ok=True)

    def write(suffix, lines):
        p = stem.parent / f"{stem.name}.{suffix}"
        p.write_text("".join(line + "\n" for line in lines))
        files[suffix.split(".")[0]] = p.name

    if "chords" in ann:
        write("chords.lab", [f"{_fmt(s)}\t{_fmt(e)}\t{lab}" for (s, e), lab in zip(*ann["chords"])])
    if "beats" in ann:
        write("beats.txt", [_fmt(t) for t in ann["beats"]])
    if "downbeats" in ann:
        write("downbeats.txt", [_fmt(t) for t in ann["downbeats"]])
    if "key" in ann:
        write("key.txt", [ann["key"]])
    if "notes" in ann:
        write("notes.txt", [f"{_fmt(s)}\t{_fmt(e)}\t{_fmt(f)}" for (s, e), f in zip(*ann["notes"])])
    if "onsets" in ann:
        write("onsets.txt", [_fmt(t) for t in ann["onsets"]])
    return files


# ---- rendering and writing a set ----------------------------------------------------------------


def _mirlab_version() -> str:
    from ... import __version__

    return __version__


def _augment_options(augment, rng) -> Optional[dict]:
    """``augment``: None/False (none), True (random, full strength), a number in (0, 1] (random,
    that strength) or a dict of fixed parameters of :func:`mirlab.data.render.augment`."""
    from ..render import random_augmentation

    if augment is None or augment is False:
        return None
    if augment is True:
        return random_augmentation(rng, 1.0)
    if isinstance(augment, numbers.Real):
        return random_augmentation(rng, float(augment))
    if isinstance(augment, dict):
        allowed = {"gain_db", "reverb", "noise_snr_db", "tempo_factor", "detune_cents"}
        bad = set(augment) - allowed
        if bad:
            raise ParameterError(f"unknown augmentation parameters {sorted(bad)}; use {sorted(allowed)}")
        none = {"gain_db": 0.0, "reverb": 0.0, "noise_snr_db": None, "tempo_factor": 1.0, "detune_cents": 0.0}
        return {**none, **augment}
    raise ParameterError(f"augment must be None, a bool, a strength in [0, 1] or a dict, got {augment!r}")


_MAX_DRAWS = 5

# Bump whenever a generator's output changes for the same seed: cached sets are keyed on it.
# 2: silent clips (SoundFont holes) are drawn again.
GENERATORS_REVISION = 2


def _render_one(make_piece, name, index, seed, sr, renderer, augment, out_dir: pathlib.Path):
    """Make, render and write track ``index``; returns its metadata entry (JSON-able)."""
    from ...audio import save
    from ..render import augment as augment_audio
    from ..render import detune_midi, render_midi

    aug = _augment_options(augment, track_rng(seed, name + "/augment", index))
    # A SoundFont can have holes (TimGM6mb has no sample for alto sax program 65 at MIDI 64):
    # a clip that renders silent is drawn again from a derived seed, so it stays deterministic.
    for attempt in range(_MAX_DRAWS):
        rng = track_rng(seed, name if attempt == 0 else f"{name}/redraw{attempt}", index)
        piece: Piece = make_piece(index, rng, 1.0 if aug is None else float(aug["tempo_factor"]))
        ann = dict(piece.annotations)
        if aug is not None and aug["detune_cents"]:
            detune_midi(piece.pm, float(aug["detune_cents"]))
            if "notes" in ann:
                iv, f = ann["notes"]
                ann["notes"] = (iv, np.asarray(f) * 2.0 ** (float(aug["detune_cents"]) / 1200.0))
        ann = normalize_annotations(ann)
        y, info = render_midi(piece.pm, sr=sr, renderer=renderer, duration=piece.duration)
        if np.max(np.abs(y)) > 1e-4:
            break
    else:
        raise RuntimeError(f"{name} clip {index} rendered silent {_MAX_DRAWS} times with renderer {info['renderer']!r}")
    if piece.gain_db:
        y = (y * np.float32(10.0 ** (piece.gain_db / 20.0))).astype(np.float32)
    if aug is not None:
        y = augment_audio(
            y,
            sr,
            rng=track_rng(seed, name + "/augment-audio", index),
            gain_db=float(aug["gain_db"]),
            reverb=float(aug["reverb"]),
            noise_snr_db=aug["noise_snr_db"],
        )
    audio_path = out_dir / piece.audio_relpath
    save(audio_path, y, sr, subtype="PCM_16")

    ann_dir = out_dir / "annotations"
    files = {"audio": piece.audio_relpath, "jams": f"annotations/{piece.track_id}.jams"}
    for kind, fname in write_text_files(ann_dir / piece.track_id, ann).items():
        files[kind] = f"annotations/{fname}"
    meta = {
        "track_id": piece.track_id,
        "index": int(index),
        "files": files,
        "renderer": info["renderer"],
        "soundfont": info["soundfont"],
        "duration": info["duration"],
        "params": piece.params,
        "augmentation": aug,
    }
    if "fallback_reason" in info:
        meta["fallback_reason"] = info["fallback_reason"]
    if piece.extra_files is not None:
        meta.update(piece.extra_files(y, sr, out_dir, meta))
    write_jams(
        out_dir / files["jams"],
        ann,
        duration=info["duration"],
        title=piece.track_id,
        sandbox={"generator": name, "seed": int(seed), "index": int(index), "renderer": info["renderer"]},
    )
    return _jsonable(meta), ann


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def _worker(args):
    return _render_one(*args)


def _pool_context():
    """Worker processes: forked from a clean, single-threaded server that has already imported
    the renderer (fast to start, safe in notebooks and threaded parents, where a plain fork is
    not); fresh interpreters ("spawn") where there is no fork server (Windows)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["mirlab.data.synth.genres", "mirlab.data.synth.quality", "mirlab.data.render", "librosa.core.audio",
             "pretty_midi", "jams", "soundfile", "midirenderer"]
        )
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def generate_set(
    name: str,
    make_piece: Callable,
    n,
    *,
    seed,
    out_dir,
    sr,
    progress: bool,
    renderer: str,
    augment,
    options: dict,
    description: str,
    jobs: int = 1,
) -> Dataset:
    """Render ``n`` pieces made by ``make_piece(index, rng, tempo_factor)`` into ``out_dir``."""
    from tqdm.auto import tqdm

    from ..render import RENDERERS

    n = check_n(n)
    seed = check_seed(seed)
    sr = check_sr(sr)
    if renderer not in ("auto",) + RENDERERS:
        raise ParameterError(f"renderer must be 'auto' or one of {RENDERERS}, got {renderer!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral) or jobs < 1:
        raise ParameterError(f"jobs must be a positive integer, got {jobs!r}")
    _augment_options(augment, np.random.default_rng(0))  # validate early
    if not isinstance(out_dir, (str, os.PathLike)):
        raise ParameterError(f"out_dir must be a folder path, got {type(out_dir).__name__}")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metadata.json").unlink(missing_ok=True)

    args = [(make_piece, name, i, seed, sr, renderer, augment, out_dir) for i in range(n)]
    bar = tqdm(total=n, desc=f"synth {name}", unit="clip", disable=not progress)
    results = []
    if jobs > 1 and n > 1:
        import concurrent.futures
        from concurrent.futures.process import BrokenProcessPool

        try:
            with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, n), mp_context=_pool_context()) as ex:
                for result in ex.map(_worker, args, chunksize=1):
                    results.append(result)
                    bar.update(1)
        except BrokenProcessPool as exc:
            # Worker processes cannot start everywhere (e.g. a script read from standard input):
            # render the rest in this process; the result is the same, bit for bit.
            warnings.warn(f"worker processes failed ({exc}); rendering {name} in one process",
                          RuntimeWarning, stacklevel=2)
    for a in args[len(results):]:
        results.append(_render_one(*a))
        bar.update(1)
    bar.close()
    metas = [m for m, _ in results]

    renderers = sorted({m["renderer"] for m in metas})
    metadata = {
        "name": name,
        "description": description,
        "generator": f"mirlab.data.synth.{name}",
        "mirlab_version": _mirlab_version(),
        "seed": seed,
        "n": n,
        "sr": sr,
        "renderer": renderers[0] if len(renderers) == 1 else renderers,
        "soundfont": metas[0]["soundfont"],
        "options": _jsonable({**options, "renderer": renderer, "augment": augment}),
        "tracks": _jsonable(metas),
    }
    tmp = out_dir / "metadata.json.tmp"
    tmp.write_text(json.dumps(metadata, indent=1))
    os.replace(tmp, out_dir / "metadata.json")
    dmeta = {k: v for k, v in metadata.items() if k != "tracks"}
    tracks = [_track(out_dir, m, ann, seed) for m, ann in results]
    return Dataset(name, out_dir, tracks, dmeta)


def _track(root: pathlib.Path, m: dict, ann: dict, seed: int) -> Track:
    tmeta = {k: v for k, v in m.items() if k != "track_id"}
    tmeta["seed"] = seed
    return Track(m["track_id"], root / m["files"]["audio"], ann, tmeta)


def load_set(out_dir, name: str) -> Dataset:
    """Read a set written by :func:`generate_set` (metadata.json + JAMS files)."""
    from ...errors import AudioFileError

    if not isinstance(out_dir, (str, os.PathLike)):
        raise ParameterError(f"out_dir must be a folder path, got {type(out_dir).__name__}")
    root = pathlib.Path(out_dir)
    meta_path = root / "metadata.json"
    if not meta_path.is_file():
        raise AudioFileError(
            f"no generated set in '{root}' (metadata.json is missing: the set was not generated, "
            "or its generation did not finish)"
        )
    try:
        metadata = json.loads(meta_path.read_text())
    except (OSError, ValueError) as exc:
        raise AudioFileError(f"cannot read '{meta_path}': {exc}") from exc
    if metadata.get("name") != name:
        raise ParameterError(f"'{root}' holds the set {metadata.get('name')!r}, not {name!r}")
    tracks = []
    for m in metadata["tracks"]:
        jams_path = root / m["files"]["jams"]
        if not jams_path.is_file():
            raise AudioFileError(f"annotation file missing: '{jams_path}'")
        try:
            ann = read_jams(jams_path)
        except Exception as exc:  # a truncated or corrupt file
            raise AudioFileError(f"cannot read '{jams_path}': {exc}") from exc
        tracks.append(_track(root, m, ann, metadata["seed"]))
    dmeta = {k: v for k, v in metadata.items() if k != "tracks"}
    return Dataset(name, root, tracks, dmeta)
