"""Checks of Lab 1, *Chords: chroma, templates and an HMM* (labs/src/lab01_chords.md).

Book chapter: *Classical MIR* (book/classical/chroma.md, book/classical/chords.md). The answer
key is :mod:`mirlab.chroma`, :mod:`mirlab.chords` and :mod:`mirlab.sequence`; each exercise lists
known-wrong variants so a student whose output matches one gets the specific hint. Randomness is
drawn from fixed seeds, so every check is deterministic.
"""

from __future__ import annotations

import numpy as np

from .. import chords, chroma, sequence
from .compare import allclose
from .core import Case, Exercise, Lab

_C2 = 65.40639132514966  # Hz


def _magnitudes(n_bins: int, n_frames: int, seed: int) -> np.ndarray:
    """A deterministic, non-negative 'magnitude spectrogram' with a few strong peaks."""
    rng = np.random.default_rng(seed)
    S = 0.05 * rng.random((n_bins, n_frames))
    peaks = rng.integers(5, n_bins - 1, size=(6, n_frames))
    S[peaks, np.arange(n_frames)] += rng.uniform(0.5, 2.0, size=peaks.shape)
    return S


# ---- 1.1 chroma_from_stft ----------------------------------------------------------------


def chroma_from_stft_reference(S, sr, n_fft, fmin=_C2, n_octaves=5):
    """The lecture's chroma: C[N, t] = sum over k of |S|(bin nearest to 2^k * fmin * 2^(N/12), t)."""
    fmax = fmin * 2.0 ** (n_octaves - 1.0 / 24.0)  # the last B, not the next C
    return chroma.chroma_stft(S=np.abs(S), sr=sr, n_fft=n_fft, shape="lecture", tuning=0.0,
                              fmin=fmin * (1 - 1e-12), fmax=fmax, norm=None)


def _chroma_cases():
    return [
        Case((_magnitudes(1025, 6, 0), 22050, 2048), label="random peaks, sr=22050, n_fft=2048"),
        Case((_magnitudes(2049, 4, 1), 22050, 4096), {"n_octaves": 4}, label="n_fft=4096, 4 octaves"),
        Case((_magnitudes(2049, 5, 2), 16000, 4096), {"fmin": _C2 / 2, "n_octaves": 6},
             label="sr=16000, fmin=C1, 6 octaves"),
        Case((_magnitudes(1025, 3, 3), 44100, 2048), label="sr=44100", hidden=True),
        Case((_magnitudes(4097, 2, 4), 22050, 8192), {"n_octaves": 7}, label="n_fft=8192, 7 octaves", hidden=True),
    ]


def _chroma_floor(S, sr, n_fft, fmin=_C2, n_octaves=5):
    C = np.zeros((12, S.shape[1]))
    for n in range(12):
        for k in range(n_octaves):
            C[n] += S[int(fmin * 2 ** (n / 12) * 2**k * n_fft / sr)]
    return C


def _chroma_power(S, sr, n_fft, fmin=_C2, n_octaves=5):
    return chroma_from_stft_reference(S**2, sr, n_fft, fmin, n_octaves)


def _chroma_one_octave(S, sr, n_fft, fmin=_C2, n_octaves=5):
    return chroma_from_stft_reference(S, sr, n_fft, fmin, 1)


def _chroma_linear(S, sr, n_fft, fmin=_C2, n_octaves=5):
    C = np.zeros((12, S.shape[1]))
    for n in range(12):
        for k in range(n_octaves):
            C[n] += S[int(round((fmin * 2 ** (n / 12)) * (k + 1) * n_fft / sr))]
    return C


CHROMA = Exercise(
    name="lab01.chroma_from_stft",
    title="the lecture's chromagram: sum |S| over the octaves of each pitch class",
    reference=chroma_from_stft_reference,
    cases=_chroma_cases,
    compare=allclose(rtol=1e-9, atol=1e-12),
    wrong_answers=[
        (_chroma_floor, "you truncated f * n_fft / sr to an integer: take the *nearest* bin, int(round(...)) or np.rint"),
        (_chroma_power, "you summed the power |S|^2; the lecture's chroma sums the magnitudes |S|"),
        (_chroma_one_octave, "only the first octave is counted: sum over k = 0 .. n_octaves - 1 of the partials 2^k f0(N)"),
        (_chroma_linear, "the partials of a pitch class are octaves, 2^k f0(N) (doubling), not the harmonics (k + 1) f0(N)"),
    ],
)


