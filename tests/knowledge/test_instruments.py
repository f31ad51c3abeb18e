"""The instrument catalogue: loading and validation, alias lookup, aspect selection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge.instruments import (
    DEFAULT_CATALOGUE,
    InstrumentCatalogueError,
    aspect_fields,
    load_catalogue,
    select_aspects,
)

GAZETTEER = Path(__file__).resolve().parents[2] / "bot" / "gazetteers" / "instruments.yml"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def write_catalogue(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "instruments.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_catalogue_loads_with_sources_and_dates(catalogue):
    assert len(catalogue) >= 20
    ids = [i.id for i in catalogue]
    assert len(ids) == len(set(ids))
    for instrument in catalogue:
        assert instrument.source_url.startswith(("https://", "http://")), instrument.id
        assert isinstance(instrument.as_of, date)
        if instrument.status == "historical":
            assert all(f.historical for f in instrument.figures), instrument.id
    assert catalogue.facts.historical
    assert len(catalogue.facts.facts) == 5


def test_ids_align_with_the_nlu_gazetteer(catalogue):
    """Entity values arrive as the gazetteer's canonical names; they must resolve exactly."""
    gazetteer = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    must_cover = {
        "Cluster Excellence Programme": "cluster-excellence-programme",
        "European Cluster Excellence Initiative": "cluster-labelling",
        "ESCP-4i": "escp-4i",
        "ESCP-S3": "escp-s3",
        "INNOSUP-1": "innosup-1",
        "INNOSUP": "innosup-1",
        "Interreg": "interreg",
        "EIT Knowledge and Innovation Communities": "eit-kics",
        "Euroclusters": "euroclusters",
        "Enterprise Europe Network": "een",
        "European Cluster Collaboration Platform": "eccp",
        "European Strategic Cluster Partnerships": "european-cluster-partnerships",
        "Single Market Programme": "single-market-programme",
        "COSME": "cosme",
    }
    values = {e["value"] for e in gazetteer["entries"]}
    for value, expected in must_cover.items():
        assert value in values, value
        assert catalogue.lookup(value).id == expected, value
    # Every gazetteer alias of a covered instrument resolves to the same entry.
    for entry in gazetteer["entries"]:
        target = catalogue.lookup(entry["value"])
        if target is None:
            continue
        for alias in entry["aliases"]:
            assert catalogue.lookup(alias) is target, alias


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("escp 4i", "escp-4i"),
        ("ESCP4I", "escp-4i"),
        ("  Escp-S3!! ", "escp-s3"),
        ("Enterprise Europ Netwrok", "een"),
        ("Interrreg", "interreg"),
        ("Eurocluster", "euroclusters"),
        ("ÉREK", "erek"),
        ("joint cluster initiatives", "joint-cluster-initiatives"),
        ("EU Cluster Week", "cluster-matchmaking-events"),
        ("clster excelence programme", "cluster-excellence-programme"),
    ],
)
def test_lookup_forgives_case_accents_punctuation_and_typos(catalogue, typed, expected):
    assert catalogue.lookup(typed).id == expected


@pytest.mark.parametrize("typed", ["weather", "", "   ", "🙂🙂", "x" * 5000, None])
def test_lookup_of_nonsense_is_none(catalogue, typed):
    assert catalogue.lookup(typed) is None


def test_suggest_and_find_in_text(catalogue):
    suggested = [i.id for i in catalogue.suggest("ESCP-5z")]
    assert suggested and set(suggested) <= {
        "escp-4i",
        "escp-s3",
        "escp-4x",
        "european-cluster-partnerships",
    }
    assert catalogue.suggest("🙂") == []
    assert catalogue.find_in_text("so what is ESCP-4i exactly?").id == "escp-4i"
    assert catalogue.find_in_text("tell me about the Enterprise Europe Network").id == "een"
    assert catalogue.find_in_text("hello there") is None


def test_successors(catalogue):
    assert catalogue.successor_of(catalogue.get("joint-cluster-initiatives")).id == "euroclusters"
    assert catalogue.successor_of(catalogue.get("cosme")).id == "single-market-programme"
    assert catalogue.successor_of(catalogue.get("eccp")) is None


