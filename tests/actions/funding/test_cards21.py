"""Fact questions of session 21: bare fragments that start with an unknown programme's name, a
mail's subject line before its greeting, two instruments compared in the other EU languages,
Irish words in their mutated forms, pay and "who runs it" asked with a verb.

Written from the catalogue, the fact cards and invented names; none from an evaluation set. The
answerer uses the fake embedder: the checks here read words, not the encoder's nearness.
"""

from __future__ import annotations

import pytest

from actions.funding.fact_questions import (
    asks_about_several,
    asks_policy_fact,
    asks_sme_definition,
)
from actions.funding.instruments import unknown_programme
from actions.funding.routing import fact_route
from knowledge.facts.answer import INSTRUMENT_BOOST
from knowledge.facts.compare import compared_instruments
from knowledge.facts.foreign import ForeignNames, capitalised_runs
from knowledge.facts.lexicon import irish_radical, load_lexicon


@pytest.fixture
def far(monkeypatch):
    """No known name is near (the fake embedder's nearness of a word to a name is arbitrary; the
    encoder's part is measured on the bench)."""
    monkeypatch.setattr(ForeignNames, "nearest", lambda self, name, language=None: (0.0, ""))


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # the fragment starts with the name: its first word is the place, not a sentence's start
        ("Twentse Clusterfonds", "nl", "Twentse Clusterfonds"),
        ("Limburgse Clusterregeling?", "nl", "Limburgse Clusterregeling"),
        ("Baltijos klasterių fondas biudžetas", "lt", "Baltijos"),
        ("Podravski klasterski fond iznos?", "hr", "Podravski"),
        ("Nordisk Klyngepulje", "da", "Nordisk Klyngepulje"),
    ],
)
def test_a_fragment_that_starts_with_an_unknown_name_is_admitted(
    answerer, floor, far, text, language, name
):
    found = unknown_programme(text, answerer, language)
    assert found is not None and found.startswith(name)
    route = fact_route(answerer, text, language, "nlu_fallback", 0.3)
    assert route is not None and route.unknown_name == found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # the first word asks something (a cue, a question word): the name is generic
        ("Budget Clusterfonds?", "nl"),
        ("Wie viel Geld Clusterprogramm?", "de"),
        # a known instrument as a fragment
        ("Euroclusters programma?", "nl"),
        ("Programa COSME presupuesto", "es"),
    ],
)
def test_a_fragment_without_an_unknown_name_is_not_refused(answerer, far, text, language):
    assert unknown_programme(text, answerer, language) is None


def test_a_name_ends_with_its_sentence_or_subject_line():
    function = load_lexicon().languages["it"].function
    text = (
        "Oggetto: domanda su Enterprise Europe Network. Buongiorno, che cosa offre la rete "
        "EEN alle PMI? Cordiali saluti"
    )
    runs = capitalised_runs(text, function)
    assert "Enterprise Europe Network" in runs
    assert not any("Buongiorno" in run and "Network" in run for run in runs)


def test_a_question_word_starts_no_name():
    lexicon = load_lexicon()
    assert lexicon.name_text("Kuri programa didesnė: INNOSUP-1 ar ESCP-4i?", "lt").startswith(
        "kuri "
    )
    assert lexicon.name_text("Hvilken Klyngepulje?", "da").startswith("hvilken ")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ktorý program je väčší, ESCP-4i alebo ESCP-S3?", "sk"),
        ("Mikä on ero, ESCP-4i vai ESCP-S3?", "fi"),
        ("Kuri programa didesnė: INNOSUP-1 ar ESCP-4i?", "lt"),
        ("Vad är skillnaden mellan Euroclusters och ECCP?", "sv"),
        ("Care e diferența dintre ESCP-4i și ESCP-S3?", "ro"),
        ("Ist das Budget von ESCP-4i größer als das von ESCP-S3?", "de"),
        ("Has COSME more money than INNOSUP-1?", "en"),
    ],
)
def test_two_instruments_compared_in_the_other_languages(answerer, text, language):
    assert len(compared_instruments(answerer.index.catalogue, text)) == 2
    assert asks_about_several(answerer, text, language)


def test_one_instrument_described_by_another_is_no_comparison(answerer):
    # no connector nor comparison word between the names: one describes the other
    text = "the COSME cluster excellence calls"
    assert compared_instruments(answerer.index.catalogue, text) == []


@pytest.mark.parametrize(
    ("token", "radical"),
    [
        ("mbraisli", "braisli"),
        ("bhfiontar", "fiontar"),
        ("gclar", "clar"),
        ("dtionscadal", "tionscadal"),
        ("phost", "post"),
        ("bhuisead", "buisead"),
        ("post", "post"),
        ("an", "an"),
    ],
)
def test_irish_radical(token, radical):
    assert irish_radical(token) == radical


