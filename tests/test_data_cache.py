"""Tests of mirlab.data.cache (render once, reuse) and of the data command line."""

import subprocess
import sys

import pytest

import mirlab.data as data
from mirlab.data import cache
from mirlab.data.cli import main
from mirlab.data.synth import chords
from mirlab.errors import ParameterError

SMALL = dict(n=2, duration=4.0, progress=False, jobs=1)


def _spy(monkeypatch):
    calls = []
    real = chords.generate

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(chords, "generate", spy)
    return calls


def test_second_call_reads_the_cache(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    first = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    assert len(calls) == 1 and first.metadata["cache"] is False
    folder = first.root
    assert folder.parent == tmp_path / "synth" and folder.name.startswith("chords-")
    assert (folder / cache.MARKER).is_file()
    mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    second = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    assert len(calls) == 1 and second.metadata["cache"] is True
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == mtimes
    assert second.track_ids() == first.track_ids()
    for a, b in zip(first, second):
        assert a.audio_path == b.audio_path
        assert (a.annotations["chords"][1]) == (b.annotations["chords"][1])
    assert [p.name for p in (tmp_path / "synth").iterdir()] == [folder.name]  # no partial folders left


def test_other_arguments_get_another_folder(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    a = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    b = data.load_synth("chords", cache_dir=tmp_path, seed=1, **SMALL)
    c = data.load_synth("chords", cache_dir=tmp_path, **{**SMALL, "duration": 5.0})
    assert len(calls) == 3 and len({a.root, b.root, c.root}) == 3
    # jobs and progress do not change the audio, so they are not part of the key
    d = data.load_synth("chords", cache_dir=tmp_path, **{**SMALL, "jobs": 2, "progress": True})
    assert len(calls) == 3 and d.root == a.root


def test_a_partial_cache_is_rendered_again(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    first = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    (first.root / cache.MARKER).unlink()  # as if the build was interrupted before the end
    (first.root / "audio" / "chords_0001.wav").unlink()
    again = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    assert len(calls) == 2 and again.metadata["cache"] is False
    assert (again.root / cache.MARKER).is_file() and again[1].audio_path.is_file()


def test_a_corrupt_cache_is_rendered_again(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    first = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    (first.root / "metadata.json").write_text("{not json")
    again = data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    assert len(calls) == 2 and again.metadata["cache"] is False and len(again) == 2


def test_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("MIRLAB_DATA", str(tmp_path / "env"))
    assert cache.cache_root() == tmp_path / "env" / "synth"
    monkeypatch.setenv("MIRLAB_SMOKE", "1")
    small = cache.cache_path("genres")
    monkeypatch.delenv("MIRLAB_SMOKE")
    assert small != cache.cache_path("genres")
    assert cache.cache_path("genres") == cache.cache_path("genres", n=100, duration=30.0)
    monkeypatch.delenv("MIRLAB_DATA")
    assert cache.cache_root().parts[-3:] == (".cache", "mirlab", "synth")


def test_clear_cache_and_errors(tmp_path):
    data.load_synth("chords", cache_dir=tmp_path, **SMALL)
    assert cache.clear_cache("keys", cache_dir=tmp_path) == 0
    assert cache.clear_cache("chords", cache_dir=tmp_path) == 1
    assert not any((tmp_path / "synth").iterdir())
    with pytest.raises(ParameterError, match="unknown generated set"):
        data.load_synth("beatles", cache_dir=tmp_path)
    with pytest.raises(ParameterError, match="n must be"):
        data.load_synth("chords", n=0, cache_dir=tmp_path, progress=False)


def test_synth_uses_the_book_defaults(tmp_path):
    ds = data.synth("instruments", 2, out_dir=tmp_path, progress=False)
    assert len(ds) == 2 and ds.metadata["options"]["kinds"] == ["note", "phrase"]
    assert set(data.SETS) == {"chords", "keys", "rhythm", "instruments", "genres", "quality"}
    import mirlab.data.synth.genres as genres_module  # the callable `synth` is also the package

    assert genres_module.NAME == "genres" and data.synth.generate is not None


def test_importing_mirlab_data_is_light():
    heavy = ("librosa", "pretty_midi", "jams", "mir_eval", "midirenderer")
    code = f"import sys, mirlab.data; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_synth_into_a_folder(tmp_path, capsys):
    assert main(["synth", "chords", "--n", "2", "--seed", "3", "--duration", "4", "--out", str(tmp_path),
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "chords: 2 tracks" in out and "midirenderer" in out
    assert sorted(p.name for p in (tmp_path / "audio").iterdir()) == ["chords_0000.wav", "chords_0001.wav"]
    assert chords.load(tmp_path).metadata["seed"] == 3


def test_cli_options_cache_and_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MIRLAB_DATA", str(tmp_path))
    assert main(["synth", "quality", "--n", "1", "--duration", "4", "--option", "bitrates=[32,64]", "--quiet"]) == 0
    assert "quality: 3 tracks" in capsys.readouterr().out
    assert any(p.name.startswith("quality-") for p in (tmp_path / "synth").iterdir())
    assert main(["list"]) == 0
    assert "genres" in capsys.readouterr().out
    assert main(["synth", "chords", "--n", "1", "--out", str(tmp_path / "x"), "--option", "colour=1",
                 "--quiet"]) == 2
    assert "error" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["synth", "polka"])


def test_python_dash_m_mirlab_data(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mirlab.data", "synth", "chords", "--n", "1", "--seed", "0", "--duration", "4",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "synth chords" in proc.stderr  # the tqdm progress bar
    assert (tmp_path / "metadata.json").is_file() and (tmp_path / "audio" / "chords_0000.wav").is_file()
