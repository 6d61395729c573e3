"""The ``drums`` option of the rhythm generator (mirlab.data.synth.rhythm)."""

import json

import numpy as np
import pytest

from mirlab.data.synth import rhythm
from mirlab.errors import ParameterError


def _read(folder):
    ds = rhythm.load(folder)
    return [(t.load_audio(sr=None)[0], t.annotations, t.metadata) for t in ds]


def test_drums_true_is_the_default_bit_for_bit_and_drums_false_keeps_the_groove(tmp_path):
    kw = dict(seed=4, duration=6.0, progress=False, renderer="numpy")
    rhythm.generate(2, out_dir=tmp_path / "default", **kw)
    rhythm.generate(2, out_dir=tmp_path / "true", drums=True, **kw)
    rhythm.generate(2, out_dir=tmp_path / "false", drums=False, **kw)
    default, true, false = (_read(tmp_path / k) for k in ("default", "true", "false"))
    # the default metadata does not mention the option (so it is the same file as before it existed)
    assert "drums" not in json.loads((tmp_path / "default" / "metadata.json").read_text())["options"]
    for (y0, a0, _), (y1, a1, _), (y2, a2, m2) in zip(default, true, false):
        np.testing.assert_array_equal(y0, y1)
        assert a0.keys() == a2.keys()
        np.testing.assert_array_equal(a0["beats"], a2["beats"])  # same groove, same tempo curve
        assert a0["key"] == a2["key"] and a0["meter"] == a2["meter"]
        assert not np.array_equal(y0, y2)
        # without drums, less broadband energy: the high band (> 5 kHz) loses most of its power
        def high(y):
            Y = np.abs(np.fft.rfft(y)) ** 2
            return Y[int(len(Y) * 5000 / 11025):].sum() / Y.sum()
        assert high(y2) < 0.5 * high(y0)


def test_drums_must_be_a_bool(tmp_path):
    with pytest.raises(ParameterError, match="drums"):
        rhythm.generate(1, out_dir=tmp_path, drums="no", progress=False)
