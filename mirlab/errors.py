"""Exceptions raised by :mod:`mirlab`.

Every error a user can trigger with bad input is a subclass of :class:`MirlabError`, so a
caller can catch them all at once, and each one is also a subclass of the matching built-in
(``ValueError``, ``OSError``) so code written against the standard library keeps working.
"""

from __future__ import annotations

__all__ = ["MirlabError", "ParameterError", "AudioFileError", "SilentAudioError"]


class MirlabError(Exception):
    """Base class of every error raised on purpose by :mod:`mirlab`."""


class ParameterError(MirlabError, ValueError):
    """An argument has the wrong type, shape, value or range (librosa's ``ParameterError``)."""


class AudioFileError(MirlabError, OSError):
    """An audio file is missing, unreadable, corrupt, or in a format soundfile cannot decode."""


class SilentAudioError(ParameterError):
    """A signal (or an audio file) is silent where a non-silent one is needed."""
