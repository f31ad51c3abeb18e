"""The root of ``python -m knowledge ...``: the command groups, the parser, logging and exit codes.

Commands::

    python -m knowledge index build [--force]
    python -m knowledge index info
    python -m knowledge model export
    python -m knowledge search "hydrogen storage" --country DE --k 5 [--json]

Adding a command group: write ``def add_<group>_commands(subparsers) -> None`` that adds a
sub-parser and sets ``handler=<function(args) -> int>`` on each leaf command (with
``set_defaults``), then list it in :data:`COMMAND_GROUPS`. User mistakes are raised as
:class:`~knowledge.errors.KnowledgeError` and end as one sentence on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from knowledge.calls.cli import add_calls_commands
from knowledge.cli.common import Subparsers, report_error
from knowledge.cli.index import add_index_commands
from knowledge.cli.model import add_model_commands
from knowledge.cli.search import add_search_command
from knowledge.config import use_all_cores_for_embedding
from knowledge.errors import KnowledgeError

logger = logging.getLogger("knowledge")

COMMAND_GROUPS: list[Callable[[Subparsers], None]] = [
    add_index_commands,
    add_model_commands,
    add_search_command,
    add_calls_commands,
]


def build_parser() -> argparse.ArgumentParser:
    """Build the ``python -m knowledge`` argument parser with every registered command group.

    Returns:
        The parser; each leaf command sets ``handler`` (``args -> exit code``).
    """
    parser = argparse.ArgumentParser(
        prog="python -m knowledge",
        description="Knowledge layer of the cluster support assistant.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log progress details (to stderr)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_group in COMMAND_GROUPS:
        add_group(subparsers)
    return parser


def _log_handler(verbose: bool, quiet: bool) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Args:
        argv: Arguments without the program name (default ``sys.argv[1:]``).

    Returns:
        The exit code: 0 on success, 2 on a user mistake (message on stderr).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    # Batch work (index builds, refreshes) embeds many texts: use every core unless told
    # otherwise. The action server keeps the default of one thread, fastest for single queries.
    use_all_cores_for_embedding()
    # Attach a handler for this run only, so calling main() from tests or other code does not
    # leave logging configured behind it.
    handler = _log_handler(args.verbose, args.quiet)
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(handler.level, previous_level or logging.WARNING))
    try:
        return int(args.handler(args))
    except KnowledgeError as exc:
        return report_error(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
