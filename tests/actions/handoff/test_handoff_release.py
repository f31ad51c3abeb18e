"""Release: token checks, unknown conversations, the Rasa API call, the route and the CLI."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from actions.handoff import cli
from actions.handoff.routes import handle_release, install_routes
from actions.handoff.texts import RESUMED_TEXT
from tests.actions.handoff.support import install_handoff, make_service, unused_port

TOKEN = "s3cret-token"


@pytest.fixture
async def service(tmp_path, open_store, rasa):
    service = make_service(
        tmp_path, open_store(), token=TOKEN, rasa_url=rasa.url(""), rasa_token="rasa-tok"
    )
    install_handoff(service)
    yield service
    install_handoff(None)
    await service.close()


def open_ticket(service, conversation_id="conv/1 é"):
    return service.store.create(conversation_id, email=None, transcript=[], context={})


@pytest.mark.parametrize(
    ("header", "status"),
    [(None, 401), ("", 401), ("Basic czNjcmV0", 401), ("Bearer ", 401), ("Bearer wrong", 403),
     ("Bearer s3cret-token-x", 403), ("bearer S3CRET-TOKEN", 403)],
)  # fmt: skip
async def test_missing_or_wrong_token_is_refused(service, rasa, header, status):
    ticket = open_ticket(service)
    result = await handle_release(service, ticket.conversation_id, header)
    assert result.status == status
    assert rasa.requests == []
    assert service.store.get(ticket.id).is_open


async def test_unknown_conversation_is_404(service, rasa):
    result = await handle_release(service, "nobody", f"Bearer {TOKEN}")
    assert result.status == 404
    assert "nobody" in result.body["error"]
    assert rasa.requests == []


async def test_release_resumes_the_conversation_in_rasa(service, rasa):
    ticket = open_ticket(service)
    result = await handle_release(service, ticket.conversation_id, f"Bearer {TOKEN}")
    assert result.status == 200
    assert result.body == {"conversation_id": "conv/1 é", "released": [ticket.id]}
    stored = service.store.get(ticket.id)
    assert (stored.status, stored.released_by) == ("released", "http")

    [request] = rasa.requests
    assert request["path"] == "/conversations/conv/1 é/tracker/events"  # sent percent-encoded
    assert request["query"]["token"] == "rasa-tok"
    assert request["query"]["output_channel"] == "latest"
    events = request["json"]
    assert [e["event"] for e in events] == ["resume", "bot", "action"]
    assert events[1]["text"] == RESUMED_TEXT
    assert events[2]["name"] == "action_listen"

    again = await handle_release(service, ticket.conversation_id, f"Bearer {TOKEN}")
    assert again.status == 409
    assert len(rasa.requests) == 1


async def test_rasa_failure_keeps_the_ticket_open(service, rasa):
    rasa.script = [500, 500, 500]
    ticket = open_ticket(service)
    result = await handle_release(service, ticket.conversation_id, f"Bearer {TOKEN}")
    assert result.status == 502
    assert "stays open" in result.body["error"]
    assert len(rasa.requests) == 3
    assert service.store.get(ticket.id).is_open


async def test_rasa_unreachable_keeps_the_ticket_open(tmp_path):
    service = make_service(tmp_path, token=TOKEN, rasa_url=f"http://127.0.0.1:{unused_port()}")
    ticket = open_ticket(service)
    try:
        result = await handle_release(service, ticket.conversation_id, f"Bearer {TOKEN}")
    finally:
        await service.close()
    assert result.status == 502
    assert "connection failed" in result.body["error"]
    assert service.store.get(ticket.id).is_open


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch):
    """Several rasa-sdk apps (all named "rasa_sdk") in one process."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def rasa_sdk_app():
    return create_app(ActionExecutor(), cors_origins="*")


def release_route(app):
    routes = [r for r in app.router.routes if r.name.endswith("handoff_release")]
    return routes[0] if routes else None


async def test_route_is_installed_and_answers_with_json(service, rasa):
    app = rasa_sdk_app()
    assert install_routes(app) is True
    route = release_route(app)
    assert route is not None
    assert route.path == "handoff/<conversation_id:str>/release"
    assert route.methods == frozenset({"POST"})

    ticket = open_ticket(service, "conv-7")
    request = SimpleNamespace(headers={"authorization": None})
    refused = await route.handler(request, "conv-7")
    assert refused.status == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    request = SimpleNamespace(headers={"authorization": f"Bearer {TOKEN}"})
    answer = await route.handler(request, "conv-7")
    assert answer.status == 200
    assert json.loads(answer.body) == {"conversation_id": "conv-7", "released": [ticket.id]}


async def test_route_is_disabled_without_a_token(tmp_path, caplog):
    install_handoff(make_service(tmp_path))
    try:
        app = rasa_sdk_app()
        assert install_routes(app) is False
    finally:
        install_handoff(None)
    assert release_route(app) is None
    assert "handoff release route disabled: CLUSTER_HANDOFF_TOKEN is not set" in caplog.text


async def test_cli_lists_shows_and_releases(service, rasa, capsys):
    ticket = open_ticket(service, "conv-9")
    assert cli.main(["list"], service) == 0
    assert "conv-9" in capsys.readouterr().out
    service.store.add_message(ticket.id, "to_sme", "Anna", "Hello from Anna", "k1")
    assert cli.main(["show", str(ticket.id)], service) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["conversation_id"] == "conv-9" and shown["state"] == "open"
    assert [m["text"] for m in shown["human_part"]] == ["Hello from Anna"]
    assert cli.main(["show", "999"], service) == 1
    assert "no ticket #999" in capsys.readouterr().err
    assert await cli._release_cli(service, "conv-9") == 0
    assert "released conv-9" in capsys.readouterr().out
    assert service.store.get(ticket.id).released_by == "cli"
    assert len(rasa.requests) == 1
    assert await cli._release_cli(service, "conv-9") == 1
    assert "no open handoff ticket" in capsys.readouterr().err
