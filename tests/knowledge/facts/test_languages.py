"""Fact questions in other reply languages (FakeEmbedder): the lexicon, foreign names, floors.

The phrases here are the lexicon's cues in use, written for these tests; the evaluation sets
(tests/eval/fact_questions_languages.yml) are measured by test_fact_eval.py with the real models.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.errors import DataFileError
from knowledge.facts import build_answerer, card_aspects
from knowledge.facts.foreign import capitalised_runs
from knowledge.facts.lexicon import load_lexicon
from knowledge.facts.question import numbers_of, value_kinds, wanted_kind
from knowledge.instruments import load_catalogue

REPLY_LANGUAGES = ("de", "fr", "es", "it", "pl", "nl", "pt")


@pytest.fixture(scope="module")
def answerer():
    return build_answerer(load_catalogue(), FakeEmbedder(256), floors={"de": 2.0})


# One phrase per language for each thing a fact question asks: how much, who can apply, how to
# apply, when, is it still running.
ASKS = {
    "budget": {
        "de": "Wie viel Geld hat das Programm?",
        "fr": "Quel est le budget du programme ?",
        "es": "¿Cuánto dinero tiene el programa?",
        "it": "Quanti soldi ha il programma?",
        "pl": "Ile pieniędzy ma program?",
        "nl": "Hoeveel geld heeft het programma?",
        "pt": "Quanto dinheiro tem o programa?",
    },
    "who": {
        "de": "Wer kann mitmachen?",
        "fr": "Qui peut participer ?",
        "es": "¿Quién puede participar?",
        "it": "Chi può partecipare?",
        "pl": "Kto może wziąć udział?",
        "nl": "Wie kan deelnemen?",
        "pt": "Quem pode participar?",
    },
    "how_to_apply": {
        "de": "Wie beantrage ich das?",
        "fr": "Comment candidater ?",
        "es": "¿Cómo solicitar la ayuda?",
        "it": "Come candidarsi?",
        "pl": "Jak złożyć wniosek?",
        "nl": "Hoe vraag ik het aan?",
        "pt": "Como candidatar-se?",
    },
    "period": {
        "de": "Wann war das?",
        "fr": "Quand était-ce ?",
        "es": "¿Cuándo fue?",
        "it": "Quando è stato?",
        "pl": "Kiedy to było?",
        "nl": "Wanneer was dat?",
        "pt": "Quando foi?",
    },
    "status": {
        "de": "Ist das noch offen?",
        "fr": "Est-ce encore ouvert ?",
        "es": "¿Sigue abierto?",
        "it": "È ancora aperto?",
        "pl": "Czy to nadal otwarte?",
        "nl": "Is het nog open?",
        "pt": "Ainda está aberto?",
    },
}


@pytest.mark.parametrize("aspect", sorted(ASKS))
@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_every_reply_language_has_the_aspect_cues(answerer, aspect: str, language: str) -> None:
    cues = answerer.cue_text(ASKS[aspect][language], language)
    assert aspect in card_aspects(cues), cues


def test_how_many_asks_for_a_count_in_every_language(answerer) -> None:
    questions = {
        "de": "Wie viele KMU?",
        "fr": "Combien de PME ?",
        "es": "¿Cuántas pymes?",
        "it": "Quante PMI?",
        "pl": "Ile MŚP?",
        "nl": "Hoeveel mkb-bedrijven?",
        "pt": "Quantas PME?",
    }
    for language, question in questions.items():
        cues = answerer.cue_text(question, language)
        assert wanted_kind(cues) == "count" and "smes" in cues.split(), (language, cues)


def test_english_and_unknown_languages_are_read_as_written(answerer) -> None:
    assert answerer.cue_text("how much?", "en") == "how much?"
    # a language outside the lexicon (Czech is in it since session 11)
    assert answerer.cue_text("Ne kadar para?", "tr") == "Ne kadar para?"
    assert answerer.cue_text("Kolik peněz?", "cs").startswith("how much money ;")
    assert answerer.cue_text("how much?", None) == "how much?"


def test_prefix_cues_match_inflected_words() -> None:
    lexicon = load_lexicon()
    assert "projects" in lexicon.gloss("Ile projektów sfinansowano?", "pl").split()
    assert "money" in lexicon.gloss("Ile pieniędzy?", "pl").split()


def test_question_words_do_not_make_a_capitalised_name() -> None:
    lexicon = load_lexicon()
    function = lexicon.languages["nl"].function
    text = lexicon.name_text("Hoeveel MKB-bedrijven bereiken de projecten?", "nl")
    assert capitalised_runs(text, function) == ["MKB-bedrijven"]
    text = lexicon.name_text("Wer kann beim Nordseeprogramm für Offshore-Cluster mitmachen?", "de")
    assert capitalised_runs(text, lexicon.languages["de"].function) == [
        "Nordseeprogramm für Offshore-Cluster"
    ]


def test_a_lower_case_programme_word_before_a_name_starts_it() -> None:
    lexicon = load_lexicon()

    def lead(language: str):
        return lambda word: lexicon.programme_word_in(word, language) is not None

    it = lexicon.languages["it"].function
    text = lexicon.name_text("Chi finanzia il programma europeo Cluster Tirreno Blu?", "it")
    assert capitalised_runs(text, it, lead("it")) == ["programma europeo Cluster Tirreno Blu"]
    assert capitalised_runs(text, it) == ["Cluster Tirreno Blu"]
    pt = lexicon.languages["pt"].function
    text = lexicon.name_text("Quanto paga o programa Lusitano Verde?", "pt")
    assert capitalised_runs(text, pt, lead("pt")) == ["programa Lusitano Verde"]
    # any other word before the name leaves it as it is
    text = lexicon.name_text("Quem apoia a rede Lusitano Verde?", "pt")
    assert capitalised_runs(text, pt, lead("pt")) == ["Lusitano Verde"]


def test_distinctive_words_leave_out_what_every_name_shares(answerer) -> None:
    foreign = answerer.names.foreign
    assert foreign.distinctive("Programme Alpin pour les Clusters Verts", "fr") == (
        "programme alpin verts"
    )
    assert foreign.distinctive("Waddenfonds voor Clusters", "nl") == "wadden fonds"
    # "Geld" asks, "Cluster-" is shared, "-programms" is the programme word
    assert foreign.distinctive("Geld des Cluster-Internationalisierungsprogramms", "de") == (
        "internationalisierungs programms"
    )
    assert foreign.distinctive("Programa Europeu", "pt") == ""


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("Bałtycki Fundusz Klastrów", "pl", True),
        ("Waddenfonds voor Clusters", "nl", True),
        ("Programa Atlântico", "pt", True),
        ("Europejskie Forum Polityki Klastrowej", "pl", False),
        ("Cluster Excellence", "it", False),
    ],
)
def test_programme_words_of_each_language(name: str, language: str, expected: bool) -> None:
    assert load_lexicon().has_programme_word(name, language) is expected


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wer darf beim Bayerischen Wasserstoff-Clusterfonds mitmachen?", "de"),
        ("Quel est le budget du Fonds Atlantique pour les Grappes Numériques ?", "fr"),
        ("¿Cuánto paga el Programa Ibérico de Clústeres Solares?", "es"),
        ("Chi può partecipare al Fondo Alpino per i Cluster del Legno?", "it"),
        ("Ile pieniędzy ma Bałtycki Fundusz Klastrów Morskich?", "pl"),
        ("Wie kan meedoen aan de Noordzee Clusterregeling?", "nl"),
        ("Quem pode candidatar-se ao Programa Atlântico de Clusters Azuis?", "pt"),
        # the programme word in lower case before the name
        ("Quanto financia o programa Lusitano Cluster Digital?", "pt"),
        ("Comment candidater au programme européen Grappes Alpines Solaires ?", "fr"),
        ("Quanto costa il programma europeo Cluster Tirreno Blu?", "it"),
        ("Ile daje program Śląski Bon Innowacyjny?", "pl"),
    ],
)
def test_invented_programmes_in_other_languages_are_not_known(
    answerer, question: str, language: str
) -> None:
    answer = answerer.answer(question, language=language)
    assert answer["verdict"] == "not_known"
    assert answer["unknown_name"] and answer["value"] is None and answer["alternatives"] == []


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Ile MŚP obejmuje program Cluster Excellence?", "pl"),
        ("Hoeveel MKB-bedrijven bereiken de INNOSUP-1-projecten?", "nl"),
        ("Läuft das Programm COSME noch?", "de"),
        ("Quanto vale un voucher INNOSUP-1?", "it"),
        ("Combien de PME INNOSUP-1 soutient-il directement ?", "fr"),
        ("Quanto financiou o programa COSME?", "pt"),
        ("Qual è il budget del programma europeo COSME?", "it"),
    ],
)
def test_real_questions_in_other_languages_are_not_refused(
    answerer, question: str, language: str
) -> None:
    assert answerer.unknown_name(question, language) is None


def test_floors_per_language(answerer) -> None:
    assert answerer.floor_for("de") == 2.0
    assert answerer.floor_for("fr") == answerer.floor == answerer.floor_for(None)
    question = "INNOSUP-1: how many SMEs supported directly?"
    assert answerer.answer(question, language="de")["verdict"] == "not_known"
    assert answerer.answer(question, language="en")["card_id"] == "innosup-1-smes-direct"


def test_numbers_and_email_values() -> None:
    assert numbers_of("the first 15 projects in 2018-2019, €4.3 million, 60,000 SMEs") == {
        "15",
        "2018",
        "2019",
        "4.3",
        "60000",
    }
    assert "email" in value_kinds("GROW-CLUSTERS@ec.europa.eu")
    assert wanted_kind("What is the e-mail of the clusters unit?") == "email"


def test_a_number_the_question_writes_picks_its_card(answerer) -> None:
    first = answerer.answer("ESCP-4i: how much money went to the first 15 projects?")
    assert first["card_id"] == "escp-4i-projects"
    later = answerer.answer("ESCP-4i: how much money went to the 23 new projects?")
    assert later["card_id"] == "escp-4i-2018-2019"


def test_malformed_lexicon_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yml"
    path.write_text("de:\n  function: []\n  cues:\n    Wie Viele: how many\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_lexicon(path)
    path.write_text("de: [1, 2]\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_lexicon(path)


def test_undecided_language_function_words_name_no_programme(answerer) -> None:
    # too short for the detector: the language is undecided, the English check reads it
    assert answerer.unknown_name("Czym jest program COSME?", None) is None
    assert answerer.unknown_name("Wat is het programma COSME?", None) is None
    # an English lower-case name is still checked as before
    assert answerer.unknown_name("What is the innovation fund?", None) == "innovation fund"
