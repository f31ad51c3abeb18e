"""Command line of the knowledge layer: ``python -m knowledge ...`` (see :mod:`knowledge.cli.app`).

Modules: :mod:`~knowledge.cli.app` (root parser, ``main``, the list of command groups),
:mod:`~knowledge.cli.common` (exit codes, argument types, settings options),
:mod:`~knowledge.cli.index`, :mod:`~knowledge.cli.model`, :mod:`~knowledge.cli.search` (one
command group each); the ``calls`` group lives in :mod:`knowledge.calls.cli`.

This ``__init__`` imports nothing, so :mod:`knowledge.calls.cli` can use
:mod:`knowledge.cli.common` without an import cycle.
"""
