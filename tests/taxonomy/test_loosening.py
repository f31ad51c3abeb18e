"""A filter let go (issue 13 part 3, session 19): taxonomy/loosening.py is the one table of the
words that loosen a search in the EU languages, and dropped_filters the one rule reading them.
The phrases are written from each language's grammar, not from any evaluation text."""

from __future__ import annotations

import pytest

from taxonomy.loosening import dropped_filters

PLACE = {"country", "region"}

LET_GO = [
    ("any country is fine", PLACE),
    ("doesn't matter where", PLACE),
    ("egal welches Land", PLACE),
    ("ist mir egal wo eigentlich", PLACE),
    ("peu importe le pays", PLACE),
    ("n'importe où", PLACE),
    ("da igual el país", PLACE),
    ("me da igual dónde", PLACE),
    ("qualsiasi paese va bene", PLACE),
    ("non importa dove", PLACE),
    ("obojętnie gdzie", PLACE),
    ("kraj nie ma znaczenia", PLACE),
    ("maakt niet uit welk land", PLACE),
    ("tanto faz o país", PLACE),
    ("em qualquer lugar", PLACE),
    ("je jedno, v jaké zemi", PLACE),  # cs
    ("mindegy, melyik ország", PLACE),  # hu
    ("vilket land som helst spelar ingen roll", PLACE),  # sv
    ("w całej Europie", PLACE),
    ("any country or region", PLACE),  # French "or" (gold) is no label level here
    ("forget the label", {"label"}),
    ("without the gold requirement", {"label"}),
    ("the label doesn't matter", {"label"}),
    ("Gold ist egal", {"label"}),
    ("ohne Label", {"label"}),
    ("oublie le label", {"label"}),
    ("sin sello", {"label"}),
    ("senza etichetta", {"label"}),
    ("obojętnie jaki certyfikat", {"label"}),
    ("het label maakt ook niet uit", {"label"}),
    ("sem o selo", {"label"}),
    ("all sectors", {"sector"}),
    ("alle Branchen", {"sector"}),
    ("tous les secteurs", {"sector"}),
    ("cualquier sector", {"sector"}),
    ("wszystkie branże", {"sector"}),
    ("any programme is fine", {"programme"}),
    ("egal welches Programm", {"programme"}),
    ("obojętnie jaki program", {"programme"}),
]


@pytest.mark.parametrize(("text", "dropped"), LET_GO)
def test_a_filter_let_go_is_read_in_every_language(text, dropped):
    assert dropped_filters(text) == dropped


KEEP = [
    "any gold ones in Spain?",  # a level after "any" asks for it
    "show me all the gold ones",
    "only gold label",
    "lieber Silber",
    "no, make it Austria",
    "dans quel pays est Silicon Saxony ?",  # a question, no quantifier
    "e no meu país?",  # Portuguese "no" is "in the"
    "clusters for hydrogen in Germany",
    "",
    None,
]


@pytest.mark.parametrize("text", KEEP)
def test_requests_and_refinements_let_nothing_go(text):
    assert dropped_filters(text) == frozenset()


def test_a_long_message_is_a_request_of_its_own():
    text = (
        "we build hydrogen fuel cells for trucks and want clusters anywhere in Europe that "
        "work on heavy transport"
    )
    assert dropped_filters(text) == frozenset()