# ---- 1.2 chord_templates -----------------------------------------------------------------


def chord_templates_reference():
    """24 binary templates: rows 0-11 major triads from C, rows 12-23 minor triads from C."""
    return chords.templates(no_chord=False)


def _templates_cases():
    return [Case((), label="the 24 templates"), Case((), label="the 24 templates (again)"),
            Case((), label="the 24 templates [hidden]", hidden=True)]


def _templates_wrong_minor():
    T = chords.templates(no_chord=False)
    T[12:] = T[:12]
    return T


def _templates_wrong_direction():
    T = chords.templates(no_chord=False)
    return np.stack([np.roll(T[r], -2 * (r % 12)) for r in range(24)])


def _templates_minor_fifth():
    T = np.zeros((24, 12))
    for r in range(12):
        T[r, [r, (r + 4) % 12, (r + 7) % 12]] = 1
        T[12 + r, [r, (r + 3) % 12, (r + 6) % 12]] = 1
    return T


TEMPLATES = Exercise(
    name="lab01.chord_templates",
    title="binary templates of the 24 major and minor triads",
    reference=chord_templates_reference,
    cases=_templates_cases,
    compare=allclose(rtol=0, atol=0),
    wrong_answers=[
        (_templates_wrong_minor, "rows 12-23 must be the minor triads: root, minor third (+3 semitones) and fifth (+7)"),
        (_templates_wrong_direction, "the intervals go *up* from the root: pitch classes (root + 0, root + 4, root + 7) % 12"),
        (_templates_minor_fifth, "the fifth of a minor triad is perfect (+7 semitones), as in the major triad; only the third changes"),
    ],
)


# ---- 1.3 cosine_similarity ---------------------------------------------------------------


def cosine_similarity_reference(chroma_frames, templates):
    """cos(template i, frame t); 0 for an all-zero frame."""
    X = np.asarray(chroma_frames, dtype=float)
    T = np.asarray(templates, dtype=float)
    Tn = T / np.linalg.norm(T, axis=1, keepdims=True)
    return Tn @ chroma.normalize(X, norm=2)


def _cos_cases():
    rng = np.random.default_rng(10)
    T = chords.templates(no_chord=False)
    X0 = rng.random((12, 8))
    X1 = T[[0, 7, 19, 2]].T * 2.0 + 0.1 * rng.random((12, 4))
    X2 = rng.random((12, 5))
    X2[:, 2] = 0.0
    return [
        Case((X0, T), label="8 random chroma frames, the 24 templates"),
        Case((X1, T), label="4 frames close to C:maj, G:maj, G:min, D:maj"),
        Case((X2, T), label="a frame of zeros (silence) must give 0, not NaN"),
        Case((rng.random((12, 30)) * 100, T), label="large values", hidden=True),
        Case((rng.random((12, 3)), rng.random((5, 12))), label="5 arbitrary templates", hidden=True),
    ]


def _cos_no_norm(X, T):
    return np.asarray(T, float) @ np.asarray(X, float)


def _cos_only_frames(X, T):
    return np.asarray(T, float) @ chroma.normalize(np.asarray(X, float), norm=2)


def _cos_only_templates(X, T):
    T = np.asarray(T, float)
    return (T / np.linalg.norm(T, axis=1, keepdims=True)) @ np.asarray(X, float)


def _cos_l1(X, T):
    T = np.asarray(T, float)
    return (T / np.linalg.norm(T, axis=1, keepdims=True)) @ chroma.normalize(np.asarray(X, float), norm=1)


