"""Types of action: canonical codes and labels, the aliases users and the portal write, lookups.

The portal's short ``actionType`` and long ``typesOfAction`` texts, and user input, all map to
one code (``RIA``, ``IA``, ``CSA``, ``GRANT``...) with one display label.
"""

from __future__ import annotations

import re

from knowledge.calls.errors import UnknownActionTypeError
from knowledge.calls.text.repair import lookup_key, repair_text, suggest

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
    **{lookup_key(code): code for code in ACTION_TYPES},
    **{lookup_key(label): code for code, label in ACTION_TYPES.items()},
    **{lookup_key(alias): code for alias, code in _ACTION_ALIASES.items()},
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
        code = _ACTION_BY_KEY.get(lookup_key(action_type))
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
    code = _ACTION_BY_KEY.get(lookup_key(name))
    if code is not None:
        return code
    choices = {code: label for code, label in ACTION_TYPES.items()}
    choices.update({label: label for label in ACTION_TYPES.values()})
    hint = suggest(name, choices)
    raise UnknownActionTypeError(f"type of action '{name}' not recognised{hint}")
