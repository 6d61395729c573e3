"""mirlab.chords: templates, HMM decoding, segments, recognize, evaluation (via mir_eval)."""

import librosa
import mir_eval
import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.metrics.pairwise import cosine_similarity

from mirlab import chords, sequence, signals
from mirlab.errors import ParameterError, SilentAudioError

SR = 22050


def _chord_audio(labels, seconds=1.0, sr=SR, rolloff=1.0):
    """Harmonic-tone triads (root position, around C4) for the given labels, one after the other."""
    out = []
    for lab in labels:
        if lab == "N":
            out.append(np.zeros(int(seconds * sr)))
            continue
        root, bitmap, _ = mir_eval.chord.encode(lab)
        pcs = [(root + i) % 12 for i in np.flatnonzero(bitmap)]
        midis = [57 + (pc - 9) % 12 for pc in pcs]  # each pitch class in A3..G#4
        out.append(sum(signals.harmonic_tone(float(librosa.midi_to_hz(m)), seconds, sr=sr, rolloff=rolloff,
                                             amplitude=0.3) for m in midis))
    y = np.concatenate(out)
    ref = np.array([[i * seconds, (i + 1) * seconds] for i in range(len(labels))])
    return y, (ref, list(labels))


def test_labels_are_valid_mir_eval_chords():
    for lab in chords.LABELS:
        mir_eval.chord.validate_chord_label(lab)
    assert len(set(chords.LABELS)) == 25 and chords.LABELS[-1] == "N"


def test_binary_templates_equal_mir_eval_bitmaps():
    T = chords.templates()
    for i, lab in enumerate(chords.LABELS[:24]):
        root, bitmap, _ = mir_eval.chord.encode(lab)
        np.testing.assert_array_equal(T[i], np.roll(bitmap, root))
    np.testing.assert_array_equal(T[24], np.ones(12))


def test_harmonic_templates_add_the_partials():
    T = chords.templates(harmonics=3, decay=0.5, no_chord=False)
    assert T.shape == (24, 12)
    # C major: C, E, G each 1 + 0.5 (octave); + 0.25 for the twelfth (a fifth up): C->G, E->B, G->D
    expected = np.zeros(12)
    for pc in (0, 4, 7):
        expected[pc] += 1.5
        expected[(pc + 7) % 12] += 0.25
    np.testing.assert_allclose(T[0], expected)


def test_similarity_is_the_cosine(rng=np.random.default_rng(0)):
    C = rng.random((12, 50))
    sim = chords.similarity(C, no_chord_bias=0.0, harmonics=1)
    np.testing.assert_allclose(sim, cosine_similarity(chords.templates(), C.T), rtol=1e-12)
    biased = chords.similarity(C, no_chord_bias=0.3)
    np.testing.assert_allclose(biased[24], sim[24] - 0.3)


def test_quiet_frames_become_no_chord():
    C = np.zeros((12, 4))
    C[[0, 4, 7], :2] = 1.0
    C[:, 2] = 1e-4  # 80 dB below
    assert list(chords.decode(C, method="frame")) == [0, 0, 24, 24]


def test_decode_equals_librosa_viterbi_and_argmax():
    rng = np.random.default_rng(1)
    C = chords.templates()[rng.integers(0, 24, 12).repeat(15)].T + 0.6 * rng.random((12, 180))
    sim = chords.similarity(C)
    np.testing.assert_array_equal(chords.decode(C, method="frame"), sim.argmax(axis=0))
    for kind in ("loop", "fifths"):
        A = chords.transition_matrix(self_loop=0.8, kind=kind)
        ref = librosa.sequence.viterbi(chords.emission_probabilities(sim, beta=10.0), A)
        np.testing.assert_array_equal(chords.decode(C, self_loop=0.8, transitions=kind), ref)


def test_hmm_smooths_frame_errors():
    rng = np.random.default_rng(2)
    truth = rng.integers(0, 24, 10).repeat(20)
    C = np.maximum(chords.templates()[truth].T + 0.5 * rng.standard_normal((12, len(truth))), 0.0)
    err_frame = np.mean(chords.decode(C, method="frame", harmonics=1) != truth)
    err_hmm = np.mean(chords.decode(C, harmonics=1) != truth)
    assert err_frame > 0.05 and err_hmm < err_frame / 2


