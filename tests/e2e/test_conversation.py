"""End to end: both real servers, the real trained model, packaged embedder and FAISS index.

The servers run on free ports with a temporary SQLite tracker store (the session's shared stack,
tests/e2e/conftest.py; every test talks as a sender of its own). A conversation goes over the
REST channel: greeting, a partner search answered from the real index, goodbye; a funding fact
answered from the fact cards with its source, and an unknown programme answered honestly. Then the
stack is stopped and started again through `scripts/stack.py` (what `make run` uses): the
conversation is still there, and Ctrl-C stops both servers without leaving processes behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from actions.dialogue.texts import ENGLISH_REPLY_LINES
from i18n import text as i18n_text
from i18n.catalogue import load_all
from knowledge.config import DEFAULT_PROFILES
from knowledge.records import load_profiles
from scripts.stack import REPO_ROOT, Stack, free_port, http_get_json, post_message

pytestmark = pytest.mark.integration

PROFILES = {p.id: p for p in load_profiles(DEFAULT_PROFILES)}


def say(base_url: str, sender: str, text: str) -> list[dict]:
    """Sends one message over the REST channel and returns the bot's messages."""
    return post_message(base_url, sender, text)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def customs(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if "custom" in m]


def tracker_events(stack: Stack, sender: str) -> list[dict]:
    body = http_get_json(stack.api_url(f"/conversations/{sender}/tracker"), timeout=10)
    assert isinstance(body, dict), "tracker not available"
    return body["events"]


@pytest.fixture
def stack(session_stack) -> Stack:
    """The session's shared stack (tests/e2e/conftest.py)."""
    return session_stack


SENDER = f"e2e-{uuid.uuid4().hex[:8]}"


def test_greeting_search_goodbye(stack):
    greeting = say(stack.rasa_url, SENDER, "Hello there!")
    assert greeting, "no reply to a greeting"
    assert "partner" in texts(greeting).lower()  # says what it can do

    reply = say(stack.rasa_url, SENDER, "we need partners for hydrogen storage in Germany")
    payloads = customs(reply)
    assert len(payloads) == 1, reply
    payload = payloads[0]
    assert payload["type"] == "partner_results"
    assert payload["filters"] == {"country": "DE"}
    items = payload["items"]
    assert 1 <= len(items) <= 5
    # The exact filter never leaks, and every item is a real profile of the shipped corpus.
    for item in items:
        assert item["country"] == "DE"
        assert item["id"] in PROFILES
        assert PROFILES[item["id"]].country == "DE"
        assert item["why"]
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    top = PROFILES[items[0]["id"]]
    top_text = " ".join((top.description, *top.technologies)).lower()
    assert "hydrogen" in top_text, f"top result {top.name} is not about hydrogen"
    # The readable text names the same organisations.
    assert items[0]["name"] in texts(reply)

    goodbye = say(stack.rasa_url, SENDER, "thanks, bye")
    assert goodbye and not customs(goodbye)

    events = tracker_events(stack, SENDER)
    actions = [e.get("name") for e in events if e["event"] == "action"]
    assert "action_search_partners" in actions
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots.get("country") == "DE"


