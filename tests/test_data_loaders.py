"""Tests of the real-dataset loaders on tiny fixtures written in each dataset's real on-disk format.

Every fixture uses the dataset's own folder and file names, file formats and index/split files
(short sine WAV/MP3 files made with soundfile). Annotations are checked against mir_eval.io's
parsing of the same files and, where mirdata covers the dataset, against mirdata's loader
(given an index written for the fixture, since mirdata 1.0 downloads its indexes). Nothing is
downloaded from the internet: the download path is tested against a server on 127.0.0.1.
"""

from __future__ import annotations

import csv
import hashlib
import http.server
import io
import json
import pathlib
import tarfile
import threading
import zipfile

import mir_eval
import numpy as np
import pytest
import soundfile as sf

from mirlab.data.download import DatasetNotFoundError, Remote
from mirlab.data.loaders import (
    load_ballroom,
    load_beatles,
    load_deam,
    load_gtzan,
    load_jamendo,
    load_magnatagatune,
)
from mirlab.data.loaders import _common, _gtzan_splits
from mirlab.data.types import Dataset, Track
from mirlab.errors import ParameterError

SR = 22050
TYPES_KEYS = {"beats", "downbeats", "tempo", "meter", "chords", "key", "notes", "onsets", "instrument",
              "genre", "tags", "mood_cluster", "valence", "arousal"}


def _audio_bytes(fmt="WAV", seconds=0.1, freq=440.0):
    t = np.arange(int(SR * seconds)) / SR
    y = (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    buf = io.BytesIO()
    sf.write(buf, y, SR, format=fmt)
    return buf.getvalue()


WAV = _audio_bytes("WAV")
MP3 = _audio_bytes("MP3")


def _write(path: pathlib.Path, data) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data)
    return path


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    """No test may reach the internet; mirdata (if asked) finds no index unless a test gives one."""
    monkeypatch.setenv("MIRLAB_OFFLINE", "1")
    monkeypatch.setenv("MIRLAB_DATA", str(tmp_path / "data_home"))


@pytest.fixture
def mirdata_index(monkeypatch, tmp_path):
    """Make mirdata read an index written by the test (instead of the Zenodo one)."""
    import mirdata
    from mirdata import core

    indexes = {}
    real = core.Index.get_path

    def get_path(self):
        return indexes.get(self.filename, str(tmp_path / "no_such_index" / self.filename))

    monkeypatch.setattr(core.Index, "get_path", get_path)

    def add(dataset_name, tracks):
        ds = mirdata.initialize(dataset_name)
        filename = ds._index_data.filename
        path = tmp_path / "indexes" / filename
        _write(path, json.dumps({"version": "test", "tracks": tracks}))
        indexes[filename] = str(path)

    yield add
    monkeypatch.setattr(core.Index, "get_path", real)


@pytest.fixture
def local_server(monkeypatch):
    """An HTTP server on 127.0.0.1 serving ``files`` (path -> bytes); shut down after the test."""
    files = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = 5

        def log_message(self, *a):
            pass

        def do_GET(self):
            data = files.get(self.path)
            if data is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.delenv("MIRLAB_OFFLINE")
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        yield base, files
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _tar_gz(members: dict) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            data = data if isinstance(data, bytes) else data.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _check_dataset(ds, name):
    assert isinstance(ds, Dataset) and ds.name == name
    assert all(isinstance(t, Track) for t in ds)
    for t in ds:
        assert set(t.annotations) <= TYPES_KEYS, set(t.annotations) - TYPES_KEYS
        for key in ("beats", "downbeats"):
            if key in t.annotations:
                mir_eval.beat.validate(t.annotations[key], t.annotations[key])
        if "chords" in t.annotations:
            intervals, labels = t.annotations["chords"]
            assert intervals.shape == (len(labels), 2)
            mir_eval.chord.validate(labels, labels)
        if "key" in t.annotations:
            mir_eval.key.validate_key(t.annotations["key"])


def _same_tracks(a, b):
    assert sorted(a.track_ids()) == sorted(b.track_ids())
    for t in a:
        u = b[t.track_id]
        if t.audio_path is None or u.audio_path is None:
            assert t.audio_path == u.audio_path
        else:
            assert t.audio_path.relative_to(a.root) == u.audio_path.relative_to(b.root)
        assert set(t.annotations) == set(u.annotations)
        for k, v in t.annotations.items():
            w = u.annotations[k]
            if isinstance(v, np.ndarray):
                np.testing.assert_allclose(v, w)
            elif isinstance(v, tuple):
                np.testing.assert_allclose(v[0], w[0])
                assert list(v[1]) == list(w[1])
            elif isinstance(v, float):
                assert v == pytest.approx(w)
            else:
                assert v == w


# ============================================================================================
# GTZAN


