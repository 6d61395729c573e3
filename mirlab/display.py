"""Plots and players: waveforms, spectrograms, audio players, window-length comparisons.

Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md,
book/audio/stft.md, book/audio/mel_cqt.md).

Built on matplotlib and :mod:`librosa.display`. Every plotting function takes ``ax=None``
(a new figure is created when None) and returns the :class:`~matplotlib.axes.Axes` it drew on,
so plots compose like librosa's. Nothing here closes figures or changes global matplotlib
settings, and everything works with the non-interactive ``Agg`` backend (the book build).
"""

from __future__ import annotations

import numpy as np

from . import spectral
from .audio import valid_audio
from .errors import ParameterError

__all__ = ["waveform", "spectrogram", "audio", "window_comparison", "window_explorer"]


def _new_axes(ax, figsize=(8, 3)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _check_sr(sr) -> float:
    if isinstance(sr, bool) or not isinstance(sr, (int, float, np.integer, np.floating)) or not sr > 0:
        raise ParameterError(f"sr must be a positive number of samples per second, got {sr!r}")
    return sr


def waveform(y: np.ndarray, *, sr: float, ax=None, title: str | None = None):
    """Plot a waveform (amplitude against time) with :func:`librosa.display.waveshow`.

    A multichannel signal gets one semi-transparent trace per channel and a legend.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Shape ``(n,)`` or ``(channels, n)``.
    sr : number
        Sampling rate in Hz.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure when None.
    title : str or None
        Axes title.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Raises
    ------
    ParameterError
        If ``y`` or ``sr`` is invalid.

    See Also
    --------
    spectrogram, librosa.display.waveshow

    Examples
    --------
    >>> from mirlab import display, signals
    >>> ax = display.waveform(signals.tone(220.0, 0.1), sr=22050, title="A3")
    >>> ax.get_ylabel()
    'Amplitude'
    """
    import librosa.display

    valid_audio(y)
    sr = _check_sr(sr)
    ax = _new_axes(ax)
    if y.ndim == 1:
        librosa.display.waveshow(y, sr=sr, ax=ax)
    else:
        for c, channel in enumerate(y):
            librosa.display.waveshow(
                np.ascontiguousarray(channel), sr=sr, ax=ax, alpha=0.6, label=f"channel {c}", color=f"C{c}"
            )
        ax.legend(loc="upper right")
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("Amplitude")
    if title is not None:
        ax.set_title(title)
    return ax


def spectrogram(
    S: np.ndarray,
    *,
    sr: float,
    hop_length: int = 512,
    x_axis: str | None = "time",
    y_axis: str | None = "linear",
    db: bool = True,
    ax=None,
    title: str | None = None,
    colorbar: bool = True,
    cmap: str = "magma",
    **specshow_kwargs,
):
    """Show a spectrogram with :func:`librosa.display.specshow`, in dB by default.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    S : np.ndarray
        Magnitude spectrogram, shape ``(n_freqs, n_frames)``; a complex STFT is reduced to its
        modulus.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Hop of the spectrogram in samples (for the time axis).
    x_axis, y_axis : str or None
        librosa axis types: ``"time"``, ``"frames"``, ... for x; ``"linear"``, ``"log"``,
        ``"mel"``, ``"cqt_note"``, ``"cqt_hz"``, ... for y.
    db : bool
        If True, show ``amplitude_to_db(S, ref=np.max)`` (0 dB at the maximum, 80 dB range);
        otherwise the raw magnitudes.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure when None.
    title : str or None
        Axes title.
    colorbar : bool
        Add a colour bar labelled "dB" or "magnitude".
    cmap : str
        Matplotlib colour map.
    **specshow_kwargs
        Passed to :func:`librosa.display.specshow` (e.g. ``n_fft`` for an odd FFT size,
        ``fmin``/``fmax`` of a Mel or CQT axis, ``bins_per_octave``).

    Returns
    -------
    ax : matplotlib.axes.Axes

    Raises
    ------
    ParameterError
        If ``S`` is not a finite 2-D array, or an axis name is unknown.

    See Also
    --------
    mirlab.spectral.magnitude_spectrogram, mirlab.spectral.amplitude_to_db,
    librosa.display.specshow

    Examples
    --------
    >>> from mirlab import display, signals, spectral
    >>> y = signals.example_mix()
    >>> S = spectral.magnitude_spectrogram(y, n_fft=2048, hop_length=512)
    >>> ax = display.spectrogram(S, sr=22050, hop_length=512, y_axis="log")
    >>> ax.get_xlabel()
    'Time'
    """
    import librosa.display

    S = np.asarray(S)
    if S.ndim != 2:
        raise ParameterError(f"S must be a 2-D spectrogram (n_freqs, n_frames), got shape {S.shape}")
    if S.size == 0 or not np.issubdtype(S.dtype, np.number):
        raise ParameterError(f"S must be a non-empty numeric array, got shape {S.shape} and dtype {S.dtype}")
    if not np.isfinite(S).all():
        raise ParameterError(f"S contains {int((~np.isfinite(S)).sum())} NaN/inf values")
    sr = _check_sr(sr)
    if isinstance(hop_length, bool) or not isinstance(hop_length, (int, np.integer)) or hop_length <= 0:
        raise ParameterError(f"hop_length must be a positive integer, got {hop_length!r}")
    S = np.abs(S)
    data = spectral.amplitude_to_db(S, ref=np.max) if db else S
    ax = _new_axes(ax)
    try:
        img = librosa.display.specshow(
            data, sr=sr, hop_length=hop_length, x_axis=x_axis, y_axis=y_axis, ax=ax, cmap=cmap, **specshow_kwargs
        )
    except librosa.util.exceptions.ParameterError as exc:
        raise ParameterError(f"cannot draw the spectrogram: {exc}") from exc
    if colorbar:
        cbar = ax.figure.colorbar(img, ax=ax, format="%+2.0f dB" if db else None)
        cbar.set_label("dB" if db else "magnitude")
    if title is not None:
        ax.set_title(title)
    return ax


def audio(y: np.ndarray, *, sr: int, normalize: bool = True):
    """An audio player for a notebook (and the HTML book): :class:`IPython.display.Audio`.

    Book chapter: *Audio and time-frequency representations* (book/audio/sampling.md).

    Parameters
    ----------
    y : np.ndarray
        Shape ``(n,)`` (mono) or ``(channels, n)`` (e.g. stereo).
    sr : int
        Sampling rate in Hz.
    normalize : bool
        Scale the player's volume to the signal's peak (IPython's default). With False, ``y``
        must lie within ``[-1, 1]`` and is played at its true level.

    Returns
    -------
    player : IPython.display.Audio

    Raises
    ------
    ParameterError
        If ``y`` or ``sr`` is invalid, or ``normalize=False`` and ``y`` exceeds ``[-1, 1]``.

    See Also
    --------
    waveform, IPython.display.Audio

    Examples
    --------
    >>> from mirlab import display, signals
    >>> player = display.audio(signals.tone(440.0, 0.5), sr=22050)
    >>> type(player).__name__
    'Audio'
    """
    from IPython.display import Audio

    valid_audio(y)
    if isinstance(sr, bool) or not isinstance(sr, (int, np.integer)) or sr <= 0:
        raise ParameterError(f"sr must be a positive integer number of samples per second, got {sr!r}")
    peak = float(np.max(np.abs(y)))
    if not normalize and peak > 1.0:
        raise ParameterError(
            f"y peaks at {peak:.3g} > 1.0: use normalize=True or scale it with mirlab.audio.normalize"
        )
    # IPython divides by the peak when normalising: a silent signal is played as is.
    return Audio(np.asarray(y, dtype=np.float64), rate=int(sr), normalize=bool(normalize and peak > 0))


def _resolution_title(n_fft: int, hop: int, sr: float) -> str:
    return (
        f"n_fft = {n_fft} ({1000 * n_fft / sr:.1f} ms)\n"
        f"hop {hop} ({1000 * hop / sr:.1f} ms), {sr / n_fft:.1f} Hz/bin"
    )


def window_comparison(
    y: np.ndarray,
    *,
    sr: float,
    n_ffts=(256, 1024, 4096),
    hop_length: int | None = None,
    y_axis: str = "log",
    fmax: float | None = None,
):
    """Spectrograms of one signal with several window lengths, side by side.

    Short windows resolve time (sharp clicks) and blur frequency; long windows resolve
    frequency (separate harmonics) and blur time. Each panel's title gives the window length in
    samples and milliseconds, the hop, and the frequency resolution ``sr / n_fft`` (Hz per
    bin).

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    sr : number
        Sampling rate in Hz.
    n_ffts : sequence of int
        Window (FFT) lengths, one panel each.
    hop_length : int or None
        Hop for every panel; default ``n_fft // 4`` of each panel.
    y_axis : str
        librosa frequency-axis type (``"log"``, ``"linear"``).
    fmax : float or None
        Upper limit of the frequency axis in Hz (default ``sr / 2``).

    Returns
    -------
    fig : matplotlib.figure.Figure
        One Axes per window length, sharing both axes. (In a notebook, assign the result or
        end the line with ``;`` so that the figure is not shown twice.)

    Raises
    ------
    ParameterError
        For an invalid signal or window length.

    See Also
    --------
    window_explorer, spectrogram

    Examples
    --------
    >>> from mirlab import display, signals
    >>> fig = display.window_comparison(signals.example_mix(), sr=22050, n_ffts=(256, 2048))
    >>> len(fig.axes)
    2
    """
    import matplotlib.pyplot as plt

    valid_audio(y, mono=True)
    sr = _check_sr(sr)
    n_ffts = list(n_ffts)
    if not n_ffts:
        raise ParameterError("n_ffts is empty: give at least one window length")
    for n_fft in n_ffts:
        if isinstance(n_fft, bool) or not isinstance(n_fft, (int, np.integer)) or n_fft <= 0:
            raise ParameterError(f"every window length in n_ffts must be a positive integer, got {n_fft!r}")
    if fmax is not None and not (isinstance(fmax, (int, float, np.number)) and 0 < fmax <= sr / 2):
        raise ParameterError(f"fmax must be in (0, sr / 2 = {sr / 2:g}] Hz, got {fmax!r}")

    fig, axes = plt.subplots(
        1, len(n_ffts), figsize=(4.2 * len(n_ffts), 3.6), sharex=True, sharey=True, squeeze=False,
        constrained_layout=True,
    )
    lows = []
    for ax, n_fft in zip(axes[0], n_ffts):
        hop = hop_length if hop_length is not None else max(1, n_fft // 4)
        S = spectral.magnitude_spectrogram(y, n_fft=int(n_fft), hop_length=hop)
        spectrogram(S, sr=sr, hop_length=hop, y_axis=y_axis, ax=ax, colorbar=False, n_fft=int(n_fft))
        ax.set_title(_resolution_title(int(n_fft), hop, sr), fontsize=9)
        lows.append(ax.get_ylim()[0])
    # The panels share their y axis. On a log axis the lowest band depends on the window length:
    # start at the first non-zero bin of the shortest window, so every panel fills the frame.
    low = sr / min(n_ffts) if y_axis == "log" else max(lows)
    axes[0][0].set_ylim(low, fmax if fmax is not None else sr / 2)
    for ax in axes[0][1:]:
        ax.set_ylabel("")
    return fig


def _explorer_figure(y: np.ndarray, sr: float, n_fft: int, window: str):
    """The figure of :func:`window_explorer`: the window's shape and the spectrogram."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 3.6), layout="constrained")
    ax_w, ax_s = fig.subplots(1, 2, width_ratios=[1, 3])
    w = spectral.get_window(window, n_fft)
    ax_w.plot(1000 * np.arange(n_fft) / sr, w)
    ax_w.set_xlabel("Time (ms)")
    ax_w.set_ylabel("weight")
    ax_w.set_ylim(-0.05, 1.1)
    ax_w.set_title(f"{window} window, {n_fft} samples")
    hop = max(1, n_fft // 4)
    S = np.abs(spectral.stft(y, n_fft=n_fft, hop_length=hop, window=window))
    spectrogram(S, sr=sr, hop_length=hop, y_axis="log", ax=ax_s, n_fft=n_fft)
    ax_s.set_title(_resolution_title(n_fft, hop, sr).replace("\n", ", "), fontsize=9)
    return fig


def window_explorer(
    y: np.ndarray,
    *,
    sr: float,
    n_ffts=(256, 512, 1024, 2048, 4096),
    windows=("hann", "hamming", "boxcar", "blackman"),
):
    """An interactive explorer of window length and window type (ipywidgets).

    A slider picks the window length and a dropdown the window type; on each change the
    window's shape and the resulting spectrogram are redrawn in an
    :class:`ipywidgets.Output`. Without a live kernel (the static HTML book) the widget shows
    its first drawing; it never fails headless.

    Book chapter: *Audio and time-frequency representations* (book/audio/stft.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, shape ``(n,)``.
    sr : number
        Sampling rate in Hz.
    n_ffts : sequence of int
        Window lengths offered by the slider.
    windows : sequence of str
        Window names offered by the dropdown (see :func:`mirlab.spectral.get_window`).

    Returns
    -------
    widget : ipywidgets.VBox
        The controls above the output area.

    Raises
    ------
    ParameterError
        For an invalid signal, window length or window name.

    See Also
    --------
    window_comparison

    Examples
    --------
    >>> from mirlab import display, signals
    >>> w = display.window_explorer(signals.tone(440.0, 0.5), sr=22050)
    >>> type(w).__name__
    'VBox'
    """
    import ipywidgets as widgets
    from IPython import get_ipython
    from IPython.display import display

    valid_audio(y, mono=True)
    sr = _check_sr(sr)
    n_ffts = list(n_ffts)
    windows = list(windows)
    if not n_ffts or not windows:
        raise ParameterError("n_ffts and windows must each offer at least one choice")
    for n_fft in n_ffts:
        if isinstance(n_fft, bool) or not isinstance(n_fft, (int, np.integer)) or n_fft <= 0:
            raise ParameterError(f"every window length in n_ffts must be a positive integer, got {n_fft!r}")
    for name in windows:
        spectral.get_window(name, 16)  # raises a ParameterError for an unknown name

    length = widgets.SelectionSlider(
        options=[(f"{n} ({1000 * n / sr:.0f} ms)", int(n)) for n in n_ffts],
        value=int(n_ffts[len(n_ffts) // 2]),
        description="window",
        continuous_update=False,
        layout=widgets.Layout(width="420px"),
    )
    kind = widgets.Dropdown(options=windows, value=windows[0], description="type")
    out = widgets.Output()

    def redraw(*_):
        fig = _explorer_figure(y, sr, length.value, kind.value)
        if get_ipython() is None:  # plain Python (scripts, tests): nothing to display into
            return
        with out:
            out.clear_output(wait=True)
            display(fig)

    length.observe(redraw, names="value")
    kind.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([length, kind]), out])


# ---- chroma (book/classical/chroma.md) -----------------------------------------------------

__all__ += ["chromagram", "chroma_comparison", "chroma_explorer"]

_PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def chromagram(C, *, sr: float, hop_length: int, ax=None, title: str | None = None, segments=None):
    """Plot a chromagram: pitch classes (C at the bottom) against time.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    C : array_like
        Shape ``(12, n_frames)``, non-negative.
    sr : number
        Sampling rate in Hz.
    hop_length : int
        Samples between frames.
    ax : matplotlib.axes.Axes or None
        Where to draw (default: a new figure).
    title : str or None
        Title of the plot.
    segments : (intervals, labels) or None
        Chord segments to mark (vertical lines and labels above the plot).

    Returns
    -------
    ax : matplotlib.axes.Axes

    Raises
    ------
    ParameterError
        If ``C`` does not have 12 rows, or ``sr`` / ``hop_length`` is invalid.

    See Also
    --------
    mirlab.chroma.chroma_stft, chroma_explorer

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab import display
    >>> ax = display.chromagram(np.random.default_rng(0).random((12, 50)), sr=22050, hop_length=512)
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['C', 'C#', 'D']
    """
    C = np.asarray(C, dtype=float)
    if C.ndim != 2 or C.shape[0] != 12 or C.shape[1] == 0:
        raise ParameterError(f"C must have shape (12, n_frames), got {C.shape}")
    sr = _check_sr(sr)
    if isinstance(hop_length, bool) or not isinstance(hop_length, (int, np.integer)) or hop_length <= 0:
        raise ParameterError(f"hop_length must be a positive integer, got {hop_length!r}")
    ax = _new_axes(ax, figsize=(9, 3))
    end = C.shape[1] * hop_length / sr
    img = ax.imshow(C, origin="lower", aspect="auto", cmap="magma", interpolation="nearest",
                    extent=[0, end, -0.5, 11.5])
    ax.set_yticks(range(12), _PITCH_CLASSES)
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("pitch class")
    ax.figure.colorbar(img, ax=ax, pad=0.01)
    if segments is not None:
        intervals, labels = segments
        for (start, _), lab in zip(np.asarray(intervals), labels):
            if start > end:
                break
            ax.axvline(start, color="w", lw=0.7)
            ax.text(start, 11.6, str(lab), fontsize=7, va="bottom", clip_on=False)
    if title:
        ax.set_title(title, pad=14 if segments is not None else 6)
    return ax


def _chroma_settings_title(n_fft, shape, log_gamma, norm) -> str:
    norm_s = {None: "no norm", 1: "L1", 2: "L2", np.inf: "max"}.get(norm, str(norm))
    comp = "no compression" if log_gamma is None else f"log(1 + {log_gamma:g} |S|)"
    return f"n_fft={n_fft}, {shape}, {comp}, {norm_s}"


def _chroma_figure(y, sr, n_fft, shape, log_gamma, norm):
    from matplotlib.figure import Figure

    from . import chroma as _chroma

    hop = max(1, n_fft // 4)
    C = _chroma.chroma_stft(y, sr=sr, n_fft=n_fft, hop_length=hop, shape=shape, log_gamma=log_gamma, norm=norm)
    fig = Figure(figsize=(10, 3.4), layout="constrained")
    ax_f, ax_c = fig.subplots(1, 2, width_ratios=[1, 3])
    W = _chroma.chroma_filterbank(sr=sr, n_fft=n_fft, shape=shape)
    freqs = spectral.fft_frequencies(sr=sr, n_fft=n_fft)
    keep = (freqs >= 200) & (freqs <= 600)
    ax_f.plot(freqs[keep], W[0, keep], label="C")
    ax_f.plot(freqs[keep], W[9, keep], label="A")
    ax_f.set_xlabel("frequency (Hz)")
    ax_f.set_title(f"filters of C and A, {shape}", fontsize=9)
    ax_f.legend(fontsize=8)
    chromagram(C, sr=sr, hop_length=hop, ax=ax_c)
    ax_c.set_title(_chroma_settings_title(n_fft, shape, log_gamma, norm), fontsize=9)
    return fig


def chroma_comparison(y: np.ndarray, *, sr: float, settings=None):
    """Chromagrams of one signal with several settings, one panel each (a static figure).

    The static counterpart of :func:`chroma_explorer`, for the built book.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    settings : sequence of dict or None
        Keyword arguments of :func:`mirlab.chroma.chroma_stft` per panel (``n_fft``, ``shape``,
        ``log_gamma``, ``norm``); default: the lecture's chroma, then the refinements one by one.

    Returns
    -------
    fig : matplotlib.figure.Figure

    See Also
    --------
    chroma_explorer, chromagram

    Examples
    --------
    >>> from mirlab import display, signals
    >>> fig = display.chroma_comparison(signals.harmonic_tone(440.0, 1.0), sr=22050)
    >>> len(fig.axes) >= 4
    True
    """
    import matplotlib.pyplot as plt

    from . import chroma as _chroma

    valid_audio(y, mono=True)
    sr = _check_sr(sr)
    if settings is None:
        settings = [
            {"shape": "lecture", "tuning": 0.0, "norm": None},
            {"shape": "hard", "tuning": 0.0, "norm": 2},
            {"shape": "gaussian", "norm": 2},
            {"shape": "gaussian", "log_gamma": 10.0, "norm": 2},
        ]
    settings = list(settings)
    if not settings:
        raise ParameterError("settings is empty: give at least one dict of chroma_stft options")
    fig, axes = plt.subplots(len(settings), 1, figsize=(9, 2.4 * len(settings)), sharex=True,
                             constrained_layout=True, squeeze=False)
    for ax, opts in zip(axes[:, 0], settings):
        opts = {"n_fft": 4096, "hop_length": 1024, **opts}
        C = _chroma.chroma_stft(y, sr=sr, **opts)
        chromagram(C, sr=sr, hop_length=opts["hop_length"], ax=ax)
        tuning = "tuning estimated" if opts.get("tuning", None) is None else f"tuning={opts['tuning']:g}"
        ax.set_title(_chroma_settings_title(opts["n_fft"], opts.get("shape", "gaussian"), opts.get("log_gamma"),
                                            opts.get("norm", 2)) + f", {tuning}", fontsize=9)
        ax.set_xlabel("")
    axes[-1, 0].set_xlabel("Time (s)")
    return fig


def chroma_explorer(
    y: np.ndarray,
    *,
    sr: float,
    n_ffts=(1024, 2048, 4096, 8192),
    shapes=("lecture", "hard", "triangular", "gaussian"),
    log_gammas=(None, 1.0, 10.0, 100.0),
    norms=(None, 1, 2, np.inf),
):
    """An interactive chroma explorer (ipywidgets): window length, filter shape, compression, norm.

    On each change the filters of two pitch classes and the chromagram are redrawn in an
    :class:`ipywidgets.Output`. Without a live kernel (the static HTML book) the widget shows
    its first drawing; use :func:`chroma_comparison` for a static figure.

    Book chapter: *Classical MIR*, chroma (book/classical/chroma.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal.
    sr : number
        Sampling rate in Hz.
    n_ffts, shapes, log_gammas, norms : sequences
        The choices offered (see :func:`mirlab.chroma.chroma_stft`).

    Returns
    -------
    widget : ipywidgets.VBox

    Raises
    ------
    ParameterError
        For an invalid signal or choice.

    See Also
    --------
    chroma_comparison, window_explorer

    Examples
    --------
    >>> from mirlab import display, signals
    >>> w = display.chroma_explorer(signals.harmonic_tone(440.0, 0.5), sr=22050)
    >>> type(w).__name__
    'VBox'
    """
    import ipywidgets as widgets
    from IPython import get_ipython
    from IPython.display import display

    from . import chroma as _chroma

    valid_audio(y, mono=True)
    sr = _check_sr(sr)
    n_ffts, shapes, log_gammas, norms = list(n_ffts), list(shapes), list(log_gammas), list(norms)
    if not (n_ffts and shapes and log_gammas and norms):
        raise ParameterError("n_ffts, shapes, log_gammas and norms must each offer at least one choice")
    for n_fft in n_ffts:
        if isinstance(n_fft, bool) or not isinstance(n_fft, (int, np.integer)) or n_fft <= 0:
            raise ParameterError(f"every window length in n_ffts must be a positive integer, got {n_fft!r}")
    for shape in shapes:
        if shape not in _chroma.SHAPES:
            raise ParameterError(f"unknown filter shape {shape!r}; choose from {_chroma.SHAPES}")
    for g in log_gammas:
        if g is not None and not (isinstance(g, (int, float)) and g > 0):
            raise ParameterError(f"every log_gamma must be None or a positive number, got {g!r}")
    for nm in norms:
        _chroma.normalize(np.ones((12, 1)), norm=nm)  # raises a ParameterError for a bad norm

    length = widgets.SelectionSlider(options=[(f"{n} ({1000 * n / sr:.0f} ms)", int(n)) for n in n_ffts],
                                     value=int(n_ffts[len(n_ffts) // 2]), description="n_fft",
                                     continuous_update=False, layout=widgets.Layout(width="360px"))
    shape = widgets.Dropdown(options=shapes, value=shapes[-1], description="filters")
    comp = widgets.Dropdown(options=[("none" if g is None else f"log(1+{g:g}x)", g) for g in log_gammas],
                            value=log_gammas[0], description="compression")
    norm = widgets.Dropdown(options=[({None: "none", 1: "L1", 2: "L2"}.get(n, "max"), n) for n in norms],
                            value=norms[0], description="norm")
    out = widgets.Output()

    def redraw(*_):
        fig = _chroma_figure(y, sr, length.value, shape.value, comp.value, norm.value)
        if get_ipython() is None:  # plain Python (scripts, tests): nothing to display into
            return
        with out:
            out.clear_output(wait=True)
            display(fig)

    for w in (length, shape, comp, norm):
        w.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([length, shape]), widgets.HBox([comp, norm]), out])
