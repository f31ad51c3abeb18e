"""Partner search filters: what a user may restrict a search to, normalised to canonical values."""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge.filters import normalise_label, resolve_country, resolve_sector


@dataclass(frozen=True)
class PartnerFilters:
    """Exact filters on partner search.

    Attributes:
        country: ISO 3166-1 alpha-2 code (names like "Germany" are normalised by the searcher).
        region: A NUTS 2021 code of any level ("DE2", "DE21"), a NUTS name in its own language
            ("Bayern", "País Vasco") or an English region name ("Bavaria", "Basque Country"):
            profiles whose region or city lies in that unit pass (:mod:`knowledge.regions`).
            Any other text must stand as whole words in the profile's region or city
            ("Brainport", "Rhine-Neckar"); case and accents never matter.
        sector: One of the fixed sector labels (free text like "ICT" is normalised).
        technology: Case/accent-insensitive substring of a technology or the description.
        label: Cluster-management excellence label: a level ("gold", "silver", "bronze") or other
            words of the label the profile states, any case, or ``"any"`` for every labelled
            profile; user wording ("gold-labelled", "ECEI gold label") is normalised by
            :func:`knowledge.filters.normalise_label`.
        exclude_country: Countries to leave out ("partners in the Nordics but not Sweden", "not
            in Germany"): ISO codes joined by commas ("SE", "DE,AT"); names are normalised.
        exclude_region: A region to leave out ("in Germany but not Bavaria"), read as
            ``region`` is.
        exclude_sector: Sectors to leave out ("any sector except aerospace", "no tourism
            clusters"): fixed sector labels joined by commas ("Aerospace & Space,Tourism"); free
            text is normalised as ``sector`` is. A profile with any of them is left out.
    """

    country: str | None = None
    region: str | None = None
    sector: str | None = None
    technology: str | None = None
    label: str | None = None
    exclude_country: str | None = None
    exclude_region: str | None = None
    exclude_sector: str | None = None

    @classmethod
    def parse(
        cls,
        country: str | None = None,
        region: str | None = None,
        sector: str | None = None,
        technology: str | None = None,
        label: str | None = None,
        exclude_country: str | None = None,
        exclude_region: str | None = None,
        exclude_sector: str | None = None,
    ) -> PartnerFilters:
        """Build filters from user text, normalising country and sector.

        Args:
            country: Code, name, adjective or native name ("de", "German", "Deutschland").
            region: Region or city text.
            sector: Sector label or free text ("ICT", "food").
            technology: Technology text.
            label: Label text ("gold", "gold label", "ECEI gold") or "any".
            exclude_country: Countries to leave out (codes or names, joined by commas).
            exclude_region: A region to leave out.
            exclude_sector: Sectors to leave out (labels or free text, joined by commas).

        Returns:
            Normalised filters (blank values become ``None``).

        Raises:
            FilterValueError: The country or sector is not recognised (message has a suggestion).
        """
        return cls(
            country=country,
            region=region,
            sector=sector,
            technology=technology,
            label=label,
            exclude_country=exclude_country,
            exclude_region=exclude_region,
            exclude_sector=exclude_sector,
        ).normalised()

    def normalised(self) -> PartnerFilters:
        """Return a copy with canonical values (ISO code, sector label, label level, trimmed text).

        Raises:
            FilterValueError: The country or sector is not recognised.
        """

        def clean(value: str | None) -> str | None:
            if value is None:
                return None
            value = " ".join(str(value).split())
            return value or None

        country, sector = clean(self.country), clean(self.sector)
        if country is not None:
            country = resolve_country(country)
        if sector is not None:
            sector = resolve_sector(sector)
        excluded = clean(self.exclude_country)
        if excluded is not None:
            codes = [resolve_country(part) for part in excluded.split(",") if part.strip()]
            excluded = ",".join(dict.fromkeys(codes)) or None
        excluded_sectors = clean(self.exclude_sector)
        if excluded_sectors is not None:
            labels = [resolve_sector(part) for part in excluded_sectors.split(",") if part.strip()]
            excluded_sectors = ",".join(dict.fromkeys(labels)) or None
        return replace(
            self,
            country=country,
            exclude_country=excluded,
            exclude_region=clean(self.exclude_region),
            exclude_sector=excluded_sectors,
            region=clean(self.region),
            sector=sector,
            technology=clean(self.technology),
            label=normalise_label(clean(self.label)),
        )

    def is_empty(self) -> bool:
        """Whether no filter is set."""
        return not any(vars(self).values())

    def parts(self) -> list[tuple[str, str]]:
        """Return ``(name, description)`` for each filter that is set, in application order."""
        out: list[tuple[str, str]] = []
        if self.country:
            out.append(("country", f"country {self.country}"))
        if self.region:
            out.append(("region", f"region '{self.region}'"))
        if self.exclude_country:
            out.append(("exclude_country", f"not country {self.exclude_country}"))
        if self.exclude_region:
            out.append(("exclude_region", f"not region '{self.exclude_region}'"))
        if self.sector:
            out.append(("sector", f"sector {self.sector}"))
        if self.exclude_sector:
            out.append(("exclude_sector", f"not sector {self.exclude_sector}"))
        if self.technology:
            out.append(("technology", f"technology '{self.technology}'"))
        if self.label:
            text = "any excellence label" if self.label == "any" else f"label '{self.label}'"
            out.append(("label", text))
        return out

    def describe(self) -> str:
        """Describe the filters, e.g. ``"country DE, sector Energy"`` (``""`` if none)."""
        return ", ".join(text for _, text in self.parts())

    def to_dict(self) -> dict[str, str]:
        """Return the filters that are set, e.g. ``{"country": "DE"}``."""
        return {k: v for k, v in vars(self).items() if v}
