"""The measure a fact question asks for and the sibling re-ranking (FakeEmbedder).

Questions here are written from the cards' statements (INNOSUP-1's budget, cap per project and
vouchers; the cluster labelling's clusters, countries and SMEs; the EU-Ukraine event) for these
tests; the real models are measured on tests/eval/fact_questions_aspects.yml (test_fact_eval.py).
"""

from __future__ import annotations

import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer
from knowledge.facts.asking import is_question, question_language
from knowledge.facts.lexicon import load_lexicon
from knowledge.facts.measure import (
    asks_money,
    counted_unit,
    country_gloss,
    measure_boost,
    money_scope,
    read_card,
    read_question,
)
from knowledge.instruments import load_catalogue


@pytest.fixture(scope="module")
def answerer():
    return build_answerer(load_catalogue(), FakeEmbedder(256))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("how many smes are in the labelled clusters", "smes"),
        ("in how many countries are clusters labelled", "countries"),
        ("number of cluster managers in the programme", "managers"),
        ("how many cluster organisations took part", "organisations"),
        ("how many of the projects were funded", "projects"),
        ("how much money did it have", None),
        ("how many", None),
    ],
)
def test_the_counted_unit_follows_the_count_words(text, unit):
    assert counted_unit(text) == unit


def test_money_scope_total_per_project_voucher():
    assert money_scope("what was the total budget") == "total"
    assert money_scope("the most one ; project can get at most") == "per_project"
    assert money_scope("how much is one voucher") == "voucher"
    assert money_scope("how much money did it get") == ""


def test_a_how_many_without_a_unit_but_with_money_is_money():
    # "Ile wynosił całkowity budżet" glosses "how many amount total budget"
    assert asks_money("how many amount total budget", "count")
    assert asks_money("how many projects maximum ; per project", "count")
    assert not asks_money("how many smes got money", "count")
    assert asks_money("how large was the grant", None)
    assert not asks_money("how large is the cluster", None)


def test_cards_are_read_by_their_values():
    three = read_card(
        "11 projects, 57 cluster organisations, 83 cluster managers", "results", False
    )
    assert three.units == {"projects", "organisations", "managers"}
    assert read_card("3,043 strong clusters", "results", False).units == {"clusters"}
    assert read_card("max €5 million per project", "budget", True).scope == "per_project"
    assert read_card("€60,000 innovation vouchers", "budget", False).scope == "voucher"
    assert read_card("about €130 million", "budget", False).scope == "total"
    assert read_card("75% of the budget for SME support", "budget", False).scope == "share"
    assert read_card("Kiev, 27-28 March 2018", "events", False).place
    assert read_card("22 February 2018, Brussels", "events", False).place
    assert not read_card("end May/June 2018", "events", False).place
    assert not read_card("Mexico, Brazil and more", "what", False).place


def test_the_boost_rewards_the_asked_unit_scope_and_place():
    smes = read_card("60,000 SMEs", "results", False)
    clusters = read_card("nearly 1,000 clusters labelled", "results", False)
    asked = read_question("how many smes are in labelled clusters")
    assert measure_boost(asked, smes, False) > measure_boost(asked, clusters, False)
    where = read_question("where was the matchmaking held")
    assert measure_boost(where, read_card("Kiev, 27-28 March 2018", "events", False), False) > 0
    assert not read_question("where can I read more about cluster policy").place


def test_country_names_are_glossed_in_english():
    assert country_gloss("Waar was het evenement EU-Oekraïne?", "nl") == "Ukraine"
    assert country_gloss("incontro UE-Ucraina", "it") == "Ukraine"
    assert country_gloss("EU-Ukraine event", "en") == ""


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("How much can a single INNOSUP-1 project get at most?", "innosup-1-max-per-project"),
        ("What is the total budget of INNOSUP-1?", "innosup-1-budget"),
        ("How much is one INNOSUP-1 voucher?", "innosup-1-vouchers"),
        ("How many SMEs are involved in the labelled clusters?", "labelling-smes"),
        ("In how many countries have clusters been given a label?", "labelling-countries"),
    ],
)
def test_sibling_cards_are_told_apart(answerer, question, card):
    assert answerer.rank(question)[0].card.id == card


def test_a_polish_total_budget_is_money_not_a_count(answerer):
    # "ile" glosses "how many"; "łączny"/"całkowity" ("ł" read as "l") glosses "total"
    top = answerer.rank("Ile wynosił całkowity budżet INNOSUP-1?", language="pl")[0].card.id
    assert top == "innosup-1-budget"


def test_polish_l_with_stroke_matches_the_cues():
    lexicon = load_lexicon()
    assert "total" in lexicon.gloss("całkowity budżet", "pl")
    assert "how many" in lexicon.gloss("ilu menedżerów", "pl")


def test_questions_are_told_by_a_question_word_or_mark():
    lexicon = load_lexicon()
    assert is_question("Gdzie odbyło się spotkanie", "pl", lexicon)
    assert is_question("and when was it", None, lexicon)
    assert is_question("clusters in Kiev?", "en", lexicon)
    assert not is_question("clusters for hydrogen in Bavaria", None, lexicon)


def test_distinctive_name_words(answerer):
    # the shipped cards' and catalogue's names: words few names share tell a name
    names = answerer.subjects
    assert names.named_in("where held ; the meeting with Ukraine")
    assert names.named_in("when first ; das erste europaische cluster policy forum")
    assert not names.named_in("cluster week")  # one plain word tells no name
    assert not names.named_in("cooperation and matchmaking event")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Qué es el Cluster Excellence Programme?", "es"),
        ("O que é o INNOSUP-1?", "pt"),
        ("Quanto ha ricevuto il Cluster Excellence Programme?", "it"),
        ("Combien de PME compte le Cluster Excellence Programme ?", "fr"),
        ("Czym jest COSME?", "pl"),
        ("What is the Cluster Excellence Programme?", None),
        ("hydrogen clusters in Portugal", None),
    ],
)
def test_the_language_of_a_short_question_without_its_names(answerer, text, language):
    assert question_language(text, answerer.lexicon, answerer.subjects) == language


def test_the_unit_after_the_questions_own_count_words():
    lexicon = load_lexicon()
    native = lexicon.words_after("Quantos projetos teve o programa?", "pt", ("how many",))
    assert native and native[0][0] == "projetos"
    # the gloss ("how many received money") lost the order; English loan words still count
    native = lexicon.words_after("Quantos clusters receberam?", "pt", ("how many",))
    assert counted_unit("how many received money ; quantos clusters receberam", native) == (
        "clusters"
    )
    # a unit far from the count word is no answer to "how many"
    far = lexicon.words_after(
        "Hoeveel kreeg de Europese observatorium voor clusters?", "nl", ("how many",)
    )
    assert counted_unit("how many got money observatory", far) is None
