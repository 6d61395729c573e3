"""Generate the student and solution notebooks of every lab from its single source.

A lab source is a MyST Markdown notebook ``labs/src/labNN_topic.md`` (jupytext ``md:myst``).
Solution code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers).

* the **student** notebook ``labs/labNN_topic.ipynb`` (committed: Colab opens ``.ipynb`` only) has
  each solution block replaced by ``raise NotImplementedError("Exercise N.M")``;
* the **solution** notebook ``_build/labs/solutions/labNN_topic.ipynb`` (not committed) keeps the
  code and drops the markers.

Both start with a generated cell that installs ``mirlab`` on Google Colab (and does nothing
elsewhere), from the repository URL in ``_config.yml``. The output is deterministic: fixed cell
ids, no outputs, sorted JSON, so rebuilding changes no byte and ``--check`` can detect a stale
committed notebook. Book: *How to use the book and the labs* (book/intro.md); instructors: README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

__all__ = [
    "LabSource",
    "BuildError",
    "find_repo_root",
    "find_sources",
    "render",
    "build_all",
    "stale_notebooks",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
SOURCE_DIR = Path("labs/src")
STUDENT_DIR = Path("labs")
SOLUTION_DIR = Path("_build/labs/solutions")
_LAB_FILE = re.compile(r"^(lab\d\d)_[a-z0-9_]+\.md$")
_CHECK_CALL = re.compile(r"""check\(\s*["'](lab\d\d\.[A-Za-z_][A-Za-z0-9_]*)["']""")


class BuildError(Exception):
    """A lab source is malformed (unbalanced markers, a solution block without a check, ...)."""


@dataclass(frozen=True)
class LabSource:
    path: Path  # relative to the repository root

    @property
    def lab_id(self) -> str:
        m = _LAB_FILE.match(self.path.name)
        assert m is not None
        return m.group(1)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def student_path(self) -> Path:
        return STUDENT_DIR / f"{self.stem}.ipynb"

    @property
    def solution_path(self) -> Path:
        return SOLUTION_DIR / f"{self.stem}.ipynb"


def find_repo_root(start: Optional[Path] = None) -> Path:
    """The course repository root: the nearest folder upwards holding ``_config.yml`` and ``labs/src``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / SOURCE_DIR).is_dir():
            return folder
    raise BuildError(
        f"no course repository found from {here}: run this from the repository root "
        "(the folder with _config.yml and labs/src)"
    )


def find_sources(root: Path) -> list[LabSource]:
    """Every lab source under ``labs/src``; a misnamed ``.md`` file is an error."""
    sources = []
    for path in sorted((root / SOURCE_DIR).glob("*.md")):
        if not _LAB_FILE.match(path.name):
            raise BuildError(f"{path.relative_to(root)}: a lab source must be named labNN_topic.md")
        sources.append(LabSource(path.relative_to(root)))
    return sources


def repository_url(root: Path) -> str:
    """The repository URL from ``_config.yml`` (``repository.url``): the one place it is set."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    url = (config.get("repository") or {}).get("url")
    if not url:
        raise BuildError("_config.yml has no repository.url")
    return str(url).rstrip("/")


def repository_branch(root: Path) -> str:
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get("branch") or "main")


def colab_setup_source(url: str, branch: str) -> str:
    return (
        "# Set-up (generated): on Google Colab, install the course package `mirlab`.\n"
        "# Elsewhere this cell does nothing: install mirlab with the README's instructions.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    import subprocess\n"
        "\n"
        "    subprocess.run(\n"
        f'        [sys.executable, "-m", "pip", "install", "--quiet", "mirlab @ git+{url}@{branch}"],\n'
        "        check=True,\n"
        "    )"
    )


def _split_solution(source: str, exercise_of_block) -> tuple[str, str, int]:
    """Return (student, solution, n_blocks) versions of one code cell's source."""
    student, solution = [], []
    inside = False
    indent = ""
    n_blocks = 0
    for lineno, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise BuildError(f"line {lineno}: '{BEGIN}' inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            number = exercise_of_block(n_blocks)
            student.append(f"{indent}# YOUR CODE HERE")
            student.append(f'{indent}raise NotImplementedError("Exercise {number}")')
            n_blocks += 1
            continue
        if stripped == END:
            if not inside:
                raise BuildError(f"line {lineno}: '{END}' without '{BEGIN}'")
            inside = False
            continue
        solution.append(line)
        if not inside:
            student.append(line)
    if inside:
        raise BuildError(f"'{BEGIN}' without '{END}'")
    return "\n".join(student), "\n".join(solution), n_blocks


def render(root: Path, src: LabSource):
    """Build the (student, solution) notebooks of one lab source as nbformat objects."""
    import jupytext
    import nbformat

    from ..checks.core import get_lab

    text = (root / src.path).read_text(encoding="utf-8")
    try:
        nb = jupytext.reads(text, fmt="md:myst")
    except Exception as exc:  # noqa: BLE001 - jupytext raises several types
        raise BuildError(f"{src.path}: not a valid MyST notebook: {exc}") from exc
    try:
        lab = get_lab(src.lab_id)
    except KeyError:
        raise BuildError(f"{src.path}: no checks module mirlab/checks/{src.lab_id}.py") from None
    numbers = {ex.name: ex.number for ex in lab.exercises}
    lab_meta = dict(nb.metadata.get("mirlab") or {})

    # The check calls of the source, in order: each solution block belongs to the next check.
    cells = list(nb.cells)
    checks_after: list[list[str]] = []
    for i in range(len(cells)):
        later = [
            name
            for c in cells[i:]
            if c.cell_type == "code"
            for name in _CHECK_CALL.findall(c.source)
        ]
        checks_after.append(later)
    seen_checks = [name for c in cells if c.cell_type == "code" for name in _CHECK_CALL.findall(c.source)]
    unknown = [n for n in seen_checks if n not in numbers]
    if unknown:
        raise BuildError(f"{src.path}: check() of unknown exercise(s) {unknown}; see mirlab/checks/{src.lab_id}.py")

    url, branch = repository_url(root), repository_branch(root)
    setup = colab_setup_source(url, branch)
    student_cells = [nbformat.v4.new_code_cell(setup, metadata={"tags": ["colab-setup", "hide-input"]})]
    solution_cells = [nbformat.v4.new_code_cell(setup, metadata={"tags": ["colab-setup", "hide-input"]})]
    blocks_total = 0
    for i, cell in enumerate(cells):
        meta = dict(cell.metadata)
        if cell.cell_type == "markdown":
            student_cells.append(nbformat.v4.new_markdown_cell(cell.source, metadata=meta))
            solution_cells.append(nbformat.v4.new_markdown_cell(cell.source, metadata=meta))
            continue
        if cell.cell_type != "code":
            continue

        def number_of(block_index: int, _i=i, _cell=cell) -> str:
            own = _CHECK_CALL.findall(_cell.source)
            candidates = own + (checks_after[_i + 1] if _i + 1 < len(cells) else [])
            if not candidates:
                raise BuildError(f"{src.path}: a solution block (code cell {_i + 1}) has no check() after it")
            return numbers[candidates[min(block_index, len(candidates) - 1)]]

        try:
            stu, sol, n = _split_solution(cell.source, number_of)
        except BuildError as exc:
            raise BuildError(f"{src.path}, code cell {i + 1}: {exc}") from None
        blocks_total += n
        student_cells.append(nbformat.v4.new_code_cell(stu, metadata=meta))
        solution_cells.append(nbformat.v4.new_code_cell(sol, metadata=dict(meta)))
    missing = [n for n in numbers if n not in seen_checks]
    if missing:
        raise BuildError(f"{src.path}: exercise(s) {missing} of mirlab/checks/{src.lab_id}.py are never checked")
    if blocks_total < len(numbers):
        raise BuildError(
            f"{src.path}: {len(numbers)} exercises but only {blocks_total} solution blocks"
        )

    def notebook(cells_, variant: str):
        out = nbformat.v4.new_notebook()
        out.cells = cells_
        for k, c in enumerate(out.cells):
            c["id"] = f"{src.lab_id}-{k:03d}"
        out.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "colab": {"provenance": [], "toc_visible": True},
            "mirlab": {"lab": src.lab_id, "source": src.path.as_posix(), "variant": variant},
        }
        if lab_meta.get("gpu"):
            out.metadata["accelerator"] = "GPU"
            out.metadata["colab"]["gpuType"] = "T4"
        nbformat.validate(out)
        return out

    return notebook(student_cells, "student"), notebook(solution_cells, "solution")


def _dumps(nb) -> str:
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def build_all(root: Path, *, students: bool = True, solutions: bool = True) -> list[Path]:
    """Write the notebooks of every lab; return the paths that changed."""
    changed = []
    for src in find_sources(root):
        student, solution = render(root, src)
        if students and _write_if_changed(root / src.student_path, _dumps(student)):
            changed.append(src.student_path)
        if solutions and _write_if_changed(root / src.solution_path, _dumps(solution)):
            changed.append(src.solution_path)
    return changed


def stale_notebooks(root: Path) -> list[str]:
    """Committed student notebooks that differ from a fresh build, and orphans without a source."""
    problems = []
    sources = find_sources(root)
    expected = {src.student_path for src in sources}
    for src in sources:
        student, _ = render(root, src)
        path = root / src.student_path
        if not path.exists():
            problems.append(f"{src.student_path} is missing (source {src.path})")
        elif path.read_text(encoding="utf-8") != _dumps(student):
            problems.append(f"{src.student_path} is stale: its source {src.path} changed")
    for path in sorted((root / STUDENT_DIR).glob("*.ipynb")):
        if path.relative_to(root) not in expected:
            problems.append(f"{path.relative_to(root)} has no source in {SOURCE_DIR}/")
    return problems
