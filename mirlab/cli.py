"""The ``mirlab`` command.

``mirlab labs build [--check]`` and ``mirlab labs grade FOLDER`` are the instructor tools (the
same as ``python -m mirlab.labs``); ``mirlab data synth SET ...`` renders the generated data sets
(``python -m mirlab.data``); ``mirlab analyze AUDIO [--json]`` prints the tempo, beats, key and
chords of an audio file (:mod:`mirlab.analyze`, chapter *Classical MIR*).
"""

from __future__ import annotations

import argparse
import sys

from . import __version__


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="mirlab", description="Tools of the course 'Deep learning for music information retrieval'."
    )
    parser.add_argument("--version", action="version", version=f"mirlab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("labs", help="build lab notebooks / grade submissions (see `mirlab labs --help`)",
                   add_help=False)
    sub.add_parser("data", help="render the generated data sets (see `mirlab data --help`)",
                   add_help=False)
    sub.add_parser("analyze", help="tempo, beats, key and chords of an audio file (see `mirlab analyze --help`)",
                   add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "analyze":
        from .analyze import main as analyze_main

        return analyze_main(rest)
    if args.command == "labs":
        from .labs.__main__ import main as labs_main

        return labs_main(rest)
    if args.command == "data":
        from .data.cli import main as data_main

        return data_main(rest)
    parser.error(f"unknown command {args.command!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
