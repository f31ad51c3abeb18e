"""Label levels written inside compounds or in declined forms (actions/dialogue/labels.py).

The phrases are written from the label levels of the partner profiles ("ECEI Gold Label",
"ESCA silver") as users of the eight reply languages would write them; none comes from an
evaluation set.
"""

from __future__ import annotations

import pytest

from actions.dialogue.labels import asks_for_labelled_clusters, label_in_text, with_text_label
from actions.dialogue.parsing import partner_request


@pytest.mark.parametrize(
    ("text", "level", "span"),
    [
        ("alleen de zilver-gelabelde graag", "silver", "zilver-gelabelde"),
        ("toon de goudgelabelde clusters", "gold", "goudgelabelde"),
        ("nur die silberzertifizierten Netzwerke", "silver", "silberzertifizierten"),
        ("bitte nur Gold-zertifizierte", "gold", "Gold-zertifizierte"),
        ("nur mit goldenen Labels", "gold", "goldenen Labels"),
        ("tylko te ze srebrnymi znakami", "silver", "srebrnymi znakami"),
        ("klastry ze złotą etykietą", "gold", "złotą etykietą"),
        ("só os que têm selo de prata", "silver", "selo de prata"),
        ("quelli con marchi d'argento", "silver", "marchi d'argento"),
        ("solo i cluster con etichetta oro", "gold", "etichetta oro"),
        ("únicamente con sello de bronce", "bronze", "sello de bronce"),
        ("juste les labellisés bronze", "bronze", "labellisés bronze"),
        ("only the bronze-certified ones", "bronze", "bronze-certified"),
    ],
)
def test_a_level_with_a_label_word_is_a_label(text, level, span):
    found = label_in_text(text)
    if level is None:
        assert found is None
        return
    assert found is not None and found["value"] == f"{level} label"
    assert text[found["start"] : found["end"]] == span


@pytest.mark.parametrize(
    "text",
    [
        "clusters for gold mining equipment",
        "silver nanoparticles for coatings",
        "il settore dell'oro e dell'argento",
        "bronze casting foundries",
        "label printing machines",
        "",
    ],
)
def test_a_level_or_a_label_word_alone_is_no_label(text):
    assert label_in_text(text) is None


def test_one_label_entity_at_most():
    nlu = [{"entity": "label", "value": "silver label", "start": 0, "end": 12}]
    assert with_text_label("silver label goud-gelabelde", nlu) == nlu
    added = with_text_label("goud-gelabelde graag", [])
    assert [e["value"] for e in added] == ["gold label"]
    any_label = [{"entity": "label", "value": "any label", "start": 0, "end": 5}]
    assert [e["value"] for e in with_text_label("label goud-gelabelde", any_label)] == [
        "gold label"
    ]


def test_a_partner_request_takes_the_compound_as_its_label_filter():
    request = partner_request("maritieme clusters, alleen de goudgelabelde", [])
    assert request.filters.label == "gold"
    assert "goudgelabelde" not in request.query
    assert "maritieme" in request.query


def test_a_level_next_to_a_label_nlu_read_without_level_names_the_level():
    text = "seulement les pôles labellisés bronze en Pologne"
    start = text.index("pôles labellisés")
    nlu = [{"entity": "label", "value": "pôles labellisés", "start": start, "end": start + 16}]
    request = partner_request(text, nlu)
    assert request.filters.label == "bronze"
    # a label NLU read with its level stands
    gold = [{"entity": "label", "value": "gold label", "start": 0, "end": 5}]
    assert with_text_label("gold label, labellisés bronze", gold) == gold


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("les pôles avec le label or", "label or"),
        ("uniquement les clusters labellisés or", "labellisés or"),
    ],
)
def test_french_or_is_gold_only_right_after_a_label_word(text, span):
    found = label_in_text(text)
    assert found is not None and found["value"] == "gold label"
    assert text[found["start"] : found["end"]] == span


@pytest.mark.parametrize(
    "text", ["clusters or networks in France", "or label printing", "le label, or les clusters"]
)
def test_french_or_elsewhere_is_a_conjunction(text):
    assert label_in_text(text) is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Cluster mit dem Label Gold", "gold"),
        ("Netzwerke und Cluster mit silbernem Siegel", "silver"),
        ("pôles de compétitivité labellisés bronze", "bronze"),
        ("clusters avec un label argent", "silver"),
        ("clústeres con sello plata", "silver"),
        ("cluster con etichetta d'argento", "silver"),
        ("klastry ze złotym certyfikatem", "gold"),
        ("klastry z brązowym labelem", "bronze"),
        ("clusters met zilver label", "silver"),
        ("clusters met het gouden label", "gold"),
        ("clusters com selo ouro", "gold"),
        ("which clusters hold a bronze label", "bronze"),
    ],
)
def test_a_label_level_with_a_cluster_word_asks_for_labelled_clusters(text, level):
    assert asks_for_labelled_clusters(text, []) == level


@pytest.mark.parametrize(
    "text",
    [
        "how does a cluster get a gold label",
        "jak nasz klaster może zdobyć brązowy label",
        "comment un cluster obtient-il le label or",
        "wie bekommt ein Cluster das Gold-Label",
        "what does the silver label mean for a cluster",
        "¿cuánto cuesta el sello de oro para un clúster?",
        "a gold label",  # no cluster word: not a search by itself
        "clusters for gold mining",  # no label
    ],
)
def test_questions_about_the_label_are_no_search(text):
    assert asks_for_labelled_clusters(text, []) is None


def test_nlu_label_entity_counts_too():
    nlu = [{"entity": "label", "value": "gold label", "start": 8, "end": 20}]
    assert asks_for_labelled_clusters("clusters gouden label", nlu) == "gold"
