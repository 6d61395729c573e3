"""Analyse a recording with the classical-MIR tools: tempo, beats, key and chords.

Book chapter: *Classical MIR* (book/classical/index.md). This is what ``mirlab analyze AUDIO``
runs; each field comes from the stable API of one page of the chapter:

* ``tempo``: :func:`mirlab.tempo.estimate` (book/classical/onsets.md),
* ``beats``: :func:`mirlab.beats.track` (book/classical/beats.md),
* ``key``: :func:`mirlab.key.estimate` (book/classical/key.md),
* ``chords``: :func:`mirlab.chords.recognize` (book/classical/chords.md).
"""

from __future__ import annotations

import json
import pathlib
from typing import Union

import numpy as np

from .audio import _check_rate, load, valid_audio
from .errors import ParameterError

__all__ = ["analyze", "analyze_file", "format_table", "to_json"]

#: Rate the analysis runs at: every tool of the chapter is designed for it.
SR = 22050
#: Shortest signal analysed, in seconds: below it there is no tempo, beat or key to speak of.
MIN_DURATION = 1.0


def analyze(y: np.ndarray, sr: float, *, progress: bool = False) -> dict:
    """Tempo, beats, key and chords of a mono signal.

    Book chapter: *Classical MIR* (book/classical/index.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal (not silent).
    sr : float
        Its sampling rate in Hz.
    progress : bool
        Show a tqdm bar over the four analyses.

    Returns
    -------
    result : dict
        ``{"tempo": float (BPM, the value of :func:`mirlab.tempo.estimate`), "beats": list of float (s), "key": str (mir_eval format),
        "chords": [[start, end, label], ...]}`` with chord labels in mir_eval's format
        (``C:maj``, ``A:min``, ``N``) and plain Python numbers, ready for :func:`json.dumps`.

    Raises
    ------
    mirlab.errors.SilentAudioError
        The signal is digital silence: there is nothing to analyse.
    mirlab.errors.ParameterError
        A wrong sampling rate, a signal that is not audio (NaN, wrong shape) or one shorter than
        :data:`MIN_DURATION` (1 s).

    See Also
    --------
    analyze_file, mirlab.tempo.estimate, mirlab.beats.track, mirlab.key.estimate,
    mirlab.chords.recognize

    Examples
    --------
    >>> from mirlab import analyze, signals
    >>> y = signals.harmonic_tone(220.0, 1.5, sr=22050)
    >>> sorted(analyze.analyze(y, 22050))
    ['beats', 'chords', 'key', 'tempo']
    """
    from tqdm.auto import tqdm

    from . import beats, chords, chroma, key

    sr = _check_rate(sr)
    y = valid_audio(y, mono=True, allow_silent=False)
    if len(y) < MIN_DURATION * sr:
        raise ParameterError(
            f"the signal lasts {len(y) / sr:.3g} s: tempo, beats, key and chords need at least "
            f"{MIN_DURATION:g} s of music"
        )
    steps = tqdm(total=4, desc="analyze", unit="task", disable=not progress, leave=False)
    # One decoding gives both: tempo.estimate(y, sr) is the tempo of beats.track(y, sr).
    beat_times, bpm = beats.track_with_tempo(y, sr)
    beat_times = np.asarray(beat_times, dtype=float)
    steps.update(2)
    # Key and chords both remove the percussion first: do it once (the same results as the defaults).
    y_harmonic = chroma.harmonic(y)
    k = str(key.estimate(y_harmonic, sr, percussion=None))
    steps.update()
    intervals, labels = chords.recognize(y_harmonic, sr, percussion=None)
    steps.update()
    steps.close()
    return {
        "tempo": round(bpm, 2),
        "beats": [round(float(t), 3) for t in beat_times],
        "key": k,
        "chords": [[round(float(s), 3), round(float(e), 3), str(lab)] for (s, e), lab in zip(intervals, labels)],
    }


