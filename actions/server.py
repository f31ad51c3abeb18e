"""Entry point of the action server: ``python -m actions.server [--port 5055]``.

It loads the knowledge services once, on purpose, before serving, then serves rasa-sdk's
``/webhook``, ``/health`` and ``/actions`` routes in a single process (the index and model are
held in memory once; scale out with more action-server processes, not workers). A partner index
saved while it runs (``python -m knowledge index add/remove/build``) is served from the next
request on; one that cannot be loaded is refused with a log line (``actions.services``, the composition root that builds every service once).

rasa-sdk 3.21 talks to the Rasa 3.6 server over the same HTTP protocol; it warns on every call
that the versions differ. That warning is expected here and is silenced, with one log line at start.
"""

from __future__ import annotations

import argparse
import logging
import warnings

from knowledge.config import action_guard_env, action_server_env, force_offline_model_hub

logger = logging.getLogger("actions.server")


def main(argv: list[str] | None = None) -> int:
    """Loads the knowledge services and serves the actions until stopped."""
    port, host, log_level = action_server_env()
    parser = argparse.ArgumentParser(description="Cluster assistant action server")
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--host", default=host)
    parser.add_argument("--log-level", default=log_level)
    args = parser.parse_args(argv)

    force_offline_model_hub()
    secret, json_logs = action_guard_env()
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )
    if json_logs:
        from bot.ops.jsonlog import use_json_logs

        use_json_logs()
    warnings.filterwarnings("ignore", message=r".*compatib.*", module=r"rasa_sdk\.utils")

    from rasa_sdk import __version__ as sdk_version
    from rasa_sdk.endpoint import create_app
    from rasa_sdk.executor import ActionExecutor

    from actions import ops
    from actions.handoff.routes import install_routes as install_handoff_routes
    from actions.privacy.routes import install_routes as install_privacy_routes
    from actions.services import load_services

    logger.info(
        "rasa-sdk %s serving a Rasa 3.6 server over HTTP (the minor-version warning is silenced)",
        sdk_version,
    )
    load_services()

    executor = ActionExecutor()
    executor.register_package("actions")
    logger.info("actions registered: %s", ", ".join(sorted(executor.actions)))
    app = create_app(executor, cors_origins="")  # no browser calls it: no CORS
    ops.install(app, secret)  # answers the Rasa server only; /metrics
    install_handoff_routes(app)  # POST /handoff/<conversation_id>/release (needs a token)
    install_privacy_routes(app)  # staff erase/export (bearer token) and the retention job
    app.run(
        host=args.host,
        port=args.port,
        single_process=True,
        access_log=False,
        motd=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
