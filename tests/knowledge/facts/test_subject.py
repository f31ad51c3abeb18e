"""The subject of a fact question weighed against what each card states (knowledge/facts/subject.py).

Questions written from the cards (the observatory's tasks, the three strands, jobs, the
labelling grant), in several languages; none from an evaluation set. The ranking tests use the
fake embedder, so the subject match and the lexicon glosses carry them.
"""

from __future__ import annotations

import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer
from knowledge.facts.subject import (
    MAX_SUBJECTS,
    SUBJECT_BOOST,
    card_subjects,
    subject_boost,
    subjects_of,
)
from knowledge.instruments import load_catalogue


@pytest.fixture(scope="module")
def answerer():
    return build_answerer(load_catalogue(), FakeEmbedder(256))


def test_a_question_and_a_card_share_subjects_by_their_words() -> None:
    assert subjects_of("how many jobs do clusters give") == {"jobs"}
    assert subjects_of("Which unit of DG GROW ... who headed it") >= {"unit", "directorate", "head"}
    assert subjects_of("") == frozenset()
    assert card_subjects("X maps cluster strengths.", "mapping", ("tasks",)) == {"tasks"}


def test_the_boost_counts_shared_subjects_up_to_a_cap() -> None:
    asked = frozenset({"jobs", "countries", "labels"})
    assert subject_boost(asked, frozenset()) == 0.0
    assert subject_boost(asked, frozenset({"jobs"})) == pytest.approx(SUBJECT_BOOST)
    assert subject_boost(asked, asked) == pytest.approx(SUBJECT_BOOST * MAX_SUBJECTS)


@pytest.mark.parametrize(
    ("question", "language", "card"),
    [
        ("What are the tasks of the European Observatory for Clusters?", None, "observatory-tasks"),
        (
            "Welche Aufgaben hat die Europäische Beobachtungsstelle für Cluster?",
            "de",
            "observatory-tasks",
        ),
        (
            "Quali sono i compiti dell'Osservatorio europeo per i cluster?",
            "it",
            "observatory-tasks",
        ),
        ("In which three strands do EU cluster initiatives work?", None, "policy-three-strands"),
        (
            "Quels sont les trois axes des initiatives européennes pour les clusters ?",
            "fr",
            "policy-three-strands",
        ),
        ("why do clusters matter?", None, "facts-why-clusters-matter-2019"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_the_card_stating_the_asked_subject_wins(answerer, question, language, card) -> None:
    assert answerer.rank(question, language=language)[0].card.id == card