def analyze_file(path: Union[str, pathlib.Path], *, progress: bool = False) -> dict:
    """Load an audio file (any format soundfile reads) and :func:`analyze` it.

    Book chapter: *Classical MIR* (book/classical/index.md).

    Parameters
    ----------
    path : str or pathlib.Path
        The audio file; stereo is mixed down to mono and the signal resampled to 22050 Hz.
    progress : bool
        Show a tqdm bar.

    Returns
    -------
    result : dict
        As :func:`analyze`, plus ``"file"`` (the path) and ``"duration"`` (seconds).

    Raises
    ------
    mirlab.errors.AudioFileError
        The file is missing, unreadable, corrupt or truncated.
    mirlab.errors.SilentAudioError
        The file holds only digital silence.
    """
    y, sr = load(path, sr=SR, mono=True)
    result = analyze(y, sr, progress=progress)
    return {"file": str(path), "duration": round(len(y) / sr, 3), **result}


def to_json(result: dict) -> str:
    """The analysis as JSON text (the output of ``mirlab analyze AUDIO --json``).

    Book chapter: *Classical MIR* (book/classical/index.md).

    Parameters
    ----------
    result : dict
        The output of :func:`analyze` or :func:`analyze_file`.

    Returns
    -------
    text : str

    Examples
    --------
    >>> from mirlab.analyze import to_json
    >>> print(to_json({"tempo": 120.0, "beats": [0.5], "key": "C major", "chords": [[0.0, 2.0, "C:maj"]]}))
    {"tempo": 120.0, "beats": [0.5], "key": "C major", "chords": [[0.0, 2.0, "C:maj"]]}
    """
    return json.dumps(result)


def format_table(result: dict, *, max_beats: int = 16) -> str:
    """The analysis as a readable text table (the default output of ``mirlab analyze AUDIO``).

    Book chapter: *Classical MIR* (book/classical/index.md).

    Parameters
    ----------
    result : dict
        The output of :func:`analyze` or :func:`analyze_file`.
    max_beats : int
        Beats listed before "..." (all of them are counted).

    Returns
    -------
    text : str

    Examples
    --------
    >>> from mirlab.analyze import format_table
    >>> print(format_table({"tempo": 120.0, "beats": [0.5, 1.0], "key": "C major",
    ...                     "chords": [[0.0, 2.0, "C:maj"], [2.0, 4.0, "G:maj"]]}))
    tempo   120.0 BPM
    key     C major
    beats   2 beats: 0.50 1.00
    chords  2 segments
       start     end  chord
       0.000   2.000  C:maj
       2.000   4.000  G:maj
    """
    lines = []
    if "file" in result:
        lines.append(f"file    {result['file']} ({result['duration']:.1f} s)")
    lines.append(f"tempo   {result['tempo']:.1f} BPM")
    lines.append(f"key     {result['key']}")
    beats = result["beats"]
    shown = " ".join(f"{t:.2f}" for t in beats[:max_beats])
    more = " ..." if len(beats) > max_beats else ""
    lines.append(f"beats   {len(beats)} beats: {shown}{more}".rstrip())
    lines.append(f"chords  {len(result['chords'])} segments")
    lines.append(f"{'start':>8} {'end':>7}  chord")
    for start, end, label in result["chords"]:
        lines.append(f"{start:8.3f} {end:7.3f}  {label}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """``mirlab analyze AUDIO [--json]``: print tempo, beats, key and chords of an audio file.

    Book chapter: *Classical MIR* (book/classical/index.md).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    status : int
        0 on success, 1 when the file cannot be analysed (the reason is printed on stderr).
    """
    import argparse
    import sys

    from .errors import MirlabError

    parser = argparse.ArgumentParser(
        prog="mirlab analyze",
        description="Tempo, beats, key and chords of an audio file (any format soundfile reads).",
    )
    parser.add_argument("audio", help="the audio file (WAV, FLAC, OGG, MP3, ...)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    args = parser.parse_args(argv)
    try:
        result = analyze_file(args.audio, progress=args.progress)
    except MirlabError as err:
        print(f"mirlab analyze: error: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(to_json({k: result[k] for k in ("tempo", "beats", "key", "chords")}))
    else:
        print(format_table(result))
    return 0
