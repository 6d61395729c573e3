"""Generated data sets: music written by rule, rendered with sampled instruments, with exact labels.

Book: *Music data* appendix (book/data/).

One module per set, each with ``generate(n, *, seed, out_dir, sr=22050, progress=True,
**options) -> Dataset`` and ``load(out_dir) -> Dataset``:

==================  ===========================================================================
``chords``          chord progressions (24 triads + N), inversions, voicings, textures
``keys``            pieces in each of the 24 keys: diatonic progressions, cadences, melody
``rhythm``          drum grooves + accompaniment: beats, downbeats, 60-200 BPM, 3/4 and 4/4,
                    swing, syncopation, accelerando/ritardando
``instruments``     isolated notes and short phrases of 10 instrument classes
``genres``          the 10 GTZAN genres by style rules, in GTZAN's layout, with mood labels
``quality``         clips saved as WAV and as MP3 at several bitrates
==================  ===========================================================================

:data:`SETS` lists them with the defaults :func:`mirlab.data.load_synth` renders for the book;
:func:`generate` renders one by name. The package itself is callable:
``mirlab.data.synth("chords", 4, out_dir=...)`` is ``mirlab.data.synth.generate(...)``.
Modules are imported on first use.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass, field

__all__ = ["SETS", "SetInfo", "get_module", "generate"]


@dataclass(frozen=True)
class SetInfo:
    """A generated set: its module, a one-line description and the book's default arguments."""

    name: str
    description: str
    defaults: dict = field(default_factory=dict)  # n and options rendered by load_synth for the book
    smoke: dict = field(default_factory=dict)  # smaller defaults when MIRLAB_SMOKE=1 (CI)

    @property
    def module(self) -> str:
        return f"{__name__}.{self.name}"


#: The generated sets, by name.
SETS = {
    s.name: s
    for s in (
        SetInfo("chords", "chord progressions, 24 major/minor triads + no-chord, with chord labels",
                {"n": 24, "duration": 15.0}, {"n": 4, "duration": 6.0}),
        SetInfo("keys", "pieces in each of the 24 keys (progressions, cadences, melody), with key labels",
                {"n": 48, "duration": 10.0}, {"n": 24, "duration": 4.0}),
        SetInfo("rhythm", "drum grooves + accompaniment with beats and downbeats, 60-200 BPM, 3/4 and 4/4",
                {"n": 24, "duration": 20.0}, {"n": 4, "duration": 8.0}),
        SetInfo("instruments", "isolated notes and phrases of 10 instrument classes, with pitch labels",
                {"n": 100}, {"n": 20}),
        SetInfo("genres", "GTZAN-shaped genre set (10 genres, 30 s clips) with mood/instrument tags",
                {"n": 100, "duration": 30.0}, {"n": 10, "duration": 10.0}),
        SetInfo("quality", "clips as WAV and as MP3 at several bitrates",
                {"n": 10, "duration": 10.0}, {"n": 2, "duration": 5.0}),
    )
}


def get_module(name: str):
    """The module of the generated set ``name`` (imported now)."""
    from ...errors import ParameterError

    if name not in SETS:
        raise ParameterError(f"unknown generated set {name!r}; choose one of {sorted(SETS)}")
    return importlib.import_module(SETS[name].module)


def generate(name: str, n=None, *, seed: int = 0, out_dir, sr: int = 22050, progress: bool = True, **options):
    """Render the generated set ``name`` into ``out_dir`` and return it.

    Also available as ``mirlab.data.synth(name, ...)`` (the package is callable).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    name : str
        A key of :data:`SETS` (``"chords"``, ``"keys"``, ``"rhythm"``, ``"instruments"``,
        ``"genres"``, ``"quality"``).
    n : int or None
        Number of clips (default: the book's default for the set, ``SETS[name].defaults``).
    seed : int
        The same seed gives the same audio, bit for bit.
    out_dir : str or pathlib.Path
        Output folder.
    sr : int
        Sampling rate (default 22050).
    progress : bool
        Show a progress bar.
    **options
        Passed to the set's ``generate`` (e.g. ``duration=10.0``, ``augment=True``,
        ``jobs=2``); the set's defaults fill in the rest.

    Returns
    -------
    dataset : Dataset

    Raises
    ------
    ParameterError
        If the set is unknown or an option is invalid.

    See Also
    --------
    mirlab.data.load_synth : the cached version the book uses.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data import synth
    >>> ds = synth("rhythm", 1, out_dir=tempfile.mkdtemp(), duration=4.0, progress=False)
    >>> sorted(ds[0].annotations)
    ['beats', 'chords', 'downbeats', 'key', 'meter', 'tempo']
    >>> synth.rhythm.NAME  # the package of the generators, callable
    'rhythm'
    """
    module = get_module(name)
    defaults = dict(SETS[name].defaults)
    n_default = defaults.pop("n")
    kwargs = {**defaults, **options}
    return module.generate(n_default if n is None else n, seed=seed, out_dir=out_dir, sr=sr, progress=progress,
                           **kwargs)


class _CallablePackage(types.ModuleType):
    """This package, callable: ``mirlab.data.synth(name, ...)`` calls :func:`generate`."""

    def __call__(self, name: str, n=None, **kwargs):
        return generate(name, n, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