def post_raw(base_url: str, sender: str, text: str) -> tuple[int, object]:
    """POSTs one message to the REST channel; returns the HTTP status and the decoded body."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


# The robustness list of issue 5: empty, whitespace-only, 20,000-character, control-character,
# emoji-only, HTML/script, SQL-looking and template-looking messages, and Rasa's /intent{...}
# syntax typed by a user (/restart has its own test below).
ROBUSTNESS_INPUTS = {
    "empty": "",
    "whitespace": "   \t\n  ",
    "huge": "hydrogen " * 2_500,  # 22,500 characters
    "huge single word": "x" * 20_000,
    "control characters": "\x00\x07\x1b[31mpartners\x1b[0m\x7f",
    "emoji only": "🚀🌍🤝",
    "html script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql": "'; DROP TABLE events; -- partners in France",
    "template": "{{ 7*7 }} ${jndi:ldap://x} {% raw %}",
    "intent syntax": '/find_partners{"country": "XX", "region": "<b>"}',
    "unknown intent syntax": "/does_not_exist",
    "broken intent syntax": '/find_partners{"country": ',
    "action name as intent": "/action_handoff",
}


@pytest.mark.parametrize("name", list(ROBUSTNESS_INPUTS))
def test_bad_input_gets_a_reply_and_the_conversation_goes_on(stack, name):
    sender = f"robust-{name.replace(' ', '-')}-{uuid.uuid4().hex[:6]}"
    status, reply = post_raw(stack.rasa_url, sender, ROBUSTNESS_INPUTS[name])
    assert status == 200, reply  # never a 5xx (nor a 4xx)
    assert isinstance(reply, list)
    assert any((m.get("text") or "").strip() for m in reply), f"no text reply to {name} input"
    for message in reply:
        assert "Traceback" not in (message.get("text") or "")
        assert "Exception" not in (message.get("text") or "")
    # The conversation continues normally afterwards, with the tracker intact.
    greeting = say(stack.rasa_url, sender, "hello")
    assert "partner" in texts(greeting).lower()
    events = tracker_events(stack, sender)
    assert [e["text"] for e in events if e["event"] == "user"][-1] == "hello"


@pytest.mark.parametrize(
    "name", ["huge single word", "unknown intent syntax", "action name as intent"]
)
def test_commands_nobody_knows_and_wordless_text_get_the_out_of_scope_reply(stack, name):
    # bot.nlu.input_guard: no guessed intent (DIET read "/does_not_exist" as "deny").
    sender = f"guard-{name.replace(' ', '-')}-{uuid.uuid4().hex[:6]}"
    reply = texts(say(stack.rasa_url, sender, ROBUSTNESS_INPUTS[name]))
    assert "outside what I can help with" in reply, reply
    events = tracker_events(stack, sender)
    [user] = [e for e in events if e["event"] == "user"]
    assert user["parse_data"]["intent"]["name"] == "out_of_scope"


def test_typed_intent_syntax_is_handled_like_a_button(stack):
    sender = f"typed-intent-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, '/find_partners{"technology": "hydrogen", "country": "DE"}')
    [payload] = customs(reply)
    assert payload["type"] == "partner_results"
    assert payload["filters"] == {"country": "DE"}
    assert payload["items"] and all(PROFILES[i["id"]].country == "DE" for i in payload["items"])


def test_restart_command_resets_the_conversation(stack):
    sender = f"restart-{uuid.uuid4().hex[:6]}"
    say(stack.rasa_url, sender, "hydrogen partners in Germany")
    status, reply = post_raw(stack.rasa_url, sender, "/restart")
    assert status == 200
    assert "cleared our conversation" in texts(reply)  # utter_restart, from action_restart
    body = http_get_json(
        stack.api_url(f"/conversations/{sender}/tracker?include_events=ALL"), timeout=10
    )
    assert any(e["event"] == "restart" for e in body["events"])
    slots = tracker_slots(stack, sender)
    assert slots.get("country") is None
    assert "partner" in texts(say(stack.rasa_url, sender, "hi")).lower()


def test_restart_in_the_middle_of_a_form_leaves_the_form(stack):
    sender = f"restart-form-{uuid.uuid4().hex[:6]}"
    asked = say(stack.rasa_url, sender, "/request_human")
    assert "May I share the conversation" in texts(asked)
    assert "cleared our conversation" in texts(say(stack.rasa_url, sender, "/restart"))
    body = http_get_json(stack.api_url(f"/conversations/{sender}/tracker"), timeout=10)
    assert not (body.get("active_loop") or {}).get("name")
    # "yes" is no longer an answer to the consent question: no e-mail is asked for.
    assert "e-mail" not in texts(say(stack.rasa_url, sender, "yes")).lower()


# Other languages: understood as their real intents (training examples in each reply language),
# replied to in the user's language from the message catalogues, and handled (filters from place
# names in that language; a region also sets the country it lies in, knowledge.regions.country_of).
LANGUAGE_REQUESTS = [
    (
        "Ich suche einen Cluster für Wasserstoff in Bayern",
        "de",
        {"country": "DE", "region": "Bavaria"},
    ),
    (
        "Bonjour, je cherche des partenaires pour le recyclage des batteries en France",
        "fr",
        {"country": "FR"},
    ),
    ("Hola, busco un clúster de robótica en España", "es", {"country": "ES"}),
    ("Vorrei parlare con un consulente", "it", None),
    ("Dzień dobry, czy mogę porozmawiać z doradcą?", "pl", None),
]


CATALOGUES = load_all()


def _fragments(code: str) -> set[str]:
    """The fixed parts (15+ characters) of every catalogue text of one language."""
    found = set()
    for entry in CATALOGUES[code].entries.values():
        for form in entry.forms:
            found.update(p.strip() for p in re.split(r"\{[^}]*\}", form) if len(p.strip()) >= 15)
    return found


def in_language(text: str, code: str) -> bool:
    """True when ``text`` holds a sentence of the ``code`` catalogue and none of English's."""
    english = _fragments("en") - _fragments(code)
    return any(f in text for f in _fragments(code)) and not any(f in text for f in english)


