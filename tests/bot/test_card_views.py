"""One owner for what a result card shows: Slack and Teams draw the same view lines.

The view (:mod:`bot.channels.cards`) decides which facts a card has and in which order; the
renderers only format them. A line added to or dropped from the view shows up in both.
"""

from __future__ import annotations

from bot.channels import cards, slack_blocks, teams_cards

CALLS = {
    "type": "call_results",
    "query": "Batterien",
    "language": "de",
    "as_of": "2026-08-10",
    "total": 2,
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
        },
        {"id": "SMP-2027", "title": "SMP-2027", "status": "forthcoming", "days_left": 0},
    ],
}
PARTNERS = {
    "type": "partner_results",
    "language": "fr",
    "total": 1,
    "items": [{"id": "a", "name": "A", "place": "Hamburg, Allemagne", "sectors": ["Energy"]}],
}


def _teams_texts(container: dict) -> list[str]:
    return [i["text"] for i in container["items"] if i.get("type") == "TextBlock"]


def test_call_card_lines_are_the_views_in_both_channels() -> None:
    view = cards.call_view(CALLS)
    first, second = view["cards"]
    assert first["lines"] == [
        "HORIZON-CL5-2027-01",
        "Programm: Horizon Europe",
        "Offen · noch 12 Tage",
        "Frist: 31. März 2027",
        "Budget je Förderung: 2.000.000\xa0€ bis 4.000.000\xa0€",
        "Maßnahmentyp: RIA",
    ]
    assert second["lines"] == ["Demnächst · endet heute"]  # no repeated id, no empty parts
    slack = slack_blocks.call_results(CALLS)["blocks"]
    teams = teams_cards.call_results(CALLS)["attachments"][0]["content"]["body"]
    for number, card in enumerate(view["cards"]):
        section = slack[1 + 2 * number]["text"]["text"].split("\n")
        assert section[1:] == card["lines"]
        assert _teams_texts(teams[1 + number])[1:] == card["lines"]


def test_partner_card_details_are_the_views_in_both_channels() -> None:
    [card] = cards.partner_view(PARTNERS)["cards"]
    assert card["details"] == "Hamburg, Allemagne · Energy"
    slack = slack_blocks.partner_results(PARTNERS)["blocks"]
    teams = teams_cards.partner_results(PARTNERS)["attachments"][0]["content"]["body"]
    assert slack[1]["text"]["text"].split("\n")[1] == card["details"]
    container = next(b for b in teams if b.get("type") == "Container")
    assert _teams_texts(container)[1] == card["details"]


def test_the_calls_title_is_the_topic_as_the_user_would_say_it() -> None:
    def title(query: str, language: str) -> str:
        return cards.call_view({"type": "call_results", "query": query, "language": language})[
            "title"
        ]

    assert title("Gibt es offene Ausschreibungen zu Batterien?", "de") == "Batterien"
    assert title("Y a-t-il des appels ouverts sur l'hydrogène ?", "fr") == "hydrogène"
    assert title("open calls on battery recycling", "en") == "battery recycling"
    assert title("HORIZON-CL5-2027-01", "en") == "HORIZON-CL5-2027-01"
