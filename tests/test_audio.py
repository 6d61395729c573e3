"""mirlab.audio: validation, file I/O round trips, resampling, and the errors of bad input."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
import soundfile as sf

from mirlab import audio, signals
from mirlab.errors import AudioFileError, MirlabError, ParameterError, SilentAudioError

SR = 22050


def _peak_freq(y: np.ndarray, sr: int) -> float:
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    return float(np.fft.rfftfreq(len(y), 1.0 / sr)[spectrum.argmax()])


# ---- valid_audio -------------------------------------------------------------------------


def test_valid_audio_returns_input_unchanged():
    y = signals.tone(440.0, 0.1)
    assert audio.valid_audio(y) is y
    stereo = np.stack([y, y])
    assert audio.valid_audio(stereo) is stereo


@pytest.mark.parametrize(
    "y, kwargs, exc, match",
    [
        ([0.1, 0.2], {}, ParameterError, r"must be a NumPy array, got list"),
        (np.array([1, 2, 3], dtype=np.int16), {}, ParameterError, r"floating-point samples, got dtype int16"),
        (np.array([1 + 1j]), {}, ParameterError, r"floating-point samples, got dtype complex128"),
        (np.zeros(0, dtype=np.float32), {}, ParameterError, r"y is empty"),
        (np.zeros((2, 10), dtype=np.float32), {"mono": True}, ParameterError, r"must be mono.*shape \(2, 10\)"),
        (np.zeros((2, 3, 10), dtype=np.float32), {}, ParameterError, r"1-D .* or 2-D .* got shape \(2, 3, 10\)"),
        (np.zeros((1, 1, 1)), {"mono": True}, ParameterError, r"must be mono"),
        (np.zeros(10), {"allow_silent": False}, SilentAudioError, r"y is silent \(peak amplitude 0\)"),
        (np.full(10, 1e-12), {"allow_silent": False}, SilentAudioError, r"is silent \(peak amplitude 1e-12\)"),
        (np.zeros(5), {"name": "my_signal", "allow_silent": False}, SilentAudioError, r"my_signal is silent"),
    ],
)
def test_valid_audio_rejects(y, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        audio.valid_audio(y, **kwargs)


def test_valid_audio_counts_nan_and_inf():
    y = np.zeros(100)
    y[12] = np.nan
    y[40] = np.inf
    y[41] = -np.inf
    with pytest.raises(ParameterError, match=r"y contains 3 NaN/inf values \(first at index 12\)"):
        audio.valid_audio(y)
    stereo = np.zeros((2, 50))
    stereo[1, 7] = np.nan
    with pytest.raises(ParameterError, match=r"1 NaN/inf values \(first at index \(1, 7\)\)"):
        audio.valid_audio(stereo)


def test_errors_are_builtin_subclasses():
    with pytest.raises(ValueError):
        audio.valid_audio(np.zeros(3, dtype=int))
    with pytest.raises(MirlabError):
        audio.normalize(np.zeros(3))


# ---- save / load round trips -------------------------------------------------------------


def test_round_trip_pcm16(tmp_path):
    y = signals.harmonic_tone(220.0, 0.5, sr=SR)
    path = audio.save(tmp_path / "a.wav", y, SR)
    assert isinstance(path, pathlib.Path) and path.exists()
    y2, sr2 = audio.load(path, sr=None)
    assert sr2 == SR and y2.dtype == np.float32 and y2.shape == y.shape
    assert np.max(np.abs(y2 - y)) <= 1.0 / 32768 + 1e-7  # PCM_16 quantisation step


def test_round_trip_float_is_exact_and_accepts_str(tmp_path):
    y = signals.noise(0.2, sr=8000, seed=3)
    audio.save(str(tmp_path / "f.wav"), y, 8000, subtype="FLOAT")
    y2, sr2 = audio.load(str(tmp_path / "f.wav"), sr=None, dtype=np.float64)
    assert sr2 == 8000 and y2.dtype == np.float64
    np.testing.assert_array_equal(y2.astype(np.float32), y)


def test_flac_round_trip(tmp_path):
    y = signals.tone(300.0, 0.3, sr=16000)
    audio.save(tmp_path / "t.flac", y, 16000)
    y2, sr2 = audio.load(tmp_path / "t.flac", sr=None)
    assert sr2 == 16000
    assert np.max(np.abs(y2 - y)) < 1e-4


def test_save_creates_parent_folders(tmp_path):
    path = audio.save(tmp_path / "a" / "b" / "c.wav", signals.tone(440.0, 0.1), SR)
    assert path.exists() and path.parent.name == "b"


def test_multichannel_shape_and_mixdown(tmp_path):
    left = signals.tone(440.0, 0.5, sr=SR, amplitude=0.5)
    right = signals.tone(660.0, 0.5, sr=SR, amplitude=0.25)
    stereo = np.stack([left, right])
    audio.save(tmp_path / "s.wav", stereo, SR, subtype="FLOAT")
    y_st, _ = audio.load(tmp_path / "s.wav", sr=None, mono=False)
    assert y_st.shape == (2, len(left))  # channels first
    np.testing.assert_allclose(y_st[1], right, atol=1e-7)
    y_mono, _ = audio.load(tmp_path / "s.wav", sr=None)
    assert y_mono.shape == (len(left),)
    np.testing.assert_allclose(y_mono, (left + right) / 2, atol=1e-6)


def test_mono_file_read_with_mono_false_is_1d(tmp_path):
    audio.save(tmp_path / "m.wav", signals.tone(440.0, 0.1), SR)
    y, _ = audio.load(tmp_path / "m.wav", mono=False)
    assert y.ndim == 1


def test_load_resamples_by_ratio_and_keeps_frequency(tmp_path):
    y = signals.tone(1000.0, 1.0, sr=44100)
    audio.save(tmp_path / "hi.wav", y, 44100)
    y2, sr2 = audio.load(tmp_path / "hi.wav", sr=16000)
    assert sr2 == 16000
    assert abs(len(y2) - len(y) * 16000 / 44100) <= 1
    assert abs(_peak_freq(y2, sr2) - 1000.0) <= 2.0


def test_load_offset_and_duration(tmp_path):
    y = np.linspace(-0.5, 0.5, 8000, dtype=np.float32)
    audio.save(tmp_path / "ramp.wav", y, 8000, subtype="FLOAT")
    part, _ = audio.load(tmp_path / "ramp.wav", sr=None, offset=0.25, duration=0.5)
    assert len(part) == 4000
    np.testing.assert_array_equal(part, y[2000:6000])


# ---- bad files ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(AudioFileError, match=r"no such audio file: '.*nothing\.wav'"):
        audio.load(tmp_path / "nothing.wav")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(AudioFileError, match=r"is a directory"):
        audio.load(tmp_path)


def test_text_file_renamed_wav(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("this is a text file, not a RIFF/WAVE file\n" * 10)
    with pytest.raises(AudioFileError, match=r"cannot decode '.*notes\.wav' as audio: .*not recognised"):
        audio.load(path)


def test_truncated_header(tmp_path):
    path = audio.save(tmp_path / "full.wav", signals.tone(440.0, 0.5), SR)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(path.read_bytes()[:20])  # inside the 'fmt ' chunk
    with pytest.raises(AudioFileError, match=r"cannot decode '.*cut\.wav' as audio: .*\S"):
        audio.load(cut)


def test_header_only_file_has_no_frames(tmp_path):
    path = audio.save(tmp_path / "full.wav", signals.tone(440.0, 0.5), SR)
    cut = tmp_path / "empty.wav"
    cut.write_bytes(path.read_bytes()[:44])  # a complete header and no samples
    with pytest.raises(ParameterError, match=r"contains no audio frames"):
        audio.load(cut)


def test_silent_file(tmp_path):
    sf.write(tmp_path / "silence.wav", np.zeros(1000), 8000)
    with pytest.raises(SilentAudioError, match=r"silence\.wav' is silent \(peak amplitude 0\)"):
        audio.load(tmp_path / "silence.wav")
    y, sr = audio.load(tmp_path / "silence.wav", sr=None, allow_silent=True)
    assert sr == 8000 and not y.any()


def test_nan_in_file(tmp_path):
    y = signals.tone(440.0, 0.1, sr=8000)
    y[50] = np.nan
    sf.write(tmp_path / "nan.wav", y, 8000, subtype="FLOAT")
    with pytest.raises(ParameterError, match=r"nan\.wav' contains 1 NaN/inf values \(first at index 50\)"):
        audio.load(tmp_path / "nan.wav")


def test_offset_beyond_end(tmp_path):
    audio.save(tmp_path / "short.wav", signals.tone(440.0, 0.5), SR)
    with pytest.raises(ParameterError, match=r"offset 2\.0 s is beyond the end .* \(duration 0\.500 s\)"):
        audio.load(tmp_path / "short.wav", offset=2.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"sr": 0}, r"sr must be a positive number"),
        ({"sr": 22050.5}, r"sr must be a whole number"),
        ({"offset": -1.0}, r"offset must be a non-negative"),
        ({"duration": 0}, r"duration must be a positive"),
        ({"dtype": np.int16}, r"dtype must be a floating-point dtype"),
    ],
)
def test_load_bad_arguments(tmp_path, kwargs, match):
    audio.save(tmp_path / "a.wav", signals.tone(440.0, 0.1), SR)
    with pytest.raises(ParameterError, match=match):
        audio.load(tmp_path / "a.wav", **kwargs)


# ---- save errors -------------------------------------------------------------------------


def test_save_clipping_signal(tmp_path):
    y = 1.5 * signals.tone(440.0, 0.1, amplitude=1.0)
    with pytest.raises(ParameterError, match=r"peaks at 1\.5 > 1\.0 and would clip .*PCM_16.*normalize"):
        audio.save(tmp_path / "loud.wav", y, SR)
    assert not (tmp_path / "loud.wav").exists()
    # a float file stores values above 1 without clipping
    audio.save(tmp_path / "loud.wav", y, SR, subtype="FLOAT")
    y2, _ = audio.load(tmp_path / "loud.wav", sr=None)
    assert np.max(np.abs(y2)) == pytest.approx(1.5, rel=1e-6)


@pytest.mark.parametrize(
    "name, y, sr, kwargs, exc, match",
    [
        ("a.wav", np.zeros(10, dtype=np.int16), SR, {}, ParameterError, r"floating-point samples"),
        ("a.wav", np.full(10, np.inf), SR, {}, ParameterError, r"10 NaN/inf values"),
        ("a.wav", np.zeros(10), 0, {}, ParameterError, r"sr must be a positive integer"),
        ("a.wav", np.zeros(10), 22050.0, {}, ParameterError, r"sr must be a positive integer"),
        ("a.xyz", np.zeros(10), SR, {}, ParameterError, r"cannot tell the audio format .*\.wav"),
        ("a.wav", np.zeros(10), SR, {"subtype": "VORBIS"}, ParameterError, r"subtype 'VORBIS' is not valid for WAV"),
    ],
)
def test_save_bad_input(tmp_path, name, y, sr, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        audio.save(tmp_path / name, y, sr, **kwargs)


# ---- resample, to_mono, normalize --------------------------------------------------------


@pytest.mark.parametrize("orig_sr, target_sr", [(44100, 22050), (22050, 16000), (8000, 22050)])
def test_resample_length_and_frequency(orig_sr, target_sr):
    y = signals.tone(700.0, 1.0, sr=orig_sr)
    y2 = audio.resample(y, orig_sr, target_sr)
    assert abs(len(y2) - len(y) * target_sr / orig_sr) <= 1
    assert abs(_peak_freq(y2, target_sr) - 700.0) <= 2.0


def test_resample_same_rate_is_a_copy():
    y = signals.tone(440.0, 0.1)
    y2 = audio.resample(y, SR, SR)
    np.testing.assert_array_equal(y2, y)
    assert y2 is not y


def test_resample_multichannel_along_last_axis():
    y = np.stack([signals.tone(440.0, 0.5, sr=16000), signals.tone(880.0, 0.5, sr=16000)])
    assert audio.resample(y, 16000, 8000).shape == (2, 4000)


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((0, 22050), {}, r"orig_sr must be a positive number"),
        ((22050, -1), {}, r"target_sr must be a positive number"),
        ((22050, True), {}, r"target_sr must be a positive number"),
        ((22050, 16000), {"res_type": "no_such_method"}, r"cannot resample with res_type='no_such_method'"),
    ],
)
def test_resample_bad_arguments(args, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        audio.resample(signals.tone(440.0, 0.1), *args, **kwargs)


def test_to_mono():
    y = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]], dtype=np.float32)
    mono = audio.to_mono(y)
    np.testing.assert_allclose(mono, [0.5, 0.5, 0.0])
    assert mono.dtype == np.float32
    one = np.array([0.1, 0.2])
    assert audio.to_mono(one) is one
    with pytest.raises(ParameterError, match=r"got shape \(1, 1, 2\)"):
        audio.to_mono(np.zeros((1, 1, 2)))


def test_normalize():
    y = np.array([0.1, -0.4, 0.2], dtype=np.float32)
    out = audio.normalize(y, peak=0.8)
    assert out.dtype == np.float32
    assert np.max(np.abs(out)) == pytest.approx(0.8)
    np.testing.assert_allclose(out / out[0], y / y[0], rtol=1e-6)
    with pytest.raises(SilentAudioError, match=r"is silent"):
        audio.normalize(np.zeros(10))
    with pytest.raises(ParameterError, match=r"peak must be a positive number"):
        audio.normalize(y, peak=0)


def test_normalized_loud_signal_can_be_saved(tmp_path):
    y = 3.0 * signals.tone(440.0, 0.1, amplitude=1.0)
    audio.save(tmp_path / "ok.wav", audio.normalize(y), SR)
    y2, _ = audio.load(tmp_path / "ok.wav", sr=None)
    assert np.max(np.abs(y2)) > 0.99
