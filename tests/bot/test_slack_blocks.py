"""Slack rendering of bot messages and result payloads (pure functions)."""

from __future__ import annotations

from bot.channels import slack_blocks

PARTNERS = {
    "type": "partner_results",
    "query": "hydrogen storage",
    "filters": {"country": "DE"},
    "page": 1,
    "total": 9,
    "items": [
        {
            "id": "c1",
            "name": "Hydrogen <!channel> & Co",
            "acronym": "H2",
            "country": "DE",
            "place": "Munich, Bavaria, Germany",
            "sectors": ["Energy", "Mobility"],
            "score": 0.71,
            "why": "works on hydrogen storage",
            "website": "https://h2.example",
        },
        {"id": "c2", "name": "No Site", "country": "FR", "why": "x", "website": None},
    ],
}


def test_partner_results_are_sections_with_buttons_and_escaped_text():
    message = slack_blocks.custom_message(PARTNERS)
    blocks = message["blocks"]
    assert message["text"] == '2 cluster organisations for "hydrogen storage" (of 9)'
    assert [b["type"] for b in blocks] == [
        "section",
        "section",
        "actions",
        "section",
        "actions",
        "actions",
    ]
    card = blocks[1]["text"]
    assert card["type"] == "mrkdwn"
    assert card["text"].startswith(
        "*1. <https://h2.example|Hydrogen &lt;!channel&gt; &amp; Co (H2)>*"
    )
    assert "Munich, Bavaria, Germany · Energy, Mobility" in card["text"]
    assert "_works on hydrogen storage_" in card["text"]
    details, similar, website = blocks[2]["elements"]
    assert details["value"] == '/select_result{"ordinal": "1"}'
    assert similar["value"] == '/find_similar{"ordinal": "1"}'
    assert website["url"] == "https://h2.example" and "value" not in website
    assert "<" not in blocks[3]["text"]["text"]  # no website: no link
    assert [e["type"] for e in blocks[4]["elements"]] == ["button", "button"]
    assert blocks[5]["elements"][0]["value"] == "/show_more"
    action_ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(action_ids) == len(set(action_ids))  # Slack requires unique action ids


def test_later_pages_number_cards_like_the_text_reply():
    page2 = {**PARTNERS, "page": 2, "page_size": 5, "total": 7}
    blocks = slack_blocks.partner_results(page2)["blocks"]
    assert blocks[1]["text"]["text"].startswith("*6. ")
    assert blocks[2]["elements"][0]["value"] == '/select_result{"ordinal": "6"}'
    assert blocks[-1]["type"] == "actions" and blocks[-1]["elements"][0]["text"]["text"] != (
        "Show more"
    )  # 5 + 2 = 7 of 7 shown


def test_call_results_show_status_deadline_and_as_of():
    message = slack_blocks.custom_message(
        {
            "type": "call_results",
            "query": "batteries",
            "as_of": "2026-08-10",
            "items": [
                {
                    "id": "HORIZON-CL5-2027-01",
                    "title": "Battery recycling",
                    "programme": "Horizon Europe",
                    "status": "open",
                    "deadline": "2027-03-31",
                    "url": "https://ec.europa.eu/x",
                }
            ],
        }
    )
    blocks = message["blocks"]
    text = blocks[1]["text"]["text"]
    assert "<https://ec.europa.eu/x|Battery recycling>" in text
    assert "HORIZON-CL5-2027-01 · Horizon Europe · status: open · deadline: 2027-03-31" in text
    assert blocks[2]["elements"][1]["url"] == "https://ec.europa.eu/x"
    assert blocks[-1]["elements"][0]["text"] == "Calls data as of 2026-08-10"


def test_buttons_message_keeps_every_button_and_payload():
    buttons = [{"title": f"Option {i}", "payload": f'/choose{{"n": "{i}"}}'} for i in range(30)]
    message = slack_blocks.buttons_message("Pick <one>", buttons)
    section, first, second = message["blocks"]
    assert section["text"]["text"] == "Pick &lt;one&gt;"
    assert len(first["elements"]) == 25 and len(second["elements"]) == 5
    assert second["elements"][-1]["value"] == '/choose{"n": "29"}'
    long = slack_blocks.buttons_message("x", [{"title": "t" * 200, "payload": "/greet"}])
    assert len(long["blocks"][1]["elements"][0]["text"]["text"]) == 75


def test_unsafe_links_are_not_linked_and_unknown_payloads_are_dropped():
    item = {"id": "x", "name": "Evil", "website": "javascript:alert(1)"}
    blocks = slack_blocks.partner_results({"type": "partner_results", "items": [item]})["blocks"]
    assert blocks[1]["text"]["text"] == "*1. Evil*"
    assert all("url" not in e for e in blocks[2]["elements"])
    assert slack_blocks.custom_message({"type": "unknown"}) is None
    native = {"blocks": [{"type": "divider"}], "text": "t", "channel": "C-other"}
    assert slack_blocks.custom_message(native) == {"text": "t", "blocks": [{"type": "divider"}]}
    assert slack_blocks.text_message("a < b & c") == {"text": "a &lt; b &amp; c"}
