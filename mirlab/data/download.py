"""Downloading and unpacking datasets: cached, checksum-verified, resumable, with a progress bar.

Book: *Music data* appendix (book/data/).

The design follows d2l's ``DATA_HUB``: every file a loader fetches has a URL and a checksum,
a file already on disk with the right checksum is never downloaded again, and a file with the
wrong checksum is deleted rather than used. On top of that:

* **resumable**: bytes arrive in ``<dest>.part``; an interrupted download keeps that file and
  the next call asks the server for the rest only (HTTP ``Range``);
* **fails fast offline**: a closed port, a DNS failure, a time-out or a dead link (HTTP 404)
  raises :class:`DatasetNotFoundError` at once, with a message that says what to download, from
  where, and the exact path to put it at. Set ``MIRLAB_OFFLINE=1`` to forbid any network access
  (the error then comes without even trying);
* **safe unpacking**: :func:`extract` refuses archive members that would land outside the
  target folder (absolute paths, ``..``, links pointing out).

Datasets live under :func:`data_home`: ``$MIRLAB_DATA`` if set, else ``~/mirlab_data``.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import pathlib
import re
import shutil
import socket
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from typing import Optional

from ..errors import MirlabError, ParameterError

__all__ = [
    "DatasetNotFoundError",
    "ChecksumError",
    "UnsafeArchiveError",
    "Remote",
    "data_home",
    "file_hash",
    "download",
    "extract",
    "not_found_error",
]

_CHUNK = 1 << 16  # bytes per read


class DatasetNotFoundError(MirlabError, FileNotFoundError):
    """A dataset (or one of its files) is not on disk and could not be downloaded.

    The message says what to download (a URL or the dataset's official page), the folder layout
    a loader expects, and the exact path where to put it.

    Book: *Music data* appendix (book/data/).
    """


class ChecksumError(MirlabError, OSError):
    """A downloaded file does not have the checksum it should have (it has been deleted)."""


class UnsafeArchiveError(MirlabError, ValueError):
    """An archive member would be written outside the target folder (path traversal)."""


@dataclass(frozen=True)
class Remote:
    """One downloadable file of a dataset: where it comes from and how to check it.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    filename : str
        Name of the downloaded file (saved in the dataset's root folder).
    url : str
        Where to download it from.
    md5, sha256 : str or None
        Expected checksum (hex). ``None`` when no checksum is published; then say how else
        integrity is checked in ``note``.
    destination : str
        Folder, relative to the dataset root, into which an archive is unpacked ("" = root).
    unpack : tuple of str
        Folders inside ``destination`` whose content is moved up into ``destination`` after
        unpacking (mirdata's ``unpack_directories``), e.g. the ``repo-main/`` of a GitHub zip.
    note : str
        Anything a person downloading it by hand should know (size, licence, mirrors).

    Examples
    --------
    >>> from mirlab.data.download import Remote
    >>> r = Remote("annot.zip", "https://example.org/annot.zip", md5="0" * 32)
    >>> r.filename
    'annot.zip'
    """

    filename: str
    url: str
    md5: Optional[str] = None
    sha256: Optional[str] = None
    destination: str = ""
    unpack: tuple = ()
    note: str = ""


def data_home() -> pathlib.Path:
    """The folder that holds every dataset: ``$MIRLAB_DATA`` if set, else ``~/mirlab_data``.

    Each loader looks in ``data_home() / <name>`` unless it is given a ``root``.

    Book: *Music data* appendix (book/data/).

    Returns
    -------
    path : pathlib.Path
        The folder (it need not exist yet).

    Examples
    --------
    >>> import os
    >>> from mirlab.data.download import data_home
    >>> saved = os.environ.pop("MIRLAB_DATA", None)
    >>> data_home().name
    'mirlab_data'
    >>> os.environ["MIRLAB_DATA"] = "/tmp/my_datasets"
    >>> str(data_home())
    '/tmp/my_datasets'
    >>> _ = os.environ.pop("MIRLAB_DATA")
    >>> if saved is not None:
    ...     os.environ["MIRLAB_DATA"] = saved
    """
    env = os.environ.get("MIRLAB_DATA", "").strip()
    if env:
        return pathlib.Path(env).expanduser()
    return pathlib.Path("~/mirlab_data").expanduser()


def file_hash(path, algorithm: str = "md5") -> str:
    """Hex digest of a file (read in chunks, so any size works).

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    algorithm : str
        Any name :func:`hashlib.new` knows (``"md5"``, ``"sha256"``, ...).

    Returns
    -------
    digest : str
        Lower-case hexadecimal digest.

    Raises
    ------
    ParameterError
        If the algorithm is unknown.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mirlab.data.download import file_hash
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hello.txt"
    >>> _ = p.write_bytes(b"hello")
    >>> file_hash(p)
    '5d41402abc4b2a76b9719d911017c592'
    """
    try:
        h = hashlib.new(algorithm)
    except (ValueError, TypeError):
        raise ParameterError(f"unknown hash algorithm {algorithm!r}; use 'md5' or 'sha256'") from None
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _expected(md5, sha256):
    """(algorithm, hexdigest) to check, or None."""
    for algo, value in (("sha256", sha256), ("md5", md5)):
        if value is not None:
            if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]+", value):
                raise ParameterError(f"{algo} must be a hexadecimal string, got {value!r}")
            want = {"md5": 32, "sha256": 64}[algo]
            if len(value) != want:
                raise ParameterError(f"{algo} must have {want} hex digits, got {len(value)}")
            return algo, value.lower()
    return None


def _offline() -> bool:
    return os.environ.get("MIRLAB_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def _fail(url, dest, reason, instructions, *, part=None) -> DatasetNotFoundError:
    msg = [f"could not download {url}: {reason}."]
    if part is not None and part.exists() and part.stat().st_size > 0:
        msg.append(
            f"The {part.stat().st_size} bytes received so far are kept in {part}; "
            "run the same call again to resume."
        )
    msg.append(f"Download it by hand (from {url} or a mirror) and save it as {dest}.")
    if instructions:
        msg.append(instructions.strip())
    return DatasetNotFoundError("\n".join(msg))


def _total_from_content_range(value) -> Optional[int]:
    m = re.match(r"bytes\s+(?:\d+-\d+|\*)/(\d+)", value or "")
    return int(m.group(1)) if m else None


def download(
    url: str,
    dest,
    *,
    md5: Optional[str] = None,
    sha256: Optional[str] = None,
    progress: bool = True,
    timeout: float = 30,
    instructions: Optional[str] = None,
) -> pathlib.Path:
    """Download ``url`` to ``dest``: cached, checksum-verified, resumable, with a progress bar.

    * If ``dest`` exists and has the expected checksum (or no checksum is given), nothing is
      downloaded. A file with the wrong checksum is deleted and downloaded again.
    * Bytes are written to ``dest + ".part"``. If that file exists (an interrupted download),
      only the missing bytes are requested with an HTTP ``Range`` header; a server that ignores
      it sends the whole file, which then replaces the partial one.
    * When the file is complete its checksum is checked; on a mismatch the file is deleted and
      :class:`ChecksumError` is raised. Only then is it renamed to ``dest``.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    url : str
        ``http://``, ``https://`` or ``file://`` URL.
    dest : str or pathlib.Path
        The file to write, or an existing folder (the file name is then taken from the URL).
    md5, sha256 : str or None
        Expected checksum (hex). ``sha256`` wins when both are given.
    progress : bool
        Show a tqdm progress bar (a widget in notebooks).
    timeout : float
        Seconds to wait for the connection and for each read before giving up.
    instructions : str or None
        Extra text for the error message (what the file is for, the dataset's layout, ...).

    Returns
    -------
    path : pathlib.Path
        The downloaded (or already cached) file.

    Raises
    ------
    DatasetNotFoundError
        If the download fails: network unreachable, DNS failure, time-out, connection reset,
        HTTP error (e.g. a dead link), or ``MIRLAB_OFFLINE=1``. The message says where to get
        the file and where to put it; a partial file is kept for resuming.
    ChecksumError
        If the downloaded file has the wrong checksum (the file is deleted).
    ParameterError
        For a malformed checksum, timeout or URL.

    See Also
    --------
    extract : unpack a downloaded archive safely.

    Examples
    --------
    Nothing listens on port 9 of this machine, so this fails at once, and says what to do:

    >>> import tempfile
    >>> from mirlab.data.download import download, DatasetNotFoundError
    >>> folder = tempfile.mkdtemp()
    >>> try:
    ...     download("http://127.0.0.1:9/genres.tar.gz", folder, progress=False, timeout=2)
    ... except DatasetNotFoundError as err:
    ...     print(str(err).splitlines()[0][:60])
    could not download http://127.0.0.1:9/genres.tar.gz: the net
    """
    if not isinstance(url, str) or not url:
        raise ParameterError(f"url must be a non-empty string, got {url!r}")
    scheme = urllib.parse.urlparse(url).scheme
    if scheme not in ("http", "https", "file"):
        raise ParameterError(f"url must start with http://, https:// or file://, got {url!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ParameterError(f"timeout must be a positive number of seconds, got {timeout!r}")
    check = _expected(md5, sha256)

    dest = pathlib.Path(dest).expanduser()
    if dest.is_dir():
        name = pathlib.PurePosixPath(urllib.parse.unquote(urllib.parse.urlparse(url).path)).name
        if not name:
            raise ParameterError(f"cannot take a file name from {url!r}: give dest as a file path")
        dest = dest / name
    part = dest.with_name(dest.name + ".part")

    # 1. cached?
    if dest.is_file():
        if check is None or file_hash(dest, check[0]) == check[1]:
            return dest
        dest.unlink()  # stale or corrupt: download again

    if _offline():
        raise _fail(url, dest, "downloads are switched off (MIRLAB_OFFLINE is set)", instructions, part=part)

    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        _fetch(url, part, progress=progress, timeout=timeout)
    except DatasetNotFoundError:
        raise
    except urllib.error.HTTPError as err:
        if err.code == 404 or err.code == 410:
            reason = f"HTTP {err.code} {err.reason}: the link is dead (the file has moved or was taken down)"
        else:
            reason = f"HTTP {err.code} {err.reason}"
        raise _fail(url, dest, reason, instructions, part=part) from None
    except urllib.error.URLError as err:
        reason = f"the network is unreachable or the host is down ({err.reason})"
        raise _fail(url, dest, reason, instructions, part=part) from None
    except (socket.timeout, TimeoutError):
        raise _fail(url, dest, f"no answer within {timeout} s (time-out)", instructions, part=part) from None
    except (http.client.HTTPException, ConnectionError, OSError) as err:
        if isinstance(err, (FileNotFoundError, PermissionError)) and scheme != "file":
            raise
        reason = f"the transfer broke off ({type(err).__name__}: {err})"
        raise _fail(url, dest, reason, instructions, part=part) from None

    # 3. verify, then move into place
    if check is not None:
        got = file_hash(part, check[0])
        if got != check[1]:
            size = part.stat().st_size
            part.unlink()
            raise ChecksumError(
                f"{url} downloaded ({size} bytes) but its {check[0]} is {got}, not {check[1]}: "
                "the file is corrupt, truncated or has been replaced upstream. It was deleted. "
                f"Try again; if it fails again, download it by hand and check it before saving it as {dest}."
            )
    os.replace(part, dest)
    return dest


def _fetch(url, part: pathlib.Path, *, progress: bool, timeout: float) -> None:
    """Download into ``part``, resuming from its current size when the server allows it."""
    from tqdm.auto import tqdm

    have = part.stat().st_size if part.is_file() else 0
    req = urllib.request.Request(url, headers={"User-Agent": "mirlab (Python urllib)"})
    if have and not url.startswith("file:"):
        req.add_header("Range", f"bytes={have}-")
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and have:
            # nothing left to send: the partial file may already be complete
            total = _total_from_content_range(err.headers.get("Content-Range"))
            err.close()
            if total is not None and total == have:
                return
            part.unlink()  # our partial file is longer than the file: start again
            return _fetch(url, part, progress=progress, timeout=timeout)
        raise
    with resp:
        status = getattr(resp, "status", None) or resp.getcode() or 200
        if have and status == 206:
            mode = "ab"
            total = _total_from_content_range(resp.headers.get("Content-Range"))
        else:
            mode, have = "wb", 0  # the server ignored the Range header: take the whole file
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
        name = part.name[: -len(".part")]
        with open(part, mode) as f, tqdm(
            total=total, initial=have, unit="B", unit_scale=True, unit_divisor=1024,
            desc=name, disable=not progress, leave=False,
        ) as bar:
            while True:
                chunk = resp.read(_CHUNK)
                if not chunk:
                    break
                f.write(chunk)
                bar.update(len(chunk))
        got = part.stat().st_size
        if total is not None and got < total:
            raise http.client.IncompleteRead(b"", total - got)


# --------------------------------------------------------------------------------------------
# unpacking


def _inside(root: pathlib.Path, target: pathlib.Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def _check_name(root: pathlib.Path, name: str, archive) -> pathlib.Path:
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise UnsafeArchiveError(f"{archive}: member {name!r} has an absolute path; refusing to extract")
    target = (root / name).resolve()
    if not _inside(root, target):
        raise UnsafeArchiveError(f"{archive}: member {name!r} would be written outside {root}; refusing to extract")
    return target


def extract(archive, dest=None) -> pathlib.Path:
    """Unpack a ``.zip``, ``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2`` or ``.tar.xz`` archive safely.

    Every member is checked before anything is written: an absolute path, a ``..`` that climbs
    out of ``dest``, or a link pointing outside raises :class:`UnsafeArchiveError` (the "zip
    slip" / tar path-traversal attack). Device files and FIFOs are skipped.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    archive : str or pathlib.Path
        The archive file.
    dest : str or pathlib.Path or None
        Target folder (created if needed); default: the archive's folder.

    Returns
    -------
    dest : pathlib.Path
        The folder the archive was unpacked into.

    Raises
    ------
    UnsafeArchiveError
        If a member would escape ``dest``.
    ParameterError
        If the file is not an archive of a known kind, or is corrupt.
    FileNotFoundError
        If the archive does not exist.

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> from mirlab.data.download import extract
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(tmp / "a.zip", "w") as z:
    ...     z.writestr("data/hello.txt", "hi")
    >>> out = extract(tmp / "a.zip", tmp / "out")
    >>> (out / "data" / "hello.txt").read_text()
    'hi'
    """
    archive = pathlib.Path(archive)
    if not archive.is_file():
        raise FileNotFoundError(f"no archive at {archive}")
    dest = pathlib.Path(dest) if dest is not None else archive.parent
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()

    if zipfile.is_zipfile(archive):
        try:
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    _check_name(root, info.filename, archive)
                z.extractall(root)
        except zipfile.BadZipFile as err:
            raise ParameterError(f"{archive} is a corrupt zip file ({err}); delete it and download it again") from None
        return dest
    try:
        tar = tarfile.open(archive, "r:*")
    except tarfile.TarError:
        raise ParameterError(
            f"{archive} is neither a zip nor a tar archive (or it is corrupt); delete it and download it again"
        ) from None
    with tar:
        members = []
        for m in tar.getmembers():
            target = _check_name(root, m.name, archive)
            if m.issym() or m.islnk():
                base = target.parent if m.issym() else root
                link = (base / m.linkname).resolve()
                if os.path.isabs(m.linkname) or not _inside(root, link):
                    raise UnsafeArchiveError(
                        f"{archive}: link {m.name!r} -> {m.linkname!r} points outside {root}; refusing to extract"
                    )
            elif not (m.isfile() or m.isdir()):
                continue  # devices, FIFOs: never needed for a dataset
            members.append(m)
        kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        try:
            tar.extractall(root, members=members, **kwargs)
        except tarfile.TarError as err:
            raise ParameterError(f"{archive} could not be unpacked ({err}); delete it and download it again") from None
    return dest


def move_contents_up(folder: pathlib.Path, sub: str) -> None:
    """Move everything in ``folder/sub`` into ``folder`` and remove ``sub`` (for GitHub zips)."""
    src = folder / sub
    if not src.is_dir():
        return
    for item in src.iterdir():
        target = folder / item.name
        if target.exists():
            if target.is_dir() and item.is_dir():
                for child in item.iterdir():  # merge one level (e.g. two archives feeding one folder)
                    if not (target / child.name).exists():
                        shutil.move(str(child), str(target / child.name))
                continue
            continue
        shutil.move(str(item), str(target))
    shutil.rmtree(src, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# the message of a missing dataset


def not_found_error(
    dataset: str,
    root,
    *,
    problem: str,
    source: str,
    layout: str,
    hint: Optional[str] = None,
) -> DatasetNotFoundError:
    """Build the :class:`DatasetNotFoundError` a loader raises for a missing or incomplete folder.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    dataset : str
        Human name of the dataset, e.g. ``"GTZAN genre collection"``.
    root : str or pathlib.Path
        The folder the loader looked in.
    problem : str
        What is wrong, e.g. ``"the folder does not exist"``.
    source : str
        What to download and from where (URLs, official page).
    layout : str
        The expected folder layout, relative to ``root`` (one path a line).
    hint : str or None
        How to download it automatically, or how to point the loader elsewhere.

    Returns
    -------
    error : DatasetNotFoundError
        The exception, to be raised by the caller.

    Examples
    --------
    >>> from mirlab.data.download import not_found_error
    >>> err = not_found_error("Toy set", "/data/toy", problem="the folder does not exist",
    ...                       source="https://example.org/toy.zip", layout="toy/a.wav")
    >>> print(str(err).splitlines()[0])
    Toy set not found in /data/toy: the folder does not exist.
    """
    root = pathlib.Path(root)
    lines = [f"{dataset} not found in {root}: {problem}.", "", f"What to download: {source.strip()}", ""]
    lines.append(f"Where to put it: unpack it so that {root} looks like this:")
    lines.append(f"  {root}/")
    lines.extend("    " + line for line in layout.strip().splitlines())
    lines.append("")
    tail = hint.strip() + " " if hint else ""
    lines.append(
        f"{tail}The datasets' folder is {data_home()} (set the environment variable MIRLAB_DATA "
        "to change it), or pass root=... to the loader."
    )
    return DatasetNotFoundError("\n".join(lines))