COSINE = Exercise(
    name="lab01.cosine_similarity",
    title="cosine similarity of every chroma frame with every template",
    reference=cosine_similarity_reference,
    cases=_cos_cases,
    compare=allclose(rtol=1e-7, atol=1e-10),
    wrong_answers=[
        (_cos_no_norm, "these are plain dot products: divide by the norms of the template and of the frame"),
        (_cos_only_frames, "the frames are normalised but the templates are not: divide each template by its norm too"),
        (_cos_only_templates, "the templates are normalised but the frames are not: divide each frame (column) by its norm"),
        (_cos_l1, "use the Euclidean norm (np.linalg.norm), not the sum of the values"),
    ],
)


# ---- 1.4 viterbi_log ---------------------------------------------------------------------


def viterbi_log_reference(log_prob, log_transition, log_p_init):
    """Most likely state path, from log-likelihoods (n_states, n_frames) and log-probabilities."""
    return sequence.viterbi(np.exp(log_prob), np.exp(log_transition), p_init=np.exp(log_p_init))


def _hmm_case(seed, n_states, n_frames, stay):
    rng = np.random.default_rng(seed)
    A = sequence.transition_loop(n_states, stay)
    A = 0.7 * A + 0.3 * rng.dirichlet(np.ones(n_states), size=n_states)
    p = rng.dirichlet(np.ones(n_states))
    log_prob = np.log(rng.random((n_states, n_frames)) + 0.05)
    return np.log(A), p, log_prob


def _viterbi_cases():
    cases = []
    for i, (seed, n, t, stay, hidden) in enumerate([(20, 3, 12, 0.8, False), (21, 5, 40, 0.9, False),
                                                    (22, 4, 25, 0.6, False), (23, 25, 300, 0.95, True),
                                                    (24, 2, 1, 0.5, True)]):
        logA, p, log_prob = _hmm_case(seed, n, t, stay)
        cases.append(Case((log_prob, logA, np.log(p)), label=f"{n} states, {t} frames", hidden=hidden))
    # a strong initial distribution that decides the first frames
    logA, _, log_prob = _hmm_case(25, 3, 10, 0.9)
    log_prob[:, :3] = np.log([[0.5], [0.45], [0.4]])
    p = np.array([0.02, 0.03, 0.95])
    cases.insert(2, Case((log_prob, logA, np.log(p)), label="3 states, p_init = [0.02, 0.03, 0.95]"))
    return cases


def _viterbi_framewise(log_prob, log_transition, log_p_init):
    return np.argmax(log_prob, axis=0)


def _viterbi_plain(log_prob, log_transition, log_p_init):
    """A plain log-domain Viterbi with no validation (to build wrong variants from)."""
    n_states, n_frames = log_prob.shape
    delta = log_p_init + log_prob[:, 0]
    pointers = np.zeros((n_frames, n_states), dtype=int)
    for t in range(1, n_frames):
        scores = delta[:, None] + log_transition
        pointers[t] = np.argmax(scores, axis=0)
        delta = scores.max(axis=0) + log_prob[:, t]
    states = np.zeros(n_frames, dtype=int)
    states[-1] = int(np.argmax(delta))
    for t in range(n_frames - 1, 0, -1):
        states[t - 1] = pointers[t, states[t]]
    return states


def _viterbi_transposed(log_prob, log_transition, log_p_init):
    return _viterbi_plain(log_prob, np.asarray(log_transition).T, log_p_init)


def _viterbi_no_init(log_prob, log_transition, log_p_init):
    n = log_prob.shape[0]
    return viterbi_log_reference(log_prob, log_transition, np.full(n, -np.log(n)))


def _viterbi_reversed(log_prob, log_transition, log_p_init):
    return viterbi_log_reference(log_prob, log_transition, log_p_init)[::-1]


def _viterbi_greedy(log_prob, log_transition, log_p_init):
    states = [int(np.argmax(log_p_init + log_prob[:, 0]))]
    for t in range(1, log_prob.shape[1]):
        states.append(int(np.argmax(log_transition[states[-1]] + log_prob[:, t])))
    return np.array(states)