def test_transition_matrices_are_stochastic():
    for kind in ("loop", "fifths"):
        A = chords.transition_matrix(self_loop=0.95, kind=kind)
        sequence.validate_transition(A, 25)
        np.testing.assert_allclose(np.diag(A), 0.95)
    A = chords.transition_matrix(kind="fifths")
    i = chords.LABELS.index
    assert A[i("C:maj"), i("G:maj")] > A[i("C:maj"), i("D:maj")] > A[i("C:maj"), i("F#:maj")]
    assert A[i("C:maj"), i("A:min")] > A[i("C:maj"), i("Eb:min")]
    np.testing.assert_allclose(A[:24, :24], A[:24, :24].T)  # symmetric distances, equal row sums
    np.testing.assert_allclose(A[24, :24], 0.1 / 24)  # "N" leads to every chord equally


def test_emission_probabilities_are_a_softmax():
    s = np.random.default_rng(3).random((25, 7))
    from scipy.special import softmax

    np.testing.assert_allclose(chords.emission_probabilities(s, beta=7.0), softmax(7.0 * s, axis=0))


def test_frames_to_segments_round_trip():
    rng = np.random.default_rng(4)
    frame_labels = list(np.array(chords.LABELS)[rng.integers(0, 3, 200).repeat(3)])
    times = np.arange(len(frame_labels)) * 0.05
    iv, labels = chords.frames_to_segments(frame_labels, times=times, end=times[-1] + 0.05)
    mir_eval.util.validate_intervals(iv)
    assert all(a != b for a, b in zip(labels, labels[1:]))
    np.testing.assert_allclose(iv[1:, 0], iv[:-1, 1])
    assert chords.labels_at_frames(iv, labels, times + 0.01) == frame_labels


def test_recognize_synthetic_progression():
    labels = ["C:maj", "A:min", "F:maj", "G:maj", "E:min", "N", "Bb:maj", "C#:min"]
    y, ref = _chord_audio(labels, seconds=1.2)
    iv, est = chords.recognize(y, SR)
    assert iv.shape == (len(est), 2) and iv[0, 0] == 0.0
    assert iv[-1, 1] == pytest.approx(len(y) / SR)
    scores = chords.evaluate(*ref, iv, est)
    assert scores["majmin"] > 0.85
    assert scores["segmentation"] > 0.8


def test_recognize_other_timbre_and_sampling_rate():
    labels = ["D:maj", "B:min", "G:maj", "A:maj"]
    y, ref = _chord_audio(labels, seconds=1.5, sr=44100, rolloff=2.5)  # duller tone, 44.1 kHz
    iv, est = chords.recognize(y, 44100)
    assert chords.evaluate(*ref, iv, est)["majmin"] > 0.85
    assert iv[0, 0] == 0.0 and iv[-1, 1] == pytest.approx(len(y) / 44100)  # seconds of the input
    iv_f, est_f = chords.recognize(y, 44100, method="frame")
    assert len(est_f) >= len(est)


def test_recognize_rendered_clip_hmm_beats_frame_wise():
    from mirlab.data import load_synth

    ds = load_synth("chords", n=2, seed=7, duration=8.0, progress=False)
    pairs_hmm, pairs_frame = [], []
    for track in ds:
        y, sr = track.load_audio()
        ref = track.annotations["chords"]
        pairs_hmm.append((ref, chords.recognize(y, sr)))
        pairs_frame.append((ref, chords.recognize(y, sr, method="frame")))
    hmm, frame = chords.evaluate_many(pairs_hmm), chords.evaluate_many(pairs_frame)
    assert hmm["majmin"] > 0.6
    assert hmm["segmentation"] > frame["segmentation"]


def test_recognize_rejects_silence_and_bad_input():
    with pytest.raises(SilentAudioError):
        chords.recognize(np.zeros(SR, dtype=np.float32), SR)
    y = signals.tone(440.0, 0.5)
    for sr in (0, -1, "22050", None, np.nan):
        with pytest.raises(ParameterError, match="sr"):
            chords.recognize(y, sr)
    with pytest.raises(ParameterError, match="method"):
        chords.recognize(y, SR, method="crf")
    with pytest.raises(ParameterError, match="self_loop"):
        chords.recognize(y, SR, self_loop=1.0)
    with pytest.raises(ParameterError, match="mono"):
        chords.recognize(np.zeros((2, SR)), SR)