@pytest.mark.parametrize(
    ("question", "aspects"),
    [
        ("how much can a project get?", ("budget",)),
        ("and its budget?", ("budget",)),
        ("who can apply?", ("eligibility",)),
        ("are SMEs eligible?", ("eligibility",)),
        ("how to apply", ("how_to_apply",)),
        ("what is the deadline?", ("period",)),
        ("does it have a successor?", ("successor",)),
        ("what is it?", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_select_aspects(question, aspects):
    assert select_aspects(question) == aspects


def test_aspect_fields(catalogue):
    innosup = catalogue.get("innosup-1")
    assert list(aspect_fields(innosup, ("budget",))) == ["budget"]
    assert list(aspect_fields(innosup, ())) == ["summary", "budget"]
    assert "€60,000" in aspect_fields(innosup, ("budget",))["budget"]


@pytest.mark.parametrize(
    ("mutate", "entry", "field"),
    [
        (lambda d: d["instruments"][1].pop("budget"), "cluster-labelling", "budget"),
        (
            lambda d: d["instruments"][0].update(status="maybe"),
            "cluster-excellence-programme",
            "status",
        ),
        (
            lambda d: d["instruments"][0].update(colour="red"),
            "cluster-excellence-programme",
            "colour",
        ),
        (
            lambda d: d["instruments"][0].update(successor="nope"),
            "cluster-excellence-programme",
            "successor",
        ),
        (
            lambda d: d["instruments"][2].update(as_of="yesterday"),
            "cluster-internationalisation-programme",
            "as_of",
        ),
        (
            lambda d: d["instruments"][3].update(source_url="clustercollaboration.eu"),
            "escp-4i",
            "source_url",
        ),
        (lambda d: d["instruments"][3].update(figures=[{"text": 5}]), "escp-4i", "figures"),
        (lambda d: d["instruments"][3].update(aliases="ESCP"), "escp-4i", "aliases"),
        (
            lambda d: d["instruments"][3].update(translations=["ESCP"]),
            "escp-4i",
            "translations",
        ),
        (
            lambda d: d["instruments"][3].update(translations={"pl": "ESCP"}),
            "escp-4i",
            "translations",
        ),
        (lambda d: d["instruments"][4].update(id="ESCP S3"), "ESCP S3", "id"),
        (
            lambda d: d["instruments"].append(dict(d["instruments"][0])),
            "cluster-excellence-programme",
            "id",
        ),
        (lambda d: d["cluster_facts"].pop("contact"), "cluster_facts", "contact"),
    ],
)
def test_malformed_entries_name_file_entry_and_field(tmp_path, mutate, entry, field):
    path = write_catalogue(tmp_path, mutate)
    with pytest.raises(InstrumentCatalogueError) as caught:
        load_catalogue(path)
    error = caught.value
    assert error.entry == entry
    assert error.field == field
    message = str(error)
    assert "instruments.yml" in message and f"'{entry}'" in message and f"'{field}'" in message


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(InstrumentCatalogueError, match="not found"):
        load_catalogue(tmp_path / "absent.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("instruments: [\n  - {id: x", encoding="utf-8")
    with pytest.raises(InstrumentCatalogueError, match="not valid YAML"):
        load_catalogue(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InstrumentCatalogueError, match="mapping"):
        load_catalogue(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jaki był budżet programu doskonałości klastrów?", "cluster-excellence-programme"),
        ("ile projektow sfinansowal program doskonalosci klastrow", "cluster-excellence-programme"),
        ("Wer konnte beim Binnenmarktprogramm mitmachen?", "single-market-programme"),
        ("Il programma per il mercato unico finanzia i cluster?", "single-market-programme"),
        ("cuándo terminó el programa para la competitividad de las empresas y las pymes", "cosme"),
        ("Qui peut rejoindre le réseau Entreprise Europe ?", "een"),
        ("wat doet het Europees Observatorium voor Clusters", "european-observatory-for-clusters"),
    ],
)
def test_a_name_in_another_reply_language_finds_its_instrument(catalogue, text, expected):
    found = catalogue.find_in_text(text)
    assert found is not None and found.id == expected


def test_translations_are_matched_never_shown(catalogue):
    # the reply names an instrument by its names (English, official); a descriptive translation
    # written by the project is only read
    smp = catalogue.get("single-market-programme")
    assert "Binnenmarktprogramm" in smp.translations
    assert "Binnenmarktprogramm" not in smp.names()
    assert catalogue.lookup("programme pour le marché unique") is smp
    # a translation names its instrument only whole: a word of it names nothing
    assert catalogue.find_in_text("le marché unique des pommes") is None
