"""The staff privacy API (token check, routes on the rasa-sdk app), the token file, the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from types import SimpleNamespace

import pytest
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from actions import services as composition
from actions.privacy import cli
from actions.privacy.routes import authorise, handle, install_routes, retention_loop
from actions.privacy.settings import PrivacySettings, ensure_token
from contracts.privacy import RetentionPolicy
from tests.actions.privacy.support import FakeRasa, add_data, make_privacy

TOKEN = "staff-token-123"


@pytest.fixture
async def rasa():
    fake = await FakeRasa().start()
    yield fake
    await fake.close()


@pytest.mark.parametrize(
    ("header", "status"),
    [(None, 401), ("", 401), ("Basic abc", 401), ("Bearer ", 401), ("Bearer wrong", 403)],
)
def test_missing_or_wrong_token_is_refused(header, status):
    assert authorise(TOKEN, header).status == status
    assert authorise(TOKEN, f"Bearer {TOKEN}") is None
    assert authorise(TOKEN, f"bearer {TOKEN}") is None


async def test_handle_refuses_before_touching_anything(tmp_path, rasa):
    service = make_privacy(tmp_path, rasa.url)
    add_data(service, "anna")
    answer = await handle(service, TOKEN, "erase", "anna", "Bearer nope")
    assert answer.status == 403
    assert len(service.tickets.for_conversation("anna")) == 2 and rasa.appended == []
    answer = await handle(service, TOKEN, "erase", "anna", f"Bearer {TOKEN}")
    assert answer.status == 200 and answer.body["tracker"] == "erased"
    answer = await handle(service, TOKEN, "export", "nobody", f"Bearer {TOKEN}")
    assert answer.status == 404  # nothing kept: no empty shell handed out
    service.feedback.add("fiona", "useful")  # only feedback kept: that is exported
    answer = await handle(service, TOKEN, "export", "fiona", f"Bearer {TOKEN}")
    assert answer.status == 200 and answer.body["feedback"][0]["value"] == "useful"
    service.rasa_url = "http://127.0.0.1:9"  # Rasa down
    answer = await handle(service, TOKEN, "export", "fiona", f"Bearer {TOKEN}")
    assert answer.status == 502
    await service.close()


def test_token_file_is_created_private_and_kept(tmp_path):
    settings = PrivacySettings(RetentionPolicy(), None, tmp_path / "var" / "privacy.token")
    token = ensure_token(settings)
    assert len(token) >= 40
    mode = stat.S_IMODE(os.stat(settings.token_file).st_mode)
    assert mode == 0o600
    assert ensure_token(settings) == token  # the same token on the next start
    configured = PrivacySettings(RetentionPolicy(), "from-env", settings.token_file)
    assert ensure_token(configured) == "from-env"


@pytest.fixture
def installed(tmp_path, rasa, monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)
    monkeypatch.setenv("CLUSTER_PRIVACY_TOKEN", TOKEN)
    service = make_privacy(tmp_path, rasa.url)
    composition.install(
        composition.Services(None, None, None, privacy=service)  # type: ignore[arg-type]
    )
    yield service
    composition.install(None)


def route(app, name):
    [found] = [r for r in app.router.routes if r.name.endswith(name)]
    return found


async def test_routes_are_installed_and_answer_json(installed, rasa):
    app = create_app(ActionExecutor(), cors_origins="*")
    install_routes(app)
    erase, export = route(app, "privacy_erase"), route(app, "privacy_export")
    assert erase.path == "privacy/<conversation_id:str>/erase" and erase.methods == {"POST"}
    assert export.methods == {"GET"}
    add_data(installed, "anna")
    rasa.trackers["anna"] = {"events": [{"event": "user", "text": "hi"}], "slots": {}}
    refused = await erase.handler(SimpleNamespace(headers={}), "anna")
    assert refused.status == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    ok = SimpleNamespace(headers={"authorization": f"Bearer {TOKEN}"})
    exported = await export.handler(ok, "anna")
    assert exported.status == 200
    assert len(json.loads(exported.body)["tickets"]) == 2
    erased = await erase.handler(ok, "anna")
    assert json.loads(erased.body)["feedback_deleted"] == 2
    await installed.close()


async def test_retention_loop_sweeps_and_survives_errors(tmp_path):
    calls = []

    class Flaky:
        def sweep(self):
            calls.append(1)
            if len(calls) == 1:
                raise OSError("disk hiccup")
            return {"tickets": 1, "feedback": 0}

    task = asyncio.create_task(retention_loop(Flaky(), interval=0.01))
    # until three sweeps ran, at most 10 s: a loaded machine may give the loop few turns
    deadline = asyncio.get_running_loop().time() + 10
    while len(calls) < 3 and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(calls) >= 3  # the failed first sweep did not end the job


def test_cli_retention_and_failed_erase(tmp_path, capsys):
    service = make_privacy(tmp_path, "http://127.0.0.1:9", feedback=1)
    add_data(service, "anna")
    assert cli.main(["retention"], service) == 0
    assert "deleted" in capsys.readouterr().out
    assert cli.main(["erase", "anna"], service) == 1  # nothing listens on port 9
    captured = capsys.readouterr()
    assert json.loads(captured.out)["tickets_deleted"] == 2
    assert "run erase again" in captured.err


def test_cli_export_writes_a_file(tmp_path, capsys):
    async def scenario():
        fake = await FakeRasa().start()
        fake.trackers["anna"] = {"events": [{"event": "user", "text": "hi"}], "slots": {}}
        service = make_privacy(tmp_path, fake.url)
        add_data(service, "anna")
        code = await cli._export(service, "anna", tmp_path / "anna.json")
        await fake.close()
        return code

    assert asyncio.run(scenario()) == 0
    document = json.loads((tmp_path / "anna.json").read_text())
    assert document["events"] == [{"event": "user", "text": "hi"}]
    assert "1 events, 2 tickets" in capsys.readouterr().out
