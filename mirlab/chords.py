r"""Chord recognition: chroma, templates, and a hidden Markov model decoded by Viterbi.

Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

The vocabulary is the 24 major and minor triads and "no chord", in the syntax of Harte et al.
that :mod:`mir_eval.chord` reads (:data:`LABELS`: ``"C:maj"``, ..., ``"B:min"``, ``"N"``). The
pipeline of :func:`recognize`:

1. a chromagram (:func:`features`: CQT chroma with tuning estimation and log compression, one
   frame every 1024 samples at 22050 Hz);
2. the cosine similarity of each frame with a binary template per chord (:func:`templates`,
   :func:`similarity`); quiet frames get a flat chroma, which matches the template of ``"N"``;
3. emission probabilities :math:`P(x_t | c) \propto \exp(\beta \cos(x_t, T_c))`
   (:func:`emission_probabilities`);
4. either the frame-wise decision (arg-max per frame) or Viterbi decoding
   (:func:`mirlab.sequence.viterbi`) with a transition matrix that favours staying on a chord
   (:func:`transition_matrix`: a self-loop probability, optionally circle-of-fifths distances);
5. runs of equal frame labels become ``(intervals, labels)`` segments (:func:`frames_to_segments`).

:class:`GaussianChordHMM` learns the emissions instead (one Gaussian per chord quality, learnt
from labelled chroma rotated to a common root, so the 24 classes share data) and decodes with
:class:`hmmlearn.hmm.GaussianHMM`. :func:`evaluate` and :func:`evaluate_many` score with
:func:`mir_eval.chord.evaluate` and mir_eval's comparison functions.
"""

from __future__ import annotations

import numbers
from collections import OrderedDict

import numpy as np

from . import chroma as _chroma
from . import sequence
from .audio import valid_audio
from .errors import ParameterError
from .spectral import _positive_number

__all__ = [
    "LABELS",
    "NO_CHORD",
    "SR",
    "HOP_LENGTH",
    "templates",
    "features",
    "similarity",
    "emission_probabilities",
    "transition_matrix",
    "decode",
    "frames_to_segments",
    "labels_at_frames",
    "recognize",
    "evaluate",
    "evaluate_many",
    "GaussianChordHMM",
]

NO_CHORD = "N"
#: The 25 labels, state order of every model here: 12 major triads, 12 minor triads, "N".
LABELS = tuple(f"{p}:maj" for p in _chroma.PITCH_CLASSES) + tuple(f"{p}:min" for p in _chroma.PITCH_CLASSES) + (NO_CHORD,)
#: Sampling rate at which :func:`recognize` analyses a signal (others are resampled).
SR = 22050
#: Hop length of the chroma frames at :data:`SR` (about 46 ms).
HOP_LENGTH = 1024

_MAJOR = (0, 4, 7)
_MINOR = (0, 3, 7)


