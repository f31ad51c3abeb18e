"""EU funding programmes: the table of codes, names, portal ids and aliases, and lookups.

Maps the portal's many spellings (names, codes, numeric ``frameworkProgramme`` ids) to one code
and one display name, so the store can filter exactly and replies show the same name every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.calls.errors import UnknownProgrammeError
from knowledge.calls.text.repair import lookup_key, repair_text, suggest


@dataclass(frozen=True)
class Programme:
    """An EU funding programme as the store knows it.

    Attributes:
        code: Short stable code (the prefix the portal uses in types of action), e.g. ``HORIZON``.
        name: Display name, e.g. ``Horizon Europe``.
        portal_ids: The portal's numeric ``frameworkProgramme`` ids for it.
        aliases: Other spellings users or the portal use.
        successor: Code of the programme that continues it, for ended programmes.
    """

    code: str
    name: str
    portal_ids: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    successor: str | None = None


PROGRAMMES: tuple[Programme, ...] = (
    Programme(
        "HORIZON", "Horizon Europe", ("43108390",), ("HE", "Horizon", "Horizon Europe (HORIZON)")
    ),
    Programme("H2020", "Horizon 2020", ("31045243",), ("H2020",), successor="HORIZON"),
    Programme("EDF", "European Defence Fund", ("44181033",), ("EDF", "Defence Fund")),
    Programme("LIFE", "LIFE Programme", ("43252405",), ("LIFE",)),
    Programme(
        "RELEX",
        "EU External Action (PROSPECT)",
        ("111111",),
        (
            "EU External Action - Prospect (RELEX-PROSPECT)",
            "RELEX-PROSPECT",
            "RELEX",
            "EuropeAid",
            "External Action",
            "PROSPECT",
        ),
    ),
    Programme(
        "DIGITAL", "Digital Europe Programme", ("43152860",), ("Digital Europe", "DEP", "Digital")
    ),
    Programme("EURATOM", "Euratom Research and Training Programme", ("43298916",), ("Euratom",)),
    Programme("CEF", "Connecting Europe Facility", ("43251567",), ("CEF",)),
    Programme(
        "CERV",
        "Citizens, Equality, Rights and Values (CERV)",
        ("43251589",),
        ("CERV", "Citizens, Equality, Rights and Values"),
    ),
    Programme(
        "RFCS",
        "Research Fund for Coal and Steel (RFCS)",
        ("43252449",),
        ("RFCS", "Research Fund for Coal and Steel"),
    ),
    Programme("ERASMUS", "Erasmus+", ("43353764",), ("Erasmus", "Erasmus plus", "ERASMUS+")),
    Programme(
        "PPPA",
        "Pilot Projects and Preparatory Actions",
        ("43637601",),
        ("PPPA", "Pilot Projects & Preparatory Actions"),
    ),
    Programme(
        "ESF",
        "European Social Fund Plus (ESF+)",
        ("43254019",),
        ("ESF+", "ESF", "European Social Fund Plus", "European Social Fund"),
    ),
    Programme(
        "ISF", "Internal Security Fund (ISF)", ("43252368",), ("ISF", "Internal Security Fund")
    ),
    Programme(
        "EUBA", "EU Agencies", ("45532249",), ("EU Agencies", "EU Bodies and Agencies", "EUBA")
    ),
    Programme("JUST", "Justice Programme", ("43252386",), ("Justice", "JUST")),
    Programme(
        "I3",
        "Interregional Innovation Investments (I3)",
        ("44416173",),
        ("Interregional Innovation", "I3", "Interregional Innovation Investments"),
    ),
    Programme("PERI", "Pericles IV", ("43252433",), ("Pericles", "PERI", "Pericles IV")),
    Programme(
        "EMFAF",
        "European Maritime, Fisheries and Aquaculture Fund (EMFAF)",
        ("43392145",),
        ("EMFAF", "European Maritime, Fisheries and Aquaculture Fund"),
    ),
    Programme(
        "ERDF-TA",
        "Technical assistance for ERDF, CF and JTF (ERDF-TA)",
        ("46324255",),
        ("ERDF-TA", "ERDFTA", "Technical assistance for ERDF, CF and JTF"),
    ),
    Programme(
        "RENEWFM",
        "Union Renewable Energy Financing Mechanism (RENEWFM)",
        ("43253967",),
        ("Renewable Energy FM", "RENEWFM", "Renewable Energy Financing Mechanism"),
    ),
    Programme("CREA", "Creative Europe", ("43251814",), ("CREA", "Creative Europe")),
    Programme("SMP", "Single Market Programme", ("43252476",), ("SMP", "Single Market")),
    Programme("COSME", "COSME", ("31059643",), ("COSME",), successor="SMP"),
)

_PROGRAMME_BY_ID = {pid: p for p in PROGRAMMES for pid in p.portal_ids}
_PROGRAMME_BY_KEY = {
    lookup_key(name): p for p in PROGRAMMES for name in (p.code, p.name, *p.aliases)
}


def find_programme(name: str | None, portal_id: str | None = None) -> Programme | None:
    """Look a programme up by portal id, code, name or alias (case and punctuation ignored).

    Args:
        name: Any spelling, e.g. ``"horizon europe"``, ``"HORIZON"``, ``"Digital Europe"``.
        portal_id: The portal's numeric ``frameworkProgramme`` id; wins over ``name``.

    Returns:
        The programme, or ``None`` when neither is known.
    """
    if portal_id and portal_id.strip() in _PROGRAMME_BY_ID:
        return _PROGRAMME_BY_ID[portal_id.strip()]
    if not name:
        return None
    return _PROGRAMME_BY_KEY.get(lookup_key(name))


def normalise_programme(name: str | None, portal_id: str | None = None) -> str:
    """Return the display name of a programme; unknown names come back repaired, not dropped.

    Args:
        name: The programme as the data or a user wrote it.
        portal_id: The portal's numeric ``frameworkProgramme`` id, if known.

    Returns:
        E.g. ``"Horizon Europe"`` for ``"HORIZON"``; ``""`` when nothing was given.
    """
    programme = find_programme(name, portal_id)
    return programme.name if programme else repair_text(name)


def resolve_programme(name: str) -> Programme:
    """Resolve a programme named by a user, or explain what was not understood.

    Args:
        name: User input such as ``"horizon"`` or ``"Digital Europe"``.

    Returns:
        The programme.

    Raises:
        UnknownProgrammeError: The name matches no programme; the message suggests the closest.
    """
    programme = find_programme(name)
    if programme is not None:
        return programme
    hint = suggest(name, {n: p.name for p in PROGRAMMES for n in (p.code, p.name, *p.aliases)})
    raise UnknownProgrammeError(f"programme '{name}' not recognised{hint}")