@pytest.mark.parametrize(("text", "code", "filters"), LANGUAGE_REQUESTS, ids=lambda v: str(v)[:12])
def test_other_languages_are_answered_in_that_language_and_handled(stack, text, code, filters):
    sender = f"lang-{code}-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, text)
    assert reply and all(in_language(m["text"], code) for m in reply if m.get("text")), reply
    payloads = [p for p in customs(reply) if p.get("type") == "partner_results"]
    if filters is None:
        # A request for an adviser: the handoff form asks for consent (no search).
        assert payloads == []
    else:
        [payload] = payloads
        assert payload["filters"] == filters
        assert payload["items"]
        for item in payload["items"]:
            profile = PROFILES[item["id"]]
            if "country" in filters:
                assert profile.country == filters["country"]
            else:
                assert profile.country == "DE" and "Bavaria" in (profile.region or "")


def test_a_german_conversation_stays_german_until_the_user_asks_for_english(stack):
    sender = f"lang-switch-{uuid.uuid4().hex[:6]}"
    first = say(stack.rasa_url, sender, "Ich suche einen Cluster für Wasserstoff in Bayern")
    assert first and all(in_language(m["text"], "de") for m in first if m.get("text")), first
    assert [p for p in customs(first) if p.get("type") == "partner_results"], first
    # short messages keep the language: "ok" is no evidence of English
    for short in ("ok", "danke"):
        reply = say(stack.rasa_url, sender, short)
        assert all(in_language(m["text"], "de") for m in reply if m.get("text")), (short, reply)
    switched = say(stack.rasa_url, sender, "in English please")
    assert texts(switched) == i18n_text("language.switched", "en"), switched
    # it stays English, also after short and German-looking short messages
    for message in ("Berlin", "show me more", "ok"):
        reply = say(stack.rasa_url, sender, message)
        assert all(in_language(m["text"], "en") for m in reply if m.get("text")), (message, reply)
    reply = say(stack.rasa_url, sender, "auf Deutsch bitte")
    assert texts(reply) == i18n_text("language.switched", "de"), reply


def test_another_eu_language_gets_its_line_and_english(stack):
    sender = f"lang-cs-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, "Dobrý den, hledáme partnery pro strojírenství v Česku")
    text = texts(reply)
    assert ENGLISH_REPLY_LINES["cs"] in text, reply
    assert not any(in_language(m["text"], "de") for m in reply if m.get("text"))


