"""Explanations of partner search hits: which technologies, name, sectors or words matched."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from knowledge.embedding.protocol import normalise_rows
from knowledge.filters import normalise_sector
from knowledge.partners.keyword import stem, tokens
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import MatchReason

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex

# The sector a query word names, if any ("food" -> "Agri-food"); asked for every hit's
# explanation, so remembered.
_sector_of = functools.lru_cache(maxsize=4096)(normalise_sector)


_NAME_WORD = re.compile(r"[\w][\w&+.-]*", re.UNICODE)


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


#: A second technology is named as "close in meaning" from this cosine similarity with the
#: query on (docs/benchmarks.md, "Cards: reasons and match strength").
RELATED_FLOOR = 0.30


class Explainer:
    """Reasons for the hits of one index version (per-row words cached)."""

    def __init__(
        self,
        index: PartnerIndex,
        embed_texts: Callable[[list[str]], np.ndarray] | None = None,
    ):
        """Explain hits of ``index``.

        Args:
            index: The partner index.
            embed_texts: Texts -> vectors with the index's embedder; when given, a hit that
                matched in meaning only is explained by its technologies closest to the query.
        """
        self._index = index
        self._cache: dict[int, _Keywords] = {}
        self._embed_texts = embed_texts
        self._phrase_vectors: dict[str, np.ndarray] = {}

    def related(self, row: int, qvec: np.ndarray, limit: int = 2) -> tuple[str, ...]:
        """The row's technologies closest in meaning to the query.

        The closest one always; the next ones only from :data:`RELATED_FLOOR` on.

        Args:
            row: The matched row.
            qvec: The ``(1, dim)`` or ``(dim,)`` query vector.
            limit: At most this many.
        """
        profile = self._index.profile_at(row)
        if self._embed_texts is None or profile is None or not profile.technologies:
            return ()
        missing = [t for t in profile.technologies if t not in self._phrase_vectors]
        if missing:
            vectors = normalise_rows(self._embed_texts(missing))
            for phrase, vector in zip(missing, vectors, strict=True):
                self._phrase_vectors[phrase] = vector
        query = np.asarray(qvec, dtype=np.float32).reshape(-1)
        query = query / (float(np.linalg.norm(query)) or 1.0)
        scored = sorted(
            ((float(self._phrase_vectors[t] @ query), t) for t in profile.technologies),
            reverse=True,
        )
        # The closest one always (it is what the hit is nearest to); more only when close.
        return tuple(
            t for i, (sim, t) in enumerate(scored[:limit]) if i == 0 or sim >= RELATED_FLOOR
        )

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

    def _hit(self, terms: list[str]) -> Callable[[str, Iterable[str]], bool]:
        keyword_index = self._index.keywords
        expanded = {t: {w for w, _ in keyword_index.expand(t)} or {stem(t)} for t in terms}

        def hit(term: str, words: Iterable[str]) -> bool:
            words = list(words)
            return bool(expanded[term] & set(words)) or _term_matches(term, words)

        return hit

    def reason(
        self,
        row: int,
        terms: list[str],
        filters: PartnerFilters,
        qvec: np.ndarray | None = None,
    ) -> MatchReason:
        """What of a row's profile matched the query words and the filters, field by field.

        Only the profile's technologies, sectors, name words, place names and label are cited,
        as the profile spells them; query words that matched no field (or only the free-text
        description) are never part of a reason.

        Args:
            row: The matched row.
            terms: The query's terms (stop words already dropped).
            filters: The filters applied.
            qvec: The query vector; when no technology matched by words, the technologies
                closest in meaning are given as ``related``.
        """
        kw = self.keywords(row)
        profile = self._index.profile_at(row)
        assert profile is not None
        hit = self._hit(terms)
        techs = tuple(t for t, words in kw.technologies if any(hit(x, words) for x in terms))[:3]
        sectors = [s for s, words in kw.sectors if any(hit(x, words) for x in terms)]
        sectors += [
            s
            for s in profile.sectors
            if s not in sectors and (s == filters.sector or any(_sector_of(t) == s for t in terms))
        ]
        name_words = _NAME_WORD.findall(" ".join(filter(None, (profile.name, profile.acronym))))
        named = tuple(
            dict.fromkeys(
                w for w in name_words if any(hit(t, tokens(w)) for t in terms if tokens(w))
            )
        )[:3]
        places: list[str] = []
        for part in (profile.city, profile.region):
            if part and part not in places:
                part_words = tokens(part)
                if filters.region or (part_words and any(hit(t, part_words) for t in terms)):
                    places.append(part)
        if filters.region and not places and profile.region:
            places.append(profile.region)
        if filters.country and not places:
            # The country filter matched: name the most specific place the profile gives.
            places.append(profile.city or profile.region or profile.country)
        label = profile.label if filters.label and profile.label else None
        related = self.related(row, qvec) if qvec is not None and not techs and terms else ()
        return MatchReason(
            technologies=techs,
            sectors=tuple(sectors),
            name=named,
            places=tuple(places),
            label=label,
            related=related,
        )

    # --- public ---------------------------------------------------------------------------
