"""One JSON object per log line (``CLUSTER_LOG_JSON=1``), for both servers. Standard library only."""

from __future__ import annotations

import json
import logging
import time


class JsonFormatter(logging.Formatter):
    """Formats a record as ``{"time", "level", "logger", "message"[, "exception"]}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def use_json_logs() -> None:
    """Makes every handler of the root logger (present and future ``basicConfig``) write JSON."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.setFormatter(JsonFormatter())
    original = logging.Logger.addHandler

    def add_handler(self: logging.Logger, handler: logging.Handler) -> None:
        handler.setFormatter(JsonFormatter())
        original(self, handler)

    logging.Logger.addHandler = add_handler  # type: ignore[method-assign]
