"""The home country of a message in one of the sixteen languages without replies of their own
is found when the detector leaves the message undecided (read as English: no case forms) or
gives it a neighbour's language (Estonian taken for Finnish): bot.nlu.places.ANY_LANGUAGE_HOME.

Own examples, written for this test from the profiles' countries and technologies.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from bot.nlu.places import ANY_LANGUAGE_HOME, adjective_places, find_places

HOME = [
    ("EE", "klastrid Eestis tarkvara"),
    ("EE", "eestlaste ettevõtted kaitse"),
    ("LT", "klasteriai Lietuvoje lazeriai"),
    ("LT", "lietuviški klasteriai plastikai"),
    ("LV", "latviešu klasteri elektronika"),
    ("FI", "suomalaiset klusterit metsä"),
    ("FI", "klusterit Suomessa satamat"),
    ("GR", "ελληνικά κλάστερ τουρισμός"),
    ("IE", "braislí Éireannacha medtech"),
    ("IE", "cuideachtaí in Éirinn"),
    ("HU", "klaszterek Magyarországon autóipar"),
    ("DK", "danske klynger vind"),
]


def _countries(text: str, language: str | None) -> set[str]:
    places = find_places(text, language)
    named = any(p.label in ("country", "region") for p in places)
    places += adjective_places(text, language, named)
    return {p.value for p in places if p.label == "country"}


@pytest.mark.parametrize(("code", "text"), HOME)
@pytest.mark.parametrize("detected", [None, "fi", "lv"])
def test_the_home_country_is_found_whatever_the_language(
    code: str, text: str, detected: str | None
) -> None:
    assert code in _countries(text, detected)


@pytest.mark.parametrize(
    "text",
    [
        "clusters working on romanesque architecture restoration",
        "cascade funding for SMEs in the Alps",
        "partners for slovenian wood",  # English: the ruler's adjective, not this table
        "magnetic materials for marine sensors",
    ],
)
def test_english_messages_get_no_home_country_from_the_table(text: str) -> None:
    from bot.nlu.places import home_adjectives

    assert home_adjectives(text, None) == []


def test_a_named_place_keeps_the_adjective_for_the_user() -> None:
    # "we are an Estonian company ... in Germany": the place named is the search's
    assert adjective_places("eesti ettevõte otsib partnereid", None, named=True) == []


def test_no_stem_is_shared_between_two_countries() -> None:
    seen: dict[str, str] = {}
    for code, stems in ANY_LANGUAGE_HOME.items():
        for stem in stems:
            assert seen.setdefault(stem, code) == code
