"""mirlab.display chroma plots: chromagram, chroma_comparison and chroma_explorer (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mirlab import display, signals  # noqa: E402
from mirlab.errors import ParameterError  # noqa: E402

SR = 22050


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_chromagram_draws_the_data_and_segments():
    C = np.random.default_rng(0).random((12, 40))
    ax = display.chromagram(C, sr=SR, hop_length=512, title="t",
                            segments=(np.array([[0.0, 0.5], [0.5, 0.93]]), ["C:maj", "G:maj"]))
    assert isinstance(ax, Axes)
    np.testing.assert_array_equal(ax.images[0].get_array(), C)
    assert ax.images[0].get_extent()[1] == pytest.approx(40 * 512 / SR)
    assert [t.get_text() for t in ax.texts] == ["C:maj", "G:maj"]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(display._PITCH_CLASSES)


def test_chromagram_rejects_bad_input():
    with pytest.raises(ParameterError, match="shape"):
        display.chromagram(np.ones((10, 5)), sr=SR, hop_length=512)
    with pytest.raises(ParameterError, match="hop_length"):
        display.chromagram(np.ones((12, 5)), sr=SR, hop_length=0)
    with pytest.raises(ParameterError, match="sr"):
        display.chromagram(np.ones((12, 5)), sr=-1, hop_length=512)


def test_chroma_comparison_one_panel_per_setting():
    y = signals.harmonic_tone(261.63, 1.0, sr=SR)
    fig = display.chroma_comparison(y, sr=SR, settings=[{"shape": "lecture"}, {"shape": "hard", "n_fft": 2048}])
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 2
    # the strongest row of the first panel (time-averaged) is C
    assert int(np.argmax(panels[0].images[0].get_array().mean(axis=1))) == 0
    with pytest.raises(ParameterError):
        display.chroma_comparison(y, sr=SR, settings=[])


def test_chroma_explorer_widget_and_redraw():
    y = signals.harmonic_tone(440.0, 0.5, sr=SR)
    w = display.chroma_explorer(y, sr=SR, n_ffts=(1024, 2048), shapes=("hard", "gaussian"))
    assert type(w).__name__ == "VBox"
    controls = [c for box in w.children[:2] for c in box.children]
    assert len(controls) == 4
    controls[1].value = "hard"  # triggers a redraw; must not fail headless
    fig = display._chroma_figure(y, SR, 2048, "triangular", 10.0, np.inf)
    assert len([ax for ax in fig.axes if ax.images]) == 1


@pytest.mark.parametrize("kwargs", [{"n_ffts": ()}, {"shapes": ("box",)}, {"log_gammas": (-1.0,)},
                                    {"norms": (3,)}, {"n_ffts": (0,)}])
def test_chroma_explorer_rejects_bad_choices(kwargs):
    with pytest.raises(ParameterError):
        display.chroma_explorer(signals.tone(440.0, 0.2), sr=SR, **kwargs)