def tracker_slots(stack: Stack, sender: str) -> dict:
    body = http_get_json(stack.api_url(f"/conversations/{sender}/tracker"), timeout=10)
    assert isinstance(body, dict)
    return body["slots"]


def test_funding_fact_is_answered_with_its_figure_and_source(stack):
    sender = f"fact-{uuid.uuid4().hex[:6]}"
    reply = say(
        stack.rasa_url, sender, "How much money did the COSME calls for cluster excellence provide?"
    )
    text = texts(reply)
    assert "8.25" in text, reply
    assert "Source: European Commission" in text and "22 February 2018" in text, reply
    [fact] = [c for c in customs(reply) if c.get("type") == "fact_answer"]
    assert fact["verdict"] == "answered" and "8.25" in fact["value"]
    assert fact["source"]["date"] == "2018-02-22"


def test_unknown_programme_gets_an_honest_not_known_and_no_calls(stack):
    sender = f"unknown-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, "Tell me about the EU Hydrogen Cluster Voucher Scheme 2027")
    text = texts(reply)
    assert "I don't know" in text, reply
    assert "€" not in text and "million" not in text, reply
    payloads = customs(reply)
    assert not [c for c in payloads if c.get("type") == "call_results"], reply
    assert [c["verdict"] for c in payloads if c.get("type") == "fact_answer"] == ["not_known"]


# --- Context across turns (issue 13): one conversation per item, the issue's own sentences.


def _results(messages: list[dict], kind: str) -> dict:
    found = [c for c in customs(messages) if c.get("type") == kind]
    assert found, f"no {kind} in {messages}"
    return found[0]


def test_a_topic_carries_across_features(stack):
    sender = f"ctx-topic-{uuid.uuid4().hex[:6]}"
    first = _results(
        say(stack.rasa_url, sender, "find partners for textile recycling"), "partner_results"
    )
    assert first["items"]
    calls = _results(
        say(stack.rasa_url, sender, "are there any open calls on that topic?"), "call_results"
    )
    assert "textile recycling" in calls["query"]
    partners = _results(
        say(stack.rasa_url, sender, "who could partner on this?"), "partner_results"
    )
    assert "textile recycling" in partners["query"] and partners["items"]
    say(stack.rasa_url, sender, "What is INNOSUP-1?")
    budget = _results(
        say(stack.rasa_url, sender, "and how much can a single project get?"), "fact_answer"
    )
    assert budget["instrument"] == "innosup-1" and budget["aspect"] == "budget"
    running = _results(say(stack.rasa_url, sender, "is it still running?"), "fact_answer")
    assert running["instrument"] == "innosup-1"


def test_a_follow_up_is_about_the_last_instrument(stack):
    sender = f"ctx-follow-{uuid.uuid4().hex[:6]}"
    say(stack.rasa_url, sender, "What is Euroclusters?")
    who = _results(say(stack.rasa_url, sender, "can a university take part?"), "fact_answer")
    assert who["instrument"] == "euroclusters" and who["aspect"] == "who", who
    how = say(stack.rasa_url, sender, "and how do we sign up?")
    card = _results(how, "fact_answer")
    assert card["instrument"] == "euroclusters" and card["aspect"] == "how_to_apply", card
    assert "Source:" in texts(how)


def test_a_comparison_gets_a_card_of_each_instrument(stack):
    sender = f"ctx-compare-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, "What is the difference between ESCP-4i and ESCP-4x?")
    facts = [c for c in customs(reply) if c.get("type") == "fact_answer"]
    assert [c["instrument"] for c in facts] == ["escp-4i", "escp-4x"], reply
    assert texts(reply).count("Source:") == 2, reply


