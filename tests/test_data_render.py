"""Tests of mirlab.data.render: SoundFont rendering, the NumPy fallback, determinism, speed, augmentation."""

import statistics
import time

import numpy as np
import pretty_midi
import pytest

from mirlab.data import render
from mirlab.data.render import augment, detune_midi, random_augmentation, render_midi
from mirlab.errors import ParameterError


def _note_pm(program=0, pitch=69, dur=1.5, drum=False):
    pm = pretty_midi.PrettyMIDI()
    inst = pretty_midi.Instrument(program=program, is_drum=drum)
    inst.notes.append(pretty_midi.Note(velocity=100, pitch=pitch, start=0.1, end=0.1 + dur))
    pm.instruments.append(inst)
    return pm


def _peak_hz(y, sr, fmin=50.0):
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y)), n=8 * len(y)))
    freqs = np.fft.rfftfreq(8 * len(y), 1.0 / sr)
    spec[freqs < fmin] = 0
    return freqs[np.argmax(spec)]


def test_default_renderer_is_midirenderer_with_pretty_midis_soundfont():
    assert render.available_renderers()[0] == "midirenderer"
    assert render.default_soundfont().name == "TimGM6mb.sf2"
    y, info = render_midi(_note_pm())
    assert info["renderer"] == "midirenderer"
    assert info["soundfont"] == "TimGM6mb.sf2"
    assert info["native_sr"] == 48000 and info["sr"] == 22050
    assert y.dtype == np.float32 and y.ndim == 1
    assert np.isclose(np.abs(y).max(), 0.9, atol=1e-6)


def test_sampled_instruments_differ_from_the_additive_fallback():
    pm = _note_pm(program=40)  # violin
    y_sf, _ = render_midi(pm, duration=1.8)
    y_np, info = render_midi(pm, renderer="numpy", duration=1.8)
    assert info["renderer"] == "numpy"
    assert y_sf.shape == y_np.shape
    assert np.corrcoef(y_sf, y_np)[0, 1] < 0.5
    # both sound at the written pitch (A4 = 440 Hz)
    for y in (y_sf, y_np):
        f = _peak_hz(y[int(0.3 * 22050): int(1.5 * 22050)], 22050, fmin=200)
        assert abs(1200 * np.log2(f / 440.0)) < 30


def test_numpy_fallback_is_used_when_no_renderer_is_installed(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "midirenderer" else real(name, *a))
    monkeypatch.setattr(render, "_fluidsynth_works", lambda: False)
    assert render.available_renderers() == ["numpy"]
    pm = _note_pm(program=0, pitch=60)
    drums = pretty_midi.Instrument(0, is_drum=True)
    for k, key in enumerate((36, 38, 42, 46, 49, 51, 45, 37)):
        drums.notes.append(pretty_midi.Note(100, key, 0.2 * k, 0.2 * k + 0.1))
    pm.instruments.append(drums)
    y, info = render_midi(pm)
    assert info["renderer"] == "numpy" and info["soundfont"] is None
    assert np.isfinite(y).all() and np.abs(y).max() > 0.5
    with pytest.raises(ParameterError, match="not available"):
        render_midi(pm, renderer="midirenderer")


@pytest.mark.parametrize("program", [0, 16, 24, 33, 40, 48, 56, 65, 71, 73, 81, 89, 30, 105])
def test_numpy_fallback_plays_the_right_pitch(program):
    y, _ = render_midi(_note_pm(program=program, pitch=57, dur=1.0), renderer="numpy", duration=1.2)
    f = _peak_hz(y[int(0.15 * 22050): int(1.0 * 22050)], 22050, fmin=100)
    ratio = f / 220.0
    assert abs(ratio - round(ratio)) < 0.03 and 1 <= round(ratio) <= 3  # the fundamental or a low harmonic


