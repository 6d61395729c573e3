"""``mirlab analyze AUDIO [--json]``: the four classical-MIR tools on one file, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mir_eval
import numpy as np
import pytest
import soundfile as sf

from mirlab import audio
from mirlab.analyze import analyze, analyze_file, format_table, main
from mirlab.cli import main as cli_main
from mirlab.data import load_synth


@pytest.fixture(scope="module")
def groove(tmp_path_factory):
    """A generated drum groove (beats annotated), saved as a 44.1 kHz stereo FLAC."""
    track = load_synth("rhythm", n=1, seed=11, progress=False)[0]
    y, sr = track.load_audio(sr=44100)
    path = tmp_path_factory.mktemp("analyze") / "groove.flac"
    sf.write(path, np.stack([y, 0.8 * y], axis=1), 44100)
    return path, track


@pytest.fixture(scope="module")
def progression(tmp_path_factory):
    """A generated chord progression without drums (chords and key annotated)."""
    track = load_synth("chords", n=1, seed=12, progress=False)[0]
    y, sr = track.load_audio(sr=22050)
    path = tmp_path_factory.mktemp("analyze") / "progression.wav"
    audio.save(path, y, sr)
    return path, track


def _check_format(result, duration):
    assert set(result) >= {"tempo", "beats", "key", "chords"}
    assert isinstance(result["tempo"], float) and 30 <= result["tempo"] <= 300
    beats = np.asarray(result["beats"])
    assert np.all(np.diff(beats) > 0) and np.all((beats >= 0) & (beats <= duration + 1e-6))
    mir_eval.key.validate_key(result["key"])
    chords = result["chords"]
    intervals = np.array([c[:2] for c in chords], dtype=float)
    labels = [c[2] for c in chords]
    mir_eval.util.validate_intervals(intervals)
    mir_eval.chord.validate(labels, labels)  # raises on a label mir_eval cannot read
    assert intervals[0, 0] == pytest.approx(0.0, abs=0.05)
    assert intervals[-1, 1] == pytest.approx(duration, abs=0.1)
    np.testing.assert_allclose(intervals[1:, 0], intervals[:-1, 1], atol=1e-6)  # contiguous


def test_json_output_has_the_documented_fields_and_follows_the_beat(groove, capsys):
    path, track = groove
    assert main([str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["tempo", "beats", "key", "chords"]
    duration = sf.info(path).duration
    _check_format(result, duration)
    ref = mir_eval.beat.trim_beats(np.asarray(track.annotations["beats"]))
    est = mir_eval.beat.trim_beats(np.asarray(result["beats"]))
    assert mir_eval.beat.f_measure(ref, est) >= 0.8


def test_chords_and_key_of_a_progression_without_drums(progression):
    path, track = progression
    result = analyze_file(path)
    _check_format(result, result["duration"])
    ref_intervals, ref_labels = track.annotations["chords"]
    est_intervals = np.array([c[:2] for c in result["chords"]])
    est_labels = [c[2] for c in result["chords"]]
    scores = mir_eval.chord.evaluate(ref_intervals, ref_labels, est_intervals, est_labels)
    assert scores["majmin"] >= 0.7


def test_table_output(progression, capsys):
    path, _ = progression
    assert cli_main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    result = analyze_file(path)
    assert f"key     {result['key']}" in out
    assert f"{result['tempo']:.1f} BPM" in out
    assert out.count("\n") >= 5 + len(result["chords"])


def test_format_table_shortens_long_beat_lists():
    text = format_table({"tempo": 100.0, "beats": list(np.arange(40) * 0.6), "key": "A minor",
                         "chords": [[0.0, 24.0, "A:min"]]}, max_beats=4)
    assert "40 beats: 0.00 0.60 1.20 1.80 ..." in text


@pytest.mark.parametrize("content, message", [
    (None, "no such audio file"),
    (b"this is not audio at all" * 10, "cannot|could not|not .*audio|corrupt|unknown|format"),
])
def test_unreadable_file_is_a_clear_error(tmp_path, capsys, content, message):
    path = tmp_path / "song.wav"
    if content is not None:
        path.write_bytes(content)
    assert main([str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("mirlab analyze: error:")
    assert "song.wav" in captured.err
    import re

    assert re.search(message, captured.err, flags=re.IGNORECASE), captured.err
    if content is not None:
        assert path.read_bytes() == content  # nothing is lost


def test_silent_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "silence.wav"
    sf.write(path, np.zeros(22050 * 2), 22050)
    assert main([str(path)]) == 1
    assert "silent" in capsys.readouterr().err


def test_wrong_input_to_analyze():
    from mirlab.errors import ParameterError, SilentAudioError

    with pytest.raises(SilentAudioError):
        analyze(np.zeros(22050), 22050)
    with pytest.raises(ParameterError, match="sr"):
        analyze(np.ones(22050) * 0.1, -1)
    with pytest.raises(ParameterError):
        analyze(np.full(22050, np.nan), 22050)
    with pytest.raises(ParameterError, match=r"lasts 0\.5 s.*at least 1 s"):
        analyze(np.ones(11025) * 0.1, 22050)


def test_console_script_is_installed(progression):
    path, _ = progression
    exe = Path(sys.executable).with_name("mirlab")
    proc = subprocess.run([str(exe), "analyze", str(path), "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["key"] == analyze_file(path)["key"]
