"""Turns that steer a conversation: "more" and corrections (taxonomy/turns.py, session 18).

Written from each language's grammar and everyday speech, never from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from taxonomy.turns import asks_for_more, corrected_feature, is_correction, says_it_meant

# -- more, please: short, and in the spoken style (fillers around the request) ----------------

MORE = [
    "more",
    "next page",
    "um yeah could you show me the rest of them",
    "und weiter",
    "ja okay, gibt es noch andere?",
    "d'autres ?",
    "bon, tu en as d'autres ?",
    "vale, ¿tienes más?",
    "bueno y los siguientes",
    "e poi ne hai degli altri da farmi vedere",
    "allora, ce ne sono altri?",
    "no dobra a są jeszcze jakieś inne",
    "pokaż następne",
    "oké, nog meer graag",
    "en de volgende?",
    "pronto, tem mais alguns desses",
    "e os outros?",
    "tem mais?",
    "what other clusters are there",
    "gibt es weitere Cluster?",
    # session 21: "more" in the singular, "in the list", "a few more" (es it pl pt)
    "¿te queda alguno más en la lista?",
    "¿hay otro?",
    "ce n'è ancora qualcuno in più?",
    "ne hai qualcun altro nella lista?",
    "masz może kilka kolejnych?",
    "a jeszcze jakieś?",
    "há mais algum na lista?",
    "ainda tem mais alguma?",
]


@pytest.mark.parametrize("text", MORE)
def test_a_request_for_more_results_in_the_eight_languages(text):
    assert asks_for_more(text)


NOT_MORE = [
    "no more, thanks",
    "nichts mehr, danke",
    "rien de plus",
    "no más",
    "nie, nic więcej",
    "tell me more about the second one",
    "more clusters on hydrogen in Spain",
    "other countries with textile clusters?",
    "/show_more",
    "",
    "ok",
    "mais oui",
    "mais bon, d'accord",
    "jeszcze raz proszę",
    "otro tema: convocatorias de hidrógeno",
    "czy ten nabór jest jeszcze otwarty?",
]


@pytest.mark.parametrize("text", NOT_MORE)
def test_no_more_a_topic_or_a_command_is_no_request_for_more(text):
    assert not asks_for_more(text)


# -- corrections --------------------------------------------------------------------------------

CORRECTIONS_TO_CALLS = [
    "no, I meant calls",
    "not partners - funding",
    "nein, ich meinte Förderaufrufe",
    "non, je voulais dire les appels à projets",
    "c'est pas ça, je voulais les financements",
    "no, me refería a las convocatorias",
    "no, intendevo i bandi",
    "nie, chodziło mi o nabory",
    "nee sorry, ik bedoelde niet partners maar subsidies",
    "não, queria dizer concursos",
]


@pytest.mark.parametrize("text", CORRECTIONS_TO_CALLS)
def test_a_correction_naming_calls_asks_for_calls(text):
    assert is_correction(text)
    assert says_it_meant(text) or text.split()[0].strip(",").lower() in ("no", "not", "nein")
    assert corrected_feature(text) == "find_calls"


CORRECTIONS_TO_PARTNERS = [
    "no, I meant partners",
    "not calls, clusters",
    "nein, keine Ausschreibungen, sondern Partner",
    "non pardon, je voulais parler des partenaires",
    "no, quería decir socios",
    "no, volevo dire i cluster",
    "nie, chodziło mi o partnerów",
    "nee, ik bedoelde partners",
    "não, queria dizer parceiros",
]


@pytest.mark.parametrize("text", CORRECTIONS_TO_PARTNERS)
def test_a_correction_naming_partners_asks_for_partners(text):
    assert is_correction(text)
    assert corrected_feature(text) == "find_partners"


@pytest.mark.parametrize(
    "text",
    [
        "sorry, I meant in Austria",
        "nie nie, miałem na myśli Hiszpanię",
        "non, je voulais savoir le budget",
        "that's not what I asked, I want the budget",
        "scusa, volevo dire nel Regno Unito",
        "nein, ich wollte das Budget wissen",
    ],
)
def test_a_correction_naming_no_feature_says_what_it_meant(text):
    assert is_correction(text)
    assert says_it_meant(text)
    assert corrected_feature(text) is None


@pytest.mark.parametrize(
    "text",
    ["no thanks", "nein danke, das ist alles", "sorry", "non merci", "nie, dziękuję"],
)
def test_a_plain_no_says_no_meaning(text):
    assert not says_it_meant(text)
    assert corrected_feature(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "What is COSME?",
        "are there open calls on batteries?",
        "we need partners for hydrogen in Bavaria",
        "/find_calls",
        "",
        None,
        "non so come ottenere un marchio per il nostro cluster",
        "não sei quem pode participar no programa para clusters",
        "no Porto há clusters de cortiça?",
        "nie wiem, jakie klastry działają w Polsce",
        "joint cluster initiatives were meant to reach how many regions?",
    ],
)
def test_a_request_is_no_correction(text):
    assert not is_correction(text)


@pytest.mark.parametrize(
    "text",
    [
        "volevo sapere come ottenere il marchio di qualità per il nostro cluster",
        "queria saber quem pode entrar no programa de internacionalização de clusters",
        "je voulais savoir comment labelliser notre cluster",
        "I wanted to ask how our cluster gets a label",
    ],
)
def test_a_polite_request_opening_with_wanting_asks_for_no_feature(text):
    """A wanting verb opens many requests: no correction names a feature by it alone."""
    from taxonomy.turns import says_what_was_meant

    assert not says_what_was_meant(text)
