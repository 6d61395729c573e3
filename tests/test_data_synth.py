"""Tests of the generated sets: the annotations agree with the audio, files round-trip, seeds reproduce."""

import itertools
import json

import jams
import librosa
import mir_eval
import numpy as np
import pytest
import soundfile as sf

from mirlab.data import theory
from mirlab.data.synth import chords, genres, instruments, keys, quality, rhythm
from mirlab.errors import AudioFileError, ParameterError

SR = 22050

# jams validates with a jsonschema call that jsonschema now deprecates
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:jsonschema")


@pytest.fixture(scope="module")
def chord_set(tmp_path_factory):
    return chords.generate(6, seed=1, out_dir=tmp_path_factory.mktemp("chords"), duration=8.0, progress=False)


@pytest.fixture(scope="module")
def key_set(tmp_path_factory):
    return keys.generate(24, seed=0, out_dir=tmp_path_factory.mktemp("keys"), duration=5.0, progress=False,
                         jobs=2)


@pytest.fixture(scope="module")
def rhythm_set(tmp_path_factory):
    return rhythm.generate(4, seed=2, out_dir=tmp_path_factory.mktemp("rhythm"), duration=8.0, progress=False,
                           tempo_changes=("accelerando", "ritardando", "constant"))


@pytest.fixture(scope="module")
def instrument_set(tmp_path_factory):
    return instruments.generate(10, seed=0, out_dir=tmp_path_factory.mktemp("instruments"), progress=False)


@pytest.fixture(scope="module")
def genre_set(tmp_path_factory):
    return genres.generate(10, seed=0, out_dir=tmp_path_factory.mktemp("genres"), duration=6.0, progress=False,
                           jobs=2)


@pytest.fixture(scope="module")
def quality_set(tmp_path_factory):
    return quality.generate(2, seed=0, out_dir=tmp_path_factory.mktemp("quality"), duration=4.0,
                            bitrates=(32, 64, 128), progress=False)


# ---- annotations agree with the audio -----------------------------------------------------------


def test_chord_labels_match_the_chroma(chord_set):
    n_seg = n_max = n_top = 0
    for track in chord_set:
        y, sr = track.load_audio()
        C = librosa.feature.chroma_cqt(y=y, sr=sr, hop_length=512)
        for (s, e), label in zip(*track.annotations["chords"]):
            if label == "N":
                continue
            a, b = int(s * sr / 512) + 2, int(e * sr / 512)
            if b - a < 3:
                continue
            mean = C[:, a:b].mean(axis=1)
            tones = theory.chord_pitch_classes(label)
            n_seg += 1
            n_max += int(np.argmax(mean)) in tones
            n_top += set(tones) <= set(np.argsort(mean)[-4:].tolist())
    assert n_seg >= 20
    assert n_max / n_seg >= 0.9, f"chroma maximum on a chord tone in only {n_max}/{n_seg} segments"
    assert n_top / n_seg >= 0.8, f"root, third and fifth in the top 4 in only {n_top}/{n_seg} segments"


def test_chord_vocabulary_and_segments(chord_set):
    for track in chord_set:
        intervals, labels = track.annotations["chords"]
        assert set(labels) <= set(theory.MAJMIN_TRIADS) | {"N"}
        assert labels[-1] == "N" and intervals[0, 0] == 0.0
        assert np.allclose(intervals[1:, 0], intervals[:-1, 1])  # contiguous
        assert np.isclose(intervals[-1, 1], 8.0, atol=1e-3)
        mir_eval.util.validate_intervals(intervals)
        for lab in labels:
            mir_eval.chord.encode(lab)
        p = track.metadata["params"]
        assert p["instrument"] in chords.INSTRUMENTS and p["texture"] in chords.TEXTURES
    inversions = {c.get("inversion") for t in chord_set for c in t.metadata["params"]["chords"]}
    assert {0, 1, 2} <= inversions


