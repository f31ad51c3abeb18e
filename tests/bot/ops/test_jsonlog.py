"""JSON logs: one object per line, also for handlers added later."""

from __future__ import annotations

import io
import json
import logging

from bot.ops.jsonlog import JsonFormatter, use_json_logs


def test_a_record_becomes_one_json_object():
    record = logging.LogRecord("bot.x", logging.WARNING, __file__, 1, "hi %s", ("there",), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "bot.x"
    assert entry["message"] == "hi there" and entry["time"].endswith("Z")


def test_handlers_added_afterwards_write_json_too(monkeypatch):
    monkeypatch.setattr(logging.Logger, "addHandler", logging.Logger.addHandler)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [logging.StreamHandler(io.StringIO())])
    use_json_logs()
    stream = io.StringIO()
    logger = logging.getLogger("later")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(stream))
    try:
        logger.error("boom")
    finally:
        logger.handlers.clear()
    assert json.loads(stream.getvalue())["message"] == "boom"
