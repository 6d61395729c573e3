"""mirlab.results: the benchmark JSON files that book pages read."""

import json

import pytest

from mirlab import results
from mirlab.errors import ParameterError


def _write(root, name, text):
    folder = root / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(text)


def test_found_from_a_page_folder_below_the_repository(tmp_path):
    _write(tmp_path, "demo", json.dumps({"accuracy": 0.5}))
    page_folder = tmp_path / "book" / "chapter"
    page_folder.mkdir(parents=True)
    assert results.find("demo", start=page_folder).resolve() == (tmp_path / "bench/results/demo.json").resolve()
    assert results.load("demo", start=page_folder) == {"accuracy": 0.5}


def test_missing_corrupt_and_bad_names_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"python bench/nothing\.py"):
        results.load("nothing", start=tmp_path)
    _write(tmp_path, "broken", '{"accuracy": 0.')
    with pytest.raises(ValueError, match=r"broken\.json is not valid JSON.*bench/broken\.py"):
        results.load("broken", start=tmp_path)
    for name in ["../secrets", "chords.json", "", None]:
        with pytest.raises(ParameterError, match="benchmark name"):
            results.find(name, start=tmp_path)


def test_every_stored_result_loads_and_has_its_script():
    """Each bench/results/NAME.json (which the book reads) is valid JSON written by bench/NAME.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    names = sorted(p.stem for p in (root / "bench" / "results").glob("*.json"))
    assert {"chords", "key", "beats", "instruments", "analyze"} <= set(names)
    for name in names:
        assert (root / "bench" / f"{name}.py").is_file(), name
        assert isinstance(results.load(name, start=root / "book"), dict), name
