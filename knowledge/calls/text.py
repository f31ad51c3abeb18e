"""Pure text helpers for portal data: repair, keywords, programmes and types of action.

Nothing here does I/O. The programme and type-of-action tables map the portal's many spellings
(names, codes, numeric ``frameworkProgramme`` ids) to one code and one display name, so the store
can filter exactly and replies show the same name every time.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from dataclasses import dataclass

import ftfy

# Importing ftfy.bad_codecs registers the "sloppy-windows-1252" codec used below.
import ftfy.bad_codecs

from knowledge.calls.errors import UnknownActionTypeError, UnknownProgrammeError

# --- text repair ----------------------------------------------------------------------------

_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|h[1-6]|table|thead|tbody|section|article|blockquote|hr)"
    r"\b[^<>]*>",
    re.IGNORECASE,
)
# A tag starts with "<" then a letter (or "/" + letter), so "(<10 m)" and "(> 5 storeys)" survive.
_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
# A tag cut off at the end of a truncated string: '... <a href="https://ec.eu'
_CUT_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?$")
# The end of a tag whose start was cut away: '">General conditions', "/>Text".
_LEADING_TAG_END_RE = re.compile(r"""^\s*(?:"|')?\s*/?>""")
# Zero-width characters, soft hyphens and Unicode non-characters (a bullet font left U+FDDF).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufdd0-\ufdef]")
# Mojibake never contains ASCII whitespace, so words can be repaired one by one (and cached).
_ASCII_SPACE_RE = re.compile(r"([ \t\r\n]+)")
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, explain=False)
_WHITESPACE_RE = re.compile(r"\s+")
# "Objective:The", "research.Scope", "R&D;Prototype": tags removed upstream glued these together.
_GLUED_RE = re.compile(r"(?<=[a-z0-9)])([:;.!?])(?=[A-Z][a-z])|(?<=[A-Za-z])(;)(?=[A-Z][a-z])")

# UTF-8 bytes read as Windows-1252 (a second time): a lead byte then continuation bytes, each
# shown as the Windows-1252 character of that byte.
_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("sloppy-windows-1252"))
_MOJIBAKE_RE = re.compile(
    rf"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}"
)


@functools.lru_cache(maxsize=65536)
def _ftfy_word(word: str) -> str:
    return ftfy.fix_text(word, _FTFY_CONFIG)


def _fix_encoding(text: str) -> str:
    """Run ftfy on the non-ASCII words only: same result as on the whole text, ~20x faster."""
    if text.isascii():
        return text
    parts = _ASCII_SPACE_RE.split(text)
    return "".join(p if p.isascii() else _ftfy_word(p) for p in parts)


def _decode_mojibake(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        return chunk.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return chunk


def _fix_glued(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)) + " "


