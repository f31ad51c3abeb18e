"""``calls`` commands: build, refresh, info and search the calls store.

Wire into the top-level parser with :func:`register` (also exported as ``add_calls_commands``
to follow :mod:`knowledge.cli.app`'s naming); standalone: ``python -m knowledge.calls``.

Modules: :mod:`~knowledge.calls.cli.parser` (the parser and ``main``),
:mod:`~knowledge.calls.cli.commands` (the handlers), :mod:`~knowledge.calls.cli.args`
(argument types and shared options), :mod:`~knowledge.calls.cli.format` (text output).
"""

from knowledge.calls.cli.parser import add_calls_commands, build_parser, main, register

__all__ = ["add_calls_commands", "build_parser", "main", "register"]
