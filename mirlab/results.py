"""The stored results of the benchmark scripts (``bench/*.py`` write ``bench/results/NAME.json``).

Book pages report quality numbers (accuracy, F-measure, speed) from these files instead of
copying them into their prose, so a page always shows what the scripts last measured.

Book chapter: every chapter that reports a benchmark (e.g. *Classical MIR*, book/classical/).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import ParameterError

__all__ = ["find", "load"]


def find(name: str, start: str | Path | None = None) -> Path:
    """The path of ``bench/results/NAME.json``, searched from ``start`` upwards.

    A book page is executed from its own folder (``book/<chapter>/``), a script from anywhere in
    the repository: the file is looked for in ``start`` and each of its parents.

    Book chapter: every chapter that reports a benchmark (e.g. *Classical MIR*).

    Parameters
    ----------
    name : str
        The benchmark's name, the stem of its script (``"chords"`` for ``bench/chords.py``).
    start : str or Path, optional
        Where to start looking (default: the current working directory).

    Returns
    -------
    path : Path

    Raises
    ------
    ParameterError
        If ``name`` is not a plain name (letters, digits, ``_`` and ``-``).
    FileNotFoundError
        If no folder from ``start`` upwards holds ``bench/results/NAME.json``; the message says
        which script writes it.

    Examples
    --------
    >>> from mirlab import results
    >>> results.find("chords").name  # run from within the repository
    'chords.json'
    """
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ParameterError(f"name must be a benchmark name such as 'chords', got {name!r}")
    start = Path.cwd() if start is None else Path(start)
    relative = Path("bench") / "results" / f"{name}.json"
    for folder in [start, *start.resolve().parents]:
        if (folder / relative).is_file():
            return folder / relative
    raise FileNotFoundError(
        f"{relative} not found from {start} upwards: run `python bench/{name}.py` from the repository root")


def load(name: str, start: str | Path | None = None) -> dict:
    """The results of the benchmark ``bench/NAME.py``, as stored in ``bench/results/NAME.json``.

    Book chapter: every chapter that reports a benchmark (e.g. *Classical MIR*).

    Parameters
    ----------
    name : str
        The benchmark's name (``"chords"``, ``"key"``, ``"beats"`` ...).
    start : str or Path, optional
        Where to start looking for the file (see :func:`find`).

    Returns
    -------
    results : dict
        The JSON document the script wrote.

    Raises
    ------
    FileNotFoundError
        If the file does not exist (see :func:`find`).
    ValueError
        If the file is not valid JSON (a script interrupted while writing it); the message names
        the file and the script to run again.

    Examples
    --------
    >>> from mirlab import results
    >>> results.load("key")["metric"]  # run from within the repository
    'mean mir_eval.key.weighted_score'
    """
    path = find(name, start)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON ({err}): run `python bench/{name}.py` again") from None