def _gtzan(root, *, genres=_gtzan_splits.GENRES, beats_for=("blues.00000", "hiphop.00012"),
           layout="mirdata"):
    base = {"mirdata": root / "gtzan_genre" / "genres", "kaggle": root / "Data" / "genres_original"}[layout]
    for g in genres:
        for n in range(100):
            _write(base / g / f"{g}.{n:05d}.wav", WAV)
    for tid in beats_for:
        stem = "gtzan_" + tid.replace(".", "_")
        # Marchand & Peeters' format: "time<TAB>position-in-bar"
        rows = [(0.5 + 0.5 * i, i % 4 + 1) for i in range(12)]
        _write(root / "gtzan_tempo_beat-main" / "beats" / f"{stem}.beats",
               "".join(f"{t:.3f}\t{p}\n" for t, p in rows))
        _write(root / "gtzan_tempo_beat-main" / "tempo" / f"{stem}.bpm", "120\n")
    return root


def test_gtzan_split_lists_are_faithful():
    for split, size in _gtzan_splits.SPLIT_SIZES.items():
        ids = _gtzan_splits.split_ids(split)
        assert len(ids) == len(set(ids)) == size
        assert hashlib.sha256("\n".join(ids).encode()).hexdigest() == _gtzan_splits.SHA256[split]
    sets = [set(_gtzan_splits.split_ids(s)) for s in ("train", "validation", "test")]
    assert not (sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2])
    assert len(set.union(*sets)) == 930


def test_gtzan_all_and_splits(tmp_path):
    root = _gtzan(tmp_path / "gtzan")
    ds = load_gtzan(root, backend="files")
    _check_dataset(ds, "gtzan")
    assert len(ds) == 1000 and ds.metadata["backend"] == "files"
    assert {t.annotations["genre"] for t in ds} == set(_gtzan_splits.GENRES)
    assert ds["hiphop.00042"].annotations["genre"] == "hiphop"
    assert sum(t.metadata["split"] is None for t in ds) == 70
    parts = {s: load_gtzan(root, split=s, backend="files") for s in ("train", "validation", "test")}
    assert [len(parts[s]) for s in parts] == [443, 197, 290]
    ids = [set(p.track_ids()) for p in parts.values()]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert parts["test"].track_ids() == _gtzan_splits.split_ids("test")
    assert all(t.metadata["split"] == "test" for t in parts["test"])
    y, sr = parts["train"][0].load_audio(sr=None)
    assert sr == SR and y.ndim == 1 and len(y) == int(0.1 * SR)


def test_gtzan_beats_round_trip_with_mir_eval(tmp_path):
    root = _gtzan(tmp_path / "gtzan")
    t = load_gtzan(root, backend="files")["blues.00000"]
    path = root / "gtzan_tempo_beat-main" / "beats" / "gtzan_blues_00000.beats"
    times, labels = mir_eval.io.load_labeled_events(str(path))
    np.testing.assert_allclose(t.annotations["beats"], times)
    np.testing.assert_allclose(t.annotations["downbeats"], times[np.asarray(labels) == "1"])
    assert t.annotations["tempo"] == 120.0
    assert "beats" not in load_gtzan(root, backend="files")["blues.00001"].annotations


def test_gtzan_kaggle_layout_and_au(tmp_path):
    root = _gtzan(tmp_path / "k", layout="kaggle", beats_for=())
    au = root / "Data" / "genres_original" / "rock" / "rock.00099.au"
    (au.with_suffix(".wav")).unlink()
    sf.write(au, np.zeros(100, dtype=np.float32) + 0.1, SR, format="AU")
    ds = load_gtzan(root)
    assert len(ds) == 1000 and ds["rock.00099"].audio_path == au


def test_gtzan_missing_and_incomplete(tmp_path):
    root = tmp_path / "nothing_here"
    with pytest.raises(DatasetNotFoundError) as info:
        load_gtzan(root)
    msg = str(info.value)
    assert str(root) in msg and "genres.tar.gz" in msg and "gtzan_genre/genres/blues/blues.00000.wav" in msg

    root = _gtzan(tmp_path / "partial", genres=("blues", "rock"), beats_for=())
    with pytest.raises(DatasetNotFoundError, match="classical"):
        load_gtzan(root)

    root = _gtzan(tmp_path / "holes", beats_for=())
    missing = _gtzan_splits.split_ids("test")[3]
    (root / "gtzan_genre" / "genres" / missing.split(".")[0] / f"{missing}.wav").unlink()
    with pytest.raises(DatasetNotFoundError, match=missing.replace(".", r"\.")):
        load_gtzan(root, split="test")
    with pytest.warns(UserWarning, match="999 clips"):
        assert len(load_gtzan(root)) == 999


def test_gtzan_bad_arguments(tmp_path):
    with pytest.raises(ParameterError):
        load_gtzan(tmp_path, split="valid")
    with pytest.raises(ParameterError):
        load_gtzan(tmp_path, backend="torch")


def test_gtzan_download_offline_fails_at_once(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="MIRLAB_OFFLINE") as info:
        load_gtzan(tmp_path / "g", download=True)
    assert "genres.tar.gz" in str(info.value)


