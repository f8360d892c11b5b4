"""The ``refparse`` command line. Each subcommand lives in ``refparse/commands/<name>.py`` and provides
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import RefparseError, install_hint

#: Subcommands, in the order ``--help`` lists them.
COMMANDS = ("parse", "train", "evaluate", "explain", "split", "convert", "pdf", "serve")


class _VersionAction(argparse.Action):
    """``--version``: the version and the build ("pure Python" or "compiled"), found only when asked for."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .speedups import build_description

        print(f"refparse {__version__} ({build_description()})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refparse",
        description="Turn bibliographic reference strings into structured records (authors, title, venue, "
        "year, volume, issue, pages, DOI, ...). Run `refparse COMMAND --help` for each command.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show the version and whether the compiled build is installed, and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        command = sub.add_parser(name, help=module.HELP, description=module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:  # `refparse parse ... | head`; before OSError, of which it is a subclass
        return 0
    except (RefparseError, OSError, ValueError) as exc:
        print(f"refparse {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:  # an optional dependency of this command (datasets, matplotlib, ...) is missing
        print(f"refparse {args.command}: error: this command needs {exc.name or exc}, which is not installed; "
              f"install the extras, e.g. {install_hint('train,plot')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