VITERBI = Exercise(
    name="lab01.viterbi_log",
    title="Viterbi decoding in the log domain",
    reference=viterbi_log_reference,
    cases=_viterbi_cases,
    compare=allclose(rtol=0, atol=0),
    wrong_answers=[
        (_viterbi_framewise, "this is the frame-wise arg-max: the transitions are ignored; accumulate the best score "
                             "delta[t, j] = log_prob[j, t] + max_i (delta[t-1, i] + log_transition[i, j])"),
        (_viterbi_greedy, "this is a greedy path (best next state after the previous choice): keep the best score of "
                          "*every* state at each frame and backtrack from the best final state"),
        (_viterbi_reversed, "the path is reversed: backtracking fills it from the last frame to the first, so "
                            "store states[t - 1] = pointer[t, states[t]] (or reverse your list at the end)"),
        (_viterbi_transposed, "log_transition[i, j] is the log-probability of going *from* i *to* j: "
                              "maximise over the rows i (axis 0) for each destination j"),
        (_viterbi_no_init, "the initial distribution is missing: delta[0] = log_p_init + log_prob[:, 0]"),
    ],
)


# ---- 1.5 majmin_accuracy -----------------------------------------------------------------


def majmin_accuracy_reference(ref_intervals, ref_labels, est_intervals, est_labels):
    """Duration-weighted majmin accuracy, from mir_eval.chord.evaluate."""
    import mir_eval

    return float(mir_eval.chord.evaluate(np.asarray(ref_intervals, float), list(ref_labels),
                                         np.asarray(est_intervals, float), list(est_labels))["majmin"])


def _acc_cases():
    iv = np.array([[0.0, 2.0], [2.0, 3.0], [3.0, 6.0], [6.0, 7.0]])
    return [
        Case((iv, ["C:maj", "A:min", "F:maj", "N"], np.array([[0.0, 2.2], [2.2, 5.5], [5.5, 7.0]]),
              ["C:maj", "A:maj", "F:maj"]), label="4 reference segments, 3 estimated"),
        Case((iv, ["G:maj", "E:min", "C:maj", "D:maj"], iv, ["G:min", "E:min", "C:maj", "D:maj"]),
             label="same segments, one wrong quality"),
        Case((np.array([[0.0, 4.0], [4.0, 8.0]]), ["D:min", "Bb:maj"], np.array([[0.0, 1.0], [1.0, 8.0]]),
              ["D:min", "D:min"]), label="a long wrong segment"),
        Case((np.array([[0.0, 1.0], [1.0, 1.5], [1.5, 4.0]]), ["E:maj", "B:maj", "E:maj"],
              np.array([[0.0, 4.0]]), ["E:maj"]), label="one estimated segment", hidden=True),
        Case((np.array([[0.0, 3.0], [3.0, 5.0]]), ["N", "F#:min"], np.array([[0.0, 2.0], [2.0, 5.0]]),
              ["N", "F#:min"]), label="no-chord at the start", hidden=True),
    ]


def _acc_metric(name):
    def wrong(ri, rl, ei, el):
        import mir_eval

        return float(mir_eval.chord.evaluate(np.asarray(ri, float), list(rl), np.asarray(ei, float), list(el))[name])

    return wrong


def _acc_unweighted(ri, rl, ei, el):
    import mir_eval

    ei, el = mir_eval.util.adjust_intervals(np.asarray(ei, float), list(el), np.min(ri), np.max(ri), "N", "N")
    _, r, e = mir_eval.util.merge_labeled_intervals(np.asarray(ri, float), list(rl), ei, el)
    comp = mir_eval.chord.majmin(r, e)
    return float(np.mean(comp[comp >= 0]))


ACCURACY = Exercise(
    name="lab01.majmin_accuracy",
    title="majmin accuracy with mir_eval",
    reference=majmin_accuracy_reference,
    cases=_acc_cases,
    compare=allclose(rtol=1e-9, atol=1e-12),
    wrong_answers=[
        (_acc_metric("root"), "this is the `root` score (only the roots compared): use the 'majmin' entry"),
        (_acc_unweighted, "every segment counts the same here: the score must be weighted by the segment durations "
                          "(mir_eval.chord.evaluate does it for you)"),
        (_acc_metric("seg"), "this is the segmentation score `seg`, not the majmin accuracy"),
    ],
)


LAB = Lab(
    id="lab01",
    title="Chords: chroma, templates and an HMM",
    exercises=[CHROMA, TEMPLATES, COSINE, VITERBI, ACCURACY],
)