def test_gtzan_download_of_optional_beats_failing_only_warns(tmp_path):
    root = _gtzan(tmp_path / "g", beats_for=())
    with pytest.warns(UserWarning, match="beat annotations could not be downloaded"):
        ds = load_gtzan(root, download=True, backend="files")
    assert len(ds) == 1000 and not ds.metadata["has_beats"]


def test_gtzan_default_root_is_data_home(tmp_path):
    with pytest.raises(DatasetNotFoundError, match=str(tmp_path / "data_home" / "gtzan")):
        load_gtzan()


def test_gtzan_through_mirdata(tmp_path, mirdata_index):
    root = _gtzan(tmp_path / "gtzan")
    tracks = {}
    for g in _gtzan_splits.GENRES:
        for n in range(100):
            tid, stem = f"{g}.{n:05d}", f"gtzan_{g}_{n:05d}"
            has = tid in ("blues.00000", "hiphop.00012")
            tracks[tid] = {
                "audio": [f"gtzan_genre/genres/{g}/{tid}.wav", None],
                "beats": [f"gtzan_tempo_beat-main/beats/{stem}.beats" if has else None, None],
                "tempo": [f"gtzan_tempo_beat-main/tempo/{stem}.bpm" if has else None, None],
            }
    mirdata_index("gtzan_genre", tracks)
    via_mirdata = load_gtzan(root, backend="mirdata")
    assert via_mirdata.metadata["backend"] == "mirdata"
    assert load_gtzan(root).metadata["backend"] == "mirdata"  # auto picks it
    _check_dataset(via_mirdata, "gtzan")
    _same_tracks(via_mirdata, load_gtzan(root, backend="files"))
    assert via_mirdata["hiphop.00012"].annotations["genre"] == "hiphop"  # not mirdata's "hip-hop"


def test_gtzan_mirdata_backend_without_index(tmp_path):
    import mirdata  # noqa: F401 - a declared dependency (extra "data")
    root = _gtzan(tmp_path / "gtzan", genres=("blues",), beats_for=())
    with pytest.raises(DatasetNotFoundError, match="index"):
        load_gtzan(root, backend="mirdata")


# ============================================================================================
# Beatles (Isophonics)

ALBUM, SONG = "01_-_Please_Please_Me", "11_-_Do_You_Want_To_Know_A_Secret"
ALBUM2, SONG2 = "10CD2_-_The_Beatles", "CD2_-_12_-_Revolution_9"
CHORDS = "0.000000 0.497838 N\n0.497838 4.586464 E\n4.586464 6.989730 E:min\n6.989730 9.985104 G\n9.985104 12.0 A:7/3\n"
KEYS = "0.000\t0.497838\tSilence\n0.497838\t100.0\tKey\tE\n100.0\t119.333\tKey\tA:minor\n"
# as mirdata's test copy of this song's beat file: "time  position", two spaces
BEATS = "13.249  2\n13.959  3\n14.416  4\n14.965  1\n15.453  2\n15.929  3\n16.428  4\n16.9  1\n"
# some files have positions "New Point", inferred from the neighbouring beats
BEATS_NEW_POINT = ("13.249\t2\n13.959\t3\n14.416\t4\n14.965\t1\n15.453\tNew Point\n15.929\t3\n"
                   "16.428\t4\n16.9\tNew Point\n")
SECTIONS = "0.000000\t0.465000\t1\tsilence\n0.465000\t14.931000\t2\tintro\n"


def _beatles(root, *, audio=True):
    ann = root / "annotations"
    _write(ann / "chordlab" / "The Beatles" / ALBUM / f"{SONG}.lab", CHORDS)
    _write(ann / "keylab" / "The Beatles" / ALBUM / f"{SONG}.lab", KEYS)
    _write(ann / "beat" / "The Beatles" / ALBUM / f"{SONG}.txt", BEATS)
    _write(ann / "seglab" / "The Beatles" / ALBUM / f"{SONG}.lab", SECTIONS)
    _write(ann / "chordlab" / "The Beatles" / ALBUM2 / f"{SONG2}.lab", "0.0 2.5 N\n2.5 7.0 X\n")
    _write(ann / "seglab" / "The Beatles" / ALBUM2 / f"{SONG2}.lab", "0.0\t7.0\t1\tsilence\n")
    if audio:
        _write(root / "audio" / ALBUM / f"{SONG}.wav", WAV)
    return root


