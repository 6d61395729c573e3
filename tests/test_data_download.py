"""Tests of mirlab.data.download: caching, checksums, resuming, failing fast offline, safe unpacking.

The only network used is an HTTP server on 127.0.0.1 that each test starts itself (bounded:
it serves a few requests and is shut down at the end of the test), plus a closed port
(127.0.0.1:9) to check that an unreachable host fails at once.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import tarfile
import threading
import time
import zipfile

import pytest

from mirlab.data.download import (
    ChecksumError,
    DatasetNotFoundError,
    Remote,
    UnsafeArchiveError,
    data_home,
    download,
    extract,
    file_hash,
    not_found_error,
)
from mirlab.errors import MirlabError, ParameterError

PAYLOAD = bytes(range(256)) * 64  # 16 KiB, every byte value
MD5 = hashlib.md5(PAYLOAD).hexdigest()
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files``; honours ``Range: bytes=N-`` unless ``server.ignore_range``;
    stops after ``server.cut_after`` bytes when set (a broken connection); ``/slow`` stalls."""

    timeout = 5  # a stuck client cannot hold a handler thread for long

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.requests.append((self.path, self.headers.get("Range")))
        if self.path == "/slow":
            time.sleep(2.0)
            self.send_response(200)
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(b"x")
            return
        data = srv.files.get(self.path)
        if data is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        rng = self.headers.get("Range")
        if rng and not srv.ignore_range:
            start = int(rng.split("=")[1].split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if srv.cut_after is not None:
            self.wfile.write(body[: srv.cut_after])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.files = {"/data/file.bin": PAYLOAD}
    srv.requests = []
    srv.ignore_range = False
    srv.cut_after = None
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _online(monkeypatch):
    monkeypatch.delenv("MIRLAB_OFFLINE", raising=False)


# --------------------------------------------------------------------------------------------
# download


def test_download_verifies_and_caches(server, tmp_path):
    dest = tmp_path / "file.bin"
    out = download(server.url + "/data/file.bin", dest, md5=MD5, progress=False)
    assert out == dest and dest.read_bytes() == PAYLOAD
    assert not (tmp_path / "file.bin.part").exists()
    n = len(server.requests)
    assert download(server.url + "/data/file.bin", dest, md5=MD5, progress=False) == dest
    assert len(server.requests) == n  # cached: no second request


def test_download_into_folder_takes_the_url_name_and_sha256(server, tmp_path):
    out = download(server.url + "/data/file.bin", tmp_path, sha256=SHA256, progress=True)
    assert out == tmp_path / "file.bin"
    assert file_hash(out, "sha256") == SHA256


def test_download_resumes_with_a_range_request(server, tmp_path):
    dest = tmp_path / "file.bin"
    half = len(PAYLOAD) // 2
    (tmp_path / "file.bin.part").write_bytes(PAYLOAD[:half])
    download(server.url + "/data/file.bin", dest, md5=MD5, progress=False)
    assert server.requests[-1] == ("/data/file.bin", f"bytes={half}-")
    assert dest.read_bytes() == PAYLOAD


def test_interrupted_download_keeps_the_part_and_resumes(server, tmp_path):
    dest = tmp_path / "file.bin"
    server.cut_after = 5000
    with pytest.raises(DatasetNotFoundError) as info:
        download(server.url + "/data/file.bin", dest, md5=MD5, progress=False, timeout=5)
    part = tmp_path / "file.bin.part"
    assert part.stat().st_size == 5000
    msg = str(info.value)
    assert "5000 bytes" in msg and "resume" in msg and str(dest) in msg
    server.cut_after = None
    download(server.url + "/data/file.bin", dest, md5=MD5, progress=False)
    assert server.requests[-1][1] == "bytes=5000-"
    assert dest.read_bytes() == PAYLOAD and not part.exists()


def test_server_ignoring_range_gives_the_whole_file(server, tmp_path):
    server.ignore_range = True
    (tmp_path / "file.bin.part").write_bytes(b"garbage that is not the start of the file")
    out = download(server.url + "/data/file.bin", tmp_path / "file.bin", md5=MD5, progress=False)
    assert out.read_bytes() == PAYLOAD


def test_complete_part_file_is_finished_without_a_body(server, tmp_path):
    (tmp_path / "file.bin.part").write_bytes(PAYLOAD)  # the server answers 416 to bytes=N-
    out = download(server.url + "/data/file.bin", tmp_path / "file.bin", md5=MD5, progress=False)
    assert out.read_bytes() == PAYLOAD


def test_checksum_mismatch_deletes_and_raises(server, tmp_path):
    dest = tmp_path / "file.bin"
    with pytest.raises(ChecksumError, match="md5") as info:
        download(server.url + "/data/file.bin", dest, md5="0" * 32, progress=False)
    assert isinstance(info.value, MirlabError) and isinstance(info.value, OSError)
    assert not dest.exists() and not (tmp_path / "file.bin.part").exists()


def test_cached_file_with_wrong_checksum_is_downloaded_again(server, tmp_path):
    dest = tmp_path / "file.bin"
    dest.write_bytes(b"stale")
    download(server.url + "/data/file.bin", dest, md5=MD5, progress=False)
    assert dest.read_bytes() == PAYLOAD


def test_closed_port_fails_fast_with_instructions(tmp_path):
    dest = tmp_path / "genres.tar.gz"
    t0 = time.monotonic()
    with pytest.raises(DatasetNotFoundError) as info:
        download("http://127.0.0.1:9/sound/genres.tar.gz", dest, progress=False, timeout=5,
                 instructions="Put it in /somewhere/gtzan.")
    assert time.monotonic() - t0 < 3
    msg = str(info.value)
    assert "http://127.0.0.1:9/sound/genres.tar.gz" in msg
    assert str(dest) in msg and "Put it in /somewhere/gtzan." in msg
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, MirlabError)