def test_evaluate_equals_mir_eval():
    ref = (np.array([[0.0, 2.0], [2.0, 3.5], [3.5, 5.0]]), ["C:maj", "A:min", "N"])
    est = (np.array([[0.0, 1.5], [1.5, 4.0], [4.0, 4.8]]), ["C:maj", "C:maj", "G:maj"])
    ours = chords.evaluate(*ref, *est)
    theirs = mir_eval.chord.evaluate(*ref, *est)
    for k in ("root", "majmin", "mirex"):
        assert ours[k] == pytest.approx(theirs[k])
    assert ours["segmentation"] == pytest.approx(theirs["seg"])


def test_evaluate_many_is_duration_weighted():
    a = ((np.array([[0.0, 2.0], [2.0, 4.0]]), ["C:maj", "G:maj"]), (np.array([[0.0, 4.0]]), ["C:maj"]))
    b = ((np.array([[0.0, 6.0]]), ["E:min"]), (np.array([[0.0, 3.0], [3.0, 6.0]]), ["E:min", "G:maj"]))
    sa, sb = (chords.evaluate(*r, *e) for r, e in (a, b))
    many = chords.evaluate_many([a, b])
    for k in ("root", "majmin", "mirex", "segmentation"):
        assert many[k] == pytest.approx((4 * sa[k] + 6 * sb[k]) / 10)
    assert many["duration"] == pytest.approx(10.0)


def test_gaussian_chord_hmm_matches_viterbi_with_gaussian_emissions():
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 25, 40).repeat(8)
    X = chords.templates()[truth].T + 0.3 * rng.random((12, len(truth)))
    model = chords.GaussianChordHMM(self_loop=0.9).fit([X], [[chords.LABELS[s] for s in truth]])
    # the 24 triads share two Gaussians, rotated
    np.testing.assert_allclose(model.means_[7], np.roll(model.means_[0], 7))
    np.testing.assert_allclose(model.covars_[12 + 5], np.roll(np.roll(model.covars_[12], 5, 0), 5, 1))
    test = chords.templates()[rng.integers(0, 24, 10).repeat(6)].T + 0.3 * rng.random((12, 60))
    states = model.predict_states(test)
    Xn = model._prepare(test)
    logp = np.array([multivariate_normal(model.means_[s], model.covars_[s]).logpdf(Xn.T) for s in range(25)])
    prob = np.exp(logp - logp.max(axis=0, keepdims=True))  # a per-frame factor does not change the path
    np.testing.assert_array_equal(states, sequence.viterbi(prob, chords.transition_matrix(self_loop=0.9)))
    assert np.mean(states == chords.decode(test, harmonics=1)) > 0.9
    with pytest.raises(ParameterError, match="fit"):
        chords.GaussianChordHMM().predict(test)


def _drums(n, sr=SR, seed=0):
    """Loud broadband strokes (decaying noise bursts) on every quarter at 120 BPM."""
    rng = np.random.default_rng(seed)
    out = np.zeros(n)
    burst = rng.standard_normal(int(0.12 * sr)) * np.exp(-np.arange(int(0.12 * sr)) / (0.03 * sr))
    for start in range(0, n - len(burst), sr // 2):
        out[start:start + len(burst)] += burst
    return out


def test_percussion_is_removed_before_the_chroma():
    y, ref = _chord_audio(["A:min", "F:maj", "C:maj", "G:maj"], seconds=2.0)
    drums = _drums(len(y))
    y_mix = y + 2.0 * np.abs(y).max() / np.abs(drums).max() * drums
    scores = {}
    for percussion in ("remove", None):
        intervals, labels = chords.recognize(y_mix, SR, percussion=percussion)
        scores[percussion] = chords.evaluate(*ref, intervals, labels)["majmin"]
    assert scores["remove"] >= 0.9
    assert scores["remove"] >= scores[None]
    with pytest.raises(ParameterError, match="percussion"):
        chords.recognize(y, SR, percussion="hpss")