def _probability(value, name: str, *, open_right: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or not (
        0 <= value < 1 if open_right else 0 <= value <= 1
    ):
        raise ParameterError(f"{name} must be a probability in [0, 1), got {value!r}")
    return float(value)


def _valid_chroma(C, name: str = "chroma") -> np.ndarray:
    try:
        C = np.asarray(C, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be an array of numbers: {exc}") from exc
    if C.ndim != 2 or C.shape[0] != 12 or C.shape[1] == 0:
        raise ParameterError(f"{name} must have shape (12, n_frames) with n_frames > 0, got {C.shape}")
    if not np.isfinite(C).all():
        raise ParameterError(f"{name} contains NaN/inf values")
    return C


def templates(*, no_chord: bool = True, harmonics: int = 1, decay: float = 0.6) -> np.ndarray:
    """Chord templates, one row per label of :data:`LABELS`.

    With ``harmonics=1`` (binary templates) row ``i`` has 1 at the three pitch classes of triad
    ``i`` (root, third, fifth) and 0 elsewhere. A real note also sounds its harmonics
    ``h f0`` (h = 2, 3, ...), which fall on other pitch classes (the 3rd harmonic is a fifth
    above, the 5th a major third above): with ``harmonics=H`` each chord note adds
    ``decay ** (h - 1)`` at the pitch class of its harmonic ``h``, for ``h = 1 .. H``
    (Gómez, 2006). The ``"N"`` row is all ones (no pitch class stands out).

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    no_chord : bool
        Include the ``"N"`` row (25 rows) or not (24 rows).
    harmonics : int
        Number of partials per note, >= 1.
    decay : float
        Amplitude ratio of consecutive partials, in (0, 1].

    Returns
    -------
    T : np.ndarray
        Shape ``(25, 12)`` (or ``(24, 12)``), non-negative.

    See Also
    --------
    similarity, LABELS

    Examples
    --------
    >>> from mirlab.chords import templates, LABELS
    >>> T = templates()
    >>> LABELS[9 + 12], T[9 + 12].astype(int)  # A minor: A, C, E
    ('A:min', array([1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]))
    >>> templates(harmonics=3)[0].round(2).tolist()  # C major: C, E, G and their partials 2, 3
    [1.6, 0.0, 0.36, 0.0, 1.6, 0.0, 0.0, 1.96, 0.0, 0.0, 0.0, 0.36]
    """
    if isinstance(harmonics, bool) or not isinstance(harmonics, numbers.Integral) or harmonics < 1:
        raise ParameterError(f"harmonics must be a positive integer, got {harmonics!r}")
    if isinstance(decay, bool) or not isinstance(decay, numbers.Real) or not 0 < decay <= 1:
        raise ParameterError(f"decay must be in (0, 1], got {decay!r}")
    # pitch class offset of partial h above its fundamental: 12 log2(h), rounded
    offsets = [int(np.rint(12 * np.log2(h))) % 12 for h in range(1, harmonics + 1)]
    weights = [decay ** (h - 1) for h in range(1, harmonics + 1)]
    T = np.zeros((25 if no_chord else 24, 12))
    for root in range(12):
        for row, intervals in ((root, _MAJOR), (12 + root, _MINOR)):
            for i in intervals:
                for off, w in zip(offsets, weights):
                    T[row, (root + i + off) % 12] += w
    if no_chord:
        T[24] = 1.0
    return T


def features(
    y: np.ndarray,
    *,
    sr: float,
    kind: str = "cqt",
    log_gamma: float | None = 1.0,
) -> np.ndarray:
    """The chromagram used by :func:`recognize` (unnormalised), at :data:`SR` and :data:`HOP_LENGTH`.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent.
    sr : number
        Its sampling rate (resampled to :data:`SR` if different).
    kind : {"cqt", "stft"}
        :func:`mirlab.chroma.chroma_cqt` or :func:`mirlab.chroma.chroma_stft` (Gaussian
        filters), both with tuning estimation.
    log_gamma : float or None
        Log compression ``log(1 + gamma x)`` of the spectral magnitudes (peak-normalised first,
        so the compression does not depend on the recording level); None: none.

    Returns
    -------
    chroma : np.ndarray
        Shape ``(12, n_frames)``, frame ``m`` at ``m * HOP_LENGTH / SR`` seconds.

    Raises
    ------
    ParameterError
        For invalid input. SilentAudioError for a silent signal.

    See Also
    --------
    mirlab.chroma.chroma_cqt, recognize

    Examples
    --------
    >>> from mirlab import signals
    >>> from mirlab.chords import features
    >>> features(signals.harmonic_tone(440.0, 1.0), sr=22050).shape
    (12, 22)
    """
    from .audio import resample

    valid_audio(y, mono=True, allow_silent=False)
    sr = _positive_number(sr, "sr")
    if kind not in ("cqt", "stft"):
        raise ParameterError(f"kind must be 'cqt' or 'stft', got {kind!r}")
    if log_gamma is not None:
        log_gamma = _positive_number(log_gamma, "log_gamma")
    if sr != SR:
        y = resample(y, orig_sr=sr, target_sr=SR)
    y = np.asarray(y, dtype=np.float64) / np.max(np.abs(y))
    if kind == "cqt":
        return _chroma.chroma_cqt(y, sr=SR, hop_length=HOP_LENGTH, log_gamma=log_gamma, norm=None)
    return _chroma.chroma_stft(y, sr=SR, n_fft=4096, hop_length=HOP_LENGTH, log_gamma=log_gamma, norm=None)


def similarity(chroma, *, quiet_db: float = 40.0, no_chord_bias: float = 0.2, harmonics: int = 1) -> np.ndarray:
    """Cosine similarity of each chroma frame with each template of :func:`templates`.

    Frames more than ``quiet_db`` dB below the loudest frame are treated as silence: their
    chroma is replaced by a flat vector, so they match ``"N"`` best. A flat template is close
    to every chroma (a triad's chroma has cosine 0.5 with it, more once compressed), so the
    similarity with ``"N"`` is lowered by ``no_chord_bias``: a sounding frame is then called
    "no chord" only when no triad fits it.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    chroma : array_like
        Non-negative, shape ``(12, n_frames)``.
    quiet_db : float
        Silence threshold, in dB below the loudest frame.
    no_chord_bias : float
        Subtracted from the similarity with ``"N"``, in [0, 0.5).
    harmonics : int
        Partials per note in the templates (:func:`templates`).

    Returns
    -------
    sim : np.ndarray
        Shape ``(25, n_frames)``, values in [-0.5, 1].

    See Also
    --------
    templates, emission_probabilities

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import similarity, LABELS
    >>> x = np.zeros((12, 1)); x[[7, 11, 2], 0] = 1.0  # G, B, D
    >>> LABELS[int(similarity(x).argmax())]
    'G:maj'
    """
    C = _valid_chroma(chroma)
    quiet_db = _positive_number(quiet_db, "quiet_db")
    if isinstance(no_chord_bias, bool) or not isinstance(no_chord_bias, numbers.Real) or not 0 <= no_chord_bias < 0.5:
        raise ParameterError(f"no_chord_bias must be in [0, 0.5), got {no_chord_bias!r}")
    energy = np.linalg.norm(C, axis=0)
    quiet = energy <= energy.max() * 10.0 ** (-quiet_db / 20.0)
    X = _chroma.normalize(C, norm=2)
    X[:, quiet] = 1.0 / np.sqrt(12.0)
    T = templates(harmonics=harmonics)
    T = T / np.linalg.norm(T, axis=1, keepdims=True)
    sim = T @ X
    sim[24] -= no_chord_bias
    return sim


def emission_probabilities(sim, *, beta: float = 10.0) -> np.ndarray:
    r"""Emission probabilities from template similarities: :math:`\propto \exp(\beta\,s)`.

    Each column is normalised to sum to 1 (a softmax over the chords); a larger ``beta`` trusts
    the chroma more against the transition model.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    sim : array_like
        Similarities, shape ``(n_states, n_frames)``.
    beta : float
        Inverse temperature, > 0.

    Returns
    -------
    prob : np.ndarray
        Same shape, columns sum to 1.

    See Also
    --------
    similarity, decode

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import emission_probabilities
    >>> emission_probabilities(np.array([[1.0], [0.5]]), beta=2.0).round(3)
    array([[0.731],
           [0.269]])
    """
    beta = _positive_number(beta, "beta")
    s = np.asarray(sim, dtype=np.float64)
    if s.ndim != 2 or not np.isfinite(s).all():
        raise ParameterError(f"sim must be a finite 2-D array, got shape {s.shape}")
    z = beta * (s - s.max(axis=0, keepdims=True))
    p = np.exp(z)
    return p / p.sum(axis=0, keepdims=True)


def _fifths_position(state: int) -> float:
    """Position of a chord on the circle of fifths (in fifths; a minor chord sits by its relative major)."""
    if state < 12:
        return (7 * state) % 12
    return (7 * ((state - 12 + 3) % 12)) % 12 + 0.5


def transition_matrix(*, self_loop: float = 0.9, kind: str = "loop", spread: float = 2.0) -> np.ndarray:
    """The 25 x 25 chord transition matrix.

    ``kind="loop"``: stay with probability ``self_loop``, otherwise go to any other label with
    the same probability (:func:`mirlab.sequence.transition_loop`). ``kind="fifths"``: stay with
    probability ``self_loop``, otherwise move to chord ``j`` with a probability proportional to
    ``exp(-d / spread)``, with ``d`` the distance of the two chords on the circle of fifths (a
    minor chord is placed next to its relative major); ``"N"`` is reached from and leads to
    every chord equally.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    self_loop : float
        Probability of staying on the same label from one frame to the next, in [0, 1).
    kind : {"loop", "fifths"}
        Which matrix.
    spread : float
        Distance scale of ``"fifths"``, in fifths.

    Returns
    -------
    A : np.ndarray
        Shape ``(25, 25)``, rows sum to 1.

    See Also
    --------
    mirlab.sequence.transition_loop, decode

    Examples
    --------
    >>> from mirlab.chords import transition_matrix, LABELS
    >>> A = transition_matrix(self_loop=0.9, kind="fifths")
    >>> C, G, Fs = LABELS.index("C:maj"), LABELS.index("G:maj"), LABELS.index("F#:maj")
    >>> bool(A[C, G] > A[C, Fs]), float(A[C, C])
    (True, 0.9)
    """
    self_loop = _probability(self_loop, "self_loop")
    spread = _positive_number(spread, "spread")
    if kind == "loop":
        return sequence.transition_loop(25, self_loop)
    if kind != "fifths":
        raise ParameterError(f"kind must be 'loop' or 'fifths', got {kind!r}")
    pos = np.array([_fifths_position(s) for s in range(24)])
    d = np.abs(pos[:, None] - pos[None, :])
    d = np.minimum(d, 12 - d)
    W = np.ones((25, 25))
    W[:24, :24] = np.exp(-d / spread)
    np.fill_diagonal(W, 0.0)
    W *= (1.0 - self_loop) / W.sum(axis=1, keepdims=True)
    np.fill_diagonal(W, self_loop)
    return W


def decode(chroma, *, method: str = "hmm", self_loop: float = 0.9, beta: float = 10.0,
           transitions: str = "loop", quiet_db: float = 40.0, no_chord_bias: float = 0.2,
           harmonics: int = 6) -> np.ndarray:
    """Chord state (index into :data:`LABELS`) of every frame of a chromagram.

    ``method="frame"`` takes the best template of each frame on its own; ``method="hmm"``
    decodes the whole sequence with :func:`mirlab.sequence.viterbi`, emissions from
    :func:`emission_probabilities` and transitions from :func:`transition_matrix`.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    chroma : array_like
        Shape ``(12, n_frames)``.
    method : {"hmm", "frame"}
        Decoder.
    self_loop, transitions
        Passed to :func:`transition_matrix` (as ``self_loop`` and ``kind``).
    beta : float
        Passed to :func:`emission_probabilities`.
    quiet_db, no_chord_bias, harmonics
        Passed to :func:`similarity`.

    Returns
    -------
    states : np.ndarray
        Shape ``(n_frames,)``, int in 0..24.

    See Also
    --------
    recognize, frames_to_segments

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import decode, templates
    >>> x = templates()[[0] * 5 + [7] * 5].T + 0.1      # C major then G major
    >>> x[:, 4] = templates()[4] + 0.1                  # one noisy frame that looks like E major
    >>> decode(x, method="frame")
    array([0, 0, 0, 0, 4, 7, 7, 7, 7, 7])
    >>> decode(x, method="hmm", self_loop=0.99)
    array([0, 0, 0, 0, 0, 7, 7, 7, 7, 7])
    """
    sim = similarity(chroma, quiet_db=quiet_db, no_chord_bias=no_chord_bias, harmonics=harmonics)
    if method == "frame":
        return np.argmax(sim, axis=0)
    if method != "hmm":
        raise ParameterError(f"method must be 'hmm' or 'frame', got {method!r}")
    prob = emission_probabilities(sim, beta=beta)
    return sequence.viterbi(prob, transition_matrix(self_loop=self_loop, kind=transitions))


def frames_to_segments(frame_labels, *, times, end: float | None = None):
    """Merge runs of equal frame labels into ``(intervals, labels)`` segments.

    Frame ``m`` covers ``[times[m], times[m + 1])``; the last one ends at ``end`` (default: one
    frame step after it). Segment boundaries are where the label changes.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    frame_labels : sequence
        One label per frame (strings or integers).
    times : array_like
        Start time of each frame in seconds, increasing, same length.
    end : float or None
        End time of the last frame.

    Returns
    -------
    intervals : np.ndarray
        Shape ``(n_segments, 2)``, ``[start, end]`` in seconds.
    labels : list
        One label per segment.

    Raises
    ------
    ParameterError
        If the lengths differ, times do not increase, or ``end`` is before the last frame.

    See Also
    --------
    labels_at_frames : the inverse (segments to frame labels).
    mir_eval.util.intervals_to_samples

    Examples
    --------
    >>> from mirlab.chords import frames_to_segments
    >>> iv, lab = frames_to_segments(["C:maj", "C:maj", "G:maj", "N"], times=[0.0, 0.5, 1.0, 1.5], end=2.0)
    >>> iv.tolist(), lab
    ([[0.0, 1.0], [1.0, 1.5], [1.5, 2.0]], ['C:maj', 'G:maj', 'N'])
    """
    labels = list(frame_labels)
    t = np.asarray(times, dtype=np.float64)
    if t.ndim != 1 or len(t) != len(labels) or len(labels) == 0:
        raise ParameterError(f"times must be 1-D with one time per frame label ({len(labels)}), got shape {t.shape}")
    if len(t) > 1 and not (np.diff(t) > 0).all():
        raise ParameterError("times must increase strictly")
    if end is None:
        end = float(t[-1] + (t[-1] - t[-2] if len(t) > 1 else 0.0))
    if end < t[-1]:
        raise ParameterError(f"end={end} is before the last frame time {t[-1]}")
    change = [0] + [i for i in range(1, len(labels)) if labels[i] != labels[i - 1]]
    starts = t[change]
    stops = np.append(starts[1:], end)
    return np.column_stack([starts, stops]), [labels[i] for i in change]


def labels_at_frames(intervals, labels, times, *, fill: str = NO_CHORD) -> list:
    """The label of the segment that contains each time (``fill`` outside every segment).

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    intervals : array_like
        Shape ``(n, 2)``, in seconds.
    labels : sequence of str
        One per interval.
    times : array_like
        Query times in seconds.
    fill : str
        Label outside the intervals.

    Returns
    -------
    frame_labels : list of str

    See Also
    --------
    frames_to_segments, mir_eval.util.interpolate_intervals

    Examples
    --------
    >>> from mirlab.chords import labels_at_frames
    >>> labels_at_frames([[0.0, 1.0], [1.0, 2.0]], ["C:maj", "G:maj"], [0.5, 1.0, 2.5])
    ['C:maj', 'G:maj', 'N']
    """
    import mir_eval

    iv = np.asarray(intervals, dtype=np.float64)
    t = np.asarray(times, dtype=np.float64)
    if iv.ndim != 2 or iv.shape[1] != 2 or len(iv) != len(labels):
        raise ParameterError(f"intervals must have shape (n, 2) with one label each, got {iv.shape} and {len(labels)} labels")
    if len(t) and not (np.diff(t) >= 0).all():
        raise ParameterError("times must be non-decreasing")
    return list(mir_eval.util.interpolate_intervals(iv, list(labels), t, fill_value=fill))


def recognize(
    y: np.ndarray,
    sr: float,
    *,
    method: str = "hmm",
    feature: str = "cqt",
    self_loop: float = 0.9,
    beta: float = 10.0,
    transitions: str = "loop",
    quiet_db: float = 40.0,
    no_chord_bias: float = 0.2,
    harmonics: int = 6,
    log_gamma: float | None = 1.0,
    percussion: str | None = "remove",
):
    """Recognise the major/minor chords of a recording: ``(intervals, labels)``.

    The stable API of the course. Chroma (:func:`features`), template similarity, and Viterbi
    decoding of an HMM (:func:`decode`), then segments (:func:`frames_to_segments`). The labels
    are from :data:`LABELS` (``"C:maj"``, ``"Eb:min"``, ``"N"``); the intervals cover the whole
    signal.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    y : np.ndarray
        Mono signal, not silent.
    sr : number
        Sampling rate in Hz.
    method : {"hmm", "frame"}
        Viterbi decoding or the frame-wise decision.
    feature : {"cqt", "stft"}
        Chroma kind (:func:`features`).
    self_loop, beta, transitions, quiet_db, no_chord_bias, harmonics
        Model parameters (:func:`decode`). The defaults were chosen on a development set
        (generated clips, seed 100) and reported on another (bench/chords.py).
    log_gamma : float or None
        Log compression of the chroma (:func:`features`).
    percussion : {"remove", None}
        ``"remove"`` (default): keep only the harmonic part of the signal
        (:func:`mirlab.chroma.harmonic`) before the chroma, so drums do not blur it; None: use
        the signal as it is.

    Returns
    -------
    intervals : np.ndarray
        Shape ``(n, 2)``, float, ``[start, end]`` in seconds.
    labels : list of str
        One chord label per interval.

    Raises
    ------
    SilentAudioError
        If ``y`` is digital silence.
    ParameterError
        For an invalid signal, sampling rate or option.

    See Also
    --------
    evaluate, GaussianChordHMM, librosa.sequence.viterbi

    Examples
    --------
    >>> import librosa
    >>> import numpy as np
    >>> from mirlab import signals
    >>> from mirlab.chords import recognize
    >>> chord = lambda notes: sum(signals.harmonic_tone(librosa.note_to_hz(n), 1.0) for n in notes)
    >>> y = np.concatenate([chord(["C4", "E4", "G4"]), chord(["A3", "C4", "E4"])])
    >>> intervals, labels = recognize(y, 22050)
    >>> labels
    ['C:maj', 'A:min']
    """
    valid_audio(y, mono=True, allow_silent=False)
    sr = _positive_number(sr, "sr")
    duration = len(y) / sr
    if sr != SR:  # resample first: the percussion removal then runs at the analysis rate
        from .audio import resample

        y = resample(y, orig_sr=sr, target_sr=SR)
    y = _chroma._remove_percussion(y, percussion)
    C = features(y, sr=SR, kind=feature, log_gamma=log_gamma)
    states = decode(C, method=method, self_loop=self_loop, beta=beta, transitions=transitions, quiet_db=quiet_db,
                    no_chord_bias=no_chord_bias, harmonics=harmonics)
    times = np.arange(C.shape[1]) * (HOP_LENGTH / SR)
    # a frame is centred on its time: segment boundaries lie half a frame earlier
    starts = np.maximum(times - 0.5 * HOP_LENGTH / SR, 0.0)
    starts[0] = 0.0
    return frames_to_segments([LABELS[s] for s in states], times=starts, end=duration)


_METRICS = ("root", "majmin", "mirex", "thirds", "triads")


def evaluate(ref_intervals, ref_labels, est_intervals, est_labels) -> "OrderedDict[str, float]":
    """mir_eval's chord scores for one recording (:func:`mir_eval.chord.evaluate`).

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    ref_intervals, ref_labels
        The reference annotation (``(n, 2)`` seconds, Harte labels).
    est_intervals, est_labels
        The estimate, e.g. from :func:`recognize`.

    Returns
    -------
    scores : OrderedDict
        ``root``, ``majmin``, ``mirex``, ``thirds``, ``triads`` (duration-weighted accuracies)
        and ``segmentation``, ``overseg``, ``underseg`` (directional Hamming distances), all in
        [0, 1].

    See Also
    --------
    evaluate_many, mir_eval.chord.evaluate

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import evaluate
    >>> ref = np.array([[0.0, 2.0], [2.0, 4.0]]), ["C:maj", "A:min"]
    >>> est = np.array([[0.0, 3.0], [3.0, 4.0]]), ["C:maj", "A:min"]
    >>> s = evaluate(*ref, *est)
    >>> s["majmin"], s["segmentation"]
    (0.75, 0.75)
    """
    import mir_eval

    ref_iv, est_iv = np.asarray(ref_intervals, dtype=float), np.asarray(est_intervals, dtype=float)
    scores = mir_eval.chord.evaluate(ref_iv, list(ref_labels), est_iv, list(est_labels))
    keys = _METRICS + ("overseg", "underseg", "seg")
    out = OrderedDict((k, float(scores[k])) for k in keys if k in scores)
    out["segmentation"] = out.pop("seg")
    return out


def evaluate_many(pairs) -> "OrderedDict[str, float]":
    """Chord scores over several recordings, weighted by duration (as one long recording).

    For each pair the estimate is trimmed/padded to the reference's time span and both are
    merged (:func:`mir_eval.util.adjust_intervals`, :func:`mir_eval.util.merge_labeled_intervals`);
    each comparison function of :mod:`mir_eval.chord` (``root``, ``majmin``, ``mirex``) then
    gives a score per merged segment, and the scores are averaged with the segment durations
    over all recordings (segments a metric excludes, e.g. non-triads for ``majmin``, are left
    out). ``segmentation`` is the mean of :func:`mir_eval.chord.seg`, weighted by duration.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    pairs : iterable of ((ref_intervals, ref_labels), (est_intervals, est_labels))
        One pair per recording.

    Returns
    -------
    scores : OrderedDict
        ``root``, ``majmin``, ``mirex``, ``segmentation`` and ``duration`` (seconds).

    See Also
    --------
    evaluate

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import evaluate_many
    >>> a = ((np.array([[0.0, 2.0]]), ["C:maj"]), (np.array([[0.0, 2.0]]), ["C:maj"]))
    >>> b = ((np.array([[0.0, 6.0]]), ["G:maj"]), (np.array([[0.0, 6.0]]), ["E:min"]))
    >>> evaluate_many([a, b])["majmin"]  # 2 s right out of 8 s
    0.25
    """
    import mir_eval

    sums = {k: 0.0 for k in ("root", "majmin", "mirex")}
    weights = dict.fromkeys(sums, 0.0)
    seg_sum, total = 0.0, 0.0
    for (ref_iv, ref_lab), (est_iv, est_lab) in pairs:
        ref_iv = np.asarray(ref_iv, dtype=float)
        est_iv, est_lab = mir_eval.util.adjust_intervals(
            np.asarray(est_iv, dtype=float), list(est_lab), ref_iv.min(), ref_iv.max(),
            mir_eval.chord.NO_CHORD, mir_eval.chord.NO_CHORD)
        iv, r, e = mir_eval.util.merge_labeled_intervals(ref_iv, list(ref_lab), est_iv, est_lab)
        dur = mir_eval.util.intervals_to_durations(iv)
        for k in sums:
            comp = getattr(mir_eval.chord, k)(r, e)
            keep = comp >= 0
            sums[k] += float(np.sum(comp[keep] * dur[keep]))
            weights[k] += float(np.sum(dur[keep]))
        length = float(ref_iv.max() - ref_iv.min())
        seg_sum += mir_eval.chord.seg(ref_iv, est_iv) * length
        total += length
    if total == 0:
        raise ParameterError("no recordings (or only empty ones) to evaluate")
    out = OrderedDict((k, sums[k] / weights[k] if weights[k] else float("nan")) for k in sums)
    out["segmentation"] = seg_sum / total
    out["duration"] = total
    return out


def _rotate(x: np.ndarray, shift: int) -> np.ndarray:
    """Rotate chroma vectors (rows = pitch classes) so that pitch class ``shift`` becomes 0."""
    return np.roll(x, -shift, axis=0)


class GaussianChordHMM:
    """A chord HMM whose emissions are learnt: one Gaussian per chord quality, decoded by hmmlearn.

    :meth:`fit` takes labelled chromagrams. Every frame of a major chord with root ``r`` is
    rotated by ``-r`` (so that its root becomes C) and pooled with all major frames; the same
    for minor frames: the mean and full covariance of the "C major" and "C minor" classes are
    learnt from all 12 roots at once, and the other 22 triads are rotations of them. Frames
    labelled ``"N"`` (or quiet) give the no-chord Gaussian. The model is then an
    :class:`hmmlearn.hmm.GaussianHMM` with these fixed parameters, uniform start and the
    self-loop transitions of :func:`transition_matrix`; :meth:`predict` runs its Viterbi.

    Book chapter: *Classical MIR*, chord recognition (book/classical/chords.md).

    Parameters
    ----------
    self_loop : float
        Self-loop probability of the transition matrix.
    reg : float
        Added to the diagonal of each covariance (regularisation).

    Attributes
    ----------
    means_ : np.ndarray
        Shape ``(25, 12)``, after :meth:`fit`.
    covars_ : np.ndarray
        Shape ``(25, 12, 12)``.
    model_ : hmmlearn.hmm.GaussianHMM

    See Also
    --------
    decode, recognize, hmmlearn.hmm.GaussianHMM

    Examples
    --------
    >>> import numpy as np
    >>> from mirlab.chords import GaussianChordHMM, templates, LABELS
    >>> rng = np.random.default_rng(0)
    >>> states = rng.integers(0, 24, 400)
    >>> X = templates()[states].T + 0.2 * rng.random((12, 400))
    >>> model = GaussianChordHMM().fit([X], [[LABELS[s] for s in states]])
    >>> model.predict(templates()[[0, 0, 19, 19]].T + 0.1)
    ['C:maj', 'C:maj', 'G:min', 'G:min']
    """

    def __init__(self, *, self_loop: float = 0.9, reg: float = 1e-3):
        self.self_loop = _probability(self_loop, "self_loop")
        self.reg = _positive_number(reg, "reg")

    @staticmethod
    def _prepare(chroma) -> np.ndarray:
        C = _valid_chroma(chroma)
        energy = np.linalg.norm(C, axis=0)
        quiet = energy <= energy.max() * 1e-2
        X = _chroma.normalize(C, norm=2)
        X[:, quiet] = 1.0 / np.sqrt(12.0)
        return X

    def fit(self, chromas, frame_labels):
        """Learn the emission Gaussians from chromagrams and their frame labels.

        Parameters
        ----------
        chromas : sequence of array_like
            Chromagrams, each ``(12, n_frames)``.
        frame_labels : sequence of sequence of str
            One label of :data:`LABELS` per frame (other labels, e.g. ``"X"``, are skipped).

        Returns
        -------
        self
        """
        from hmmlearn.hmm import GaussianHMM

        if len(chromas) != len(frame_labels) or len(chromas) == 0:
            raise ParameterError("give one list of frame labels per chromagram (and at least one)")
        pools = {"maj": [], "min": [], "N": []}
        for C, labels in zip(chromas, frame_labels):
            X = self._prepare(C)
            if len(labels) != X.shape[1]:
                raise ParameterError(f"a chromagram has {X.shape[1]} frames but {len(labels)} labels")
            for t, lab in enumerate(labels):
                if lab not in LABELS:
                    continue
                s = LABELS.index(lab)
                if s == 24:
                    pools["N"].append(X[:, t])
                else:
                    pools["maj" if s < 12 else "min"].append(_rotate(X[:, t], s % 12))
        for q in ("maj", "min"):
            if len(pools[q]) < 13:
                raise ParameterError(f"too few {q} frames to learn a covariance ({len(pools[q])}; need > 12)")
        stats = {}
        for q, rows in pools.items():
            if len(rows) < 13:  # no (or little) "N" data: a broad Gaussian around the flat vector
                stats[q] = (np.full(12, 1 / np.sqrt(12)), np.eye(12) * 0.05)
                continue
            A = np.array(rows)
            stats[q] = (A.mean(axis=0), np.cov(A, rowvar=False) + self.reg * np.eye(12))
        means, covars = np.zeros((25, 12)), np.zeros((25, 12, 12))
        for s in range(24):
            m, S = stats["maj" if s < 12 else "min"]
            r = s % 12
            means[s] = np.roll(m, r)
            covars[s] = np.roll(np.roll(S, r, axis=0), r, axis=1)
        means[24], covars[24] = stats["N"]
        self.means_, self.covars_ = means, covars
        model = GaussianHMM(n_components=25, covariance_type="full", init_params="", params="")
        model.startprob_ = np.full(25, 1 / 25)
        model.transmat_ = transition_matrix(self_loop=self.self_loop)
        model.means_, model.covars_ = means, covars
        self.model_ = model
        return self

    def predict_states(self, chroma) -> np.ndarray:
        """Viterbi state sequence (indices into :data:`LABELS`) of a chromagram (hmmlearn)."""
        if not hasattr(self, "model_"):
            raise ParameterError("call fit() before predict()")
        X = self._prepare(chroma)
        _, states = self.model_.decode(X.T, algorithm="viterbi")
        return states

    def predict(self, chroma) -> list:
        """Viterbi chord label of every frame of a chromagram.

        Parameters
        ----------
        chroma : array_like
            Shape ``(12, n_frames)``.

        Returns
        -------
        labels : list of str
        """
        return [LABELS[s] for s in self.predict_states(chroma)]
