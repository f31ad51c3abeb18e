"""The spaCy gazetteer finds place names written in the users' languages, with the canonical
value the filters understand; and the CLDR country-name table is what its generator makes.

The same table of names is tested against the filters in ``tests/taxonomy/test_native_place_filters.py``.
"""

from __future__ import annotations

import pytest
import spacy

from bot.nlu import cldr_countries
from bot.nlu.spacy_build import build_and_save
from tests.taxonomy.native_places import NATIVE_PLACES


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return spacy.load(build_and_save(tmp_path_factory.mktemp("spacy") / "cluster_en"))


@pytest.mark.parametrize(("sentence", "surface", "label", "value", "code"), NATIVE_PLACES)
def test_native_place_name_is_recognised(nlp, sentence, surface, label, value, code):
    found = [(e.text, e.label_, e.ent_id_) for e in nlp(sentence).ents]
    assert (surface, label, value) in found


def test_cldr_country_table_is_up_to_date():
    committed = cldr_countries.CLDR_CSV.read_text(encoding="utf-8")
    assert committed == cldr_countries.render(cldr_countries.cldr_rows())


def test_cldr_table_has_every_eu_country_in_every_reply_language():
    rows = cldr_countries.cldr_rows()
    languages = {(code, lang) for _, code, _, lang in rows}
    missing = [
        (code, lang)
        for code in cldr_countries.EU_COUNTRIES
        for lang in ("de", "fr", "es", "it", "pl", "nl", "pt")
        if (code, lang) not in languages
    ]
    # A few are left out on purpose: a name shorter than four characters or one that already
    # names another country; none of the 189 pairs should be missing today.
    assert missing == []
