"""Data for the course: generated sets with exact labels, and loaders of real data sets.

Book: *Music data* appendix (book/data/).

Every set, generated or real, is a :class:`Dataset` of :class:`Track` with annotations in
mir_eval's form (:mod:`mirlab.data.types`), so a lab moves from a generated chord set to the
Beatles annotations by changing one line.

* :func:`load_synth` returns a generated set, rendered once into a cache folder and reused;
* :func:`synth` renders a set into a folder of your choice: ``synth("chords", 24, out_dir=...)``
  (``mirlab.data.synth`` is also the package of the generators, ``mirlab.data.synth.chords``
  and so on; calling it calls :func:`mirlab.data.synth.generate`);
* :func:`render_midi` renders any :class:`pretty_midi.PrettyMIDI` object with sampled General
  MIDI instruments;
* :data:`SETS` lists the generated sets.

From the shell: ``python -m mirlab.data synth chords --n 24 --seed 0 --out DIR``.
Heavy modules (librosa, pretty_midi, jams) are imported on first use.
"""

from __future__ import annotations

from . import synth
from .synth import SETS
from .types import Dataset, Track

__all__ = [
    "Track", "Dataset", "SETS", "render_midi", "synth", "load_synth",
    "load_gtzan", "load_ballroom", "load_beatles", "load_jamendo", "load_magnatagatune", "load_deam",
]

_LOADERS = {"load_gtzan", "load_ballroom", "load_beatles", "load_jamendo", "load_magnatagatune", "load_deam"}


def __getattr__(name: str):
    # The real-dataset loaders (mirlab.data.loaders), imported on first use.
    if name in _LOADERS:
        from . import loaders

        return getattr(loaders, name)
    raise AttributeError(f"module 'mirlab.data' has no attribute {name!r}")


def render_midi(pm, **kwargs):
    """Render a :class:`pretty_midi.PrettyMIDI` object; see :func:`mirlab.data.render.render_midi`.

    Book: *Music data* appendix (book/data/).
    """
    from .render import render_midi as _render

    return _render(pm, **kwargs)


def load_synth(name: str, **kwargs) -> Dataset:
    """The generated set ``name``, rendered once into a cache folder; see :func:`mirlab.data.cache.load_synth`.

    Book: *Music data* appendix (book/data/).
    """
    from .cache import load_synth as _load

    return _load(name, **kwargs)
