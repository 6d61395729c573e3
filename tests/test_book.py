"""The book builds strictly (a Sphinx warning is an error) and the HTML has what a reader needs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="module")
def built():
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", "-W", "-n", "--keep-going", str(ROOT)],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    return proc


def _page(rel: str) -> str:
    return (HTML / rel).read_text(encoding="utf-8")


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return files


def test_every_toc_page_is_built(built):
    for f in _toc_files():
        assert (HTML / f"{f}.html").is_file(), f


def test_index_opens_on_the_introduction(built):
    assert "book/intro.html" in _page("index.html")
    intro = _page("book/intro.html")
    for task in ["tempo", "key", "pitch", "chord", "artist", "instrument", "genre", "mood", "cover"]:
        assert task in intro.lower(), task


def test_lab_page_has_a_colab_link_to_the_committed_notebook(built):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    org_repo = config["repository"]["url"].split("github.com/")[1].strip("/")
    page = _page("labs/lab00_audio.html")
    link = f"https://colab.research.google.com/github/{org_repo}/blob/{config['repository']['branch']}/labs/lab00_audio.ipynb"
    assert link in page
    assert (ROOT / "labs" / "lab00_audio.ipynb").is_file()
    assert 'raise NotImplementedError(&quot;Exercise 0.1&quot;)' in page or "NotImplementedError" in page


def test_chapter_pages_have_figures_audio_and_no_dead_colab_button(built):
    chapter = sorted((HTML / "book" / "audio").glob("*.html"))
    assert len(chapter) >= 4
    n_img = n_audio = 0
    for page in chapter:
        text = page.read_text(encoding="utf-8")
        n_img += len(re.findall(r"<img[^>]+_images/", text))
        n_audio += text.count("<audio")
        assert "colab.research.google.com" not in text, page.name
    assert n_img >= 6 and n_audio >= 3


def test_bibliography_is_rendered(built):
    refs = _page("book/references.html")
    assert "Dropout" in refs and "librosa" in refs


def test_data_appendix_shows_every_generated_set(built):
    page = _page("book/data/index.html")
    assert len(re.findall(r"<img[^>]+_images/", page)) >= 5
    assert page.count("<audio") >= 5
    for loader in ["load_gtzan", "load_beatles", "load_ballroom", "load_jamendo", "load_magnatagatune"]:
        assert loader in page
    assert "midirenderer" in page


def test_classical_chapter_pages_have_figures_audio_and_bench_tables(built):
    chapter = {p.stem: p.read_text(encoding="utf-8") for p in (HTML / "book" / "classical").glob("*.html")}
    assert set(chapter) >= {"index", "chroma", "chords", "key", "mfcc", "instruments", "onsets", "beats", "limits"}
    for name, text in chapter.items():
        assert "colab.research.google.com" not in text, name
        assert len(re.findall(r"<img[^>]+_images/", text)) >= 1, name
    for name in ["chroma", "chords", "mfcc", "instruments", "onsets", "beats"]:
        assert len(re.findall(r"<img[^>]+_images/", chapter[name])) >= 2, name
        assert "<audio" in chapter[name], name
    # every benchmark the chapter reports is read from bench/results and shown as a table
    for name in ["index", "chords", "key", "instruments", "beats"]:
        assert "<table" in chapter[name], name
    assert "mirlab analyze" in chapter["index"]
    for lab in ["lab01_chords", "lab02_instruments", "lab03_beats"]:
        assert (HTML / "labs" / f"{lab}.html").is_file(), lab
