"""The partner search's filters understand place names in the users' languages.

The gazetteer side is tested on the built spaCy pipeline in ``tests/bot/nlu/test_native_place_entities.py``
with the same table (:mod:`tests.taxonomy.native_places`). Needs pycountry (action environment).
"""

from __future__ import annotations

import pytest

from tests.taxonomy.native_places import NATIVE_PLACES

pytest.importorskip("pycountry")


@pytest.mark.parametrize(("sentence", "surface", "label", "value", "code"), NATIVE_PLACES)
def test_native_name_gives_the_filter(sentence, surface, label, value, code):
    from knowledge.filters import normalise_country
    from knowledge.regions import region_table

    if label == "country":
        assert normalise_country(surface) == code
        assert normalise_country(value) == code
    else:
        for text in (surface, value):
            resolved = region_table().resolve(text).codes
            assert any(code.startswith(r) or r.startswith(code) for r in resolved), (text, resolved)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Tschechien", "CZ"), ("Tsjechië", "CZ"), ("Hiszpania", "ES"), ("Spanje", "ES"),
     ("Duitsland", "DE"), ("Bélgica", "BE"), ("Ελλάδα", "GR"), ("Suomi", "FI"),
     ("Magyarország", "HU"), ("Schweiz", "CH"), ("Noorwegen", "NO")],
)  # fmt: skip
def test_country_names_in_the_reply_languages_and_endonyms(name, code):
    from knowledge.filters import normalise_country

    assert normalise_country(name) == code


def test_a_foreign_name_never_gives_another_country():
    from knowledge.filters import normalise_country

    # "Holandia" is Polish for the Netherlands, "Cechia" Italian for Czechia.
    assert normalise_country("Holandia") == "NL"
    assert normalise_country("Cechia") == "CZ"
    assert normalise_country("Paesi Bassi") == "NL"
