"""Render each generated set once, keep it in a cache folder, and hand back the cached copy.

Book: *Music data* appendix (book/data/).

The book and the labs call :func:`load_synth`; the first call renders the set, every later call
(the next chapter, the next build) reads it back. A set lives in
``<cache>/synth/<name>-<hash>``, where the hash covers everything that changes the audio (the
set, ``n``, ``seed``, ``sr``, the options, the renderer that will run, and the mirlab
version), and ``<cache>`` is the argument ``cache_dir``, else the environment variable
``MIRLAB_DATA``, else ``~/.cache/mirlab``.

A set is complete when its marker file ``.complete`` exists: it is written last, after the
rendering finished in a temporary folder that was then renamed into place. A folder without
the marker (an interrupted build) or one that cannot be read back is rendered again.

With ``MIRLAB_SMOKE=1`` in the environment the defaults shrink (:attr:`SetInfo.smoke`), so CI
runs every chapter and lab quickly.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import tempfile

from ..errors import ParameterError
from .synth import SETS, get_module
from .types import Dataset

__all__ = ["MARKER", "cache_root", "cache_path", "load_synth", "clear_cache"]

#: Name of the file that marks a cached set as complete (written last).
MARKER = ".complete"


def cache_root(cache_dir=None) -> pathlib.Path:
    """The folder that holds the generated sets: ``<cache_dir or $MIRLAB_DATA or ~/.cache/mirlab>/synth``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    cache_dir : str or pathlib.Path or None
        Overrides the environment variable ``MIRLAB_DATA`` and the default.

    Returns
    -------
    path : pathlib.Path

    Examples
    --------
    >>> from mirlab.data.cache import cache_root
    >>> cache_root("/tmp/mirlab-cache").as_posix()
    '/tmp/mirlab-cache/synth'
    """
    if cache_dir is None:
        cache_dir = os.environ.get("MIRLAB_DATA") or pathlib.Path.home() / ".cache" / "mirlab"
    if not isinstance(cache_dir, (str, os.PathLike)):
        raise ParameterError(f"cache_dir must be a folder path, got {type(cache_dir).__name__}")
    return pathlib.Path(cache_dir).expanduser() / "synth"


def _smoke() -> bool:
    return os.environ.get("MIRLAB_SMOKE", "").strip().lower() not in ("", "0", "false", "no")


def _arguments(name: str, n, seed: int, sr: int, options: dict) -> dict:
    """The full argument set of a cached set: the set's defaults, then the caller's."""
    if name not in SETS:
        raise ParameterError(f"unknown generated set {name!r}; choose one of {sorted(SETS)}")
    info = SETS[name]
    defaults = dict(info.smoke if _smoke() else info.defaults)
    n_default = defaults.pop("n")
    return {"n": n_default if n is None else n, "seed": seed, "sr": sr, **defaults, **options}


def cache_path(name: str, *, n=None, seed: int = 0, sr: int = 22050, cache_dir=None, **options) -> pathlib.Path:
    """The folder where :func:`load_synth` keeps the set with these arguments.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    name, n, seed, sr, cache_dir, **options
        As in :func:`load_synth`.

    Returns
    -------
    path : pathlib.Path
        ``<cache root>/<name>-<12 hex digits>``.

    Raises
    ------
    ParameterError
        If the set is unknown.

    Examples
    --------
    >>> from mirlab.data.cache import cache_path
    >>> p = cache_path("chords", n=4, cache_dir="/tmp/c")
    >>> p.parent.as_posix(), p.name.startswith("chords-")
    ('/tmp/c/synth', True)
    >>> p == cache_path("chords", n=4, cache_dir="/tmp/c"), p == cache_path("chords", n=5, cache_dir="/tmp/c")
    (True, False)
    """
    from .. import __version__
    from .render import available_renderers
    from .synth._common import GENERATORS_REVISION

    args = _arguments(name, n, seed, sr, options)
    renderer = args.get("renderer", "auto")
    if renderer == "auto":
        renderer = available_renderers()[0]
    key = json.dumps({"set": name, "args": args, "renderer": renderer, "mirlab": __version__,
                      "generators": GENERATORS_REVISION},
                     sort_keys=True, default=str)
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return cache_root(cache_dir) / f"{name}-{digest}"


def load_synth(name: str, *, n=None, seed: int = 0, sr: int = 22050, cache_dir=None, progress: bool = True,
               jobs=None, **options) -> Dataset:
    """A generated set, rendered once into the cache and read back from it afterwards.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    name : str
        A set of :data:`mirlab.data.SETS`: ``"chords"``, ``"keys"``, ``"rhythm"``,
        ``"instruments"``, ``"genres"``, ``"quality"``.
    n : int or None
        Number of clips; default: the book's (``SETS[name].defaults["n"]``, smaller with
        ``MIRLAB_SMOKE=1``).
    seed : int
        Seed of the set.
    sr : int
        Sampling rate.
    cache_dir : str or pathlib.Path or None
        Cache folder (default ``$MIRLAB_DATA`` or ``~/.cache/mirlab``).
    progress : bool
        Show a progress bar while rendering.
    jobs : int or None
        Worker processes for rendering (default 1: worker processes re-import the main script,
        which re-runs a script without an ``if __name__ == "__main__":`` guard). Does not change
        the audio; ``mirlab data synth SET --jobs 2`` renders a set into the cache in parallel.
    **options
        Options of the set's ``generate`` (``duration=...``, ``augment=...``); they are part of
        the cache key.

    Returns
    -------
    dataset : Dataset
        ``dataset.metadata["cache"]`` is True when it came from the cache, False when it was
        rendered by this call.

    Raises
    ------
    ParameterError
        If the set is unknown or an option is invalid.

    See Also
    --------
    mirlab.data.synth : the generators; cache_path, clear_cache

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data import load_synth
    >>> cache = tempfile.mkdtemp()
    >>> ds = load_synth("chords", n=2, duration=4.0, cache_dir=cache, progress=False)
    >>> ds.metadata["cache"], load_synth("chords", n=2, duration=4.0, cache_dir=cache).metadata["cache"]
    (False, True)
    """
    args = _arguments(name, n, seed, sr, options)
    folder = cache_path(name, n=n, seed=seed, sr=sr, cache_dir=cache_dir, **options)
    module = get_module(name)
    if (folder / MARKER).is_file():
        try:
            ds = module.load(folder)
            ds.metadata["cache"] = True
            return ds
        except Exception:  # a corrupt cache: render it again
            pass
    if jobs is None:
        jobs = 1
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        n_clips = args.pop("n")
        module.generate(n_clips, out_dir=tmp, progress=progress, jobs=jobs, **args)
        (tmp / MARKER).write_text(json.dumps({"set": name, "n": n_clips, **{k: v for k, v in args.items()}},
                                             sort_keys=True, default=str))
        if folder.exists():
            shutil.rmtree(folder)
        try:
            os.replace(tmp, folder)
        except OSError:  # another process finished the same set first: use its copy
            if not (folder / MARKER).is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    ds = module.load(folder)
    ds.metadata["cache"] = False
    return ds


def clear_cache(name=None, *, cache_dir=None) -> int:
    """Delete cached sets (all of them, or those of set ``name``); returns how many folders went.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    name : str or None
        Only this set's folders.
    cache_dir : str or pathlib.Path or None
        The cache folder (as in :func:`load_synth`).

    Returns
    -------
    removed : int

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.cache import clear_cache
    >>> clear_cache(cache_dir=tempfile.mkdtemp())
    0
    """
    root = cache_root(cache_dir)
    if not root.is_dir():
        return 0
    removed = 0
    for d in sorted(root.iterdir()):
        if d.is_dir() and (name is None or d.name.split("-")[0] == name or d.name.startswith(f".{name}-")):
            shutil.rmtree(d, ignore_errors=True)
            removed += 1
    return removed