def test_slash_labels_name_the_bass(tmp_path):
    ds = chords.generate(3, seed=5, out_dir=tmp_path, duration=6.0, progress=False, slash_labels=True,
                         textures=("block",))
    labels = [lab for t in ds for lab in t.annotations["chords"][1]]
    assert any("/" in lab for lab in labels)
    for lab in labels:
        if lab != "N":
            mir_eval.chord.encode(lab)  # valid Harte syntax


def test_key_tonic_dominates_the_chroma_for_all_24_keys(key_set):
    assert sorted(t.annotations["key"] for t in key_set) == sorted(theory.KEYS)
    n_tonic = 0
    for track in key_set:
        y, sr = track.load_audio()
        profile = librosa.feature.chroma_cqt(y=y, sr=sr).mean(axis=1)
        key = track.annotations["key"]
        tonic, _ = theory.parse_key(key)
        triad = theory.chord_pitch_classes(theory.diatonic_chords(key)[0])
        top = int(np.argmax(profile))
        assert top in triad, f"{key}: strongest pitch class {theory.PITCH_CLASSES[top]} not in the tonic triad"
        n_tonic += top == tonic
        labels = track.annotations["chords"][1]
        assert labels[0] == labels[-2] == theory.diatonic_chords(key)[0]  # starts and ends on the tonic
    assert n_tonic >= 18


def test_key_melody_notes_are_in_the_scale(key_set):
    for track in key_set:
        key = track.annotations["key"]
        allowed = set(theory.scale(key, minor="harmonic"))
        _, hz = track.annotations["notes"]
        pcs = {int(round(p)) % 12 for p in librosa.hz_to_midi(hz)}
        assert pcs <= allowed, key


def _onset_peaks(o, frames):
    frames = frames[(frames >= 2) & (frames < len(o) - 3)]
    return np.array([o[f - 1: f + 3].max() for f in frames])


def test_onset_strength_peaks_at_the_annotated_beats(rhythm_set):
    rng = np.random.default_rng(0)
    changes = set()
    for track in rhythm_set:
        y, sr = track.load_audio()
        o = librosa.onset.onset_strength(y=y, sr=sr)
        beats = track.annotations["beats"]
        at_beats = _onset_peaks(o, librosa.time_to_frames(beats, sr=sr)).mean()
        at_random = _onset_peaks(o, rng.integers(0, len(o), 400)).mean()
        quarter = beats[:-1] + 0.25 * np.diff(beats)  # between the beat and the off-beat eighth
        at_quarter = _onset_peaks(o, librosa.time_to_frames(quarter, sr=sr)).mean()
        assert at_beats > 1.5 * at_random, track.metadata["params"]
        assert at_beats > 1.5 * at_quarter, track.metadata["params"]
        changes.add(track.metadata["params"]["tempo_change"])
    assert changes & {"accelerando", "ritardando"}


def test_beat_annotations_are_consistent(rhythm_set):
    for track in rhythm_set:
        a, p = track.annotations, track.metadata["params"]
        bpb = int(a["meter"][0])
        assert np.all(np.diff(a["beats"]) > 0)
        assert np.array_equal(a["downbeats"], a["beats"][::bpb])
        local = 60.0 / np.diff(a["beats"])
        assert 55 <= local.min() and local.max() <= 205
        if p["tempo_change"] == "accelerando":
            assert local[-1] > 1.1 * local[0]
        elif p["tempo_change"] == "ritardando":
            assert local[-1] < local[0] / 1.1
        assert np.isclose(a["tempo"], np.median(local))
        mir_eval.beat.validate(a["beats"], a["beats"])


