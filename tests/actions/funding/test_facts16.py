"""The facts16 classes: pay comparisons as statistics of the cards, clause words that refer back
to nothing, and invented cluster funds named after a place.

Each test failed on main 6deca09. The questions are written for these tests from the cards'
statements (the wages card: "Wages in strong clusters are 3% higher than elsewhere") and from
invented place-named funds; none comes from an evaluation set. The answerer uses the fake
embedder of the action tests; tests/eval/dev_facts16.yml measures the classes with the real
encoders (``python -m bench.dev_facts14 --set dev_facts16``).
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.funding.fact_questions import asks_statistic
from actions.funding.instruments import ActionExplainInstrument, unknown_programme
from actions.funding.off_topic import outside_cards
from actions.funding.routing import fact_route
from contracts.payloads import FACT_ANSWER
from knowledge.facts.question import card_aspects, numbers_of
from tests.actions.support import make_tracker

PAY_COMPARISONS = [
    ("do strong clusters pay better than other regions?", None),
    ("Verdient man in starken Clustern höhere Löhne?", "de"),
    ("Les salaires sont-ils plus élevés dans les clusters forts ?", "fr"),
    ("¿Los sueldos son más altos en un clúster fuerte?", "es"),
    ("Gli stipendi sono più alti nei cluster forti?", "it"),
    ("Czy w silnych klastrach płace są wyższe?", "pl"),
    ("Liggen de lonen hoger in sterke clusters?", "nl"),
    ("Os salários são mais altos nos clusters fortes?", "pt"),
    ("Jsou v silných klastrech vyšší mzdy?", "cs"),
    ("Magasabbak a bérek az erős klaszterekben?", "hu"),
    ("Är lönerna högre i starka kluster?", "sv"),
    ("Sunt salariile mai mari în clusterele puternice?", "ro"),
]
NOT_PAY = [
    ("which cluster is better for our company?", None),
    ("better clusters for hydrogen in Bavaria", None),
]


@pytest.mark.parametrize(("text", "language"), PAY_COMPARISONS, ids=lambda v: str(v)[:24])
def test_a_pay_comparison_is_a_statistic_of_the_cards(answerer, text, language):
    assert asks_statistic(answerer, text, language)


@pytest.mark.parametrize(("text", "language"), NOT_PAY, ids=lambda v: str(v)[:24])
def test_better_without_pay_is_no_statistic(answerer, text, language):
    assert not asks_statistic(answerer, text, language)


@pytest.mark.parametrize(("text", "language"), PAY_COMPARISONS[1:4], ids=lambda v: str(v)[:24])
def test_an_unsure_pay_comparison_is_routed_to_the_cards(answerer, text, language):
    # NLU unsure ("did you mean ...?"): the statistic is the cards', whatever the retrieval score
    route = fact_route(answerer, text, language, "nlu_fallback", 0.4)
    assert route is not None and route.answer is not None
    assert route.answer["card_id"] == "facts-wages"


@pytest.mark.parametrize(
    "text",
    [
        "I heard that wages are higher in strong clusters. By how much?",
        "is it true that strong clusters pay better wages than elsewhere?",
    ],
)
async def test_a_clause_that_is_no_reference_back(instrument_services, text):
    # "that" opens a clause and "it" stands for it: not "which instrument shall I explain?"
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(dispatcher, make_tracker(text), {})
    [message] = dispatcher.messages
    assert "Which EU instrument" not in message["text"]
    assert message["custom"]["type"] == FACT_ANSWER
    assert message["custom"]["card_id"] == "facts-wages"


async def test_a_real_reference_still_asks_which(instrument_services):
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(dispatcher, make_tracker("who can apply to that?"), {})
    assert "Which EU instrument" in dispatcher.messages[0]["text"]


PLACE_FUNDS = [
    ("hr", "Koliko novca ima Dalmatinski klasterski fond?"),
    ("hr", "Koliki je proračun Fonda za klastere Slavonije?"),
    ("lt", "Koks yra Žemaitijos klasterių fondo biudžetas?"),
    ("lt", "Kiek pinigų skiria Aukštaitijos klasterių programa?"),
    ("lv", "Kāds ir Latgales klasteru fonda budžets?"),
    ("sk", "Aký rozpočet má Tatranský klastrový fond?"),
]
KNOWN = [
    ("hr", "Koliki je proračun programa COSME?"),
    ("lt", "Koks buvo INNOSUP-1 biudžetas?"),
    ("lv", "Kāds bija Cluster Excellence Programme budžets?"),
]


@pytest.mark.parametrize(("language", "text"), PLACE_FUNDS)
def test_a_place_named_cluster_fund_is_unknown(answerer, language, text):
    assert unknown_programme(text, answerer, language) is not None, text
    assert answerer.answer(text, language=language)["verdict"] == "not_known"
    route = fact_route(answerer, text, language, "find_calls", 0.9)
    assert route is not None and route.unknown_name is not None


@pytest.mark.parametrize(("language", "text"), KNOWN)
def test_a_known_programme_is_still_answered(answerer, language, text):
    assert unknown_programme(text, answerer, language) is None
    assert answerer.answer(text, language=language)["verdict"] == "answered"


INDIRECT_COUNTS = [
    ("cs", "Zajímalo by mě, kolik zemí má klastry se značkou.", "labelling-countries"),
    ("fi", "Haluaisin tietää, kuinka monta pk-yritystä on merkityissä klustereissa.", None),
    ("et", "Palun öelge, mitu VKEd on märgisega klastrites.", None),
    ("sk", "Prosím o informáciu, v koľkých krajinách sú klastre so značkou.", None),
    ("ro", "Aș dori să știu câte IMM-uri sunt în clustere etichetate.", None),
    ("bg", "Бих искал да знам колко МСП участват в клъстери с етикет.", None),
    ("nl", "Graag wil ik weten hoeveel kmo's in gelabelde clusters zitten.", None),
    ("fi", "Monessako maassa on klustereita, joilla on laatumerkki?", None),
]


@pytest.mark.parametrize(("language", "text", "card"), INDIRECT_COUNTS, ids=lambda v: str(v)[:20])
def test_a_count_asked_indirectly_is_a_statistic(answerer, language, text, card):
    # the question word "how many" inside a polite sentence, no "?": still the cards' figure,
    # also when NLU was sure of a partner search
    assert asks_statistic(answerer, text, language)
    route = fact_route(answerer, text, language, "find_partners", 1.0)
    assert route is not None and route.answer is not None
    if card is not None:
        assert route.answer["card_id"] == card


def test_a_search_without_a_count_word_stays_a_search(answerer):
    text = "clusters with many SMEs in labelled clusters"
    assert not asks_statistic(answerer, text, None)
    assert fact_route(answerer, text, None, "find_partners", 1.0) is None


FAQ_DEFINITIONS = [
    ("when does a company count as an SME?", None),
    ("Wann gilt ein Betrieb als kleines oder mittleres Unternehmen?", "de"),
    ("¿Cuándo se considera que una empresa es una pyme?", "es"),
    ("Wanneer geldt een bedrijf als kmo?", "nl"),
    ("Que faut-il faire pour décrocher le label argent ?", "fr"),
    ("Quel est le chemin vers le label or ou argent pour un cluster ?", "fr"),
]


@pytest.mark.parametrize(("text", "language"), FAQ_DEFINITIONS, ids=lambda v: str(v)[:24])
def test_a_definition_or_a_label_level_stays_with_the_faq(answerer, text, language):
    # a date word inside "what counts as ..." and French "argent" (silver, not money) ask no
    # figure of the cards: the FAQ answer NLU picked stays
    assert fact_route(answerer, text, language, "faq", 0.9) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Combien d'argent le programme Euroclusters a-t-il reçu ?", "fr"),
        ("Wann wurde das Enterprise Europe Network gegründet?", "de"),
    ],
)
def test_a_figure_asked_of_the_faq_still_reaches_the_cards(answerer, text, language):
    route = fact_route(answerer, text, language, "faq", 0.9)
    assert route is not None and route.answer is not None


EVERYDAY = [
    ("write a short poem for my colleague's farewell", None),
    ("Schreib mir ein Gedicht über den Herbst", "de"),
    ("escríbeme un poema para el cumpleaños de mi madre", "es"),
    ("maak een verjaardagsgedicht voor mijn zus", "nl"),
    ("missa on hyva pizzeria tampereella", "fi"),
    ("hvor kan jeg købe en billig cykel i Odense", "da"),
    ("var kan jag köpa billiga skor i Malmö", "sv"),
    ("boldog születésnapot kívánok, írj egy verset", "hu"),
    ("hvor kan man shoppe i Esbjerg i weekenden", "da"),
    ("Welk winkelcentrum in Gent is op zondag open?", "nl"),
]


@pytest.mark.parametrize(("text", "language"), EVERYDAY, ids=lambda v: str(v)[:24])
def test_poems_birthdays_pizzerias_and_shopping_are_outside_the_cards(answerer, text, language):
    assert outside_cards(answerer, text, language)
    assert fact_route(answerer, text, language, "nlu_fallback", 0.4) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("clusters of pizzeria suppliers in Naples", None),
        ("wo kann ich Partner für Batterierecycling finden", "de"),
        ("open calls for poetry and literature festivals", None),
    ],
)
def test_a_request_with_such_a_word_stays_in_the_domain(answerer, text, language):
    assert not outside_cards(answerer, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What grant financed phase two of the Cluster Excellence Initiative?", None),
        ("Welke subsidie ging naar de tweede fase van het Cluster Excellence Initiative?", "nl"),
        ("Quelle subvention a reçu la seconde phase de la Cluster Excellence Initiative ?", "fr"),
        ("Mit welchem Zuschuss lief die zweite Phase der Cluster Excellence Initiative?", "de"),
        ("¿Con qué subvención contó la segunda fase de la Cluster Excellence Initiative?", "es"),
    ],
)
def test_which_grant_asks_the_budget_card(answerer, text, language):
    # "which grant" names the money the phase got: the budget card (labelling-initiative-grant),
    # not what the labelling offers
    assert "budget" in card_aspects(answerer.cue_text(text, language))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("is it true that roughly three thousand strong clusters exist?", {"3000"}),
        ("did it get two million euros", {"2"}),  # the cards write "€2 million"
        ("five hundred projects", {"500"}),
        ("three projects and 41 countries", {"3", "41"}),
    ],
)
def test_a_number_word_before_a_scale_word_is_the_large_number(text, numbers):
    # "three thousand" is not the 3 of the wages card's "3% higher"
    assert numbers_of(text) == numbers


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Aus wie vielen Ländern müssen die Partner eines Konsortiums kommen?", "de"),
        ("how many partners from how many countries does a consortium need?", None),
        ("¿De cuántos países deben ser los socios de un consorcio?", "es"),
    ],
)
def test_how_many_a_consortium_needs_is_no_statistic(answerer, text, language):
    # the FAQ's consortium rules, not the labelling card's count of countries
    assert not asks_statistic(answerer, text, language)
    assert fact_route(answerer, text, language, "faq", 0.9) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how many European Strategic Cluster Partnerships were there?", None),
        ("Koliko je bilo europskih strateških klasterskih partnerstava?", "hr"),
    ],
)
def test_partnerships_are_still_counted_by_the_cards(answerer, text, language):
    assert asks_statistic(answerer, text, language)