def test_beatles_annotations_round_trip(tmp_path):
    root = _beatles(tmp_path / "beatles")
    ds = load_beatles(root, backend="files")
    _check_dataset(ds, "beatles")
    assert sorted(ds.track_ids()) == ["0111", "10212"]
    t = ds["0111"]
    ref_int, ref_lab = mir_eval.io.load_labeled_intervals(
        str(root / "annotations" / "chordlab" / "The Beatles" / ALBUM / f"{SONG}.lab"))
    np.testing.assert_allclose(t.annotations["chords"][0], ref_int)
    assert t.annotations["chords"][1] == ref_lab
    assert t.annotations["key"] == "E major"  # the longest key
    k_int, k_lab = t.metadata["keys"]
    assert k_lab == ["E major", "A minor"] and k_int.shape == (2, 2)
    beats = np.array([13.249, 13.959, 14.416, 14.965, 15.453, 15.929, 16.428, 16.9])
    np.testing.assert_allclose(t.annotations["beats"], beats)
    np.testing.assert_allclose(t.annotations["downbeats"], [14.965, 16.9])
    assert t.annotations["tempo"] == pytest.approx(60 / np.median(np.diff(beats)))
    assert t.metadata["sections"][1] == ["silence", "intro"]
    assert t.metadata["title"] == "Do You Want To Know A Secret"
    assert t.audio_path == root / "audio" / ALBUM / f"{SONG}.wav"
    r = ds["10212"]
    assert r.audio_path is None and set(r.annotations) == {"chords"}


@pytest.mark.parametrize("content", [BEATS, BEATS_NEW_POINT])
def test_beatles_beat_parser_matches_mirdata(tmp_path, content):
    from mirdata.datasets import beatles
    path = _write(tmp_path / "beats.txt", content)
    ref = beatles.load_beats(str(path))
    times, positions = _common.read_beats(path)
    np.testing.assert_allclose(times, ref.times)
    np.testing.assert_array_equal(positions, ref.positions)
    np.testing.assert_array_equal(positions, [2, 3, 4, 1, 2, 3, 4, 1])


def test_beatles_through_mirdata(tmp_path, mirdata_index):
    root = _beatles(tmp_path / "beatles")
    rel = lambda kind, album, song, ext: f"annotations/{kind}/The Beatles/{album}/{song}.{ext}"  # noqa: E731
    mirdata_index("beatles", {
        "0111": {"audio": [f"audio/{ALBUM}/{SONG}.wav", None], "beat": [rel("beat", ALBUM, SONG, "txt"), None],
                 "chords": [rel("chordlab", ALBUM, SONG, "lab"), None],
                 "keys": [rel("keylab", ALBUM, SONG, "lab"), None],
                 "sections": [rel("seglab", ALBUM, SONG, "lab"), None]},
        "10212": {"audio": [f"audio/{ALBUM2}/{SONG2}.wav", None], "beat": [None, None],
                  "chords": [rel("chordlab", ALBUM2, SONG2, "lab"), None], "keys": [None, None],
                  "sections": [rel("seglab", ALBUM2, SONG2, "lab"), None]},
    })
    via = load_beatles(root)
    assert via.metadata["backend"] == "mirdata"
    _same_tracks(via, load_beatles(root, backend="files"))
    assert via["0111"].metadata["sections"][1] == ["silence", "intro"]


def test_beatles_missing(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        load_beatles(tmp_path / "none")
    msg = str(info.value)
    assert str(tmp_path / "none") in msg and "isophonics.net" in msg and "annotations/chordlab" in msg
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetNotFoundError, match="no chord annotations"):
        load_beatles(tmp_path / "empty")


def test_beatles_download_from_a_local_server(tmp_path, monkeypatch, local_server):
    """download=True fetches the archive (md5-checked) and unpacks it into annotations/."""
    base, files = local_server
    src = _beatles(tmp_path / "src", audio=False) / "annotations"
    data = _tar_gz({str(p.relative_to(src)): p.read_bytes() for p in src.rglob("*") if p.is_file()})
    files["/a.tar.gz"] = data
    from mirlab.data.loaders import beatles as mod

    remote = Remote("The Beatles Annotations.tar.gz", base + "/a.tar.gz", md5=hashlib.md5(data).hexdigest(),
                    destination="annotations")
    monkeypatch.setattr(mod, "_remotes", lambda: {"annotations": remote})
    ds = load_beatles(tmp_path / "fresh", download=True, backend="files", progress=False)
    assert sorted(ds.track_ids()) == ["0111", "10212"]
    assert ds["0111"].annotations["key"] == "E major"
    assert (tmp_path / "fresh" / "The Beatles Annotations.tar.gz").is_file()  # kept: the cache


@pytest.mark.parametrize(
    "label, expected",
    [("C", "C major"), ("A:minor", "A minor"), ("Eb:minor", "Eb minor"), ("F#", "F# major"),
     ("Bb:min", "Bb minor"), ("D:mixolydian", "D other"), ("Cb", "B major"), ("?", "X")],
)
def test_key_labels_to_mir_eval(label, expected):
    assert _common.key_to_mir_eval(label) == expected
    mir_eval.key.validate_key(expected)


# ============================================================================================
# Ballroom

BALLROOM = {"Albums-Cafe_Paradiso-05": ("ChaChaCha", 4), "Media-105901": ("Waltz", 3)}