def test_rhythm_covers_meters_swing_and_tempo_range():
    from mirlab.data.synth import _common

    pieces = [rhythm._piece(i, _common.track_rng(0, "rhythm", i), 1.0, duration=20.0, meters=rhythm.METERS,
                            tempo=(60.0, 200.0), tempo_changes=rhythm.TEMPO_CHANGES, swing=0.3,
                            syncopation=(0, 1, 2)) for i in range(40)]
    params = [p.params for p in pieces]
    assert {p["meter"] for p in params} == {"3/4", "4/4"}
    assert {p["tempo_change"] for p in params} == set(rhythm.TEMPO_CHANGES)
    assert {p["syncopation"] for p in params} == {0, 1, 2}
    assert any(p["swing"] > 0 for p in params) and any(p["swing"] == 0 for p in params)
    bpms = [b for p in params for b in (p["bpm_start"], p["bpm_end"])]
    assert 60 <= min(bpms) < 90 and 170 < max(bpms) <= 200
    for piece in pieces:
        assert piece.annotations["beats"][-1] < 20.0


def test_instrument_notes_have_the_annotated_fundamental(instrument_set):
    assert [t.annotations["instrument"] for t in instrument_set] == list(instruments.CLASSES)
    for track in instrument_set:
        y, sr = track.load_audio()
        intervals, hz = track.annotations["notes"]
        (s, e), f_true = intervals[0], hz[0]
        seg = y[int(s * sr) + int(0.04 * sr): int(e * sr)]
        f0, voiced, _ = librosa.pyin(seg, fmin=30, fmax=2100, sr=sr, frame_length=4096)
        f_est = np.nanmedian(f0[voiced])
        cents = 1200 * np.log2(f_est / f_true)
        assert abs(cents) < 50, f"{track.annotations['instrument']}: {f_est:.1f} Hz for {f_true:.1f} Hz"
        assert np.allclose(track.annotations["onsets"], intervals[:, 0])


def test_instruments_cover_families_pitches_and_velocities():
    from mirlab.data.synth import _common

    pieces = [instruments._piece(i, _common.track_rng(0, "instruments", i), 1.0, classes=tuple(instruments.CLASSES),
                                 kinds=instruments.KINDS, note_duration=(0.8, 1.6)) for i in range(100)]
    assert len({p.params["family"] for p in pieces}) >= 5
    assert {p.params["kind"] for p in pieces} == {"note", "phrase"}
    pitches = {q for p in pieces for q in p.params["pitches"]}
    velocities = {v for p in pieces for v in p.params["velocities"]}
    assert len(pitches) > 40 and len(velocities) > 40
    for p in pieces:
        _, _, lo, hi = instruments.CLASSES[p.params["instrument"]]
        assert all(lo <= q <= hi for q in p.params["pitches"])


# ---- genres and mood ---------------------------------------------------------------------------


def test_genres_follow_gtzans_layout(genre_set):
    root = genre_set.root / "genres_original"
    assert sorted(d.name for d in root.iterdir()) == sorted(genres.GENRES)
    for genre in genres.GENRES:
        files = sorted(p.name for p in (root / genre).iterdir())
        assert files == [f"{genre}.00000.wav"]
        info = sf.info(str(root / genre / files[0]))
        assert info.samplerate == 22050 and info.channels == 1 and info.subtype == "PCM_16"
        assert info.frames == 6 * 22050
    assert genre_set.track_ids() == [f"{g}.00000" for g in genres.GENRES]


def test_genre_default_is_30_s_clips_of_100_per_genre_layout():
    import inspect

    sig = inspect.signature(genres.generate)
    assert sig.parameters["duration"].default == 30.0 and sig.parameters["sr"].default == 22050


def test_genre_styles_are_distinct(genre_set):
    by = {t.annotations["genre"]: t for t in genre_set}
    assert "drums" not in by["classical"].annotations["tags"]
    for g in set(genres.GENRES) - {"classical"}:
        assert "drums" in by[g].annotations["tags"], g
    for g, t in by.items():
        lo, hi = genres.STYLES[g]["tempo"]
        assert lo - 1 <= t.annotations["tempo"] <= hi + 1, g
    assert by["metal"].metadata["params"]["distorted"] and "distorted guitar" in by["metal"].annotations["tags"]
    assert by["blues"].metadata["params"]["swing"] >= 0.85 and by["jazz"].metadata["params"]["swing"] >= 0.7
    assert all(lab.endswith(("7", "min7", "maj7", "hdim7")) for lab in by["jazz"].annotations["chords"][1])
    # drums make the onset envelope peaky: classical has the lowest onset-strength peak ratio
    ratios = {}
    for g, t in by.items():
        y, sr = t.load_audio()
        o = librosa.onset.onset_strength(y=y, sr=sr)
        ratios[g] = np.percentile(o, 95) / (np.median(o) + 1e-9)
    assert min(ratios, key=ratios.get) == "classical", ratios


