"""Entry point of the Rasa server: ``python -m bot.ops.rasa_run run [rasa run options]``.

It is ``rasa`` with the project's run-time changes applied first (``bot.ops.rasa_patches``): the
speed-ups (off with ``CLUSTER_RASA_SPEEDUPS=off``, the benchmark's baseline), Rasa's telemetry off
unless ``RASA_TELEMETRY_ENABLED`` opts in (``bot.settings.no_rasa_telemetry``), the guards
(``bot.ops.security``), the Prometheus endpoint (``bot.ops.metrics``) and optional JSON logs.
Rasa's HTTP API token comes from the environment (``CLUSTER_RASA_TOKEN``), never the command
line, so it does not show in the process list; ``--enable-api`` without a token is refused.
"""

from __future__ import annotations

import sys
from typing import Any

from bot.ops.lockdown import read_lockdown
from bot.settings import calm_openmp, no_rasa_telemetry


class LockdownError(SystemExit):
    """The run would open a door without a lock."""


def main(argv: list[str] | None = None) -> None:
    """Applies the patches, then runs Rasa's own command line with ``argv``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    calm_openmp()  # before any engine loads: OpenMP reads it once
    no_rasa_telemetry()  # before Rasa's command line reads it
    settings = read_lockdown()
    if "--enable-api" in argv and not settings.api_token:
        raise LockdownError("rasa_run: --enable-api needs CLUSTER_RASA_TOKEN (the API's token)")

    from bot.ops import metrics, rasa_patches, security
    from bot.ops.jsonlog import use_json_logs

    def on_app(app: Any) -> None:
        security.install(app, settings)
        metrics.install(app)

    rasa_patches.apply(speedups=settings.speedups, on_app=on_app, api_token=settings.api_token)
    if settings.log_json:
        use_json_logs()
    sys.argv = ["rasa", *argv]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
