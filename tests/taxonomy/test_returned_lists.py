"""Which kind of list a reference names, and a return to a list ("back to the partners",
"zurück zu den Clustern", "revenons aux partenaires"): taxonomy/references.py."""

from __future__ import annotations

import pytest

from taxonomy.references import (
    asks_reason_for_result,
    asks_why,
    feature_for_shown,
    position_in,
    referred_kind,
    returned_to,
)

RETURNS = [
    ("Back to the partners: why did you suggest the first one?", "partners"),
    ("ok, going back to the clusters - the second one?", "partners"),
    ("Zurück zu den Clustern, warum der erste?", "partners"),
    ("zurück zu den Ausschreibungen bitte", "calls"),
    ("Revenons aux partenaires : pourquoi le premier ?", "partners"),
    ("retour aux appels, le deuxième", "calls"),
    ("Volvamos a los clústeres, ¿por qué el primero?", "partners"),
    ("Torniamo ai bandi: il secondo?", "calls"),
    ("Wróćmy do klastrów - dlaczego pierwszy?", "partners"),
    ("Terug naar de oproepen, de tweede", "calls"),
    ("Voltando aos parceiros, porquê o primeiro?", "partners"),
    ("Vraťme se ke klastrům", "partners"),
    ("Tillbaka till klustren", "partners"),
]


@pytest.mark.parametrize(("text", "kind"), RETURNS)
def test_a_return_names_the_kind_gone_back_to(text, kind):
    assert returned_to(text)[0] == kind
    assert referred_kind(text) == (kind, True)


@pytest.mark.parametrize(
    "text",
    [
        "back to me when you can",
        "I will come back to this later",
        "torno domani",
        "the one called Bilbao",
        "tell me about the second one, does it have calls?",
        "why this one?",
    ],
)
def test_no_return_and_no_kind(text):
    assert returned_to(text)[0] is None
    assert referred_kind(text) == (None, False)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("why did you suggest the second cluster?", "partners"),
        ("le deuxième cluster", "partners"),
        ("Warum dieser Cluster?", "partners"),
        ("dlaczego ten klaster?", "partners"),
        ("o segundo parceiro", "partners"),
        ("why that call?", "calls"),
        ("il terzo bando", "calls"),
        ("pourquoi cet appel ?", "calls"),
        ("de eerste oproep", "calls"),
    ],
)
def test_a_kind_noun_the_reference_stands_on(text, kind):
    assert referred_kind(text) == (kind, False)


@pytest.mark.parametrize(
    "text",
    [
        "Back to the partners: why did you suggest the first one?",
        "Zurück zu den Clustern - warum habt ihr den ersten vorgeschlagen?",
        "Revenons aux partenaires : pourquoi le premier ?",
        "Terug naar de clusters, waarom de eerste?",
    ],
)
def test_why_after_a_return_clause(text):
    assert asks_why(text)


def test_a_return_alone_asks_no_why():
    assert not asks_why("back to the partners please")


@pytest.mark.parametrize(
    "text",
    [
        "partners for the first call",
        "Partner für die zweite Ausschreibung",
        "partenaires pour le premier appel",
        "socios para la primera convocatoria",
        "partner per il primo bando",
        "klastry do pierwszego naboru",
        "partners voor de eerste oproep",
        "parceiros para o primeiro concurso",
    ],
)
def test_partners_for_a_shown_call_is_a_partner_search(text):
    assert feature_for_shown(text) == "find_partners"


@pytest.mark.parametrize(
    "text",
    [
        "is the first call open for partners from Norway?",
        "the second one",
        "partners for that call",
        "calls for the second cluster",
        "back to the clusters, partners for the first call",
    ],
)
def test_no_partner_search_for_a_shown_call(text):
    assert feature_for_shown(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Et le premier cluster, pourquoi ?",
        "Pouvez-vous m'expliquer pourquoi le premier partenaire ?",
        "Z jakiego powodu pierwszy klaster?",
        "Terug naar de clusters: waarom staat de eerste bovenaan?",
        "¿Por qué motivo el primer clúster?",
        "Per quale motivo il primo cluster?",
        "O primeiro parceiro, porquê?",
        "Aus welchem Grund der zweite Cluster?",
    ],
)
def test_a_reason_asked_anywhere_about_a_position(text):
    assert asks_reason_for_result(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is the first step to join a cluster and why",
        "the first cluster, what does it do?",
        "quiero el primer clúster porque trabaja en energía",
        "why should we join a cluster?",
    ],
)
def test_no_reason_about_a_position(text):
    assert not asks_reason_for_result(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Nochmal zu den Clustern: wieso der erste?", "partners"),
        ("Um auf die Cluster zurückzukommen: warum der erste?", "partners"),
    ],
)
def test_german_returns_with_the_noun_first(text, kind):
    assert returned_to(text)[0] == kind


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("¿Y el tercero de la lista?", 3),
        ("E il primo della lista?", 1),
        ("der erste auf der Liste", 1),
        ("and the second on the list?", 2),
    ],
)
def test_a_position_on_the_list(text, position):
    assert position_in(text) == position


def test_first_of_all_is_no_position():
    assert position_in("first of all, what is a cluster") is None


@pytest.mark.parametrize(
    "text",
    [
        "Quanto aos parceiros, porque é que o primeiro aparece?",
        "Noch mal kurz zu den Clustern: wie kommt ihr auf den ersten?",
    ],
)
def test_more_reason_shapes(text):
    assert asks_reason_for_result(text)
