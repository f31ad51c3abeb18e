"""Country names in the conversation language: the one rule for every reply.

Names come from Unicode CLDR through Babel (the same data as
``knowledge/data/taxonomies/country_names_cldr.csv``, which the gazetteers read): "Deutschland"
in German, "Allemagne" in French. English keeps the project's display names
(:data:`taxonomy.countries.DISPLAY_NAMES`: "Czechia", "United Kingdom").
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from taxonomy.countries import DISPLAY_NAMES, EU_CODE_TO_ISO
from taxonomy.languages import REPLY_LANGUAGES


@lru_cache(maxsize=len(REPLY_LANGUAGES))
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_label(code: str, language: str = "en") -> str:
    """A country's name in the reply language.

    Args:
        code: ISO 3166-1 alpha-2 code, or the EU's ``EL``/``UK``; any case.
        language: The conversation language (anything but a reply language gives English).

    Returns:
        e.g. ``"Deutschland"`` for ``("DE", "de")``, ``"Grèce"`` for ``("EL", "fr")``; the code
        itself when it names no country.
    """
    upper = (code or "").strip().upper()
    iso = EU_CODE_TO_ISO.get(upper, upper)
    lang = language.lower() if isinstance(language, str) else "en"
    lang = lang if lang in REPLY_LANGUAGES else "en"
    if lang == "en" and iso in DISPLAY_NAMES:
        return DISPLAY_NAMES[iso]
    if len(iso) != 2 or not iso.isalpha() or iso == "ZZ":  # ZZ: CLDR's "Unknown Region"
        return code
    return _territories(lang).get(iso) or _territories("en").get(iso) or code
