"""What every command group of ``python -m knowledge`` shares: exit codes, argument types, settings.

Owns how a user mistake ends a command (:func:`report_error`) and the rule for whole-number
options (:func:`whole_number`), both used by the partner commands and the ``calls`` commands
alike, and the ``--profiles/--index-dir/--model`` options that override the action process's
settings (:func:`settings_parent`, :func:`settings_from_args`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from knowledge.config import SETTING_VARS, Settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USER_ERROR = 2

Subparsers = Any  # argparse's _SubParsersAction is private
#: A leaf command: parsed arguments in, exit code out.
Handler = Callable[[argparse.Namespace], int]


def report_error(exc: BaseException, code: int = EXIT_USER_ERROR) -> int:
    """Print ``exc`` as one sentence on stderr (``error: ...``) and return the exit code.

    Args:
        exc: The error (its message is the sentence).
        code: Exit code to return; 2 (a user mistake) by default.

    Returns:
        ``code``.
    """
    print(f"error: {exc}", file=sys.stderr)
    return code


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """Return an argparse type for a whole number from ``low`` (to ``high`` when given).

    Args:
        low: Smallest value accepted.
        high: Largest value accepted, or ``None`` for no upper bound.

    Returns:
        ``parse(text) -> int`` raising :class:`argparse.ArgumentTypeError` with one sentence:
        "must be between L and H", "must not be negative" (``low`` 0) or "must be at least L".
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {value}")
        if value < low:
            if low == 0:
                raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    return parse


def settings_parent() -> argparse.ArgumentParser:
    """Return a parent parser with the options that override the settings' locations.

    Returns:
        A parser (``add_help=False``) to pass in ``parents=[...]``.
    """
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("locations (override environment variables)")
    group.add_argument(
        "--profiles",
        metavar="PATH",
        help=f"cluster profiles JSONL file (env {SETTING_VARS['profiles_path']})",
    )
    group.add_argument(
        "--index-dir",
        metavar="DIR",
        help=f"partner index directory (env {SETTING_VARS['index_dir']})",
    )
    group.add_argument(
        "--model",
        metavar="MODEL",
        help=f"embedding model directory or name, or 'fake' for tests "
        f"(env {SETTING_VARS['embed_model']})",
    )
    return parent


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Return the settings, with the ``--profiles/--index-dir/--model`` overrides applied.

    Args:
        args: Arguments parsed with :func:`settings_parent` among the parents.

    Returns:
        The settings of this run.
    """
    return Settings.from_env(
        profiles_path=args.profiles, index_dir=args.index_dir, embed_model=args.model
    )
