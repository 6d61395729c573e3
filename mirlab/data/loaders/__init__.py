"""Loaders of the real datasets the chapters cite, returning the same structures as the generated sets.

Book: *Music data* appendix (book/data/).

=========================  ==========================  =======================================
loader                     dataset                     annotations (:mod:`mirlab.data.types`)
=========================  ==========================  =======================================
:func:`load_gtzan`         GTZAN genre + beats         ``genre``; ``beats``, ``downbeats``,
                           (fault-filtered split)      ``tempo`` where annotated
:func:`load_ballroom`      Ballroom (ISMIR 2004)       ``beats``, ``downbeats``, ``tempo``
:func:`load_beatles`       The Beatles (Isophonics)    ``chords``, ``key``, ``beats``,
                                                       ``downbeats``, ``tempo``
:func:`load_jamendo`       MTG-Jamendo mood/theme      ``tags``
:func:`load_magnatagatune` MagnaTagATune top-50        ``tags``
:func:`load_deam`          DEAM                        ``valence``, ``arousal`` in [-1, 1]
=========================  ==========================  =======================================

Every loader takes ``root`` (default ``data_home() / <name>``, where :func:`data_home` is
``$MIRLAB_DATA`` or ``~/mirlab_data``), checks the folder, and raises
:class:`~mirlab.data.download.DatasetNotFoundError` at once when it is missing or incomplete,
with the URL or page to download from, the expected layout and the exact path. Where a
dataset is downloadable with a published checksum, ``download=True`` fetches it (cached,
checksum-verified, resumable, with a progress bar).

The folder layouts are mirdata's, so a dataset downloaded with mirdata loads as it is. Where
mirdata covers a dataset (GTZAN, Ballroom, Beatles, MTG-Jamendo) and its index is present,
``backend="auto"`` reads the tracks through mirdata; otherwise the loaders read the files
themselves (mirdata 1.0 downloads its indexes on first use, so offline it cannot list tracks).

Examples
--------
>>> from mirlab.data.loaders import load_gtzan, DatasetNotFoundError
>>> try:
...     load_gtzan("/nonexistent/gtzan")
... except DatasetNotFoundError as err:
...     print(str(err).splitlines()[0])
GTZAN genre collection not found in /nonexistent/gtzan: the folder does not exist.
"""

from __future__ import annotations

from ..download import DatasetNotFoundError, data_home
from .ballroom import load_ballroom
from .beatles import load_beatles
from .deam import load_deam
from .gtzan import load_gtzan
from .jamendo import load_jamendo
from .magnatagatune import load_magnatagatune

__all__ = [
    "DatasetNotFoundError",
    "data_home",
    "load_ballroom",
    "load_beatles",
    "load_deam",
    "load_gtzan",
    "load_jamendo",
    "load_magnatagatune",
]