def test_dead_link_says_so(server, tmp_path):
    with pytest.raises(DatasetNotFoundError, match="404.*dead"):
        download(server.url + "/moved.zip", tmp_path / "moved.zip", progress=False)


def test_time_out_fails_quickly(server, tmp_path):
    t0 = time.monotonic()
    with pytest.raises(DatasetNotFoundError, match="time|timed out"):
        download(server.url + "/slow", tmp_path / "slow.bin", progress=False, timeout=0.5)
    assert time.monotonic() - t0 < 1.9


def test_offline_switch_never_touches_the_network(server, tmp_path, monkeypatch):
    monkeypatch.setenv("MIRLAB_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError, match="MIRLAB_OFFLINE"):
        download(server.url + "/data/file.bin", tmp_path / "file.bin", progress=False)
    assert server.requests == []


def test_file_url(tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(PAYLOAD)
    out = download(src.as_uri(), tmp_path / "copy.bin", md5=MD5, progress=False)
    assert out.read_bytes() == PAYLOAD


@pytest.mark.parametrize(
    "kwargs",
    [
        {"url": "ftp://example.org/a.zip"},
        {"url": ""},
        {"url": "http://127.0.0.1:9/a.zip", "md5": "abc"},
        {"url": "http://127.0.0.1:9/a.zip", "sha256": "z" * 64},
        {"url": "http://127.0.0.1:9/a.zip", "timeout": 0},
    ],
)
def test_bad_arguments(tmp_path, kwargs):
    url = kwargs.pop("url")
    with pytest.raises(ParameterError):
        download(url, tmp_path / "a.zip", progress=False, **kwargs)


def test_file_hash_unknown_algorithm(tmp_path):
    (tmp_path / "a").write_bytes(b"a")
    with pytest.raises(ParameterError):
        file_hash(tmp_path / "a", "nohash")


# --------------------------------------------------------------------------------------------
# extract


def test_extract_zip_and_tar(tmp_path):
    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("top/x.txt", "zip")
    assert (extract(z, tmp_path / "z") / "top" / "x.txt").read_text() == "zip"
    t = tmp_path / "a.tar.gz"
    with tarfile.open(t, "w:gz") as f:
        data = b"tar"
        info = tarfile.TarInfo("top/y.txt")
        info.size = len(data)
        f.addfile(info, io.BytesIO(data))
    assert (extract(t, tmp_path / "t") / "top" / "y.txt").read_bytes() == b"tar"
    assert (extract(t) / "top" / "y.txt").is_file()  # default: next to the archive


def test_extract_refuses_zip_slip(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("ok.txt", "fine")
        f.writestr("../evil.txt", "bad")
    with pytest.raises(UnsafeArchiveError, match="outside"):
        extract(z, tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "out" / "ok.txt").exists()  # nothing written at all


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_extract_refuses_tar_traversal(tmp_path, kind):
    t = tmp_path / "evil.tar"
    with tarfile.open(t, "w") as f:
        if kind == "symlink":
            info = tarfile.TarInfo("link")
            info.type = tarfile.SYMTYPE
            info.linkname = "../../outside"
            f.addfile(info)
        else:
            name = "/tmp/mirlab_evil.txt" if kind == "absolute" else "a/../../evil.txt"
            info = tarfile.TarInfo(name)
            info.size = 3
            f.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(UnsafeArchiveError):
        extract(t, tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists()


def test_extract_rejects_a_non_archive(tmp_path):
    p = tmp_path / "a.zip"
    p.write_bytes(b"not an archive")
    with pytest.raises(ParameterError, match="neither a zip nor a tar"):
        extract(p)


# --------------------------------------------------------------------------------------------
# data_home and the error message


def test_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("MIRLAB_DATA", str(tmp_path))
    assert data_home() == tmp_path
    monkeypatch.delenv("MIRLAB_DATA")
    assert data_home() == data_home().home() / "mirlab_data"


def test_not_found_message_names_what_and_where(tmp_path):
    err = not_found_error("Toy", tmp_path / "toy", problem="the folder does not exist",
                          source="https://example.org/toy.zip", layout="a/b.wav\nc.csv", hint="Try X.")
    msg = str(err)
    assert isinstance(err, DatasetNotFoundError)
    assert f"Toy not found in {tmp_path / 'toy'}: the folder does not exist." in msg
    assert "https://example.org/toy.zip" in msg
    assert "    a/b.wav" in msg and "Try X." in msg and "MIRLAB_DATA" in msg


def test_remote_is_a_frozen_record():
    r = Remote("a.zip", "https://example.org/a.zip", md5=MD5)
    with pytest.raises(Exception):
        r.url = "x"
    assert os.path.splitext(r.filename)[1] == ".zip"
