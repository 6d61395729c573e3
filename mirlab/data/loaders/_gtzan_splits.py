"""The fault-filtered split of GTZAN (Kereliuk, Sturm & Larsen 2015): 443 / 197 / 290 tracks.

Book: *Music data* appendix (book/data/).

GTZAN has exact repetitions, versions of the same song, artist overlap between train and test
and a few distorted files (Sturm 2013, "The GTZAN dataset: its contents, its faults, their
effects on evaluation, and the future use"). The *fault-filtered* split removes the faulty
files (930 of 1000 remain) and keeps every artist in one partition only, so a test score is not
inflated by artist or song repetitions. It was published with Kereliuk, Sturm & Larsen, "Deep
learning and music adversaries" (IEEE Trans. Multimedia, 2015; github.com/coreyker/dnn-mgr) and is
the split of Pons & Serra's sklearn-audio-transfer-learning and of torchaudio's ``GTZAN(subset=...)``.

The lists below were copied verbatim from ``torchaudio/datasets/gtzan.py`` of the PyPI wheel
torchaudio 2.5.1 (BSD-2-Clause, (c) 2017 Facebook Inc.), where they are the lists
``filtered_train``, ``filtered_valid`` and ``filtered_test``; they are stored here compactly
(genre -> track numbers) and expanded by :func:`split_ids`. The SHA-256 of each list, joined
with newlines in torchaudio's order, is recorded in ``SHA256`` and checked by the tests.
"""

from __future__ import annotations

__all__ = ["GENRES", "SPLIT_SIZES", "SHA256", "split_ids"]

#: The ten GTZAN genres, as named in the dataset's folders and file names.
GENRES = ("blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock")

#: Number of tracks in each partition.
SPLIT_SIZES = {"train": 443, "validation": 197, "test": 290}

#: SHA-256 of "\n".join(split_ids(split)) (torchaudio's lists, same order).
SHA256 = {
    "train": "82df3d4426e1dc8a15f1dece2ed0d89ce240ecbd9818b6f947488a9f5d581c85",
    "validation": "049e4ab67938aa22901cf0c611958fce0b9b9ff14362f658036bde470a37f71d",
    "test": "54cd6cf4ad283da2fba4c6ab3f4733374983708eeef9ee209d7670a575d8d988",
}

# genre -> track numbers (the NNNNN of "<genre>.NNNNN"), in torchaudio's order.
_SPLITS = {
    "train": {
        "blues": (
            29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
            73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
            94, 95, 96, 97
        ),
        "classical": (
            30, 31, 32, 33, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
            61, 62, 63, 64, 65, 66, 67, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
            94, 95, 96, 97, 98, 99
        ),
        "country": (
            19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75,
            76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
            97, 98, 99
        ),
        "disco": (
            5, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
            36, 37, 39, 40, 41, 42, 43, 44, 45, 47, 49, 53, 54, 56, 57, 59, 61, 70, 73, 74, 89
        ),
        "hiphop": (
            2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 28, 29, 31, 32, 33, 34, 35, 36, 37, 38, 41, 42, 55, 56, 57, 58, 59, 60, 61, 77,
            78, 79, 80
        ),
        "jazz": (
            0, 1, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 41, 47, 48, 49, 50,
            51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
            72
        ),
        "metal": (
            2, 3, 5, 21, 24, 35, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 59, 60, 61, 62,
            63, 64, 65, 66, 69, 71, 72, 79, 80, 84, 86, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98,
            99
        ),
        "pop": (
            2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 28, 29, 31,
            32, 33, 34, 35, 36, 38, 39, 40, 41, 42, 44, 46, 49, 50, 80, 97, 98, 99
        ),
        "reggae": (
            0, 1, 2, 4, 6, 9, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 31, 32, 42, 43, 44, 45, 49, 50, 51, 54, 55, 56, 57, 58, 59, 60, 63, 69
        ),
        "rock": (
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 57, 58,
            59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 91, 92, 93, 94, 95, 96, 97, 98, 99
        ),
    },
    "validation": {
        "blues": (
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60
        ),
        "classical": (
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 68, 69, 70, 71, 72, 73, 74, 75, 76
        ),
        "country": (
            0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 27, 41, 42, 45, 49
        ),
        "disco": (
            0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 46, 48, 52, 67, 68, 72, 75, 90, 95
        ),
        "hiphop": (
            81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98
        ),
        "jazz": (
            2, 3, 4, 5, 6, 7, 8, 9, 10, 25, 26, 27, 28, 29, 30, 31, 32
        ),
        "metal": (
            0, 1, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 36, 37, 68, 76, 77, 81, 82
        ),
        "pop": (
            10, 53, 55, 58, 59, 60, 61, 62, 81, 83, 84, 85, 86
        ),
        "reggae": (
            61, 62, 70, 72, 74, 76, 77, 78, 85, 92, 93, 94, 95, 96, 97, 98, 99
        ),
        "rock": (
            38, 49, 50, 51, 52, 53, 54, 55, 56, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82,
            83, 84, 85
        ),
    },
    "test": {
        "blues": (
            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 61, 62, 63, 64,
            65, 66, 67, 68, 69, 70, 71, 72, 98, 99
        ),
        "classical": (
            11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 34, 35,
            36, 37, 38, 39, 40, 41, 49, 77, 78, 79
        ),
        "country": (
            30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 43, 44, 46, 47, 48, 50, 51, 53, 54, 55,
            56, 57, 58, 59, 60, 61, 62, 63, 64
        ),
        "disco": (
            1, 21, 58, 62, 63, 64, 65, 66, 69, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87,
            88, 91, 92, 93, 94, 96, 97, 99
        ),
        "hiphop": (
            0, 26, 27, 30, 40, 43, 44, 45, 51, 52, 53, 54, 62, 63, 64, 65, 66, 67, 68, 69, 70,
            71, 72, 73, 74, 75, 99
        ),
        "jazz": (
            73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
            94, 95, 96, 97, 98, 99
        ),
        "metal": (
            12, 13, 14, 15, 22, 23, 25, 26, 27, 28, 29, 30, 31, 32, 33, 38, 39, 67, 70, 73, 74,
            75, 78, 83, 85, 87, 88
        ),
        "pop": (
            0, 1, 13, 14, 43, 63, 64, 65, 66, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 82,
            88, 89, 90, 91, 92, 93, 94, 95, 96
        ),
        "reggae": (
            34, 35, 36, 37, 38, 39, 40, 46, 47, 48, 52, 53, 64, 65, 66, 67, 68, 71, 79, 82, 83,
            84, 87, 88, 89, 90
        ),
        "rock": (
            10, 11, 12, 13, 14, 15, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 39, 40, 41, 42,
            43, 44, 45, 46, 47, 48, 86, 87, 88, 89, 90
        ),
    },
}


def split_ids(split: str) -> list:
    """The track ids (``"blues.00012"``, ...) of one partition of the fault-filtered split.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    split : {"train", "validation", "test"}
        The partition.

    Returns
    -------
    ids : list of str
        443, 197 or 290 track ids, in the published order.

    Raises
    ------
    KeyError
        For another split name.

    Examples
    --------
    >>> from mirlab.data.loaders._gtzan_splits import split_ids
    >>> len(split_ids("train")), len(split_ids("validation")), len(split_ids("test"))
    (443, 197, 290)
    >>> split_ids("test")[:2]
    ['blues.00012', 'blues.00013']
    """
    return [f"{genre}.{n:05d}" for genre, numbers in _SPLITS[split].items() for n in numbers]
