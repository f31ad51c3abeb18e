"""The ``fact_answer`` payload in every channel: Slack blocks, Teams card, the widget's display."""

from __future__ import annotations

import asyncio

from bot.channels import slack_blocks, teams_cards
from bot.channels.payloads import fact_display
from bot.channels.web import WebChatOutput, bot_messages
from contracts.payloads import CARD_TYPES, FACT_ANSWER, fact_source_text
from tests.bot.test_web_channel import SESSION, FakeSio

SOURCE_LINE = (
    "Source: European Commission, 'EU Cluster Policies and challenges ahead', "
    "First European Cluster Policy Forum, Brussels, 22 February 2018"
)

ANSWERED = {
    "type": "fact_answer",
    "verdict": "answered",
    "question": "How much money did the COSME calls for cluster excellence provide?",
    "card_id": "excellence-budget",
    "statement": "The COSME calls of the Cluster Excellence Programme provided €8.25 million.",
    "value": "€8.25 million",
    "instrument": "cluster-excellence-programme",
    "instrument_name": "Cluster Excellence <Programme> & Co",
    "aspect": "budget",
    "as_of": "2018-02-22",
    "source": {
        "title": "EU Cluster Policies and challenges ahead",
        "event": "First European Cluster Policy Forum, Brussels",
        "date": "2018-02-22",
        "url": "",
    },
    "confidence": 1.0,
    "alternatives": [],
    "closest_instruments": ["Cluster Excellence Programme", "COSME"],
    "unknown_name": None,
    "source_checked": None,
    "refers_to": None,
}

NOT_KNOWN = {
    **ANSWERED,
    "verdict": "not_known",
    "card_id": None,
    "statement": None,
    "value": None,
    "instrument": None,
    "instrument_name": None,
    "aspect": None,
    "as_of": None,
    "source": None,
    "unknown_name": "EU Hydrogen Cluster Voucher Scheme 2027",
    "closest_instruments": ["Joint Cluster Initiatives", "ESCP-4x", "Euroclusters"],
}


def test_fact_answers_are_cards_and_their_source_is_worded_once():
    assert FACT_ANSWER in CARD_TYPES
    assert fact_source_text(ANSWERED["source"]) == SOURCE_LINE
    page = {"title": "EREK site", "event": "", "date": None, "url": "https://erek.eu"}
    assert fact_source_text(page, "2026-11-21") == (
        "Source: EREK site (from https://erek.eu, read on 21 November 2026)"
    )
    assert fact_source_text(page, "2026-11-21", "2014-2020").endswith("; about 2014-2020")
    memo = {"title": "Commission memo", "event": "", "date": "2014-07-02", "url": "https://e.eu"}
    assert fact_source_text(memo) == "Source: Commission memo, 2 July 2014 (https://e.eu)"


def test_an_undated_page_is_read_on_in_every_channel():
    undated = {
        **ANSWERED,
        "as_of": None,
        "source": {"title": "EREK site", "event": "", "date": None, "url": "https://erek.eu"},
        "source_checked": "2026-11-21",
        "refers_to": "2014-2020",
    }
    line = "Source: EREK site (from https://erek.eu, read on 21 November 2026); about 2014-2020"
    assert fact_display(undated)["source"] == line
    assert "as of" not in str(slack_blocks.custom_message(undated))
    assert "read on 21 November 2026" in str(teams_cards.custom_message(undated))


def test_slack_fact_card_has_statement_source_and_escapes():
    fields = slack_blocks.custom_message(ANSWERED)
    section = fields["blocks"][0]["text"]["text"]
    assert "€8.25 million" in section and "&lt;Programme&gt; &amp; Co" in section
    assert fields["blocks"][1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": SOURCE_LINE}],
    }
    assert "€8.25 million" in fields["text"]
    assert all(block["type"] != "actions" for block in fields["blocks"])


def test_slack_not_known_says_so_and_offers_the_closest_instruments():
    fields = slack_blocks.custom_message(NOT_KNOWN)
    text = fields["blocks"][0]["text"]["text"]
    # The same sentence as the text reply (funding.unknown_name).
    assert "I don't know 'EU Hydrogen Cluster Voucher Scheme 2027'" in text
    assert "€" not in text
    [actions] = [b for b in fields["blocks"] if b["type"] == "actions"]
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("Joint Cluster Initiatives", "What is Joint Cluster Initiatives?"),
        ("ESCP-4x", "What is ESCP-4x?"),
        ("Euroclusters", "What is Euroclusters?"),
    ]


def test_teams_fact_card_has_statement_source_and_buttons():
    fields = teams_cards.custom_message(ANSWERED)
    content = fields["attachments"][0]["content"]
    texts = [block["text"] for block in content["body"]]
    assert texts[0] == "Cluster Excellence <Programme> & Co"
    assert ANSWERED["statement"] in texts and texts[-1] == SOURCE_LINE
    assert "actions" not in content
    content = teams_cards.custom_message(NOT_KNOWN)["attachments"][0]["content"]
    assert content["body"][0]["text"] == 'Not known: "EU Hydrogen Cluster Voucher Scheme 2027"'
    assert [a["data"]["payload"] for a in content["actions"]] == [
        "What is Joint Cluster Initiatives?",
        "What is ESCP-4x?",
        "What is Euroclusters?",
    ]


def test_widget_gets_the_card_with_its_display_and_not_the_text_twin():
    [message] = bot_messages("The COSME calls ... provided €8.25 million.", {"custom": ANSWERED})
    custom = message["custom"]
    assert custom["card_id"] == "excellence-budget"
    assert custom["display"] == {
        "title": "Cluster Excellence <Programme> & Co",
        "lines": [ANSWERED["statement"]],
        "source": SOURCE_LINE,
        "buttons": [],
    }
    display = fact_display(NOT_KNOWN)
    assert display["source"] is None and display["title"].startswith("Not known")
    assert display["buttons"][0] == {
        "title": "Joint Cluster Initiatives",
        "payload": "What is Joint Cluster Initiatives?",
    }


def test_fact_card_labels_are_in_the_payloads_language():
    """The statement is the card's own (English) data; the labels follow the conversation."""
    german = fact_display({**NOT_KNOWN, "language": "de"})
    assert german["title"] == "Nicht bekannt: „EU Hydrogen Cluster Voucher Scheme 2027“"
    assert "kenne ich nicht" in german["lines"][0]
    untitled = {**ANSWERED, "instrument_name": None, "value": "42 M", "language": "fr"}
    assert fact_display(untitled)["title"] == "Réponse"
    assert fact_display(untitled)["lines"] == [ANSWERED["statement"], "Valeur : 42 M"]
    # A payload without a language (an older action server) is labelled in English.
    assert fact_display({**NOT_KNOWN, "unknown_name": None})["title"] == "Not known"


def test_live_widget_output_sends_the_display():
    sio = FakeSio()
    output = WebChatOutput(sio, "bot_uttered")
    asyncio.run(output.send_response(SESSION, {"text": "I don't know.", "custom": NOT_KNOWN}))
    [(event, body, room)] = sio.emitted
    assert event == "bot_uttered" and room == SESSION
    assert body["custom"]["display"] == fact_display(NOT_KNOWN)


def test_partial_fact_payload_still_renders():
    partial = {"type": "fact_answer", "verdict": "answered", "statement": "Something."}
    assert slack_blocks.custom_message(partial)["blocks"]
    assert teams_cards.custom_message(partial)["attachments"]
    assert fact_display(partial)["source"] is None