def test_a_new_request_wins_over_the_form(stack):
    sender = f"ctx-form-{uuid.uuid4().hex[:6]}"
    asked = say(stack.rasa_url, sender, "I need partners")
    assert not customs(asked)  # the form asks for the topic
    reply = say(stack.rasa_url, sender, "actually, what open calls are there on batteries?")
    calls = _results(reply, "call_results")
    assert "batter" in calls["query"]
    assert not [c for c in customs(reply) if c.get("type") == "partner_results"]


def test_refinements_change_one_filter_and_filters_alone_search(stack):
    sender = f"ctx-refine-{uuid.uuid4().hex[:6]}"
    first = _results(say(stack.rasa_url, sender, "partners for food processing"), "partner_results")
    gold = _results(say(stack.rasa_url, sender, "with a gold label"), "partner_results")
    assert gold["query"] == first["query"] and gold["filters"] == {"label": "gold"}
    austria = _results(say(stack.rasa_url, sender, "and in Austria?"), "partner_results")
    assert austria["filters"] == {"label": "gold", "country": "AT"}
    other = f"ctx-filters-{uuid.uuid4().hex[:6]}"
    only = _results(
        say(stack.rasa_url, other, "clusters with a gold label in Germany"), "partner_results"
    )
    assert only["filters"] == {"label": "gold", "country": "DE"} and only["items"]
    assert all(item["country"] == "DE" for item in only["items"])


def test_typos_in_topic_and_country_still_search(stack):
    sender = f"ctx-typo-{uuid.uuid4().hex[:6]}"
    found = _results(
        say(stack.rasa_url, sender, "clsuter for medcal devises in hungary"), "partner_results"
    )
    assert found["filters"].get("country") == "HU" and found["items"]


# Stops the shared stack: runs after the other tests (tests/e2e/conftest.py); a test that needs
# the stack afterwards starts it again.
@pytest.mark.restarts_stack(leaves_it_stopped=True)
def test_restart_keeps_conversation_and_ctrl_c_stops_everything(stack, tmp_path):
    before = len(tracker_events(stack, SENDER))
    assert before > 0
    stack.stop()

    rasa_port, action_port = free_port(), free_port()
    # Rasa's HTTP API is off by default; this run opens it with the first run's token.
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "CLUSTER_RASA_API": "on",
        "CLUSTER_RASA_TOKEN": stack.api_token,
    }
    process = subprocess.Popen(
        [
            sys.executable, str(REPO_ROOT / "scripts" / "stack.py"),
            "--rasa-port", str(rasa_port), "--action-port", str(action_port),
            "--tracker-db", str(stack.tracker_db), "--run-dir", str(tmp_path / "second"),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    output: list[str] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "the assistant is up" in line:
                break
        assert any("the assistant is up" in line for line in output), "".join(output)

        base = f"http://127.0.0.1:{rasa_port}"
        # Both servers load at once (scripts/stack.py): the first message after "up" needs the
        # action server (session start, partner search) and is answered.
        first = customs(
            say(
                base,
                f"first-{uuid.uuid4().hex[:6]}",
                "we need partners for hydrogen storage in Germany",
            )
        )
        assert any(c.get("type") == "partner_results" and c.get("items") for c in first), first
        events = tracker_events(dataclasses.replace(stack, rasa_port=rasa_port), SENDER)
        assert len(events) >= before, "the conversation did not survive the restart"
        assert "action_search_partners" in [e.get("name") for e in events]
        # ... and it goes on.
        assert say(base, SENDER, "hi again")
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        output.append(rest)

    assert process.returncode == 0, "".join(output)
    assert "stopped." in "".join(output)
    for port in (rasa_port, action_port):
        assert http_get_json(f"http://127.0.0.1:{port}/", timeout=1) is None
        assert not _listeners(port), f"something still listens on port {port}"


def _listeners(port: int) -> bool:
    """True when a socket on this machine still listens on ``port`` (reads /proc/net/tcp*)."""
    wanted = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(wanted) and fields[3] == "0A":  # 0A = LISTEN
                return True
    return False
