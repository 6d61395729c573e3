"""mirlab.display: plots (Agg backend), players and the window explorer return the right objects."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Audio  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mirlab import display, signals, spectral  # noqa: E402
from mirlab.errors import ParameterError  # noqa: E402

SR = 22050


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def y():
    return signals.example_mix(sr=SR)


def test_backend_is_agg():
    assert matplotlib.get_backend().lower() == "agg"


def test_waveform_mono(y):
    ax = display.waveform(y, sr=SR, title="mix")
    assert isinstance(ax, Axes)
    assert ax.get_title() == "mix" and ax.get_ylabel() == "Amplitude" and "Time" in ax.get_xlabel()
    assert ax.get_xlim()[1] == pytest.approx(3.0, rel=0.05)


def test_waveform_stereo_on_given_axes(y):
    fig, ax = plt.subplots()
    out = display.waveform(np.stack([y, 0.5 * y]), sr=SR, ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["channel 0", "channel 1"]


def test_waveform_rejects_bad_input():
    with pytest.raises(ParameterError, match=r"NaN/inf"):
        display.waveform(np.array([0.0, np.nan]), sr=SR)
    with pytest.raises(ParameterError, match=r"sr must be a positive number"):
        display.waveform(np.zeros(10), sr=0)


@pytest.mark.parametrize("y_axis", ["linear", "log"])
def test_spectrogram_db_colorbar(y, y_axis):
    S = spectral.magnitude_spectrogram(y, n_fft=1024, hop_length=256)
    ax = display.spectrogram(S, sr=SR, hop_length=256, y_axis=y_axis, title="dB")
    assert isinstance(ax, Axes) and ax.get_title() == "dB"
    assert ax.get_xlabel() == "Time" and ax.get_ylabel() == "Hz"
    assert len(ax.figure.axes) == 2  # the spectrogram and its colour bar
    assert ax.figure.axes[1].get_ylabel() == "dB"
    data = ax.collections[0].get_array()
    assert float(data.max()) == pytest.approx(0.0) and float(data.min()) >= -80.0 - 1e-3
    assert ax.get_ylim()[1] == pytest.approx(SR / 2, rel=0.01)


def test_spectrogram_magnitude_without_db(y):
    S = spectral.magnitude_spectrogram(y, n_fft=512, hop_length=128)
    ax = display.spectrogram(S, sr=SR, hop_length=128, db=False)
    assert ax.figure.axes[1].get_ylabel() == "magnitude"
    assert float(ax.collections[0].get_array().max()) == pytest.approx(float(S.max()), rel=1e-5)


def test_spectrogram_without_colorbar_on_given_axes(y):
    fig, ax = plt.subplots()
    S = spectral.mel_spectrogram(y, sr=SR, n_mels=64)
    out = display.spectrogram(S, sr=SR, y_axis="mel", ax=ax, colorbar=False)
    assert out is ax and len(fig.axes) == 1


def test_spectrogram_cqt_axis(y):
    C = spectral.cqt(y, sr=SR)
    ax = display.spectrogram(C, sr=SR, y_axis="cqt_note")
    assert ax.get_ylabel() == "Note"


def test_spectrogram_complex_input_is_reduced_to_magnitude(y):
    X = spectral.stft(y, n_fft=512)
    ax = display.spectrogram(X, sr=SR, db=False, colorbar=False)
    assert float(ax.collections[0].get_array().max()) == pytest.approx(float(np.abs(X).max()), rel=1e-5)


@pytest.mark.parametrize(
    "S, kwargs, match",
    [
        (np.ones(10), {}, r"must be a 2-D spectrogram"),
        (np.full((4, 4), np.nan), {}, r"16 NaN/inf values"),
        (np.ones((4, 4)), {"y_axis": "banana"}, r"cannot draw the spectrogram"),
        (np.ones((4, 4)), {"hop_length": 0}, r"hop_length must be a positive integer"),
    ],
)
def test_spectrogram_errors(S, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        display.spectrogram(S, sr=SR, **kwargs)


def test_audio_player_mono_and_stereo(y):
    player = display.audio(y, sr=SR)
    assert isinstance(player, Audio) and player.data[:4] == b"RIFF"
    # the WAV header: channels at bytes 22-23, sampling rate at bytes 24-27
    assert int.from_bytes(player.data[22:24], "little") == 1
    assert int.from_bytes(player.data[24:28], "little") == SR
    stereo = display.audio(np.stack([y, y[::-1].copy()]), sr=SR)
    assert isinstance(stereo, Audio)
    assert int.from_bytes(stereo.data[22:24], "little") == 2


def test_audio_player_silent_and_unnormalised():
    assert isinstance(display.audio(np.zeros(1000), sr=8000), Audio)
    assert isinstance(display.audio(signals.tone(440.0, 0.1), sr=SR, normalize=False), Audio)


@pytest.mark.parametrize(
    "y, kwargs, match",
    [
        (np.array([0.0, np.inf]), {"sr": SR}, r"NaN/inf"),
        (np.zeros((1, 2, 3)), {"sr": SR}, r"got shape \(1, 2, 3\)"),
        (np.ones(10), {"sr": 0}, r"sr must be a positive integer"),
        (2.0 * np.ones(10), {"sr": SR, "normalize": False}, r"peaks at 2 > 1\.0"),
    ],
)
def test_audio_player_errors(y, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        display.audio(y, **kwargs)


def test_window_comparison(y):
    fig = display.window_comparison(y, sr=SR, n_ffts=(256, 1024, 4096), fmax=8000)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("n_fft = 256 (11.6 ms)") and "86.1 Hz/bin" in titles[0]
    assert "hop 1024 (46.4 ms)" in titles[2] and "5.4 Hz/bin" in titles[2]
    assert fig.axes[0].get_ylim()[1] == pytest.approx(8000)
    assert fig.axes[1].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])


def test_window_comparison_fixed_hop_and_errors(y):
    fig = display.window_comparison(y, sr=SR, n_ffts=(512, 2048), hop_length=256, y_axis="linear")
    assert len(fig.axes) == 2 and all("hop 256" in ax.get_title() for ax in fig.axes)
    with pytest.raises(ParameterError, match=r"positive integer, got 0"):
        display.window_comparison(y, sr=SR, n_ffts=(0, 512))
    with pytest.raises(ParameterError, match=r"must be mono"):
        display.window_comparison(np.stack([y, y]), sr=SR)


def test_window_explorer_headless(y):
    widget = display.window_explorer(y, sr=SR, n_ffts=(256, 1024), windows=("hann", "boxcar"))
    assert isinstance(widget, ipywidgets.Widget) and isinstance(widget, ipywidgets.VBox)
    controls, out = widget.children
    assert isinstance(out, ipywidgets.Output)
    slider, dropdown = controls.children
    assert list(dropdown.options) == ["hann", "boxcar"]
    slider.value = 256  # redraws without a frontend and without raising
    dropdown.value = "boxcar"
    assert slider.value == 256 and dropdown.value == "boxcar"


def test_window_explorer_figure():
    fig = display._explorer_figure(signals.tone(440.0, 0.5), SR, 512, "hamming")
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_title() == "hamming window, 512 samples"
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), spectral.get_window("hamming", 512))


def test_window_explorer_rejects_unknown_window(y):
    with pytest.raises(ParameterError, match=r"unknown window 'triangle-ish'"):
        display.window_explorer(y, sr=SR, windows=("hann", "triangle-ish"))
