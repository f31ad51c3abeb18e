"""Explanations of partner search hits: which technologies, name, sectors or words matched."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.filters import normalise_sector
from knowledge.partners.keyword import stem, tokens
from knowledge.partners.query import PartnerFilters

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex

# The sector a query word names, if any ("food" -> "Agri-food"); asked for every hit's
# explanation, so remembered.
_sector_of = functools.lru_cache(maxsize=4096)(normalise_sector)


def _term_matches(term: str, words: Iterable[str]) -> bool:
    base = stem(term)
    return any(w == base or (len(base) >= 5 and w.startswith(base)) for w in words)


@dataclass
class _Keywords:
    """Folded, stemmed words of one profile, by field (for explanations)."""

    technologies: list[tuple[str, list[str]]]
    sectors: list[tuple[str, list[str]]]
    name: list[str]
    description: set[str]


class Explainer:
    """Reasons for the hits of one index version (per-row words cached)."""

    def __init__(self, index: PartnerIndex):
        """Explain hits of ``index``."""
        self._index = index
        self._cache: dict[int, _Keywords] = {}

    def keywords(self, row: int) -> _Keywords:
        """The folded, stemmed words of a row's profile, by field (cached)."""
        kw = self._cache.get(row)
        if kw is None:
            profile = self._index.profile_at(row)
            assert profile is not None
            kw = _Keywords(
                technologies=[(t, tokens(t)) for t in profile.technologies],
                sectors=[(s, tokens(s)) for s in profile.sectors],
                name=tokens(" ".join(filter(None, (profile.name, profile.acronym)))),
                description=set(tokens(profile.description)),
            )
            self._cache[row] = kw
        return kw

    def why(
        self,
        row: int,
        terms: list[str],
        filters: PartnerFilters,
        similarity: float,
        keyword: float,
        mode: str,
    ) -> str:
        """Say why a row matched, e.g. "matches technologies 'hydrogen storage'; sector Energy;
        similarity 0.62, keyword score 0.71".

        Args:
            row: The matched row.
            terms: The query's terms.
            filters: The filters applied.
            similarity: The row's cosine similarity with the query.
            keyword: The row's normalised keyword score.
            mode: The search mode.
        """
        kw = self.keywords(row)
        profile = self._index.profile_at(row)
        assert profile is not None
        keyword_index = self._index.keywords
        # Each query word with the vocabulary words it stands for (typos, prefixes).
        expanded = {t: {w for w, _ in keyword_index.expand(t)} or {stem(t)} for t in terms}

        def hit(term: str, words: Iterable[str]) -> bool:
            words = list(words)
            return bool(expanded[term] & set(words)) or _term_matches(term, words)

        def shown(term: str) -> str:
            known = expanded[term]
            return term if stem(term) in known or len(known) != 1 else next(iter(known))

        parts: list[str] = []
        techs = [t for t, words in kw.technologies if any(hit(x, words) for x in terms)]
        if techs:
            parts.append("matches technologies " + ", ".join(f"'{t}'" for t in techs[:3]))
        name_terms = [t for t in terms if hit(t, kw.name)]
        if name_terms:
            parts.append("name matches " + ", ".join(f"'{shown(t)}'" for t in name_terms[:3]))
        sectors = [s for s, words in kw.sectors if any(hit(x, words) for x in terms)]
        sectors += [
            s
            for s in profile.sectors
            if s not in sectors and (s == filters.sector or any(_sector_of(t) == s for t in terms))
        ]
        if sectors:
            parts.append("sector " + ", ".join(sectors))
        covered = set(name_terms) | {
            t for t in terms for _, w in (*kw.technologies, *kw.sectors) if hit(t, w)
        }
        described = [t for t in terms if t not in covered and hit(t, kw.description)]
        if described:
            parts.append(
                "description mentions " + ", ".join(f"'{shown(t)}'" for t in described[:3])
            )
        if not parts:
            parts.append("similar in meaning")
        if mode == "keyword":
            parts.append(f"keyword score {keyword:.2f}")
        elif mode == "dense":
            parts.append(f"similarity {similarity:.2f}")
        else:
            parts.append(f"similarity {similarity:.2f}, keyword score {keyword:.2f}")
        return "; ".join(parts)

    # --- public ---------------------------------------------------------------------------
