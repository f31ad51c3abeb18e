"""The language detector marks DE/FR/ES/IT/PL messages and leaves English ones alone."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.components.language import LanguageDetector, detect_language, language_span
from bot.nlu.gazetteer import REPO_ROOT


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hallo, ich suche einen Partner für Wasserstoff", "de"),
        ("bonjour, je cherche des partenaires en Italie", "fr"),
        ("hola, busco socios para un proyecto de reciclaje", "es"),
        ("ciao, cerco un cluster per l'agricoltura di precisione", "it"),
        ("dzień dobry, szukam partnera w dziedzinie energii", "pl"),
    ],
)
def test_detects_supported_languages(text, code):
    assert detect_language(text) == code


def test_english_training_examples_are_not_marked():
    data = load_data(str(REPO_ROOT / "data" / "nlu"))
    marked = [
        ex.get("text")
        for ex in data.training_examples
        if ex.get("intent") not in ("other_language", "greet", "goodbye")
        and detect_language(ex.get("text"))
    ]
    assert marked == []


def test_other_language_training_examples_are_marked():
    data = load_data(str(REPO_ROOT / "data" / "nlu" / "language.yml"))
    examples = [ex.get("text") for ex in data.training_examples]
    assert len(examples) >= 30
    missed = [text for text in examples if detect_language(text) is None]
    assert missed == []


@pytest.mark.parametrize("text", ["", "   ", "🚀", "x" * 20000, None, "<b>hi</b>"])
def test_odd_input_is_ignored(text):
    assert detect_language(text) is None


def test_process_marks_the_first_language_word_beside_other_entities():
    text = "wir suchen einen Partner in Österreich"
    country = {"entity": "country", "value": "AT", "start": 28, "end": 38}
    message = Message(data={"text": text, "entities": [dict(country)]})
    [out] = LanguageDetector({}).process([message])
    assert out.get("entities") == [
        country,
        {
            "entity": "language",
            "value": "de",
            "start": 0,
            "end": 3,
            "confidence": 1.0,
            "extractor": "LanguageDetector",
        },
    ]


@pytest.mark.parametrize(
    ("text", "code", "marker"),
    [
        ("Ich suche einen Cluster für Wasserstoff in Bayern", "de", "Ich"),
        # "de" is taken by the region entity, so the next French function word marks the text.
        ("Île-de-France: je cherche des partenaires", "fr", "je"),
        ("Größe Straße", "de", "Größe"),  # no function word: the first word with "ö"
        ("¿¿ convocatorias abiertas?", "es", "¿"),  # no word at all: the first "¿"
    ],
)
def test_language_span_never_overlaps_other_entities(text, code, marker):
    taken = [(0, 13)] if text.startswith("Île") else []
    start, end = language_span(text, code, taken)
    assert detect_language(text) == code
    assert text[start:end] == marker
    assert all(end <= t_start or start >= t_end for t_start, t_end in taken)


def test_message_without_a_free_marker_gets_no_entity():
    text = "je cherche"
    taken = [(0, len(text))]
    assert language_span(text, "fr", taken) is None
    message = Message(data={"text": text, "entities": [{"entity": "x", "start": 0, "end": 10}]})
    [out] = LanguageDetector({}).process([message])
    assert [e["entity"] for e in out.get("entities")] == ["x"]
