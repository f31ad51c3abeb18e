"""Text repair, keywords, programme and type-of-action normalisation."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.calls.errors import UnknownActionTypeError, UnknownProgrammeError
from knowledge.calls.text import (
    action_type_label,
    normalise_action_type,
    normalise_programme,
    repair_text,
    resolve_action_type,
    resolve_programme,
    split_keywords,
)

# (topic id, field, raw text as it is in the shipped snapshot, repaired text)
REAL_MOJIBAKE = [
    (
        "HORIZON-CL6-2026-01-ZEROPOLLUTION-02",
        "title",
        "Bioremediation of Ukraineâ€™s ecosystems contaminated by conflicts",
        "Bioremediation of Ukraine’s ecosystems contaminated by conflicts",
    ),
    (
        None,
        "title",
        "Promotion de la culture d'Ã©galitÃ© au Maroc",
        "Promotion de la culture d'égalité au Maroc",
    ),
    (
        None,
        "title",
        "Electricity, Gas, Smart Grids, Hydrogen and COâ‚‚ networks - Works",
        "Electricity, Gas, Smart Grids, Hydrogen and CO₂ networks - Works",
    ),
    (
        None,
        "title",
        "CONVOCATORIA TEMÃ\x81TICA PARA LAS ORGANIZACIONES DE LA SOCIEDAD CIVIL Y LOS DERECHOS "
        "HUMANOS EN ECUADOR",
        "CONVOCATORIA TEMÁTICA PARA LAS ORGANIZACIONES DE LA SOCIEDAD CIVIL Y LOS DERECHOS "
        "HUMANOS EN ECUADOR",
    ),
    (
        None,
        "title",
        "MK 24 IPA JH 01 26 â€œEnhancing Performance of Police, Law Enforcement, and "
        "Cybersecurityâ€\x9d",
        "MK 24 IPA JH 01 26 “Enhancing Performance of Police, Law Enforcement, and Cybersecurity”",
    ),
    (None, "title", "Skills Hubs of ExcellenceÂ\xa0", "Skills Hubs of Excellence"),
    (
        None,
        "title",
        "Renforcement et structuration des filiÃ¨res soja, karitÃ© et avicole au BÃ©nin",
        "Renforcement et structuration des filières soja, karité et avicole au Bénin",
    ),
    (
        None,
        "title",
        "Novel combinations of knowledge and researchâ€¯methods to address social issues and "
        "advance a fair green transition of neighbourhoods",
        "Novel combinations of knowledge and research methods to address social issues and "
        "advance a fair green transition of neighbourhoods",
    ),
]


@pytest.mark.parametrize(
    ("topic", "field", "raw", "expected"),
    REAL_MOJIBAKE,
    ids=[f"real-{i}" for i in range(len(REAL_MOJIBAKE))],
)
def test_repair_fixes_real_double_encoded_titles(
    topic: str | None, field: str, raw: str, expected: str, snapshot_rows: dict[str, Any]
) -> None:
    # The raw strings really are in the shipped snapshot (not invented for the test).
    assert any(row[field] == raw for row in snapshot_rows.values()), raw
    if topic is not None:
        assert snapshot_rows[topic][field] == raw
    assert repair_text(raw) == expected


def test_repair_fixes_sequences_ftfy_alone_leaves(snapshot_rows: dict[str, Any]) -> None:
    raw = snapshot_rows["HORIZON-CL5-2027-01-D1-11"]["description"]
    assert "ï·Ÿ PRIMA" in raw  # a bullet of a symbol font, double-encoded
    fixed = repair_text(raw)
    assert "Such as PRIMA, FNSSA" in fixed
    assert "ï·" not in fixed and "\ufddf" not in fixed


def test_repair_keeps_maths_signs_and_fixes_degrees(snapshot_rows: dict[str, Any]) -> None:
    raw = next(
        r["description"] for r in snapshot_rows.values() if "(> 500 Â°C)" in r["description"]
    )
    fixed = repair_text(raw)
    assert "(> 500 °C)" in fixed
    assert repair_text("long-term accuracy (<10 m/hour) and (>=3kV)") == (
        "long-term accuracy (<10 m/hour) and (>=3kV)"
    )


def test_repair_drops_leading_tag_end_left_in_conditions(snapshot_rows: dict[str, Any]) -> None:
    raw = snapshot_rows["ERC-2026-POC"]["topicConditions"]
    assert raw.startswith('">General conditions')
    fixed = repair_text(raw)
    assert fixed.startswith("General conditions")
    assert "“Admissibility, Eligibility, and Resubmission Restrictions”" in fixed


def test_repair_separates_sentences_glued_by_removed_tags(snapshot_rows: dict[str, Any]) -> None:
    raw = snapshot_rows["ERC-2026-POC"]["description"]
    assert raw.startswith("Objective:The ERC")
    fixed = repair_text(raw)
    assert fixed.startswith("Objective: The ERC Proof of Concept Grants")
    assert "research. Scope: Size of ERC" in fixed
    # Things that only look glued stay as they are.
    assert (
        repair_text("see ec.europa.eu and R&D;Prototype") == "see ec.europa.eu and R&D; Prototype"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "<p>Expected Outcome:</p><p>Projects <b>should</b> deliver</p>",
            "Expected Outcome: Projects should deliver",
        ),
        ('<p class="x">A&amp;B &lt;C&gt; &eacute;t&eacute;</p>', "A&B <C> été"),
        ("<ul><li>one</li><li>two</li></ul>", "one two"),
        ('Text then a cut tag <a href="https://ec.europa', "Text then a cut tag"),
        ("  lots \n\n of\t space\u00a0here\u200b ", "lots of space here"),
        ('">', ""),
        ("", ""),
        (None, ""),
        ("<!-- comment -->visible", "visible"),
    ],
)
def test_repair_strips_html_and_whitespace(raw: str | None, expected: str) -> None:
    assert repair_text(raw) == expected


def test_repair_is_idempotent_on_the_snapshot(snapshot_rows: dict[str, Any]) -> None:
    for row in list(snapshot_rows.values())[:80]:
        once = repair_text(row["description"])
        assert repair_text(once) == once


def test_split_keywords_dedupes_and_repairs() -> None:
    assert split_keywords("ERC-2026-POC, ERC-2026-POC") == ("ERC-2026-POC",)
    assert split_keywords(["Soil", "soil", " Circular economy ", ""]) == (
        "Soil",
        "Circular economy",
    )
    assert split_keywords("") == ()
    assert split_keywords(None) == ()


@pytest.mark.parametrize(
    ("name", "portal_id", "expected"),
    [
        ("Horizon Europe", "43108390", "Horizon Europe"),
        ("horizon", None, "Horizon Europe"),
        ("HORIZON", None, "Horizon Europe"),
        (
            "EU External Action - Prospect (RELEX-PROSPECT)",
            "111111",
            "EU External Action (PROSPECT)",
        ),
        ("Renewable Energy FM", None, "Union Renewable Energy Financing Mechanism (RENEWFM)"),
        ("ESF+", None, "European Social Fund Plus (ESF+)"),
        ("Pilot Projects & Preparatory Actions", None, "Pilot Projects and Preparatory Actions"),
        ("anything", "43152860", "Digital Europe Programme"),
        ("Some New Programme", None, "Some New Programme"),
        ("", None, ""),
    ],
)
def test_normalise_programme(name: str, portal_id: str | None, expected: str) -> None:
    assert normalise_programme(name, portal_id) == expected


def test_resolve_programme_and_helpful_error() -> None:
    assert resolve_programme("digital europe").code == "DIGITAL"
    assert resolve_programme("COSME").successor == "SMP"
    with pytest.raises(
        UnknownProgrammeError,
        match=r"'Horizn Europe' not recognised; did you mean Horizon Europe\?",
    ):
        resolve_programme("Horizn Europe")
    with pytest.raises(UnknownProgrammeError, match="use one of"):
        resolve_programme("qqqqqq")


@pytest.mark.parametrize(
    ("action_type", "types_of_action", "expected"),
    [
        ("RIA", "HORIZON  Research and Innovation Actions", "RIA"),
        ("IA", "HORIZON Innovation Actions", "IA"),
        ("CSA", "", "CSA"),
        ("Grant", "LIFE Project Grants", "GRANT"),
        ("HORIZON-PCP", "HORIZON Pre-commercial Procurement", "PCP"),
        ("CoFund", "HORIZON Programme Cofund Actions", "COFUND"),
        ("MSCA-SE", "HORIZON TMA MSCA Staff Exchanges", "MSCA"),
        ("HORIZON-EIC-EQU", "HORIZON EIC Equity Only", "EIC-EQUITY"),
        ("PPPA", "PPPA Project Grants", "GRANT"),
        ("", "HORIZON JU Coordination and Support Actions", "CSA"),
        ("", "", None),
        ("XYZ-NEW", "", "XYZ-NEW"),
    ],
)
def test_normalise_action_type(
    action_type: str, types_of_action: str, expected: str | None
) -> None:
    assert normalise_action_type(action_type, types_of_action) == expected


def test_every_snapshot_action_type_is_known(snapshot_calls: list[Any]) -> None:
    codes = {c.action_type for c in snapshot_calls if c.action_type}
    unknown = {c for c in codes if action_type_label(c) == c}
    assert not unknown
    # only the 21 EuropeAid topics come without any type of action
    assert sum(1 for c in snapshot_calls if c.action_type is None) == 21


def test_resolve_action_type() -> None:
    assert resolve_action_type("research and innovation action") == "RIA"
    assert resolve_action_type("Innovation Actions") == "IA"
    assert resolve_action_type("prize") == "PRIZE"
    with pytest.raises(UnknownActionTypeError, match="did you mean"):
        resolve_action_type("inovation action")