@pytest.mark.parametrize("renderer", ["midirenderer", "numpy"])
def test_rendering_is_deterministic(renderer):
    pm = _note_pm(program=24, pitch=52)
    a, _ = render_midi(pm, renderer=renderer)
    b, _ = render_midi(pm, renderer=renderer)
    assert a.tobytes() == b.tobytes()
    c, _ = render_midi(_note_pm(program=24, pitch=53), renderer=renderer)
    assert a.tobytes() != c.tobytes()


def test_duration_sr_tail_and_no_normalisation():
    pm = _note_pm(dur=1.0)
    y, info = render_midi(pm, sr=16000, duration=2.5)
    assert y.shape == (40000,) and info["duration"] == 2.5
    y, info = render_midi(pm)  # end of the last note (1.1 s) + tail 0.5 s
    assert y.shape == (round(1.6 * 22050),)
    raw, info = render_midi(pm, normalize=False)
    assert info["scale"] == 1.0 and np.abs(raw).max() < 0.9


def test_render_leaves_the_midi_object_unchanged():
    pm = _note_pm()
    before = (len(pm.instruments), len(pm.instruments[0].control_changes), pm.get_end_time())
    render_midi(pm, duration=3.0)
    assert (len(pm.instruments), len(pm.instruments[0].control_changes), pm.get_end_time()) == before
    empty = pretty_midi.PrettyMIDI()
    y, _ = render_midi(empty, duration=0.5)
    assert not empty.instruments and np.abs(y).max() == 0.0


def test_render_validation():
    with pytest.raises(ParameterError, match="PrettyMIDI"):
        render_midi("song.mid")
    with pytest.raises(ParameterError, match="renderer"):
        render_midi(_note_pm(), renderer="timidity")
    with pytest.raises(ParameterError, match="sr"):
        render_midi(_note_pm(), sr=0)
    with pytest.raises(ParameterError, match="duration"):
        render_midi(_note_pm(), duration=-1)
    with pytest.raises(ParameterError, match="SoundFont"):
        render_midi(_note_pm(), soundfont="/no/such/file.sf2")
    with pytest.raises(ParameterError, match="peak"):
        render_midi(_note_pm(), peak=2.0)
    if "fluidsynth" not in render.available_renderers():
        with pytest.raises(ParameterError, match="fluidsynth"):
            render_midi(_note_pm(), renderer="fluidsynth")


def test_midirenderer_renders_a_30_s_clip_over_50x_faster_than_real_time():
    from mirlab.data.synth import _common, genres

    # the densest style: metal (double-kick sixteenths, power-chord eighths, galloping bass, lead)
    piece = genres._piece(6, _common.track_rng(0, "genres", 6), 1.0, duration=30.0, genres=genres.GENRES,
                          audio_dir="x")
    assert piece.annotations["genre"] == "metal"
    render_midi(piece.pm, duration=30.0)  # warm up (imports)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        y, info = render_midi(piece.pm, duration=30.0)
        times.append(time.perf_counter() - t0)
    assert info["renderer"] == "midirenderer" and y.shape == (30 * 22050,)
    factor = 30.0 / statistics.median(times)
    assert factor > 50, f"midirenderer renders only {factor:.0f}x faster than real time"


def test_detune_midi_shifts_the_pitch():
    pm = _note_pm(program=73, pitch=69, dur=2.0)
    detune_midi(pm, 50.0)
    assert pm.instruments[0].pitch_bends[0].pitch == 2048
    for renderer in ("midirenderer", "numpy"):
        y, _ = render_midi(pm, renderer=renderer, duration=2.2)
        f = _peak_hz(y[int(0.4 * 22050): int(2.0 * 22050)], 22050, fmin=300)
        assert abs(1200 * np.log2(f / 440.0) - 50.0) < 15, renderer
    drums = pretty_midi.PrettyMIDI()
    drums.instruments.append(pretty_midi.Instrument(0, is_drum=True))
    assert detune_midi(drums, 10.0).instruments[0].pitch_bends == []
    with pytest.raises(ParameterError, match="cents"):
        detune_midi(pm, 500.0)