def _ballroom(root, *, beats=True):
    b = root / "B_1.0"
    for tid, (style, per_bar) in BALLROOM.items():
        _write(b / "audio" / style / f"{tid}.wav", WAV)
        if beats:
            # the real files: "time position", one space
            rows = [(0.25 + 0.5 * i, i % per_bar + 1) for i in range(10)]
            _write(b / "annotations" / "beats" / f"{tid}.beats", "".join(f"{t} {p}\n" for t, p in rows))
        _write(b / "annotations" / "tempo" / f"{tid}.bpm", "124\n" if per_bar == 4 else "87\n")
    return root


def test_ballroom_round_trip(tmp_path):
    root = _ballroom(tmp_path / "ballroom")
    ds = load_ballroom(root, backend="files")
    _check_dataset(ds, "ballroom")
    assert ds.track_ids() == sorted(BALLROOM)
    for tid, (style, per_bar) in BALLROOM.items():
        t = ds[tid]
        times, labels = mir_eval.io.load_labeled_events(str(root / "B_1.0/annotations/beats" / f"{tid}.beats"))
        np.testing.assert_allclose(t.annotations["beats"], times)
        np.testing.assert_allclose(t.annotations["downbeats"], times[np.asarray(labels) == "1"])
        assert len(t.annotations["downbeats"]) == -(-10 // per_bar)
        assert t.annotations["tempo"] == (124.0 if per_bar == 4 else 87.0)
        assert t.metadata["style"] == style.lower()
    assert ds.metadata["styles"] == ["chachacha", "waltz"]


def test_ballroom_through_mirdata(tmp_path, mirdata_index):
    root = _ballroom(tmp_path / "ballroom")
    mirdata_index("ballroom", {
        tid: {"audio": [f"B_1.0/audio/{style}/{tid}.wav", None],
              "beats": [f"B_1.0/annotations/beats/{tid}.beats", None],
              "tempo": [f"B_1.0/annotations/tempo/{tid}.bpm", None]}
        for tid, (style, _) in BALLROOM.items()
    })
    via = load_ballroom(root)
    assert via.metadata["backend"] == "mirdata"
    _same_tracks(via, load_ballroom(root, backend="files"))


def test_ballroom_download_unpacks_like_mirdata(tmp_path, monkeypatch, local_server):
    base, files = local_server
    src = _ballroom(tmp_path / "src") / "B_1.0"
    archives = {
        "audio": ("data1.tar.gz", _tar_gz({f"BallroomData/{p.parent.name}/{p.name}": p.read_bytes()
                                            for p in (src / "audio").glob("*/*.wav")})),
        "tempo": ("data2.tar.gz", _tar_gz({f"BallroomAnnotations/ballroomGroundTruth/{p.name}": p.read_bytes()
                                            for p in (src / "annotations" / "tempo").glob("*.bpm")})),
        "beats": ("master.zip", _zip({f"BallroomAnnotations-master/{p.name}": p.read_bytes()
                                      for p in (src / "annotations" / "beats").glob("*.beats")})),
    }
    from mirlab.data.loaders import ballroom as mod

    remotes = {}
    for key, (name, data) in archives.items():
        files["/" + name] = data
        r = mod.REMOTES[key]
        remotes[key] = Remote(name, base + "/" + name, md5=hashlib.md5(data).hexdigest(),
                              destination=r.destination, unpack=r.unpack)
    monkeypatch.setattr(mod, "_remotes", lambda: remotes)
    root = tmp_path / "fresh"
    ds = load_ballroom(root, download=True, backend="files", progress=False)
    assert (root / "B_1.0/audio/Waltz/Media-105901.wav").is_file()
    assert (root / "B_1.0/annotations/beats/Media-105901.beats").is_file()
    assert (root / "B_1.0/annotations/tempo/Media-105901.bpm").is_file()
    _same_tracks(ds, load_ballroom(tmp_path / "src", backend="files"))


def test_ballroom_missing_beats_and_folder(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="BallroomAnnotations") as info:
        load_ballroom(_ballroom(tmp_path / "b", beats=False))
    assert "B_1.0/annotations/beats" in str(info.value)
    with pytest.raises(DatasetNotFoundError, match="data1.tar.gz"):
        load_ballroom(tmp_path / "absent")


# ============================================================================================
# MTG-Jamendo (autotagging_moodtheme)

HEADER = "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n"
JAMENDO = [  # (track id, artist, path, tags, split)
    ("track_0000948", "artist_000087", "48/948.mp3", ["background"], "train"),
    ("track_0003346", "artist_000087", "46/3346.mp3", ["film", "melancholic"], "train"),
    ("track_0003524", "artist_000530", "24/3524.mp3", ["melodic"], "test"),
    ("track_1048681", "artist_359617", "81/1048681.mp3", ["emotional", "sad"], "test"),
    ("track_0786434", "artist_368880", "34/786434.mp3", ["deep"], "validation"),
]


def _row(tid, artist, path, tags):
    return "\t".join([tid, artist, "album_000149", path, "212.7"] + [f"mood/theme---{t}" for t in tags]) + "\n"


def _jamendo(root, *, audio=True):
    data = root / "data"
    _write(data / "autotagging_moodtheme.tsv", HEADER + "".join(_row(*r[:4]) for r in JAMENDO))
    for k in range(5):  # the five official splits (mirdata reads them all)
        for part in ("train", "validation", "test"):
            rows = [r for r in JAMENDO if r[4] == part]
            _write(data / "splits" / f"split-{k}" / f"autotagging_moodtheme-{part}.tsv",
                   HEADER + "".join(_row(*r[:4]) for r in rows))
    if audio:
        for r in JAMENDO:
            _write(root / "audios" / r[2], MP3)
    return root


def test_jamendo_tags_and_splits(tmp_path):
    root = _jamendo(tmp_path / "jam")
    ds = load_jamendo(root, backend="files")
    _check_dataset(ds, "mtg_jamendo")
    assert ds.track_ids() == [r[0] for r in JAMENDO]
    for tid, artist, path, tags, part in JAMENDO:
        t = ds[tid]
        assert t.annotations["tags"] == tags
        assert t.metadata["artist_id"] == artist and t.metadata["split"] == part
        assert t.audio_path == root / "audios" / path
    assert ds.metadata["tags"] == sorted({t for r in JAMENDO for t in r[3]})
    parts = {p: set(load_jamendo(root, split=p, backend="files").track_ids()) for p in ("train", "validation", "test")}
    tr, va, te = parts["train"], parts["validation"], parts["test"]
    assert not (tr & te or tr & va or va & te)
    assert set.union(*parts.values()) == {r[0] for r in JAMENDO}
    y, sr = ds[0].load_audio(sr=None)
    assert sr == SR and y.size > 0


def test_jamendo_through_mirdata(tmp_path, mirdata_index):
    root = _jamendo(tmp_path / "jam")
    mirdata_index("mtg_jamendo_autotagging_moodtheme",
                  {r[0]: {"audio": [f"audios/{r[2]}", None]} for r in JAMENDO})
    via = load_jamendo(root)
    assert via.metadata["backend"] == "mirdata"
    files = load_jamendo(root, backend="files")
    _same_tracks(via, files)
    for t in via:
        assert t.metadata == files[t.track_id].metadata
    assert set(load_jamendo(root, split="test").track_ids()) == {"track_0003524", "track_1048681"}


def test_jamendo_missing_audio_and_metadata(tmp_path):
    root = _jamendo(tmp_path / "jam", audio=False)
    with pytest.raises(DatasetNotFoundError, match="download.py") as info:
        load_jamendo(root)
    assert "5 of the 5" in str(info.value) and "require_audio=False" in str(info.value)
    ds = load_jamendo(root, require_audio=False)
    assert all(t.audio_path is None for t in ds) and ds.metadata["without_audio"] == 5
    (root / "data" / "splits" / "split-2" / "autotagging_moodtheme-test.tsv").unlink()
    with pytest.raises(DatasetNotFoundError, match="split files"):
        load_jamendo(root, split_number=2, require_audio=False)
    with pytest.raises(DatasetNotFoundError, match="zenodo.org/record/3826813"):
        load_jamendo(tmp_path / "nothing")
    with pytest.raises(ParameterError):
        load_jamendo(root, split_number=7)


def test_jamendo_low_quality_audio(tmp_path):
    root = _jamendo(tmp_path / "jam", audio=False)
    for r in JAMENDO:
        _write(root / "audios" / r[2].replace(".mp3", ".low.mp3"), MP3)
    ds = load_jamendo(root)
    assert ds["track_0000948"].audio_path.name == "948.low.mp3"


# ============================================================================================
# MagnaTagATune

N_TAG_COLUMNS = 60
FOLDERS = ("0", "5", "b", "c", "d", "f")


def _mtat(root, *, audio=True, empty=()):
    """annotations_final.csv as distributed: tab-separated, every field in double quotes."""
    rng = np.random.default_rng(0)
    names = [f"tag{i:02d}" for i in range(N_TAG_COLUMNS)]
    names[0], names[1] = "no voice", "guitar"  # real tag names have spaces
    clips = []
    for i in range(36):
        folder = FOLDERS[i % len(FOLDERS)]
        values = (rng.random(N_TAG_COLUMNS) < np.linspace(0.9, 0.02, N_TAG_COLUMNS)).astype(int)
        if i == 7:
            values[:] = 0  # a clip with no tag at all
        clips.append((str(2 + 3 * i), f"{folder}/artist-album-{i:02d}-title-30-59.mp3", values))
    lines = ["\t".join(f'"{h}"' for h in ["clip_id", *names, "mp3_path"])]
    for cid, path, values in clips:
        lines.append("\t".join(f'"{v}"' for v in [cid, *values.tolist(), path]))
    _write(root / "annotations_final.csv", "\n".join(lines) + "\n")
    if audio:
        for cid, path, _ in clips:
            _write(root / "mp3" / path, b"" if cid in empty else MP3)
    return names, clips


def test_mtat_top50_and_split(tmp_path):
    root = tmp_path / "mtat"
    names, clips = _mtat(root, empty=("5",))
    counts = np.sum([v for _, _, v in clips], axis=0)
    order = np.argsort(-counts, kind="stable")  # most frequent first, ties in column order
    expected = [names[i] for i in order[:50]]
    ds = load_magnatagatune(root)
    _check_dataset(ds, "magnatagatune")
    assert ds.metadata["tags"] == expected
    assert ds.metadata["tag_counts"] == {names[i]: int(counts[i]) for i in order[:50]}
    assert ds.metadata["empty_audio"] == ["5"] and "5" not in ds.track_ids()
    assert len(ds) == len(clips) - 1
    for cid, path, values in clips:
        if cid == "5":
            continue
        t = ds[cid]
        assert t.annotations["tags"] == [n for n in expected if values[names.index(n)]]
        assert t.metadata["split"] == {"0": "train", "5": "train", "b": "train", "c": "validation",
                                       "d": "test", "f": "test"}[path[0]]
        assert t.audio_path == root / "mp3" / path
    parts = {s: load_magnatagatune(root, split=s) for s in ("train", "validation", "test")}
    ids = [set(p.track_ids()) for p in parts.values()]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert set.union(*ids) == set(ds.track_ids())
    assert all(t.metadata["split"] == "validation" for t in parts["validation"])
    # the same top-50 list whatever the split: counted over the whole file
    assert parts["test"].metadata["tags"] == expected


def test_mtat_options_and_errors(tmp_path):
    root = tmp_path / "mtat"
    names, clips = _mtat(root, audio=False)
    with pytest.raises(DatasetNotFoundError, match="MP3 files are missing") as info:
        load_magnatagatune(root)
    assert "mp3.zip.001" in str(info.value) and str(root) in str(info.value)
    ds = load_magnatagatune(root, require_audio=False, n_tags=10)
    assert len(ds.metadata["tags"]) == 10 and all(t.audio_path is None for t in ds)
    tagged = load_magnatagatune(root, require_audio=False, n_tags=10, drop_untagged=True)
    assert all(t.annotations["tags"] for t in tagged)
    assert len(tagged) + tagged.metadata["dropped_untagged"] == len(clips)
    with pytest.raises(ParameterError):
        load_magnatagatune(root, require_audio=False, n_tags=N_TAG_COLUMNS + 1)
    with pytest.raises(ParameterError):
        load_magnatagatune(root, n_tags=0)
    (root / "annotations_final.csv").unlink()
    with pytest.raises(DatasetNotFoundError, match="annotations_final.csv"):
        load_magnatagatune(root)


def _mtat_remotes(monkeypatch, base, files, csv_bytes, zip_bytes):
    from mirlab.data.loaders import magnatagatune as mod

    third = len(zip_bytes) // 3
    parts = [zip_bytes[:third], zip_bytes[third:2 * third], zip_bytes[2 * third:]]
    remotes = {"annotations": Remote("annotations_final.csv", base + "/annotations_final.csv")}
    files["/annotations_final.csv"] = csv_bytes
    for i, part in enumerate(parts, start=1):
        files[f"/mp3.zip.00{i}"] = part
        remotes[f"mp3_{i}"] = Remote(f"mp3.zip.00{i}", base + f"/mp3.zip.00{i}")
    monkeypatch.setattr(mod, "REMOTES", remotes)


def test_mtat_download_joins_the_parts(tmp_path, monkeypatch, local_server):
    base, files = local_server
    src = tmp_path / "src"
    _, clips = _mtat(src)
    zip_bytes = _zip({str(p.relative_to(src / "mp3")): p.read_bytes() for p in (src / "mp3").rglob("*.mp3")})
    _mtat_remotes(monkeypatch, base, files, (src / "annotations_final.csv").read_bytes(), zip_bytes)
    ds = load_magnatagatune(tmp_path / "fresh", download=True, progress=False)
    assert len(ds) == len(clips)
    assert ds.metadata["tags"] == load_magnatagatune(src).metadata["tags"]


def test_mtat_download_rejects_a_corrupt_archive(tmp_path, monkeypatch, local_server):
    base, files = local_server
    src = tmp_path / "src"
    _mtat(src, audio=False)
    good = _zip({"0/a.mp3": MP3})
    bad = bytearray(good)
    i = good.index(MP3[:64]) + 100  # flip a byte inside the stored member data
    bad[i] ^= 0xFF
    _mtat_remotes(monkeypatch, base, files, (src / "annotations_final.csv").read_bytes(), bytes(bad))
    with pytest.raises(DatasetNotFoundError, match="CRC"):
        load_magnatagatune(tmp_path / "fresh", download=True, progress=False)


def test_mtat_csv_header_is_checked(tmp_path):
    _write(tmp_path / "m" / "annotations_final.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(ParameterError, match="clip_id"):
        load_magnatagatune(tmp_path / "m", require_audio=False)


# ============================================================================================
# DEAM

SONG_LEVEL = pathlib.Path("DEAM_Annotations/annotations/annotations averaged per song/song_level")


def _deam(root, *, audio=True):
    # as distributed: a space after each comma in the header
    _write(root / SONG_LEVEL / "static_annotations_averaged_songs_1_2000.csv",
           "song_id, valence_mean, valence_std, arousal_mean, arousal_std\n"
           "2,3.1,0.94,3,0.63\n3,3.5,1.75,3.3,1.62\n4,5.7,1.42,5.5,1.63\n")
    _write(root / SONG_LEVEL / "static_annotations_averaged_songs_2000_2058.csv",
           "song_id, valence_mean, valence_std, valence_max_mean, valence_max_std, valence_min_mean, "
           "valence_min_std, arousal_mean, arousal_std, arousal_max_mean, arousal_max_std, arousal_min_mean, "
           "arousal_min_std\n2001,9,0.5,9,0,1,0,1,0.2,2,0,1,0\n")
    if audio:
        for sid in (2, 3, 4, 2001):
            _write(root / "DEAM_audio" / "MEMD_audio" / f"{sid}.mp3", MP3)
    return root


def test_deam_scaling(tmp_path):
    root = _deam(tmp_path / "deam")
    ds = load_deam(root)
    _check_dataset(ds, "deam")
    assert ds.track_ids() == ["2", "3", "4", "2001"]
    with open(root / SONG_LEVEL / "static_annotations_averaged_songs_1_2000.csv") as f:
        for row in csv.DictReader(f, skipinitialspace=True):
            t = ds[row["song_id"]]
            assert t.annotations["valence"] == pytest.approx((float(row["valence_mean"]) - 5) / 4)
            assert t.annotations["arousal"] == pytest.approx((float(row["arousal_mean"]) - 5) / 4)
            assert t.metadata["valence_mean"] == float(row["valence_mean"])
    assert ds["2001"].annotations == {"valence": 1.0, "arousal": -1.0}
    assert all(-1 <= t.annotations[k] <= 1 for t in ds for k in ("valence", "arousal"))
    assert ds["2"].audio_path == root / "DEAM_audio" / "MEMD_audio" / "2.mp3"


def test_deam_missing(tmp_path):
    root = _deam(tmp_path / "deam", audio=False)
    with pytest.raises(DatasetNotFoundError, match="MEMD_audio"):
        load_deam(root)
    assert load_deam(root, require_audio=False).metadata["without_audio"] == 4
    with pytest.raises(DatasetNotFoundError, match="cvml.unige.ch") as info:
        load_deam(tmp_path / "none")
    assert str(tmp_path / "none") in str(info.value)


# ============================================================================================
# shared


@pytest.mark.parametrize(
    "loader, what",
    [(load_gtzan, "genres.tar.gz"), (load_beatles, "The%20Beatles%20Annotations.tar.gz"),
     (load_ballroom, "BallroomAnnotations"), (load_jamendo, "mtg-jamendo-dataset"),
     (load_magnatagatune, "annotations_final.csv"), (load_deam, "DEAM_audio.zip")],
)
def test_every_loader_names_the_path_and_what_to_download(tmp_path, loader, what):
    root = tmp_path / "missing"
    with pytest.raises(DatasetNotFoundError) as info:
        loader(root)
    msg = str(info.value)
    assert str(root) in msg and what in msg and "Where to put it" in msg
    assert isinstance(info.value, FileNotFoundError)


@pytest.mark.parametrize("module, key", [
    ("gtzan", "all"), ("gtzan", "tempo_beat_annotations"), ("beatles", "annotations"),
    ("ballroom", "audio"), ("ballroom", "tempo"), ("ballroom", "beats"), ("jamendo", "metadata"),
])
def test_pinned_remotes_equal_mirdatas(module, key):
    """The copies used without mirdata are mirdata 1.0's URLs and checksums."""
    import importlib

    mod = importlib.import_module(f"mirlab.data.loaders.{module}")
    mirdata_name = {"gtzan": "gtzan_genre", "jamendo": "mtg_jamendo_autotagging_moodtheme"}.get(module, module)
    md = importlib.import_module(f"mirdata.datasets.{mirdata_name}")
    ours, theirs = mod.REMOTES[key], md.REMOTES[key]
    assert (ours.filename, ours.url, ours.md5) == (theirs.filename, theirs.url, theirs.checksum)
    assert ours.destination == (theirs.destination_dir or "")
    assert ours.unpack == tuple(theirs.unpack_directories or ())


def test_lab_parser_matches_mir_eval(tmp_path):
    p = _write(tmp_path / "a.lab", "0.0\t1.5\tC:maj\n1.5\t3.25\tA:min7/b3\n3.25 4 N\n")
    intervals, labels = _common.read_lab(p)
    ref_i, ref_l = mir_eval.io.load_labeled_intervals(str(p))
    np.testing.assert_allclose(intervals, ref_i)
    assert labels == ref_l