def test_genre_audio_level_follows_the_loudness_parameter(genre_set):
    for t in genre_set:
        y, _ = t.load_audio()
        expected = 0.9 * 10 ** (t.metadata["params"]["loudness_db"] / 20)
        assert np.isclose(np.abs(y).max(), expected, rtol=0.02)


def test_mood_rule_is_deterministic_and_reaches_every_cluster():
    clusters = set()
    for mode, tempo, loud, art, reg, dist in itertools.product(
        ("major", "minor"), (60, 110, 180), (-12, -6, 0), ("legato", "normal", "staccato"), (-1, 0, 1), (False, True)
    ):
        m = genres.mood(mode=mode, tempo=tempo, loudness_db=loud, articulation=art, register=reg, distorted=dist)
        assert m == genres.mood(mode=mode, tempo=tempo, loudness_db=loud, articulation=art, register=reg,
                                distorted=dist)
        assert -1 <= m["valence"] <= 1 and -1 <= m["arousal"] <= 1
        assert m["mood_tags"][:2] == list(genres.MOOD_CLUSTERS[m["mood_cluster"]][:2])
        clusters.add(m["mood_cluster"])
    assert clusters == {1, 2, 3, 4, 5}
    fast = genres.mood(mode="major", tempo=180, loudness_db=0, articulation="normal", register=0, distorted=False)
    slow = genres.mood(mode="major", tempo=60, loudness_db=-12, articulation="normal", register=0, distorted=False)
    assert fast["arousal"] > slow["arousal"]
    minor = genres.mood(mode="minor", tempo=110, loudness_db=-6, articulation="normal", register=0, distorted=False)
    major = genres.mood(mode="major", tempo=110, loudness_db=-6, articulation="normal", register=0, distorted=False)
    assert major["valence"] > minor["valence"]
    with pytest.raises(ParameterError):
        genres.mood(mode="dorian", tempo=100, loudness_db=0, articulation="normal", register=0, distorted=False)


def test_genre_mood_annotations_follow_the_rule(genre_set):
    for t in genre_set:
        p, a = t.metadata["params"], t.annotations
        m = genres.mood(mode=p["mode"], tempo=p["tempo"], loudness_db=p["loudness_db"],
                        articulation=p["articulation"], register=p["register"], distorted=p["distorted"])
        assert (a["valence"], a["arousal"], a["mood_cluster"]) == (m["valence"], m["arousal"], m["mood_cluster"])
        assert a["genre"] in a["tags"] and set(m["mood_tags"]) <= set(a["tags"])


# ---- audio quality -------------------------------------------------------------------------------


