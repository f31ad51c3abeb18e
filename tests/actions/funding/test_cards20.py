"""Fact questions typed carelessly (session 20): a place's cluster fund joined to its word for fund
by "de", "do", "du"; money and eligibility asked in chat words; the amount of a grant; what
counts as something asked in other words.

Written from the catalogue, the fact cards and invented names; none from an evaluation set. The
answerer uses the fake embedder: the checks here read words, not the encoder's nearness.
"""

from __future__ import annotations

import pytest

from actions.funding.fact_questions import asks_definition
from actions.funding.instruments import unknown_programme
from actions.funding.routing import fact_route
from knowledge.facts.foreign import ForeignNames, dictated_title
from knowledge.facts.question import card_aspects
from taxonomy.text import fold


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("quien puede pedir el fondo de clusters del duero", "es", "Clusters del Duero"),
        ("quanto paga o fundo do cluster atlantico verde", "pt", "Cluster Atlantico Verde"),
        ("c koi le budget du fonds grappes du jura", "fr", "Grappes du Jura"),
        ("quanti soldi da il fondo di cluster della maremma", "it", "Cluster della Maremma"),
        # the Danish "pulje" (a pool of money) is a word for fund
        ("hvor meget giver jyllands klyngepulje", "da", "Jyllands"),
    ],
)
def test_a_lower_case_fund_named_after_of_is_admitted(
    answerer, floor, monkeypatch, text, language, name
):
    # the fake embedder's nearness of one word to a known name is arbitrary (often 1.0): the
    # encoder's part is measured on the bench; here no known name is near
    monkeypatch.setattr(ForeignNames, "nearest", lambda self, name, language=None: (0.0, ""))
    found = unknown_programme(text, answerer, language)
    assert found is not None and found.startswith(name)
    for intent, confidence in (("find_partners", 0.95), ("find_calls", 0.9), ("nlu_fallback", 0.3)):
        route = fact_route(answerer, text, language, intent, confidence)
        assert route is not None and route.unknown_name == found, intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a programme (no fund) after "de"/"du": a known instrument translated, never a name
        ("qui peut participer au programme du marche unique", "fr"),
        ("cuanta pasta tenia el programa de excelencia de clusters", "es"),
        ("quanto dinheiro tem o programa do mercado unico", "pt"),
        ("quanti soldi ha il programma di internazionalizzazione dei cluster", "it"),
    ],
)
def test_a_programme_after_of_is_no_unknown_name(answerer, text, language):
    assert unknown_programme(text, answerer, language) is None


def test_of_joins_a_funds_dictated_name_only():
    function = frozenset(["el", "de", "del", "quien", "puede"])

    def lead(word: str) -> bool:
        return word in ("fondo", "programa")

    assert (
        dictated_title("quien puede pedir el fondo de clusters del duero", function, lead)
        == "quien puede pedir el fondo de Clusters del Duero"
    )
    assert (
        dictated_title("cuanto tiene el programa de excelencia de clusters", function, lead)
        == "cuanto tiene el programa de excelencia de clusters"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("innosup-1 dosh total?", None),
        ("yo how much cash was in the cluster excellence programme", None),
        ("how big was the pot for the internationalisation programme", None),
        ("wie viel kohle hatte innosup-1", "de"),
        ("ile hajsu poszlo na innosup-1", "pl"),
        ("hoeveel poen zat er in cosme", "nl"),
        ("c combien le fric pour euroclusters", "fr"),
        ("cuanta pasta tenia cosme", "es"),
        ("quanta grana aveva cosme", "it"),
        ("quanta grana o innosup-1 tinha", "pt"),
        ("hur mycket stalar hade innosup-1", "sv"),
    ],
)
def test_money_in_chat_words_asks_the_budget(answerer, text, language):
    cues = f" {fold(answerer.cue_text(text, language))} "
    assert "budget" in card_aspects(cues)


def test_who_gets_to_asks_who_can_apply():
    assert card_aspects("who gets to jump into euroclusters?") == ("who",)
    assert "who" in card_aspects("whos allowed in euroclusters")


@pytest.mark.parametrize(
    "question",
    ["how much was the grant for the labelling initiative?", "how much grant label labelled"],
)
def test_the_amount_of_a_grant_is_a_budget_not_what_is_offered(question):
    aspects = card_aspects(question)
    assert "budget" in aspects and "offers" not in aspects


def test_what_grants_are_offered_is_still_offers():
    assert "offers" in card_aspects("what grants does cosme offer?")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("cosa conta come PMI per la Commissione?", "it"),
        ("cuando cuenta como pyme una empresa", "es"),
        ("quando uma empresa conta como PME?", "pt"),
        ("quand une entreprise compte comme PME ?", "fr"),
        ("kiedy firma liczy sie jako MSP?", "pl"),
        ("wat telt als een mkb-bedrijf?", "nl"),
    ],
)
def test_what_counts_as_something_is_a_definition(answerer, text, language):
    assert asks_definition(text, answerer, language)


@pytest.mark.parametrize(
    ("name", "language", "distinct"),
    [
        # a made-up acronym starting like "EC" or "EU" is a name of its own
        ("ECBX programma", "nl", "ecbx programma"),
        ("programa Eurogrow", "es", "eurogrow programa"),
        # the EU's and the EC's initials and the words for cluster and Europe are not
        ("EU programma", "nl", ""),
        ("programa europeo de clusters", "es", ""),
    ],
)
def test_only_whole_initials_are_shared_by_every_name(answerer, name, language, distinct):
    words = answerer.names.foreign.distinctive(name, language)
    assert sorted(words.split()) == sorted(distinct.split())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("wie kan meedoen aan het EEN programma", "nl"),
        ("quanto dinheiro tem o programa EEN", "pt"),
        ("quien puede participar en el programa Euroclusters", "es"),
        ("chi può partecipare al programma ECCP?", "it"),
    ],
)
def test_a_catalogue_acronym_with_a_programme_word_stays_known(answerer, text, language):
    assert unknown_programme(text, answerer, language) is None
