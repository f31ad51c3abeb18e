"""The language detector marks DE/FR/ES/IT/PL messages and leaves English ones alone."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.components.language import LanguageDetector, detect_language
from bot.spacy_pipeline import REPO_ROOT


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


@pytest.mark.parametrize("text", ["", "   ", "🚀", "x" * 20000, None, "<b>hi</b>"])
def test_odd_input_is_ignored(text):
    assert detect_language(text) is None


def test_process_adds_a_language_entity_over_the_whole_message():
    text = "wir suchen einen Partner in Österreich"
    message = Message(data={"text": text, "entities": [{"entity": "country", "value": "AT"}]})
    [out] = LanguageDetector({}).process([message])
    assert out.get("entities")[-1] == {
        "entity": "language",
        "value": "de",
        "start": 0,
        "end": len(text),
        "confidence": 1.0,
        "extractor": "LanguageDetector",
    }
    assert out.get("entities")[0]["entity"] == "country"
