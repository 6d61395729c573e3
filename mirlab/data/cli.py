"""The ``data`` command: render generated sets from the shell.

Book: *Music data* appendix (book/data/).

::

    python -m mirlab.data synth chords --n 24 --seed 0 --out data/chords
    python -m mirlab.data synth genres --n 100 --jobs 2 --out data/gtzan-synth
    python -m mirlab.data synth rhythm                 # no --out: render into the cache
    python -m mirlab.data synth quality --n 5 --out q --option bitrates=[32,64,128]
    python -m mirlab.data list                         # the sets and their defaults
    python -m mirlab.data clear-cache [SET]

The same commands are available as ``mirlab data ...`` once :func:`add_data_subcommand` is
wired into the ``mirlab`` console command.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["build_parser", "add_data_subcommand", "main", "run"]


def _option(text: str):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--option takes KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def _configure(parser: argparse.ArgumentParser) -> None:
    from .synth import SETS

    sub = parser.add_subparsers(dest="data_command", required=True)
    p = sub.add_parser("synth", help="render a generated set (into --out, or into the cache)",
                       description="Render a generated data set with sampled General MIDI instruments.")
    p.add_argument("set", choices=sorted(SETS), help="which set")
    p.add_argument("--n", type=int, default=None, help="number of clips (default: the book's)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", default=None, help="output folder (default: the cache, see `list`)")
    p.add_argument("--sr", type=int, default=22050, help="sampling rate in Hz (default 22050)")
    p.add_argument("--duration", type=float, default=None, help="clip length in seconds (sets that have one)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--renderer", default="auto", choices=["auto", "midirenderer", "fluidsynth", "numpy"],
                   help="MIDI renderer (default: auto)")
    p.add_argument("--augment", type=float, default=None, metavar="STRENGTH",
                   help="random augmentation strength in (0, 1] (gain, reverb, noise, tempo, detune)")
    p.add_argument("--option", type=_option, action="append", default=[], metavar="KEY=VALUE",
                   help="any other option of the set's generate(), VALUE in JSON (repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("list", help="list the generated sets, their defaults and the cache folder")
    c = sub.add_parser("clear-cache", help="delete cached sets")
    c.add_argument("set", nargs="?", default=None, choices=sorted(SETS), help="only this set")
    parser.set_defaults(_data_handler=run)


def build_parser(prog: str = "python -m mirlab.data") -> argparse.ArgumentParser:
    """The argument parser of the ``data`` command."""
    parser = argparse.ArgumentParser(prog=prog, description="Generated data sets of the course.")
    _configure(parser)
    return parser


def add_data_subcommand(subparsers) -> argparse.ArgumentParser:
    """Add ``data`` to the sub-commands of a parser (``mirlab data ...``).

    Dispatch with ``args._data_handler(args)`` (it returns the exit status), e.g.::

        sub = parser.add_subparsers(dest="command")
        add_data_subcommand(sub)
        args = parser.parse_args(argv)
        if args.command == "data":
            return args._data_handler(args)
    """
    p = subparsers.add_parser("data", help="render the generated data sets (see `mirlab data --help`)",
                              description="Generated data sets of the course.")
    _configure(p)
    return p


def run(args) -> int:
    """Execute parsed ``data`` arguments; returns the exit status."""
    from ..errors import MirlabError
    from .synth import SETS

    if args.data_command == "list":
        from .cache import cache_root

        for name, info in SETS.items():
            defaults = ", ".join(f"{k}={v}" for k, v in info.defaults.items())
            print(f"{name:12s} {info.description}  [{defaults}]")
        print(f"cache: {cache_root()}  (set MIRLAB_DATA to move it)")
        return 0
    if args.data_command == "clear-cache":
        from .cache import clear_cache

        print(f"removed {clear_cache(args.set)} cached set(s)")
        return 0

    options = dict(args.option)
    if args.duration is not None:
        options["duration"] = args.duration
    if args.renderer != "auto":
        options["renderer"] = args.renderer
    if args.augment is not None:
        options["augment"] = args.augment
    try:
        if args.out is None:
            from .cache import load_synth

            ds = load_synth(args.set, n=args.n, seed=args.seed, sr=args.sr, progress=not args.quiet,
                            jobs=args.jobs, **options)
        else:
            from . import synth

            ds = synth(args.set, args.n, seed=args.seed, out_dir=args.out, sr=args.sr, progress=not args.quiet,
                       jobs=args.jobs, **options)
    except (MirlabError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    renderer = ds.metadata.get("renderer")
    print(f"{ds.name}: {len(ds)} tracks in {ds.root} (renderer: {renderer})")
    return 0


def main(argv=None, prog: str = "python -m mirlab.data") -> int:
    """Run the ``data`` command with ``argv`` (default ``sys.argv[1:]``); returns the exit status.

    Book: *Music data* appendix (book/data/).

    Parameters
    ----------
    argv : list of str or None
        E.g. ``["synth", "chords", "--n", "4", "--seed", "0", "--out", "/tmp/x"]``.
    prog : str
        The program name shown in ``--help`` (``"mirlab data"`` from the ``mirlab`` command).

    Returns
    -------
    status : int
        0 on success, 2 on a usage error.

    Examples
    --------
    >>> import tempfile
    >>> from mirlab.data.cli import main
    >>> argv = ["synth", "chords", "--n", "1", "--duration", "4", "--out", tempfile.mkdtemp(), "--quiet"]
    >>> main(argv)  # doctest: +ELLIPSIS
    chords: 1 tracks in ... (renderer: midirenderer)
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(prog).parse_args(argv)
    return args._data_handler(args)
