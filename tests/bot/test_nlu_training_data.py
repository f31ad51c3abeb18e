"""NLU training data agrees with the gazetteer pipeline that extracts the entities at run time.

Entities come only from the spaCy EntityRuler (no trained component learns them), so every annotation in
data/nlu must be exactly what the ruler finds in that example, and nothing the ruler finds may be
left unannotated.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import yaml

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import spacy

from bot.nlu.spacy_build import build_and_save
from bot.ops.domain import load_domain
from bot.settings import REPO_ROOT

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.loading import load_data

INTENTS = (
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "help",
    "find_partners",
    "affirm",
    "deny",
    "out_of_scope",
    "inform",
    "find_calls",
    "ask_instrument",
    "ask_cluster_facts",
    "ask_call_status",
    "request_human",
    "show_more",
    "select_result",
    "find_similar",
    "feedback",
    "faq",
)


@pytest.fixture(scope="module")
def training_data():
    return load_data(str(REPO_ROOT / "data" / "nlu"))


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return spacy.load(build_and_save(tmp_path_factory.mktemp("spacy") / "cluster_en"))


def test_every_line_of_an_example_block_is_an_example():
    # Rasa skips (with a warning) a line of an ``examples: |`` block that does not start with "- ":
    # a "# comment" inside the block is not a YAML comment but a lost line of text.
    stray = []
    for path in sorted((REPO_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            examples = block.get("examples") if isinstance(block, dict) else None
            for line in (examples or "").splitlines():
                if line.strip() and not line.lstrip().startswith("- "):
                    stray.append(f"{path.name}: {line.strip()}")
    assert stray == []


def test_every_intent_has_at_least_25_examples(training_data):
    counts = Counter(ex.get("intent") for ex in training_data.training_examples)
    assert {intent: n for intent, n in counts.items() if n < 25} == {}
    assert set(INTENTS) <= set(counts)


def test_annotations_match_what_the_ruler_extracts(training_data, nlp):
    mismatches = []
    for ex in training_data.training_examples:
        text = ex.get("text")
        gold = sorted((e["start"], e["end"], e["entity"]) for e in ex.get("entities") or [])
        found = sorted((e.start_char, e.end_char, e.label_) for e in nlp(text).ents)
        if gold != found:
            mismatches.append(
                f"{text!r}: annotated {[(text[s:e], lab) for s, e, lab in gold]}, "
                f"ruler finds {[(text[s:e], lab) for s, e, lab in found]}"
            )
    assert mismatches == []


def test_find_partners_examples_cover_every_entity_type(training_data):
    labels = {
        e["entity"]
        for ex in training_data.training_examples
        if ex.get("intent") == "find_partners"
        for e in ex.get("entities") or []
    }
    assert labels >= {
        "country",
        "region",
        "label",
        "sector",
        "technology",
        "instrument",
        "organisation_type",
    }


def test_faq_has_at_least_25_topics_each_with_an_answer(training_data):
    topics = {
        ex.get("intent_response_key")
        for ex in training_data.training_examples
        if ex.get("intent") == "faq"
    }
    assert len(topics) >= 25
    domain = load_domain()
    answers = {k.removeprefix("utter_") for k in domain["responses"] if k.startswith("utter_faq/")}
    assert topics == answers


def test_heldout_examples_are_not_in_training_data(training_data):
    heldout = load_data(str(REPO_ROOT / "tests" / "nlu" / "heldout.yml"))
    train = {ex.get("text").lower() for ex in training_data.training_examples}
    assert [
        ex.get("text") for ex in heldout.training_examples if ex.get("text").lower() in train
    ] == []


def test_heldout_split_measures_every_intent_and_enough_out_of_scope():
    heldout = load_data(str(REPO_ROOT / "tests" / "nlu" / "heldout.yml"))
    counts = Counter(ex.get("intent") for ex in heldout.training_examples)
    assert set(INTENTS) <= set(counts)
    # out_of_scope recall is a gated target: a handful of texts would make it a coin toss.
    assert counts["out_of_scope"] >= 20
