"""The lab pipeline: deterministic student/solution notebooks, staleness, malformed sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from mirlab.checks import get_lab
from mirlab.labs.build import (
    BEGIN,
    BuildError,
    build_all,
    colab_setup_source,
    find_sources,
    render,
    stale_notebooks,
    _dumps,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = find_sources(ROOT)


def test_there_is_a_lab_per_checks_module():
    assert [s.lab_id for s in SOURCES] == sorted({s.lab_id for s in SOURCES})
    assert "lab00" in [s.lab_id for s in SOURCES]


def test_committed_notebooks_are_fresh():
    assert stale_notebooks(ROOT) == []


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.stem)
def test_build_is_deterministic(src):
    a_student, a_solution = render(ROOT, src)
    b_student, b_solution = render(ROOT, src)
    assert _dumps(a_student) == _dumps(b_student)
    assert _dumps(a_solution) == _dumps(b_solution)


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.stem)
def test_student_notebook_has_stubs_and_no_solution(src):
    student, solution = render(ROOT, src)
    lab = get_lab(src.lab_id)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    sol_code = "\n".join(c.source for c in solution.cells if c.cell_type == "code")
    for ex in lab.exercises:
        assert f'raise NotImplementedError("Exercise {ex.number}")' in code
        assert f'check("{ex.name}"' in code
    assert "### BEGIN SOLUTION" not in code + sol_code and "### END SOLUTION" not in code + sol_code
    # Every line that exists only in the solution (the answers) is absent from the student version.
    source = (ROOT / src.path).read_text()
    inside, answers = False, []
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == "### END SOLUTION":
            inside = False
        elif inside and line.strip():
            answers.append(line)
    assert answers
    for line in answers:
        assert line in sol_code
        assert line not in code
    assert [c.id for c in student.cells] == [f"{src.lab_id}-{i:03d}" for i in range(len(student.cells))]
    assert student.metadata["mirlab"] == {"lab": src.lab_id, "source": src.path.as_posix(), "variant": "student"}


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.stem)
def test_first_cell_installs_mirlab_on_colab_from_the_configured_repository(src):
    student, _ = render(ROOT, src)
    first = student.cells[0]
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert first.cell_type == "code"
    assert f"git+{url}" in first.source
    assert '"google.colab" in sys.modules' in first.source


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    import subprocess
    import sys

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(colab_setup_source("https://github.com/o/r", "main"), {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", object())
    exec(colab_setup_source("https://github.com/o/r", "main"), {})
    assert calls and "mirlab @ git+https://github.com/o/r@main" in calls[0][0]


# ---- a scratch repository for the failure modes ------------------------------------------------

GOOD = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# Lab
```{code-cell} ipython3
def hann_window(n):
    ### BEGIN SOLUTION
    return n
    ### END SOLUTION
```
```{code-cell} ipython3
check("lab00.hann_window", hann_window)
```
"""


@pytest.fixture
def scratch(tmp_path):
    (tmp_path / "labs" / "src").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    return tmp_path


def _write(root, text, name="lab00_audio.md"):
    (root / "labs" / "src" / name).write_text(text)


def test_unbalanced_markers_are_an_error(scratch):
    _write(scratch, GOOD.replace("    ### END SOLUTION\n", ""))
    with pytest.raises(BuildError, match="without"):
        build_all(scratch)


def test_check_of_unknown_exercise_is_an_error(scratch):
    _write(scratch, GOOD.replace("lab00.hann_window", "lab00.nope"))
    with pytest.raises(BuildError, match="unknown exercise"):
        build_all(scratch)


def test_exercise_never_checked_is_an_error(scratch):
    _write(scratch, GOOD)  # lab00 has more exercises than this source checks
    with pytest.raises(BuildError, match="never checked"):
        build_all(scratch)


def test_misnamed_source_is_an_error(scratch):
    _write(scratch, GOOD, name="Lab 0.md")
    with pytest.raises(BuildError, match="labNN_topic.md"):
        find_sources(scratch)


def test_stale_missing_and_orphan_notebooks_are_reported(scratch):
    shutil.copy(ROOT / SOURCES[0].path, scratch / SOURCES[0].path)
    assert any("missing" in p for p in stale_notebooks(scratch))
    build_all(scratch)
    assert stale_notebooks(scratch) == []
    assert build_all(scratch) == []  # rebuilding changes nothing
    nb_path = scratch / SOURCES[0].student_path
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].source += "\n# edited by hand"
    nbformat.write(nb, nb_path)
    assert any("stale" in p for p in stale_notebooks(scratch))
    (scratch / "labs" / "lab42_orphan.ipynb").write_text("{}")
    assert any("no source" in p for p in stale_notebooks(scratch))


def test_cli_check_exit_codes(scratch, monkeypatch, capsys):
    from mirlab.labs.__main__ import main

    shutil.copy(ROOT / SOURCES[0].path, scratch / SOURCES[0].path)
    monkeypatch.chdir(scratch)
    assert main(["build", "--check"]) == 1
    assert main(["build"]) == 0
    assert main(["build", "--check"]) == 0
    assert (scratch / "_build/labs/solutions" / f"{SOURCES[0].stem}.ipynb").exists()
    _write(scratch, "---\n---\n```{code-cell} ipython3\n### BEGIN SOLUTION\n```\n", name="lab01_bad.md")
    assert main(["build"]) == 2
    assert "error:" in capsys.readouterr().err