def test_irish_words_are_read_in_their_mutated_forms():
    gloss = load_lexicon().gloss("Cé mhéad post atá i mbraislí láidre san Eoraip?", "ga").split()
    assert {"how", "many", "jobs", "clusters", "strong"} <= set(gloss)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Verdient man in Clustern mehr als anderswo?", "de"),
        ("Verdienen werknemers in clusters meer?", "nl"),
        ("Si guadagna di più in un cluster?", "it"),
        ("Czy w klastrach zarabia się więcej?", "pl"),
        ("Ganha-se mais num cluster forte?", "pt"),
        ("Zarábajú ľudia v klastroch viac?", "sk"),
        ("Ansaitseeko klustereissa enemmän?", "fi"),
    ],
)
def test_pay_asked_with_a_verb_is_about_wages(answerer, text, language):
    assert "wages" in load_lexicon().gloss(text, language).split()
    ranked = answerer.rank(text, None, language)
    wages = next(r.score for r in ranked if r.card.id == "facts-wages")
    gazelles = next(r.score for r in ranked if r.card.id == "facts-gazelles")
    assert wages > gazelles


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bom dia, quem gere a política europeia de clusters na Comissão?", "pt"),
        ("Wer leitet die Clusterpolitik der Kommission?", "de"),
        ("Chi gestisce la politica dei cluster alla Commissione?", "it"),
        ("Kto zarządza polityką klastrową w Komisji?", "pl"),
        ("Wie beheert het clusterbeleid van de Commissie?", "nl"),
    ],
)
def test_who_runs_cluster_policy_asked_with_a_verb(answerer, text, language):
    assert asks_policy_fact(answerer, text, language)
    assert answerer.answer(text, None, language)["instrument"] == "cluster-policy"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How many employees can an SME have at most?", None),
        ("Wie viele Mitarbeiter darf ein KMU haben?", "de"),
        ("Combien de salariés peut avoir une PME au maximum ?", "fr"),
        ("Koliko zaposlenih smije imati MSP?", "hr"),
        ("Kemm-il impjegat jista' jkollha SME?", "mt"),
        ("Kuinka monta työntekijää pk-yrityksellä voi olla?", "fi"),
    ],
)
def test_the_size_of_an_sme_is_the_faqs_definition_never_a_card(answerer, floor, text, language):
    assert asks_sme_definition(answerer, text, language)
    for intent, confidence in (("faq", 0.9), ("nlu_fallback", 0.3), ("out_of_scope", 0.6)):
        assert fact_route(answerer, text, language, intent, confidence) is None, intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # the staff of firms in clusters, the SMEs a programme reached: the cards' figures
        ("How many staff do gazelles in strong clusters employ?", None),
        ("Wie viele Beschäftigte haben schnell wachsende Firmen in Clustern?", "de"),
        ("How many SMEs did INNOSUP-1 reach?", None),
        ("Mitu VKEd toetavad INNOSUP-1 projektid otse?", "et"),
    ],
)
def test_staff_and_smes_of_the_cards_are_no_sme_definition(answerer, text, language):
    assert not asks_sme_definition(answerer, text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Is het loon in een sterk cluster hoger dan elders?",
        "Krijg je in een cluster een hoger salaris dan daarbuiten?",
    ],
)
def test_the_dutch_article_een_names_no_een_card(answerer, text):
    def een_score(question):
        return next(r.score for r in answerer.rank(question, None, "nl") if r.card.id == "een-who")

    # the same words with the network's name in capitals: only that one is boosted
    capital = text.replace(" een ", " EEN ", 1)
    assert een_score(capital) - een_score(text) >= INSTRUMENT_BOOST - 1e-9
    assert (
        answerer.answer("Wat biedt het EEN aan mkb-bedrijven?", None, "nl")["instrument"] == "een"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Met hoeveel clusterorganisaties werkt ESCP-4i?", "nl"),
        ("Wie viele Clusterorganisationen sind an ESCP-4i beteiligt?", "de"),
        ("Hur många klusterorganisationer deltar i ESCP-4i?", "sv"),
        ("Hvor mange klyngeorganisationer er med i ESCP-4i?", "da"),
        ("Montako klusteriorganisaatiota ESCP-4i:ssä on mukana?", "fi"),
        ("Mitu klastriorganisatsiooni osaleb ESCP-4i projektides?", "et"),
    ],
)
def test_cluster_organisations_written_as_one_word(text, language):
    assert "organisations" in load_lexicon().gloss(text, language).split()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a verb of running in a partner search: the cluster manages something, no policy asked
        ("Quale cluster gestisce laboratori di prova per l'idrogeno in Italia?", "it"),
        ("Que cluster coordena projetos de energia no Porto?", "pt"),
        ("Quel cluster gère des plateformes de test en Bretagne ?", "fr"),
        ("Hvilken klynge styrer testfaciliteter for fødevarer i Danmark?", "da"),
    ],
)
def test_a_verb_of_running_in_a_search_asks_no_policy(answerer, text, language):
    assert not asks_policy_fact(answerer, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wat is het verschil in loon tussen sterke clusters en de rest?", "nl"),
        ("Was ist der Unterschied bei den Löhnen zwischen starken Clustern und anderswo?", "de"),
        ("What is the difference in wages between strong clusters and the rest?", None),
    ],
)
def test_what_is_the_difference_in_pay_asks_no_definition(answerer, text, language):
    ranked = answerer.rank(text, None, language)
    wages = next(r.score for r in ranked if r.card.id == "facts-wages")
    definitions = [r.score for r in ranked if r.card.aspect == "what"]
    assert wages > max(definitions)