def repair_text(value: str | None) -> str:
    """Return clean, single-line text from a portal string.

    Steps: remove HTML tags (and tag fragments left by earlier stripping or truncation), decode
    HTML entities, undo double UTF-8 encoding with ftfy (``"womenâ€™s"`` -> ``"women’s"``), then a
    second targeted pass for short sequences ftfy leaves alone (``"COâ‚‚"`` -> ``"CO₂"``), drop
    zero-width characters and non-characters, put a space back where removed tags glued sentences together
    (``"Objective:The"``) and collapse all whitespace to single spaces.

    Typographic quotes are kept as the source meant them; ``<`` and ``>`` used as maths
    (``"(<10 m/hour)"``) are kept.

    Args:
        value: Raw text from the snapshot or the portal API; ``None`` is treated as empty.

    Returns:
        The repaired text, possibly empty.
    """
    if not value:
        return ""
    text = _BLOCK_TAG_RE.sub(" ", value)
    text = _TAG_RE.sub("", text)
    text = _CUT_TAG_RE.sub("", text)
    text = _LEADING_TAG_END_RE.sub("", text)
    text = html.unescape(text)
    text = _fix_encoding(text)
    text = _MOJIBAKE_RE.sub(_decode_mojibake, text)
    text = _INVISIBLE_RE.sub("", text)
    text = _GLUED_RE.sub(_fix_glued, text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    return _LEADING_TAG_END_RE.sub("", text).strip()


def split_keywords(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Split the portal's keywords into a tuple of clean, unique keywords (order kept).

    Args:
        value: A comma-separated string (snapshot) or a list of strings (API).

    Returns:
        Repaired keywords, duplicates removed case-insensitively.
    """
    if not value:
        return ()
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    seen: set[str] = set()
    out: list[str] = []
    for part in parts:
        word = repair_text(part)
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return tuple(out)


def _key(value: str) -> str:
    """Fold a name for lookups: lower case, '&' as 'and', punctuation as spaces."""
    text = repair_text(value).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w+]+", " ", text).split())


# --- programmes -----------------------------------------------------------------------------


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
_PROGRAMME_BY_KEY = {_key(name): p for p in PROGRAMMES for name in (p.code, p.name, *p.aliases)}


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
    return _PROGRAMME_BY_KEY.get(_key(name))


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
    hint = _suggest(name, {n: p.name for p in PROGRAMMES for n in (p.code, p.name, *p.aliases)})
    raise UnknownProgrammeError(f"programme '{name}' not recognised{hint}")


# --- types of action ------------------------------------------------------------------------

ACTION_TYPES: dict[str, str] = {
    "RIA": "Research and Innovation Action",
    "IA": "Innovation Action",
    "CSA": "Coordination and Support Action",
    "GRANT": "Grant",
    "PRIZE": "Prize",
    "COFUND": "Programme Co-fund Action",
    "PCP": "Pre-commercial Procurement",
    "PPI": "Public Procurement of Innovative Solutions",
    "MSCA": "Marie Skłodowska-Curie Action",
    "EDF-RA": "EDF Research Action",
    "EDF-DA": "EDF Development Action",
    "CEF-INFRA": "CEF Infrastructure Project",
    "EIC-EQUITY": "EIC Equity Investment",
    "EUBA": "EU Bodies and Agencies Action",
}

_ACTION_ALIASES: dict[str, str] = {
    "research and innovation action": "RIA",
    "research and innovation actions": "RIA",
    "horizon ria": "RIA",
    "innovation action": "IA",
    "innovation actions": "IA",
    "horizon ia": "IA",
    "coordination and support action": "CSA",
    "coordination and support actions": "CSA",
    "horizon csa": "CSA",
    "grants": "GRANT",
    "project grant": "GRANT",
    "project grants": "GRANT",
    "lump sum grant": "GRANT",
    "lump sum grants": "GRANT",
    "operating grant": "GRANT",
    "action grant": "GRANT",
    "pppa": "GRANT",
    "prizes": "PRIZE",
    "recognition prize": "PRIZE",
    "inducement prize": "PRIZE",
    "co fund": "COFUND",
    "cofund action": "COFUND",
    "programme cofund action": "COFUND",
    "horizon cofund": "COFUND",
    "horizon pcp": "PCP",
    "pre commercial procurement": "PCP",
    "horizon ppi": "PPI",
    "public procurement of innovative solutions": "PPI",
    "marie curie": "MSCA",
    "marie sklodowska curie": "MSCA",
    "marie skłodowska curie": "MSCA",
    "msca se": "MSCA",
    "msca df": "MSCA",
    "msca pf": "MSCA",
    "msca cofund": "MSCA",
    "edf ra": "EDF-RA",
    "edf research action": "EDF-RA",
    "edf da": "EDF-DA",
    "edf development action": "EDF-DA",
    "cef infra": "CEF-INFRA",
    "horizon eic equ": "EIC-EQUITY",
    "eic equity": "EIC-EQUITY",
    "equity": "EIC-EQUITY",
}

_ACTION_BY_KEY: dict[str, str] = {
    **{_key(code): code for code in ACTION_TYPES},
    **{_key(label): code for code, label in ACTION_TYPES.items()},
    **{_key(alias): code for alias, code in _ACTION_ALIASES.items()},
}

# Inferring a code from the portal's "typesOfAction" text; the first pattern that matches wins.
_TYPES_OF_ACTION_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"research and innovation action", re.I), "RIA"),
    (re.compile(r"coordination and support action", re.I), "CSA"),
    (re.compile(r"\binnovation action", re.I), "IA"),
    (re.compile(r"\bMSCA\b", re.I), "MSCA"),
    (re.compile(r"cofund", re.I), "COFUND"),
    (re.compile(r"pre-commercial procurement", re.I), "PCP"),
    (re.compile(r"procurement of innovative solutions", re.I), "PPI"),
    (re.compile(r"\bprize", re.I), "PRIZE"),
    (re.compile(r"EDF research action", re.I), "EDF-RA"),
    (re.compile(r"EDF development action", re.I), "EDF-DA"),
    (re.compile(r"CEF infrastructure", re.I), "CEF-INFRA"),
    (re.compile(r"equity", re.I), "EIC-EQUITY"),
    (re.compile(r"\bgrants?\b", re.I), "GRANT"),
)


def normalise_action_type(
    action_type: str | None, types_of_action: str | None = None
) -> str | None:
    """Return the canonical code of a type of action (``RIA``, ``IA``, ``CSA``, ``GRANT``...).

    The portal's short ``actionType`` wins; when it is empty the longer ``typesOfAction`` text is
    read. An unknown non-empty code is kept (upper case), so nothing is silently lost.

    Args:
        action_type: The short code, e.g. ``"RIA"``, ``"HORIZON-PCP"``, ``"Grant"``.
        types_of_action: The long text, e.g. ``"HORIZON  Research and Innovation Actions"``.

    Returns:
        The code, or ``None`` when neither field says anything.
    """
    if action_type and action_type.strip():
        code = _ACTION_BY_KEY.get(_key(action_type))
        if code is not None:
            return code
        inferred = _infer_from_types(action_type)
        return inferred or repair_text(action_type).upper()
    if types_of_action and types_of_action.strip():
        return _infer_from_types(types_of_action)
    return None


def _infer_from_types(text: str) -> str | None:
    for pattern, code in _TYPES_OF_ACTION_PATTERNS:
        if pattern.search(text):
            return code
    return None


def action_type_label(code: str | None) -> str:
    """Return the display label of a type-of-action code (``"RIA"`` -> ``"Research and ..."``).

    Args:
        code: A code from :func:`normalise_action_type`, or ``None``.

    Returns:
        The label; the code itself when unknown; ``"not specified"`` for ``None``.
    """
    if not code:
        return "not specified"
    return ACTION_TYPES.get(code, code)


def resolve_action_type(name: str) -> str:
    """Resolve a type of action named by a user to its code.

    Args:
        name: User input such as ``"ria"``, ``"innovation action"`` or ``"prize"``.

    Returns:
        The canonical code.

    Raises:
        UnknownActionTypeError: Nothing matches; the message suggests the closest type.
    """
    code = _ACTION_BY_KEY.get(_key(name))
    if code is not None:
        return code
    choices = {code: label for code, label in ACTION_TYPES.items()}
    choices.update({label: label for label in ACTION_TYPES.values()})
    hint = _suggest(name, choices)
    raise UnknownActionTypeError(f"type of action '{name}' not recognised{hint}")


def _suggest(value: str, choices: dict[str, str]) -> str:
    """Return '; did you mean X?' for the closest choice, or a list of valid values."""
    keys = {_key(k): v for k, v in choices.items()}
    close = difflib.get_close_matches(_key(value), list(keys), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {keys[close[0]]}?"
    names = sorted(set(choices.values()))
    return "; use one of: " + ", ".join(names)
