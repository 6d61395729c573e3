"""The structures every dataset of the course returns, generated or real.

Book: *Music data* appendix (book/data/). A generated chord set and the Beatles/Isophonics
loader return the same :class:`Dataset` of :class:`Track`, with annotations in mir_eval's form,
so a lab switches from one to the other by changing one line.

Annotation keys (all optional, present when the dataset has them):

=================  ==========================================================================
``"beats"``        np.ndarray (n,) beat times in seconds (mir_eval.beat)
``"downbeats"``    np.ndarray (m,) downbeat times in seconds
``"tempo"``        float, BPM (the median tempo for a track with tempo changes)
``"meter"``        str, e.g. ``"4/4"``
``"chords"``       tuple (intervals np.ndarray (n, 2) seconds, labels list[str] like ``"C:maj"``,
                   ``"A:min"``, ``"N"``) (mir_eval.chord)
``"key"``          str, mir_eval.key format, e.g. ``"C major"``, ``"A minor"``
``"notes"``        tuple (intervals (n, 2) seconds, pitches (n,) Hz) (mir_eval.transcription)
``"onsets"``       np.ndarray (n,) onset times in seconds (mir_eval.onset)
``"instrument"``   str, instrument class, e.g. ``"violin"``
``"genre"``        str, one of the GTZAN genres for genre sets
``"tags"``         list[str], multilabel tags (mood/theme, instrument, genre)
``"mood_cluster"`` int in 1..5, the MIREX mood cluster
``"valence"``      float in [-1, 1]; ``"arousal"``: float in [-1, 1]
=================  ==========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

__all__ = ["Track", "Dataset"]


@dataclass
class Track:
    """One recording (or rendered clip) and its annotations.

    Book: *Music data* appendix (book/data/).
    """

    track_id: str
    audio_path: Optional[Path]
    annotations: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)  # renderer, seed, generator parameters, split, ...

    def load_audio(self, *, sr: Optional[int] = 22050, mono: bool = True):
        """Load the audio with :func:`mirlab.audio.load`; returns ``(y, sr)``."""
        from ..audio import load

        if self.audio_path is None:
            from ..errors import AudioFileError

            raise AudioFileError(f"track {self.track_id!r} has no audio file")
        return load(self.audio_path, sr=sr, mono=mono)


@dataclass
class Dataset:
    """A list of :class:`Track` with a name, a root folder and dataset-level metadata.

    Indexable by position or by track id; iterable; ``len()`` gives the number of tracks.

    Book: *Music data* appendix (book/data/).
    """

    name: str
    root: Optional[Path]
    tracks: list
    metadata: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.tracks)

    def __iter__(self) -> Iterator[Track]:
        return iter(self.tracks)

    def __getitem__(self, key: Any) -> Track:
        if isinstance(key, str):
            for t in self.tracks:
                if t.track_id == key:
                    return t
            raise KeyError(f"no track {key!r} in dataset {self.name!r}")
        return self.tracks[key]

    def track_ids(self) -> list:
        return [t.track_id for t in self.tracks]

    def subset(self, track_ids) -> "Dataset":
        """A dataset with only the given track ids (in that order)."""
        wanted = list(track_ids)
        by_id = {t.track_id: t for t in self.tracks}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise KeyError(f"unknown track ids in {self.name!r}: {missing[:5]}")
        return Dataset(self.name, self.root, [by_id[i] for i in wanted], dict(self.metadata))
