"""Slack rendering of bot messages and result payloads (pure functions)."""

from __future__ import annotations

from bot.channels import slack_blocks

PARTNERS = {
    "type": "partner_results",
    "query": "hydrogen storage partners in",
    "filters": {"country": "DE"},
    "page": 1,
    "page_size": 5,
    "offset": 0,
    "total": 9,
    "language": "en",
    "request": {
        "topic": "hydrogen storage",
        "chips": [
            {
                "filter": "country",
                "value": "DE",
                "label": "Germany",
                "remove": '/inform{"drop_filter": "country"}',
            }
        ],
        "text": "hydrogen storage · Germany",
    },
    "more": {"kind": "show_more", "payload": "/show_more"},
    "items": [
        {
            "id": "c1",
            "name": "Hydrogen <!channel> & Co",
            "acronym": "H2",
            "country": "DE",
            "place": "Munich, Bavaria, Germany",
            "sectors": ["Energy", "Mobility"],
            "technologies": ["hydrogen storage", "fuel cells"],
            "score": 0.71,
            "strength": "strong",
            "why": "works on hydrogen storage and fuel cells; Energy sector; Munich",
            "website": "https://h2.example",
            "source_url": "https://source.example/h2",
            "link": "https://h2.example",
            "actions": [
                {"kind": "details", "payload": '/select_result{"ordinal": "1"}'},
                {"kind": "more_like_this", "payload": '/find_similar{"ordinal": "1"}'},
            ],
        },
        {
            "id": "c2",
            "name": "No Site",
            "country": "FR",
            "why": "x",
            "website": None,
            "source_url": "https://source.example/c2",
            "link": "https://source.example/c2",
            "strength": "partial",
        },
    ],
}


def test_partner_results_show_request_chips_strength_reason_and_buttons():
    message = slack_blocks.custom_message(PARTNERS)
    blocks = message["blocks"]
    assert message["text"] == "9 cluster organisations: hydrogen storage · Germany"
    assert [b["type"] for b in blocks] == [
        "section",  # request
        "actions",  # filter chips
        "section",
        "actions",
        "section",
        "actions",
        "actions",  # show more
    ]
    assert (
        blocks[0]["text"]["text"]
        == "*hydrogen storage · Germany*\n9 cluster organisations · 1–2 of 9"
    )
    chip = blocks[1]["elements"][0]
    assert chip["text"]["text"] == "✕ Country: Germany"
    assert chip["value"] == '/inform{"drop_filter": "country"}'
    card = blocks[2]["text"]["text"]
    assert card.startswith("*1. <https://h2.example|Hydrogen &lt;!channel&gt; &amp; Co (H2)>*")
    assert "Munich, Bavaria, Germany · Energy, Mobility" in card
    assert (
        "*Strong match* · _works on hydrogen storage and fuel cells; Energy sector; Munich_" in card
    )
    assert "Matched: hydrogen storage, fuel cells" in card
    assert "0.71" not in card  # the raw score stays in the payload only
    details, similar, website = blocks[3]["elements"]
    assert details["value"] == '/select_result{"ordinal": "1"}'
    assert details["text"]["text"] == "Details"
    assert similar["value"] == '/find_similar{"ordinal": "1"}'
    assert similar["text"]["text"] == "More like this"
    assert website["url"] == "https://h2.example" and website["text"]["text"] == "Website"
    # no website: the profile's source page, labelled as such
    assert "<https://source.example/c2|No Site>" in blocks[4]["text"]["text"]
    assert blocks[5]["elements"][-1]["text"]["text"] == "Profile source"
    assert blocks[6]["elements"][0]["value"] == "/show_more"
    action_ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(action_ids) == len(set(action_ids))  # Slack requires unique action ids


def test_partner_results_are_labelled_in_the_payloads_language():
    german = {**PARTNERS, "language": "de"}
    german["request"] = {**PARTNERS["request"], "text": "hydrogen storage · Deutschland"}
    german["request"]["chips"] = [{**PARTNERS["request"]["chips"][0], "label": "Deutschland"}]
    blocks = slack_blocks.partner_results(german)["blocks"]
    assert blocks[0]["text"]["text"].startswith(
        "*hydrogen storage · Deutschland*\n9 Clusterorganisationen"
    )
    assert blocks[1]["elements"][0]["text"]["text"] == "✕ Land: Deutschland"
    assert "*Starke Übereinstimmung*" in blocks[2]["text"]["text"]
    assert [e["text"]["text"] for e in blocks[3]["elements"]] == [
        "Details",
        "Mehr davon",
        "Website",
    ]
    assert blocks[-1]["elements"][0]["text"]["text"] == "Mehr anzeigen"


def test_later_pages_number_cards_like_the_text_reply_and_old_payloads_render():
    old = {k: v for k, v in PARTNERS.items() if k not in ("request", "more", "offset", "language")}
    page2 = {**old, "page": 2, "page_size": 5, "total": 7}
    blocks = slack_blocks.partner_results(page2)["blocks"]
    assert blocks[0]["text"]["text"].endswith("6–7 of 7")
    assert blocks[1]["elements"][0]["value"] == '/inform{"drop_filter": "country"}'
    assert blocks[2]["text"]["text"].startswith("*6. ")
    assert blocks[3]["elements"][0]["value"] == '/select_result{"ordinal": "1"}'  # the item's own
    assert blocks[5]["elements"][0]["value"] == '/select_result{"ordinal": "7"}'  # made up
    assert blocks[-1]["elements"][0]["text"]["text"] != "Show more"  # 5 + 2 = 7 of 7 shown


def test_call_results_show_status_days_left_deadline_budget_type_and_as_of():
    message = slack_blocks.custom_message(
        {
            "type": "call_results",
            "query": "batteries",
            "as_of": "2026-08-10",
            "total": 1,
            "items": [
                {
                    "id": "HORIZON-CL5-2027-01",
                    "title": "Battery recycling",
                    "programme": "Horizon Europe",
                    "status": "open",
                    "deadline": "2027-03-31",
                    "days_left": 12,
                    "budget_min": 2000000,
                    "budget_max": 4000000,
                    "action_type": "RIA",
                    "url": "https://ec.europa.eu/x",
                }
            ],
        }
    )
    blocks = message["blocks"]
    assert message["text"] == "1 funding call: batteries"
    text = blocks[1]["text"]["text"]
    assert "<https://ec.europa.eu/x|Battery recycling>" in text
    for line in (
        "HORIZON-CL5-2027-01",
        "Programme: Horizon Europe",
        "Open · 12 days left",
        "Deadline: March 31, 2027",
        "Budget per grant: €2,000,000 to €4,000,000",
        "Type of action: RIA",
    ):
        assert line in text.split("\n"), (line, text)
    assert blocks[2]["elements"][1]["url"] == "https://ec.europa.eu/x"
    assert blocks[-1]["elements"][0]["text"] == "Calls data as of August 10, 2026"


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