def test_mp3_versions_decode_and_shrink_with_the_bitrate(quality_set):
    assert len(quality_set) == 2 * 4
    by_ref = {}
    for t in quality_set:
        by_ref.setdefault(t.metadata["reference"], []).append(t)
    for ref, versions in by_ref.items():
        wav = next(v for v in versions if v.metadata["codec"] == "pcm_16")
        mp3s = sorted((v for v in versions if v.metadata["codec"] == "mp3"), key=lambda v: v.metadata["bitrate_kbps"])
        assert [v.metadata["bitrate_kbps"] for v in mp3s] == [32, 64, 128]
        sizes = [v.audio_path.stat().st_size for v in mp3s]
        assert sizes == sorted(sizes) and sizes[-1] < wav.audio_path.stat().st_size
        for v in mp3s:
            assert quality.mp3_bitrate(v.audio_path.read_bytes()) == v.metadata["bitrate_kbps"]
            assert abs(v.metadata["size_bytes"] * 8 / 4.0 / 1000 - v.metadata["bitrate_kbps"]) < 0.1 * v.metadata[
                "bitrate_kbps"] + 2
        y_ref, _ = wav.load_audio()
        errors = []
        for v in mp3s:
            y, sr = v.load_audio()
            assert sr == SR and abs(len(y) - len(y_ref)) < 0.1 * SR
            assert v.annotations["genre"] == wav.annotations["genre"]
            n = min(len(y), len(y_ref))
            lag = int(np.argmax(np.correlate(y[:SR], y_ref[:SR // 2], mode="valid")))
            errors.append(np.mean((y[lag:lag + n - SR] - y_ref[: n - SR]) ** 2))
        assert errors[0] > errors[-1]  # 32 kbps degrades more than 128 kbps


def test_mp3_errors(tmp_path, monkeypatch):
    y = np.zeros(22050, dtype=np.float32)
    with pytest.raises(ParameterError, match="not allowed"):
        quality.encode_mp3(y, 22050, tmp_path / "a.mp3", bitrate_kbps=320)
    with pytest.raises(ParameterError, match="Hz"):
        quality.encode_mp3(y, 12345, tmp_path / "a.mp3", bitrate_kbps=64)
    with pytest.raises(ParameterError):
        quality.generate(1, out_dir=tmp_path, bitrates=(999,), progress=False)
    monkeypatch.setattr(quality, "mp3_available", lambda: False)
    with pytest.raises(AudioFileError, match="cannot write MP3"):
        quality.encode_mp3(y, 22050, tmp_path / "a.mp3", bitrate_kbps=64)
    with pytest.raises(AudioFileError, match="cannot write MP3"):
        quality.generate(1, out_dir=tmp_path, progress=False)


# ---- files on disk ------------------------------------------------------------------------------


def _assert_same_annotations(a, b):
    assert sorted(a) == sorted(b)
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, tuple):
            assert np.array_equal(x[0], y[0]) and (
                np.array_equal(x[1], y[1]) if isinstance(x[1], np.ndarray) else x[1] == y[1]
            ), key
        elif isinstance(x, np.ndarray):
            assert np.array_equal(x, y), key
        else:
            assert x == y and type(x) is type(y), key


@pytest.mark.parametrize("name", ["chord_set", "key_set", "rhythm_set", "instrument_set", "genre_set", "quality_set"])
def test_load_reads_back_what_generate_wrote(name, request):
    ds = request.getfixturevalue(name)
    module = {"chord_set": chords, "key_set": keys, "rhythm_set": rhythm, "instrument_set": instruments,
              "genre_set": genres, "quality_set": quality}[name]
    back = module.load(ds.root)
    assert back.track_ids() == ds.track_ids() and back.name == ds.name
    for t, u in zip(ds, back):
        _assert_same_annotations(t.annotations, u.annotations)
        assert t.audio_path == u.audio_path and t.audio_path.is_file()
        assert t.metadata == u.metadata
    meta = json.loads((ds.root / "metadata.json").read_text())
    assert meta["renderer"] == "midirenderer" and meta["soundfont"] == "TimGM6mb.sf2"
    assert meta["generator"] == f"mirlab.data.synth.{ds.name}" and "mirlab_version" in meta
    assert all("params" in t for t in meta["tracks"])


@pytest.mark.parametrize("name", ["chord_set", "key_set", "rhythm_set", "instrument_set", "genre_set"])
def test_text_and_jams_files_equal_the_annotations(name, request):
    ds = request.getfixturevalue(name)
    for track in list(ds) if name == "genre_set" else list(ds)[:4]:
        a, files = track.annotations, track.metadata["files"]
        path = lambda kind: str(ds.root / files[kind])  # noqa: E731
        if "chords" in a:
            iv, labels = mir_eval.io.load_labeled_intervals(path("chords"))
            assert np.array_equal(iv, a["chords"][0]) and labels == a["chords"][1]
        if "beats" in a:
            assert np.array_equal(mir_eval.io.load_events(path("beats")), a["beats"])
        if "downbeats" in a:
            assert np.array_equal(mir_eval.io.load_events(path("downbeats")), a["downbeats"])
        if "key" in a:
            assert mir_eval.io.load_key(path("key")) == a["key"]
        if "notes" in a:
            iv, hz = mir_eval.io.load_valued_intervals(path("notes"))
            assert np.array_equal(iv, a["notes"][0]) and np.array_equal(hz, a["notes"][1])
        if "onsets" in a:
            assert np.array_equal(mir_eval.io.load_events(path("onsets")), a["onsets"])
        jam = jams.load(path("jams"), validate=True)  # valid against the JAMS schema
        if "chords" in a:
            iv, labels = jam.annotations.search(namespace="chord")[0].to_interval_values()
            assert labels == a["chords"][1] and np.allclose(iv, a["chords"][0])
        if "key" in a:
            assert jam.annotations.search(namespace="key_mode")[0].data[0].value == a["key"].replace(" ", ":")


def test_annotations_are_valid_mir_eval_input(chord_set, key_set, genre_set):
    for t in chord_set:
        iv, labels = t.annotations["chords"]
        scores = mir_eval.chord.evaluate(iv, labels, iv, labels)
        assert np.isclose(scores["majmin"], 1.0)
    for t in key_set:
        mir_eval.key.validate_key(t.annotations["key"])
    import warnings

    for t in genre_set:
        mir_eval.key.validate_key(t.annotations["key"])
        with warnings.catch_warnings():  # metal's power chords ("E:5") are outside majmin: mir_eval warns
            warnings.simplefilter("ignore", UserWarning)
            mir_eval.chord.evaluate(*t.annotations["chords"], *t.annotations["chords"])


# ---- determinism and options ---------------------------------------------------------------------


def test_same_seed_same_audio_bit_for_bit(tmp_path):
    a = rhythm.generate(2, seed=7, out_dir=tmp_path / "a", duration=5.0, progress=False)
    b = rhythm.generate(2, seed=7, out_dir=tmp_path / "b", duration=5.0, progress=False, jobs=2)
    c = rhythm.generate(2, seed=8, out_dir=tmp_path / "c", duration=5.0, progress=False)
    for ta, tb, tc in zip(a, b, c):
        ya, yb, yc = (t.load_audio(sr=None)[0] for t in (ta, tb, tc))
        assert ya.tobytes() == yb.tobytes()
        assert ta.audio_path.read_bytes() == tb.audio_path.read_bytes()
        assert ya.tobytes() != yc.tobytes()
        _assert_same_annotations(ta.annotations, tb.annotations)
    prefix = rhythm.generate(1, seed=7, out_dir=tmp_path / "d", duration=5.0, progress=False)
    assert prefix[0].audio_path.read_bytes() == a[0].audio_path.read_bytes()  # n does not change a clip


def test_augmentation_is_recorded_and_deterministic(tmp_path):
    kwargs = dict(seed=3, progress=False, augment=True)
    a = instruments.generate(3, out_dir=tmp_path / "a", **kwargs)
    b = instruments.generate(3, out_dir=tmp_path / "b", **kwargs)
    plain = instruments.generate(3, out_dir=tmp_path / "c", seed=3, progress=False)
    for ta, tb, tp in zip(a, b, plain):
        aug = ta.metadata["augmentation"]
        assert set(aug) == {"gain_db", "reverb", "noise_snr_db", "tempo_factor", "detune_cents"}
        assert ta.audio_path.read_bytes() == tb.audio_path.read_bytes()
        assert ta.audio_path.read_bytes() != tp.audio_path.read_bytes()
        ratio = ta.annotations["notes"][1] / tp.annotations["notes"][1]
        assert np.allclose(ratio, 2 ** (aug["detune_cents"] / 1200))
    fixed = chords.generate(1, seed=0, out_dir=tmp_path / "d", duration=4.0, progress=False,
                            augment={"reverb": 0.3, "detune_cents": 10.0})
    assert fixed[0].metadata["augmentation"]["reverb"] == 0.3
    with pytest.raises(ParameterError, match="augmentation"):
        chords.generate(1, out_dir=tmp_path / "e", progress=False, augment={"speed": 2})


def test_numpy_renderer_can_be_forced_for_a_set(tmp_path):
    ds = chords.generate(1, seed=0, out_dir=tmp_path, duration=4.0, progress=False, renderer="numpy")
    assert ds.metadata["renderer"] == "numpy" and ds[0].metadata["renderer"] == "numpy"
    assert ds[0].load_audio()[0].shape == (4 * SR,)


def test_generator_validation(tmp_path):
    with pytest.raises(ParameterError, match="n must be"):
        chords.generate(0, out_dir=tmp_path)
    with pytest.raises(ParameterError, match="instruments"):
        chords.generate(1, out_dir=tmp_path, instruments=("kazoo",))
    with pytest.raises(ParameterError, match="duration"):
        keys.generate(1, out_dir=tmp_path, duration=1.0)
    with pytest.raises(ParameterError, match="tempo"):
        rhythm.generate(1, out_dir=tmp_path, tempo=(200, 60))
    with pytest.raises(ParameterError, match="genres"):
        genres.generate(1, out_dir=tmp_path, genres=("polka",))
    with pytest.raises(ParameterError, match="seed"):
        instruments.generate(1, out_dir=tmp_path, seed=-1)
    with pytest.raises(ParameterError, match="keys"):
        keys.generate(1, out_dir=tmp_path, keys=("H major",))
    with pytest.raises(AudioFileError, match="metadata.json"):
        chords.load(tmp_path / "nothing")
    ds = chords.generate(1, out_dir=tmp_path / "c", duration=4.0, progress=False)
    with pytest.raises(ParameterError, match="not 'keys'"):
        keys.load(ds.root)


def test_broken_worker_pool_falls_back_to_one_process(tmp_path, monkeypatch):
    """Where worker processes cannot start, the set is rendered in-process, identically."""
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from mirlab.data.synth import chords

    ref = chords.generate(2, seed=3, out_dir=tmp_path / "one", duration=3.0, progress=False, jobs=1)

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, *args, **kwargs):
            raise BrokenProcessPool("no worker could start")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Broken)
    with pytest.warns(RuntimeWarning, match="rendering chords in one process"):
        got = chords.generate(2, seed=3, out_dir=tmp_path / "two", duration=3.0, progress=False, jobs=2)
    for a, b in zip(ref, got):
        assert a.load_audio(sr=None)[0].tobytes() == b.load_audio(sr=None)[0].tobytes()
        assert a.annotations["chords"][1] == b.annotations["chords"][1]


def test_a_clip_that_renders_silent_is_drawn_again(tmp_path, monkeypatch):
    """SoundFonts have holes (TimGM6mb: no alto sax at MIDI 64); no generated clip may be silent."""
    from mirlab.data import render

    real = render.render_midi
    calls = []

    def first_silent(pm, **kwargs):
        y, info = real(pm, **kwargs)
        calls.append(pm.instruments[0].notes[0].pitch)
        return (np.zeros_like(y), info) if len(calls) == 1 else (y, info)

    monkeypatch.setattr(render, "render_midi", first_silent)
    ds = instruments.generate(1, seed=5, out_dir=tmp_path / "a", progress=False)
    y, _ = ds[0].load_audio(sr=None)  # load_audio refuses silent audio
    assert len(calls) == 2 and np.abs(y).max() > 0.1
    calls.clear()  # the redraw is deterministic: the same silent first draw gives the same clip
    again = instruments.generate(1, seed=5, out_dir=tmp_path / "b", progress=False)
    assert again[0].load_audio(sr=None)[0].tobytes() == y.tobytes()
