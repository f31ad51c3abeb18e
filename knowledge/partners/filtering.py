"""Exact partner filters applied to index rows: country, region, sector, technology, label, and
the countries, region and sectors to leave out.

One :class:`RowFilter` serves one version of a :class:`~knowledge.partners.index.PartnerIndex`
(the searcher makes a new one when the index changes); it caches the folded per-row texts and
region codes it computes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from knowledge.partners.query import PartnerFilters
from knowledge.regions import region_table
from taxonomy.text import fold

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex


class RowFilter:
    """The rows of one index version that pass :class:`PartnerFilters`."""

    def __init__(self, index: PartnerIndex):
        """Take the index's live rows (the per-row tables are filled on first use)."""
        self._index = index
        self._place_cache: dict[int, tuple[str, ...]] = {}
        self._region_cache: dict[int, frozenset[str]] = {}
        self._tech_cache: dict[int, str] = {}
        self.live = index.live_rows()
        self._countries = np.array(  # fixed-width strings: the comparison is vectorised
            [index.profile_at(r).country for r in self.live.tolist()],  # type: ignore[union-attr]
            dtype=str,
        )

    def _place(self, row: int) -> tuple[str, ...]:
        """The folded region and city texts of a row."""
        places = self._place_cache.get(row)
        if places is None:
            p = self._index.profile_at(row)
            assert p is not None
            places = tuple(fold(t) for t in (p.region, p.city) if t)
            self._place_cache[row] = places
        return places

    def _region_codes(self, row: int) -> frozenset[str]:
        """NUTS codes of a row's profile (its country and the regions its place names)."""
        codes = self._region_cache.get(row)
        if codes is None:
            p = self._index.profile_at(row)
            assert p is not None
            codes = region_table().profile_codes(p.country, (p.region, p.city))
            self._region_cache[row] = codes
        return codes

    def _region_rows(self, rows: np.ndarray, value: str) -> list[int]:
        table = region_table()
        query = table.resolve(value)
        # its codes lie in the query's ("Bilbao" -> ES21), or its place text names it (also
        # as the same city in another language: RegionTable.matches)
        return [
            r
            for r in rows.tolist()
            if any(c.startswith(q) for c in self._region_codes(r) for q in query.codes)
            or any(table.matches(query, frozenset(), place) for place in self._place(r))
        ]

    def _unknown_region(self, value: str) -> bool:
        """True when ``value`` is no known region and no indexed profile's place names it."""
        if region_table().resolve(value).codes:
            return False
        return not self._region_rows(self.live, value)

    def _tech_text(self, row: int) -> str:
        text = self._tech_cache.get(row)
        if text is None:
            p = self._index.profile_at(row)
            assert p is not None
            text = self._tech_cache[row] = fold(" | ".join((*p.technologies, p.description)))
        return text

    def _filter_rows(self, rows: np.ndarray, name: str, value: str) -> np.ndarray:
        if name == "country":
            mask = self._countries == value
            return (
                rows[mask] if len(rows) == len(self.live) else rows[np.isin(rows, self.live[mask])]
            )
        if name == "exclude_country":
            codes = value.split(",")
            return rows[~np.isin(rows, self.live[np.isin(self._countries, codes)])]
        if name == "exclude_region":
            return rows[~np.isin(rows, np.asarray(self._region_rows(rows, value), dtype=np.int64))]
        if name == "exclude_sector":
            out = set(value.split(","))
            keep = [r for r in rows.tolist() if not out & set(self._index.profile_at(r).sectors)]  # type: ignore[union-attr]
        elif name == "sector":
            keep = [r for r in rows.tolist() if value in self._index.profile_at(r).sectors]  # type: ignore[union-attr]
        elif name == "region":
            keep = self._region_rows(rows, value)
        elif name == "label":
            needle = f" {fold(value)} "
            labels = ((r, fold(self._index.profile_at(r).label or "")) for r in rows.tolist())  # type: ignore[union-attr]
            keep = [
                r for r, label in labels if label and (needle == " any " or needle in f" {label} ")
            ]
        else:
            needle = fold(value)
            keep = [r for r in rows.tolist() if needle in self._tech_text(r)]
        return np.asarray(keep, dtype=np.int64)

    def filter_all(self, filters: PartnerFilters) -> tuple[np.ndarray, str | None, str | None]:
        """Apply the filters that are set, in order.

        Args:
            filters: Normalised filters.

        Returns:
            The allowed rows (ascending) and, if none, why and which filter emptied them.
        """
        allowed = self.live
        applied: list[str] = []
        for name, text in filters.parts():
            value = getattr(filters, name)
            remaining = self._filter_rows(allowed, name, value)
            if not len(remaining):
                if not len(allowed):
                    return remaining, "no cluster profiles are indexed", None
                if name == "region" and self._unknown_region(value):
                    return (
                        remaining,
                        f"region '{value}' is not a NUTS code or region name I know, and no "
                        "profile's region or city names it",
                        name,
                    )
                if applied:
                    return remaining, f"{', '.join(applied)} has no profile with {text}", name
                return remaining, f"no profile matches {text}", name
            allowed = remaining
            applied.append(text)
        return allowed, None, None

    # --- retrieval ------------------------------------------------------------------------
