"""Student notebooks run with every check "not started" and only NotImplementedError raised;
the grader grades solution, stub, wrong and corrupt submissions.

(The solution notebooks themselves run under nbval with strict checks: `make test` builds them
into _build/labs/solutions and pytest collects them there.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from mirlab.checks import get_lab
from mirlab.labs.build import find_sources, render
from mirlab.labs.grade import cell_errors, execute_notebook, grade_folder

ROOT = Path(__file__).resolve().parents[1]
SOURCES = find_sources(ROOT)


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.stem)
def test_student_notebook_runs_with_every_check_not_started(src, tmp_path):
    nb = nbformat.read(ROOT / src.student_path, as_version=4)
    log = tmp_path / "checks.jsonl"
    env = {"MIRLAB_CHECK_LOG": str(log), "MIRLAB_CHECK_STRICT": None, "MIRLAB_CHECK_HIDDEN": None}
    execute_notebook(nb, env=env, timeout=600, cwd=tmp_path)
    errors = cell_errors(nb)
    assert {name for _, name, _ in errors} <= {"NotImplementedError"}, errors
    records = [json.loads(line) for line in log.read_text().splitlines()]
    lab = get_lab(src.lab_id)
    assert [r["name"] for r in records] == [ex.name for ex in lab.exercises]
    assert {r["status"] for r in records} == {"not started"}


def test_grader(tmp_path):
    src = next(s for s in SOURCES if s.lab_id == "lab00")
    student, solution = render(ROOT, src)
    subs = tmp_path / "submissions"
    subs.mkdir()
    nbformat.write(solution, subs / "alice.ipynb")
    nbformat.write(student, subs / "bob.ipynb")
    # carol gets the window wrong (symmetric Hann) and never reaches the last check
    carol = nbformat.from_dict(json.loads(json.dumps(solution)))
    for cell in carol.cells:
        cell.source = cell.source.replace("np.arange(n) / n)", "np.arange(n) / (n - 1))")
    carol.cells = [c for c in carol.cells if 'check("lab00.amplitude_to_db"' not in c.source]
    nbformat.write(carol, subs / "carol.ipynb")
    (subs / "dave.ipynb").write_text("{ this is not json")
    before = {p.name: p.read_bytes() for p in subs.iterdir()}

    report = grade_folder(subs, timeout=300)

    by_name = {g.path.name: g for g in report.grades}
    n = len(get_lab("lab00").exercises)
    assert by_name["alice.ipynb"].n_passed == n
    assert by_name["bob.ipynb"].n_passed == 0
    assert set(by_name["bob.ipynb"].statuses.values()) == {"not started"}
    carol_status = by_name["carol.ipynb"].statuses
    assert carol_status["lab00.hann_window"] == "incorrect"
    assert carol_status["lab00.amplitude_to_db"] == "not checked"
    assert "not a valid notebook" in by_name["dave.ipynb"].error
    assert {p.name: p.read_bytes() for p in subs.iterdir() if p.name in before} == before  # nothing lost
    rows = (subs / "grades.csv").read_text().splitlines()
    assert rows[0].startswith("notebook,lab,passed,total") and len(rows) == 5


def test_hanging_student_code_is_stopped_inside_a_kernel(tmp_path):
    """In a real Jupyter kernel, an infinite loop is stopped and the kernel lives on."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from mirlab.checks import check, get_lab\n"
            "get_lab('lab00').exercise('lab00.hann_window').timeout = 1.0\n"
            "def hann_window(n):\n"
            "    while True:\n"
            "        try:\n"
            "            pass\n"
            "        except Exception:\n"
            "            pass\n"
            "result = check('lab00.hann_window', hann_window)\n"
            "result"
        ),
        nbformat.v4.new_code_cell("print(result.status.value, 'kernel alive')"),
    ]
    execute_notebook(nb, env={"MIRLAB_CHECK_STRICT": None}, timeout=60, cwd=tmp_path)
    assert cell_errors(nb) == []
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "mirlab-check-student_error" in html and "more than 1 s" in html
    assert nb.cells[1].outputs[0]["text"].strip() == "error in your code kernel alive"
