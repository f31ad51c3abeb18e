"""End to end: "delete my data" and retention with both real servers (SQLite stores).

Before the start, the databases hold data older than the retention periods (a conversation, a
released ticket, a feedback row) and one old ticket that is still open. Then:

* both retention jobs (the Rasa server's tracker store, the action server's sweep) delete exactly
  the old data at start;
* two senders chat (a search, feedback; one also hands off to an adviser who releases it);
* the staff API exports one sender's data (token checked), then that sender asks to delete its
  data, is asked to confirm, confirms, gets the confirmation, and its tracker (in the tracker
  database), tickets and feedback are gone while the other sender's are intact;
* the staff API erases the second sender.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from actions.dialogue.feedback_store import SQLiteFeedbackStore
from actions.handoff.store import SQLiteTicketStore
from scripts.stack import Stack, free_port, post_message

pytestmark = pytest.mark.integration

PRIVACY_TOKEN = f"priv-{uuid.uuid4().hex}"
HANDOFF_TOKEN = f"hand-{uuid.uuid4().hex}"
ANNA = f"e2e-anna-{uuid.uuid4().hex[:8]}"
BERT = f"e2e-bert-{uuid.uuid4().hex[:8]}"
USEFUL = '/feedback{"feedback_value": "useful"}'
DAY = 86400

# Rasa's SQLTrackerStore table, created before the server so that an old conversation can be in it.
EVENTS_TABLE = """
CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT
)
"""


def seed_old_data(run_dir: Path) -> None:
    """A conversation 40 days idle, a ticket released 200 days ago, feedback 200 days old, and an
    open ticket 200 days old (kept: an adviser still owes an answer)."""
    with sqlite3.connect(run_dir / "tracker.db") as db:
        db.execute(EVENTS_TABLE)
        old = time.time() - 40 * DAY
        for kind, data in (("action", {"event": "action", "name": "action_listen"}),
                           ("user", {"event": "user", "text": "an old question"})):  # fmt: skip
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                ("ancient", kind, old, json.dumps({**data, "timestamp": old})),
            )
    tickets = SQLiteTicketStore(run_dir / "handoff.db")
    tickets.create("ancient", email="old@example.org", transcript=[], context={})
    tickets.release("ancient", "cli")
    tickets.create("waiting", email=None, transcript=[], context={})
    feedback = SQLiteFeedbackStore(run_dir / "feedback.db")
    feedback.add("ancient", "useful")
    past = "2020-01-01T00:00:00+00:00"
    with sqlite3.connect(run_dir / "handoff.db") as db:
        db.execute("UPDATE tickets SET created_at = ?", (past,))
        db.execute("UPDATE tickets SET released_at = ? WHERE status = 'released'", (past,))
    with sqlite3.connect(run_dir / "feedback.db") as db:
        db.execute("UPDATE feedback SET created_at = ?", (past,))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("privacy-stack")


@pytest.fixture(scope="module")
def stack(run_dir):
    seed_old_data(run_dir)
    rasa_port = free_port()
    stack = Stack.isolated(
        run_dir,
        rasa_port=rasa_port,
        extra_env={
            "CLUSTER_PRIVACY_TOKEN": PRIVACY_TOKEN,
            "CLUSTER_HANDOFF_TOKEN": HANDOFF_TOKEN,
            "CLUSTER_HANDOFF_DB": str(run_dir / "handoff.db"),
            "CLUSTER_FEEDBACK_DB": str(run_dir / "feedback.db"),
            "CLUSTER_RETENTION_CONVERSATION_DAYS": "30",
            "CLUSTER_RETENTION_TICKET_DAYS": "180",
            "CLUSTER_RETENTION_FEEDBACK_DAYS": "180",
        },
    )
    stack.start()
    yield stack
    stack.stop()


def call(url: str, method: str, token: str | None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def tracker_events(run_dir: Path, sender: str) -> int:
    with sqlite3.connect(run_dir / "tracker.db") as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[
            0
        ]


def stored(run_dir: Path, sender: str) -> tuple[int, int, int]:
    """Tracker events, tickets and feedback rows of one sender."""
    tickets = SQLiteTicketStore(run_dir / "handoff.db").for_conversation(sender)
    feedback = SQLiteFeedbackStore(run_dir / "feedback.db").for_conversation(sender)
    return tracker_events(run_dir, sender), len(tickets), len(feedback)


def wait_for(check, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_retention_jobs_delete_only_what_is_past_the_period(stack, run_dir):
    assert wait_for(lambda: tracker_events(run_dir, "ancient") == 0)
    assert wait_for(lambda: stored(run_dir, "ancient")[1:] == (0, 0))
    [waiting] = SQLiteTicketStore(run_dir / "handoff.db").for_conversation("waiting")
    assert waiting.is_open


def test_delete_my_data_in_the_chat_and_by_staff(stack, run_dir):
    anna = lambda text: post_message(stack.rasa_url, ANNA, text)  # noqa: E731
    bert = lambda text: post_message(stack.rasa_url, BERT, text)  # noqa: E731
    for say in (anna, bert):
        assert say("hydrogen storage partners in Germany")
        assert "thanks" in texts(say(USEFUL)).lower()
    # Anna also hands off to an adviser, who releases the conversation.
    anna("can I talk to a real person please?")
    anna("/affirm")
    assert "ticket #" in texts(anna("anna@cluster-bavaria.de"))
    status, _ = call(f"{stack.action_url}/handoff/{ANNA}/release", "POST", HANDOFF_TOKEN)
    assert status == 200
    before_anna, before_bert = stored(run_dir, ANNA), stored(run_dir, BERT)
    assert before_anna[0] > 10 and before_anna[1:] == (1, 1)
    assert before_bert[0] > 5 and before_bert[1:] == (0, 1)

    # Subject access: the staff export, token checked.
    export = f"{stack.action_url}/privacy/{ANNA}/export"
    assert call(export, "GET", None)[0] == 401
    assert call(export, "GET", "wrong")[0] == 403
    status, document = call(export, "GET", PRIVACY_TOKEN)
    assert status == 200
    said = [e.get("text") for e in document["events"] if e.get("event") == "user"]
    assert "hydrogen storage partners in Germany" in said
    assert document["tickets"][0]["email"] == "anna@cluster-bavaria.de"
    assert document["feedback"][0]["value"] == "useful"

    # Anna asks, says no, asks again in German, confirms.
    assert (
        "delete" in texts(anna("I want all of my information removed from this assistant")).lower()
    )
    assert "nothing was deleted" in texts(anna("/deny")).lower()
    assert stored(run_dir, ANNA)[1:] == (1, 1)
    asked = anna("Ich will, dass Sie alles über mich vergessen und entfernen")
    assert [b["payload"] for b in asked[-1].get("buttons", [])] == ["/affirm", "/deny"]
    done = texts(anna("/affirm"))
    assert "wurden gelöscht" in done  # the conversation went German: the reply is German
    assert stored(run_dir, ANNA) == (0, 0, 0)
    assert stored(run_dir, BERT) == before_bert  # the other sender is untouched

    # Anna's next message starts a new, empty conversation.
    assert anna("hello")
    assert 0 < tracker_events(run_dir, ANNA) < 10

    # Staff erase Bert's data through the API.
    erase = f"{stack.action_url}/privacy/{BERT}/erase"
    assert call(erase, "POST", "wrong")[0] == 403
    status, body = call(erase, "POST", PRIVACY_TOKEN)
    assert status == 200
    assert body == {"conversation_id": BERT, "tickets_deleted": 0, "feedback_deleted": 1,
                    "tracker": "erased", "advisers_told": []}  # fmt: skip
    assert stored(run_dir, BERT) == (0, 0, 0)
