"""Grade a folder of submitted lab notebooks with every check, hidden cases included.

Each notebook is executed in a fresh kernel, on a copy (the submission is never modified), with
``MIRLAB_CHECK_HIDDEN=1`` and ``MIRLAB_CHECK_LOG`` pointing to a temporary file: every ``check()``
the notebook runs is recorded there. An exercise the notebook never checks counts as not passed.
A notebook that is not valid JSON, or has no ``mirlab.lab`` metadata, gets a row saying so.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

__all__ = ["execute_notebook", "grade_notebook", "grade_folder", "GradeReport", "Grade"]


def execute_notebook(nb, *, env: dict, timeout: int = 600, cwd: Optional[Path] = None):
    """Execute an nbformat notebook in a new kernel, with extra environment variables.

    Errors in cells do not stop the run (``allow_errors``); the executed notebook is returned and
    the caller inspects its outputs.
    """
    from nbclient import NotebookClient

    kernel_env = dict(os.environ)
    kernel_env.update(env)
    for key, value in env.items():
        if value is None:
            kernel_env.pop(key, None)
    client = NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd or Path.cwd())}},
    )
    client.execute(env=kernel_env)
    return nb


def cell_errors(nb) -> list[tuple[int, str, str]]:
    """(cell index, exception name, message) of every error output of an executed notebook."""
    errors = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append((i, out.get("ename", ""), out.get("evalue", "")))
    return errors


@dataclass
class Grade:
    path: Path
    lab: str = ""
    statuses: dict = field(default_factory=dict)  # exercise name -> status value
    error: str = ""

    @property
    def n_passed(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "passed")


def grade_notebook(path: Path, *, timeout: int = 600) -> Grade:
    """Execute one submitted notebook and return the status of each exercise of its lab."""
    import nbformat

    from ..checks.core import get_lab

    grade = Grade(path=path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook is reported, not raised
        grade.error = f"not a valid notebook: {str(exc).splitlines()[0][:200]}"
        return grade
    lab_id = (nb.metadata.get("mirlab") or {}).get("lab", "")
    try:
        lab = get_lab(lab_id)
    except KeyError:
        grade.error = f"unknown lab {lab_id!r} in the notebook metadata (mirlab.lab)"
        return grade
    grade.lab = lab_id
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "checks.jsonl"
        env = {"MIRLAB_CHECK_HIDDEN": "1", "MIRLAB_CHECK_LOG": str(log), "MIRLAB_CHECK_STRICT": None}
        try:
            execute_notebook(nb, env=env, timeout=timeout, cwd=Path(tmp))
        except Exception as exc:  # noqa: BLE001 - a dead kernel or a timeout: grade what ran
            grade.error = f"execution stopped: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
        results = {}
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                results[rec["name"]] = rec["status"]
    for ex in lab.exercises:
        grade.statuses[ex.name] = results.get(ex.name, "not checked")
    return grade


@dataclass
class GradeReport:
    grades: list
    path: Path

    def table(self) -> str:
        lines = []
        for g in self.grades:
            total = len(g.statuses)
            score = f"{g.n_passed}/{total}" if total else "-"
            lines.append(f"{g.path.name:<40} {g.lab or '?':<6} {score:>6}  {g.error}")
        return "\n".join(lines)


def grade_folder(folder: Path, *, out: Optional[Path] = None, timeout: int = 600) -> GradeReport:
    """Grade every ``*.ipynb`` in ``folder`` and write a CSV report (one row per notebook)."""
    from tqdm.auto import tqdm

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    paths = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    grades = [grade_notebook(p, timeout=timeout) for p in tqdm(paths, desc="grading", unit="notebook")]
    out = Path(out) if out is not None else folder / "grades.csv"
    exercises = sorted({name for g in grades for name in g.statuses})
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["notebook", "lab", "passed", "total", *exercises, "error"])
        for g in grades:
            writer.writerow([g.path.name, g.lab, g.n_passed, len(g.statuses),
                             *[g.statuses.get(e, "") for e in exercises], g.error])
    return GradeReport(grades, out)
