"""Words that are no evidence of a language do not vote (session 9): programme names, country
names written alike in many languages, the product's shared words ("cluster", "partners").

Built from the sources: the programme names of knowledge/data/instruments.yml and the country
names of the CLDR table (knowledge/data/taxonomies/country_names_cldr.csv), each placed in a
short request frame written for this test in each reply language.
"""

from __future__ import annotations

import csv

import pytest
import yaml

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.cldr_countries import CLDR_CSV
from bot.nlu.language import (
    LanguageDetector,
    candidate_languages,
    identify_language,
    name_spans,
)
from bot.nlu.language_votes import function_word_votes, place_name_languages
from bot.settings import REPO_ROOT

INSTRUMENTS = REPO_ROOT / "knowledge" / "data" / "instruments.yml"

#: Who may apply to a programme, in each reply language (frames written for this test).
PROGRAMME_FRAMES = {
    "de": "Wer kann sich bei {} bewerben und wie läuft das?",
    "fr": "Qui peut participer à {} et comment faire ?",
    "es": "¿Quién puede participar en {} y cómo se hace?",
    "it": "Chi può partecipare a {} e come si fa?",
    "pl": "Kto może wziąć udział w {} i jak to zrobić?",
    "nl": "Wie kan deelnemen aan {} en hoe gaat dat?",
    "pt": "Quem pode participar no {} e como se faz?",
}
#: Partners in a country, in each reply language; the country's own CLDR name goes in.
COUNTRY_FRAMES = {
    "de": "Wir suchen Cluster in {} für unser Projekt",
    "fr": "Nous cherchons des clusters en {} pour notre projet",
    "es": "Buscamos clusters en {} para nuestro proyecto",
    "it": "Cerchiamo cluster in {} per il nostro progetto",
    "pl": "Szukamy klastrów w {} dla naszego projektu",
    "nl": "Wij zoeken clusters in {} voor ons project",
    "pt": "Procuramos clusters em {} para o nosso projeto",
}


def _programme_names() -> list[str]:
    document = yaml.safe_load(INSTRUMENTS.read_text(encoding="utf-8"))
    entries = document.get("instruments") if isinstance(document, dict) else document
    names = [entry["name"] for entry in entries if isinstance(entry, dict) and entry.get("name")]
    # names of several words in capitals: the ones another language's message quotes as is
    return [name for name in names if len(name.split()) >= 3 and name[0].isupper()]


def _country_names(code: str) -> list[str]:
    with CLDR_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return [
            row["name"] for row in csv.DictReader(handle, delimiter=";") if row["language"] == code
        ]


def test_programme_names_are_sampled_from_the_catalogue():
    assert len(_programme_names()) >= 8


@pytest.mark.parametrize("code", sorted(PROGRAMME_FRAMES))
def test_an_english_programme_name_does_not_outvote_the_language(code):
    names = _programme_names()
    found = [identify_language(PROGRAMME_FRAMES[code].format(name)) for name in names]
    right = sum(language == code for language in found)
    assert all(language in (code, None) for language in found), list(zip(names, found, strict=True))
    assert right >= len(names) - 1, list(zip(names, found, strict=True))


def test_english_names_in_capitals_are_found_but_not_sentence_starts_nor_german_nouns():
    text = "Chi può partecipare a European Cluster Collaboration Platform?"
    assert [text[a:b] for a, b in name_spans(text)] == ["European Cluster Collaboration Platform"]
    assert name_spans("Guten Morgen") == []
    assert name_spans("wir suchen Cluster Lebensmittel Italien") == []


@pytest.mark.parametrize("code", sorted(COUNTRY_FRAMES))
def test_country_names_of_the_language_never_make_it_another(code):
    names = _country_names(code)
    assert len(names) >= 40
    wrong = []
    for name in names:
        text = COUNTRY_FRAMES[code].format(name)
        start = text.index(name)
        found = identify_language(text, [(start, start + len(name), "country")])
        if found != code:
            wrong.append((name, found))
    assert len(wrong) <= len(names) // 50, wrong


def test_a_country_name_votes_by_the_languages_that_write_it():
    table = place_name_languages()
    assert "it" in table["italia"] and "es" in table["italia"] and "de" not in table["italia"]
    assert len(table["portugal"]) >= 5
    # a name of many languages weighs little; the function words decide
    votes = function_word_votes(["und", "der"], [table["portugal"]])
    assert max(votes, key=votes.__getitem__) == "de"


def test_shared_words_do_not_vote_and_labels_do():
    # "clusters" left out; the label's words are Portuguese evidence, the country is a name
    text = "clusters com selo de prata na Espanha"
    label = (text.index("selo"), text.index("selo") + len("selo de prata"), "label")
    country = (text.index("Espanha"), len(text), "country")
    assert identify_language(text, [label, country]) == "pt"


def test_a_short_message_carries_its_candidates_for_the_conversation_prior():
    # "en" is French, Spanish and Dutch: a decided short message says which it may be
    candidates = candidate_languages("tecnologías del agua en Austria")
    assert candidates and candidates[0] == "es"
    [out] = LanguageDetector({}).process([Message(data={"text": "auf Deutsch bitte"})])
    assert "candidates" not in out.get("language")
