"""``python -m mirlab.labs``: build the lab notebooks (and check they are fresh), grade submissions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import BuildError, build_all, find_repo_root, stale_notebooks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mirlab.labs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write labs/*.ipynb (student) and _build/labs/solutions/*.ipynb")
    b.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a committed student notebook is stale or missing")
    b.add_argument("--solutions-only", action="store_true",
                   help="write only the solution notebooks (used by the test command)")
    g = sub.add_parser("grade", help="run submitted notebooks and grade them with every check")
    g.add_argument("folder", type=Path, help="folder of submitted .ipynb files")
    g.add_argument("--out", type=Path, default=None, help="CSV report (default: FOLDER/grades.csv)")
    g.add_argument("--timeout", type=int, default=600, help="seconds per notebook cell")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            root = find_repo_root()
            if args.check:
                problems = stale_notebooks(root)
                for p in problems:
                    print(f"stale: {p}", file=sys.stderr)
                if problems:
                    print("Run `python -m mirlab.labs build` (or `make labs`) and commit the notebooks.",
                          file=sys.stderr)
                    return 1
                print("lab notebooks are up to date")
                return 0
            changed = build_all(root, students=not args.solutions_only)
            for p in changed:
                print(f"wrote {p}")
            if not changed:
                print("lab notebooks are up to date")
            return 0
        if args.command == "grade":
            from .grade import grade_folder

            report = grade_folder(args.folder, out=args.out, timeout=args.timeout)
            print(report.table())
            print(f"wrote {report.path}")
            return 0
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