def test_augment_gain_reverb_noise():
    y, _ = render_midi(_note_pm(program=0, dur=1.0), duration=2.0)
    same = augment(y, 22050, rng=3, gain_db=-6.0, reverb=0.5, noise_snr_db=20.0)
    assert same.shape == y.shape and same.dtype == np.float32
    assert same.tobytes() == augment(y, 22050, rng=3, gain_db=-6.0, reverb=0.5, noise_snr_db=20.0).tobytes()
    assert same.tobytes() != augment(y, 22050, rng=4, gain_db=-6.0, reverb=0.5, noise_snr_db=20.0).tobytes()
    quiet = augment(y, 22050, gain_db=-6.0)
    assert np.allclose(quiet, y * 10 ** (-6 / 20), atol=1e-6)
    noisy = augment(y, 22050, rng=0, noise_snr_db=10.0)
    snr = 10 * np.log10(np.mean(y.astype(np.float64) ** 2) / np.mean((noisy - y).astype(np.float64) ** 2))
    assert abs(snr - 10.0) < 0.5
    wet = augment(y, 22050, rng=0, reverb=1.0)
    tail = slice(int(1.3 * 22050), int(1.6 * 22050))  # after the note's release: only the reverb
    assert np.sqrt(np.mean(wet[tail] ** 2)) > 3 * np.sqrt(np.mean(y[tail] ** 2))
    assert np.abs(augment(y, 22050, gain_db=20.0)).max() <= 1.0
    with pytest.raises(ParameterError):
        augment(y, 22050, reverb=2.0)
    with pytest.raises(ParameterError):
        augment(y.reshape(1, -1), 22050)


def test_random_augmentation_ranges():
    for seed in range(20):
        p = random_augmentation(seed)
        assert -9 <= p["gain_db"] <= 0 and 0 <= p["reverb"] <= 0.4 and 20 <= p["noise_snr_db"] <= 50
        assert 0.95 <= p["tempo_factor"] <= 1.05 and abs(p["detune_cents"]) <= 25
    assert random_augmentation(1) == random_augmentation(1)
    zero = random_augmentation(1, strength=0.0)
    assert zero["gain_db"] == 0 and zero["tempo_factor"] == 1.0
    with pytest.raises(ParameterError):
        random_augmentation(1, strength=3)


def test_fluidsynth_renders_the_same_soundfont_or_says_what_to_install():
    pm = _note_pm(program=40)
    if "fluidsynth" not in render.available_renderers():
        with pytest.raises(ParameterError, match=r"'fluidsynth' is not available.*pyfluidsynth.*apt-get install fluidsynth"):
            render_midi(pm, renderer="fluidsynth", duration=1.8)
        return
    y, info = render_midi(pm, renderer="fluidsynth", duration=1.8)
    assert info["renderer"] == "fluidsynth" and info["soundfont"] == "TimGM6mb.sf2" and y.shape == (int(1.8 * 22050),)
    f = _peak_hz(y[int(0.3 * 22050): int(1.5 * 22050)], 22050, fmin=200)
    assert abs(1200 * np.log2(f / 440.0)) < 30
    assert render_midi(pm, renderer="fluidsynth", duration=1.8)[0].tobytes() == y.tobytes()


def test_auto_falls_back_to_numpy_when_the_soundfont_renderer_fails(monkeypatch):
    def broken(*args):
        raise RuntimeError("synthesizer crashed")

    monkeypatch.setattr(render, "_render_midirenderer", broken)
    with pytest.warns(RuntimeWarning, match="NumPy fallback"):
        y, info = render_midi(_note_pm(), duration=1.0)
    assert info["renderer"] == "numpy" and "crashed" in info["fallback_reason"] and y.shape == (22050,)
    with pytest.raises(ParameterError, match="failed"):
        render_midi(_note_pm(), renderer="midirenderer")
