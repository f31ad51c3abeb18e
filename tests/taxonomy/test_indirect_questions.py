"""Indirect questions: a forwarded or reported request asks, in each of the eight reply languages
(the fact routing's side: tests/knowledge/facts/test_indirect_is_question.py).

Written for this test (a client's question relayed by an adviser), not from any evaluation set.
"""

from __future__ import annotations

import pytest

from taxonomy.questions import asks_indirectly

INDIRECT = [
    ("She would like to know who can apply to Euroclusters.", "en"),
    ("The client wonders whether a micro company is eligible", "en"),
    ("He asked me if the platform is free for clusters", "en"),
    ("Sie möchte wissen, ob auch Handwerksbetriebe mitmachen dürfen.", "de"),
    ("Der Kunde fragt, wer den Antrag stellen kann", "de"),
    ("Elle voudrait savoir qui peut déposer un dossier.", "fr"),
    ("Mon client se demande si les PME sont éligibles", "fr"),
    ("Mi cliente quiere saber quién puede presentarse.", "es"),
    ("Nos pregunta si hay un límite de presupuesto", "es"),
    ("Un cliente mi chiede se le PMI possono partecipare.", "it"),
    ("Vorrebbe sapere chi gestisce la piattaforma", "it"),
    ("Klientka pyta, czy mała firma może wziąć udział.", "pl"),
    ("Chciałaby wiedzieć, kto prowadzi ten program", "pl"),
    ("Hij wil graag weten wie mag deelnemen.", "nl"),
    ("Ze vraagt of kleine bedrijven ook welkom zijn", "nl"),
    ("Ela gostaria de saber quem pode candidatar-se.", "pt"),
    ("O cliente pergunta se há custos", "pt"),
]
NOT_INDIRECT = [
    "clusters in the automotive sector in Bavaria",
    "We need partners for hydrogen storage",
    "Wir suchen Partner in Polen für Medizintechnik",
    "une demande de subvention pour le textile",
    "cerco cluster agroalimentari in Toscana",
    "szukam klastrów w branży meblarskiej",
    "we want to find a cluster in Portugal",
]


@pytest.mark.parametrize(("text", "language"), INDIRECT, ids=lambda v: str(v)[:24])
def test_an_indirect_question_asks(text: str, language: str) -> None:
    assert asks_indirectly(text)


@pytest.mark.parametrize("text", NOT_INDIRECT, ids=lambda v: v[:24])
def test_a_request_is_no_indirect_question(text: str) -> None:
    assert not asks_indirectly(text)


def test_bad_input_never_crashes() -> None:
    assert not asks_indirectly("")
    assert not asks_indirectly("?" * 5000)
