"""Short forms of calls requests read with the calls' own long forms (knowledge/calls/abbreviations.py).

The calls below are written for this test in the snapshot's style ("hydrogen (H2)"); the
requests are chat-style phrasings in several languages, none copied from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from knowledge.calls.abbreviations import Abbreviations, long_form, mine
from tests.knowledge.calls.calls_helpers import make_call

CALLS = [
    make_call(
        "H2-01",
        title="Renewable hydrogen (H2) valleys",
        description="Production of hydrogen (H2) and its use in heavy-duty vehicles (HDV).",
    ),
    make_call(
        "H2-02",
        title="H2 refuelling stations",
        description="Refuelling stations for electric vehicles (EVs) and H2 trucks; HDV fleets.",
    ),
    make_call(
        "UAV-01",
        title="Counter-drone systems",
        description="Detection of unmanned aerial vehicles (UAVs) near airports.",
    ),
    make_call(
        "UAV-02",
        title="Drone swarms",
        description="Swarms of UAVs for inspection; EVs charging; artificial intelligence (AI).",
    ),
    make_call(
        "AI-01",
        title="Trustworthy AI",
        description="Artificial intelligence (AI) for SMEs; a common agricultural policy (CAP)"
        " with a price cap. The European Union (EU) supports a nest of projects"
        " (Networked Energy Storage Testbed (NEST)). Photovoltaic (PV) panels;"
        " pharmacovigilance (PV) data.",
    ),
]


@pytest.fixture(scope="module")
def table() -> Abbreviations:
    return mine(CALLS)


@pytest.mark.parametrize(
    ("words", "short", "expected"),
    [
        ("production of hydrogen", "H2", "hydrogen"),
        ("detection of unmanned aerial vehicles", "UAVs", "unmanned aerial vehicles"),
        ("for the internet of things", "IoT", "internet of things"),
        ("refuelling stations for electric vehicles", "EVs", "electric vehicles"),
        ("a bunch of words", "XYZ", None),
        ("", "AI", None),
    ],
)
def test_long_forms_follow_schwartz_and_hearst(words, short, expected):
    assert long_form(words.split(), short) == expected


def test_the_calls_define_the_table(table):
    assert table.table["H2"] == "hydrogen"
    assert table.table["UAVs"] == "unmanned aerial vehicles"
    assert table.table["AI"] == "artificial intelligence"
    assert "EU" not in table.table  # the request frame drops it anyway
    assert "PV" not in table.table  # two long forms, equally often: ambiguous


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "h2 calls?", "hydrogen calls?"),
        ("en", "uav funding", "unmanned aerial vehicles funding"),
        ("en", "ev charging", "electric vehicles charging"),
        ("de", "H2 förderung", "hydrogen förderung"),
        ("de", "ki förderung", "artificial intelligence förderung"),  # IATE: KI
        ("fr", "appels ia", "appels artificial intelligence"),  # IATE: IA
        ("es", "convocatorias IA", "convocatorias artificial intelligence"),
        ("pl", "nabory wodór h2", "nabory wodór hydrogen"),
        ("nl", "subsidie uav", "subsidie unmanned aerial vehicles"),
        ("en", "hydrogen (h2) calls", "hydrogen (h2) calls"),  # the long form is there already
    ],
)
def test_short_forms_are_searched_as_their_long_forms(table, language, text, expected):
    assert table.expand(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "bandi ai giovani"),  # Italian "ai" (to the) is a function word
        ("en", "price cap calls"),  # "cap" is a word the calls use in lower case
        ("en", "nest boxes for birds"),  # "NEST" is one call's project name only
        ("en", "pv panels"),  # ambiguous in the calls
        ("en", "eu calls"),
        ("de", "KI-Förderung"),  # one word with a hyphen is not the short form
        ("en", ""),
    ],
)
def test_words_that_are_not_short_forms_stay(table, language, text):
    assert table.expand(text, language) == text


def test_lower_case_needs_an_established_short_form(table):
    assert "uav" in table.lowercase and "uavs" in table.lowercase
    assert "nest" not in table.lowercase and "cap" not in table.lowercase
    assert table.expand("NEST", "en") == "networked energy storage testbed"  # capitals: as written


def test_bad_input_never_crashes(table):
    assert table.expand(None, "de") == ""  # type: ignore[arg-type]
    assert table.expand("h2", None) == "hydrogen"
    assert table.expand("h2", "xx") == "hydrogen"
    assert Abbreviations().expand("h2 calls", "en") == "h2 calls"
    assert len(mine([])) == 0
