"""The project's spaCy pipeline: gazetteer EntityRuler built from bot/gazetteers and knowledge/data.

The pipeline is built once per module into a temporary folder and reloaded with ``spacy.load``,
exactly as Rasa's SpacyNLP loads it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import spacy

from bot.nlu.gazetteer import (
    GAZETTEER_DIR,
    KNOWLEDGE_DATA_DIR,
    LABELS,
    REPO_ROOT,
    collect_patterns,
)
from bot.nlu.gazetteer_files import GazetteerError, load_gazetteer
from bot.nlu.spacy_build import build_and_save, main, synonyms_yaml


@pytest.fixture(scope="module")
def saved_dir(tmp_path_factory) -> Path:
    return build_and_save(tmp_path_factory.mktemp("spacy") / "cluster_en")


@pytest.fixture(scope="module")
def nlp(saved_dir):
    return spacy.load(saved_dir)


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "surface", "label", "value"),
    [
        ("we want partners in Germany", "Germany", "country", "DE"),
        ("a german SME", "german", "country", "DE"),
        ("Kontakte in Deutschland bitte", "Deutschland", "country", "DE"),
        ("clusters in germnay", "germnay", "country", "DE"),
        ("GERMANY please", "GERMANY", "country", "DE"),
        ("partners in Greece", "Greece", "country", "GR"),
        ("a partner from the UK", "UK", "country", "GB"),
        ("partners textile recycling PT", "PT", "country", "PT"),
        ("anything in Bavaria?", "Bavaria", "region", "Bavaria"),
        ("anything in Bayern?", "Bayern", "region", "Bavaria"),
        ("clusters in Catalonia", "Catalonia", "region", "Catalonia"),
        ("clusters in catalunya", "catalunya", "region", "Catalonia"),
        ("firms in Upper Austria", "Upper Austria", "region", "Upper Austria"),
        ("who does hydrogen storage", "hydrogen storage", "technology", "hydrogen storage"),
        ("who does hydrogne", "hydrogne", "technology", "hydrogen"),
        ("textile recycling partners", "textile recycling", "technology", "textile recycling"),
        ("ICT clusters in Finland", "ICT", "sector", "Digital & ICT"),
        ("agrifood clusters", "agrifood", "sector", "Agri-food"),
        ("can INNOSUP fund it", "INNOSUP", "instrument", "INNOSUP"),
        ("an ESCP-4i partnership", "ESCP-4i", "instrument", "ESCP-4i"),
        ("an INNOSUP-1 project", "INNOSUP-1", "instrument", "INNOSUP-1"),
        ("ask the EEN", "EEN", "instrument", "Enterprise Europe Network"),
        ("we are an SME", "SME", "organisation_type", "SME"),
        ("a research centre", "research centre", "organisation_type", "research centre"),
        ("gold label clusters", "gold label", "label", "gold label"),
        ("only gold-labelled ones", "gold-labelled", "label", "gold label"),
        ("and with a gold label?", "gold label", "label", "gold label"),
        ("ECEI gold clusters", "ECEI gold", "label", "gold label"),
        ("an ESCA silver label holder", "ESCA silver label", "label", "silver label"),
        ("show me labelled clusters", "labelled clusters", "label", "any label"),
        ("a cluster excellence label", "cluster excellence label", "label", "any label"),
        ("clusters in País Vasco", "País Vasco", "region", "Basque Country"),
        ("clusters in Attiki", "Attiki", "region", "Attica"),
        ("in the Northern Netherlands", "Northern Netherlands", "region", "Northern Netherlands"),
    ],
)
def test_gazetteer_values_are_recognised(nlp, text, surface, label, value):
    assert (surface, label, value) in ents(nlp, text)


def test_several_entities_in_one_message(nlp):
    text = "we're a german SME looking for a cluster in bavaria doing hydrogen storage"
    assert ents(nlp, text) == [
        ("german", "country", "DE"),
        ("SME", "organisation_type", "SME"),
        ("bavaria", "region", "Bavaria"),
        ("hydrogen storage", "technology", "hydrogen storage"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Is it in the list? No, it is not at the top, so it could be anywhere.",
        "no thanks, it is fine",
        "I am at the office, be right back",
        "it is what it is",
        "do it now or never, no",
        "we will be there at noon",
    ],
)
def test_short_words_are_not_countries(nlp, text):
    assert ents(nlp, text) == []


def test_iso_codes_only_match_in_capitals(nlp):
    assert ents(nlp, "partners in PT and DE") == [("PT", "country", "PT"), ("DE", "country", "DE")]
    assert ents(nlp, "pt de es") == []


def test_bare_gold_and_any_are_not_labels(nlp):
    # Values are phrases ("gold label", "any label"): the bare words stay ordinary words.
    assert ents(nlp, "any country is fine") == []
    assert [e for e in ents(nlp, "gold mining") if e[1] == "label"] == []
    assert ents(nlp, "what is ECEI") == [
        ("ECEI", "instrument", "European Cluster Excellence Initiative")
    ]


def test_een_is_the_network_only_as_the_acronym(nlp):
    # Dutch "een" is the article "a": "een cluster" names no Enterprise Europe Network.
    assert [
        e for e in ents(nlp, "wij zoeken een cluster in Nederland") if e[1] == "instrument"
    ] == []
    assert [e for e in ents(nlp, "Een partner voor waterstof") if e[1] == "instrument"] == []
    assert ("EEN", "instrument", "Enterprise Europe Network") in ents(nlp, "is the EEN free?")


def test_longest_match_wins(nlp):
    assert ents(nlp, "hydrogen storage") == [("hydrogen storage", "technology", "hydrogen storage")]
    assert ents(nlp, "Northern Ireland") == [("Northern Ireland", "region", "Northern Ireland")]
    assert ents(nlp, "ICT clusters") == [("ICT", "sector", "Digital & ICT")]


def test_saved_pipeline_reloads_like_rasa_loads_it(saved_dir):
    loaded = spacy.load(saved_dir, disable=["parser"])  # what SpacyNLP does
    assert loaded.pipe_names == ["entity_ruler"]
    assert loaded.meta["name"] == "cluster_en"
    assert len(loaded.vocab.vectors) == 0
    assert set(loaded.get_pipe("entity_ruler").labels) == set(LABELS)
    assert loaded.get_pipe("entity_ruler").phrase_matcher_attr == "LOWER"
    assert ents(loaded, "hydrogen in Bavaria") == [
        ("hydrogen", "technology", "hydrogen"),
        ("Bavaria", "region", "Bavaria"),
    ]


def test_build_replaces_an_existing_pipeline_and_leaves_no_temp_dirs(tmp_path):
    out = tmp_path / "cluster_en"
    out.mkdir()
    (out / "stale.txt").write_text("old build")
    build_and_save(out)
    assert not (out / "stale.txt").exists()
    assert (out / "meta.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cluster_en"]


def test_build_is_deterministic():
    first, second = collect_patterns(), collect_patterns()
    assert first.ruler_patterns() == second.ruler_patterns()
    assert first.fingerprint() == second.fingerprint()
    assert synonyms_yaml(first) == synonyms_yaml(second)


def test_no_phrase_pattern_is_shorter_than_three_characters():
    table = collect_patterns()
    assert all(len(p.text) >= 3 for p in table.phrases)
    assert {p.text.lower() for p in table.phrases}.isdisjoint({"in", "it", "be", "no", "at"})


def test_committed_synonyms_file_is_up_to_date():
    committed = (REPO_ROOT / "data" / "nlu" / "generated" / "synonyms.yml").read_text(
        encoding="utf-8"
    )
    assert committed == synonyms_yaml(collect_patterns()), (
        "data/nlu/generated/synonyms.yml is stale: run python -m bot.nlu.spacy_build "
        "--out var/spacy/cluster_en --synonyms data/nlu/generated/synonyms.yml"
    )


# --------------------------------------------------------------------------- malformed input


@pytest.fixture
def gazetteer_copy(tmp_path) -> Path:
    target = tmp_path / "gazetteers"
    shutil.copytree(GAZETTEER_DIR, target)
    return target


@pytest.fixture
def knowledge_copy(tmp_path) -> Path:
    """The knowledge data the builder reads: taxonomies (with regions.yml) and the corpus."""
    target = tmp_path / "knowledge_data"
    shutil.copytree(KNOWLEDGE_DATA_DIR / "taxonomies", target / "taxonomies")
    (target / "clusters").mkdir()
    shutil.copy(KNOWLEDGE_DATA_DIR / "clusters" / "cluster_profiles.jsonl", target / "clusters")
    return target


def test_malformed_entry_error_names_file_and_entry(knowledge_copy):
    # The region names are shared with the knowledge layer's region filter, in knowledge/data.
    path = knowledge_copy / "taxonomies" / "regions.yml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(
        "{value: Styria, nuts: AT22, aliases: [Styrian, Styrie, Estiria, Stiria, Stiermarken]}",
        "{value: Styria, nuts: AT22, aliases: 5}",
    )
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        collect_patterns(knowledge_dir=knowledge_copy)
    message = str(err.value)
    assert str(path) in message
    assert "(value 'Styria')" in message and "'aliases' must be a list" in message


def test_entry_without_value_is_reported_by_position(tmp_path):
    path = tmp_path / "sectors.yml"
    path.write_text("label: sector\nentries:\n  - value: Energy\n  - aliases: [x]\n")
    with pytest.raises(GazetteerError, match=r"sectors\.yml: entry 2: 'value' must be"):
        load_gazetteer(path, "sector")


def test_invalid_yaml_error_names_file_and_line(tmp_path):
    path = tmp_path / "instruments.yml"
    path.write_text("label: instrument\nentries:\n  - value: COSME\n    aliases: [a, b\n")
    with pytest.raises(GazetteerError, match=r"instruments\.yml: line \d+, column \d+: not valid"):
        load_gazetteer(path, "instrument")


def test_unquoted_yaml_boolean_is_caught(tmp_path):
    path = tmp_path / "countries.yml"
    path.write_text("label: country\nentries:\n  - value: NO\n    aliases: [Norge]\n")
    with pytest.raises(
        GazetteerError, match=r"entry 1: 'value' must be a non-empty string, got False"
    ):
        load_gazetteer(path, "country")


def test_one_alias_for_two_values_is_an_error(gazetteer_copy):
    path = gazetteer_copy / "instruments.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "aliases: [Eurocluster,", "aliases: [COSME programme,"
        ),
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError, match="can name only one thing") as err:
        collect_patterns(gazetteer_dir=gazetteer_copy)
    assert "instruments.yml" in str(err.value)


def test_cli_reports_bad_gazetteer_in_one_line(gazetteer_copy, tmp_path, capsys):
    (gazetteer_copy / "instruments.yml").write_text("label: technology\nentries: []\n")
    code = main(["--out", str(tmp_path / "out"), "--gazetteers", str(gazetteer_copy)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "instruments.yml" in err
    assert "'label' must be 'instrument'" in err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- inside Rasa


def test_rasa_components_extract_and_normalise_entities(saved_dir, tmp_path):
    pytest.importorskip("rasa")
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
    from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
    from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.message import Message

    config = {**SpacyNLP.get_default_config(), "model": str(saved_dir), "case_sensitive": True}
    spacy_nlp = SpacyNLP.create(config, None, None, None)  # storage is unused by SpacyNLP
    model = spacy_nlp.provide()
    extractor = SpacyEntityExtractor({"dimensions": list(LABELS)})
    mapper = EntitySynonymMapper.create(
        EntitySynonymMapper.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("synonyms"),
        None,
    )
    mapper.train(load_data(str(REPO_ROOT / "data" / "nlu" / "generated" / "synonyms.yml")))

    messages = [Message.build("partners for Hydrogne storage in Deutschland, ideally Bayern or PT")]
    spacy_nlp.process(messages, model)
    SpacyTokenizer(SpacyTokenizer.get_default_config()).process(messages)
    extractor.process(messages, model)
    mapper.process(messages)

    found = [(e["entity"], e["value"]) for e in messages[0].get("entities")]
    assert found == [
        ("technology", "hydrogen storage"),
        ("country", "DE"),
        ("region", "Bavaria"),
        ("country", "PT"),
    ]


def test_ordinal_patterns_and_synonyms():
    from bot.nlu.spacy_build import build_pipeline

    nlp = build_pipeline()
    found = [
        (e.text, e.label_, e.ent_id_)
        for e in nlp("details on the 2nd one and number 3, #4, nr 5").ents
    ]
    assert found == [
        ("2nd", "ordinal", "2"),
        ("number 3", "ordinal", "3"),
        ("#4", "ordinal", "4"),
        ("nr 5", "ordinal", "5"),
    ]
    assert [(e.text, e.ent_id_) for e in nlp("the last one").ents] == [("last", "-1")]
    synonyms = collect_patterns().synonyms()["ordinal"]
    assert synonyms["2"] == ["#2", "2nd", "nr 2", "number 2", "second"]
    assert synonyms["-1"] == ["last"]
