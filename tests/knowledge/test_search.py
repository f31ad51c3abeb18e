import re
from collections import Counter
from itertools import product

import pytest
import yaml

from knowledge.cities import city_codes
from knowledge.config import DEFAULT_PROFILES
from knowledge.embedding import FakeEmbedder
from knowledge.errors import FilterValueError
from knowledge.partners.index import PartnerIndex
from knowledge.partners.keyword import query_terms
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile, load_profiles
from knowledge.regions import REGION_NAMES, region_table
from taxonomy.countries import EU_CODE_TO_ISO
from taxonomy.nuts import clean_nuts_name
from taxonomy.sectors import SECTORS
from taxonomy.text import fold

QUERY = "innovation in advanced technologies"


@pytest.fixture
def small_searcher(small_profiles: list[ClusterProfile]) -> PartnerSearcher:
    embedder = FakeEmbedder()
    return PartnerSearcher(PartnerIndex.build(small_profiles, embedder, progress=False), embedder)


# --- filters never leak (property-style over the shipped corpus) ----------------------------


def test_country_filter_never_leaks_and_fills_k(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    per_country = Counter(p.country for p in real_profiles)
    assert len(per_country) == 36
    for country, n in per_country.items():
        for k in (1, 5, 40):
            result = real_fake_searcher.search(QUERY, PartnerFilters(country=country), k=k)
            assert {m.profile.country for m in result.matches} <= {country}
            assert len(result.matches) == min(k, n), (country, k)
            assert result.total == n and result.empty_because is None


def test_sector_filter_never_leaks_and_fills_k(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    for sector in SECTORS:
        n = sum(sector in p.sectors for p in real_profiles)
        result = real_fake_searcher.search("hydrogen", PartnerFilters(sector=sector), k=10)
        assert all(sector in m.profile.sectors for m in result.matches)
        assert len(result.matches) == min(10, n) and result.total == n


def test_country_and_sector_combinations(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    countries = sorted({p.country for p in real_profiles})
    empty_combinations = 0
    for country, sector in product(countries, SECTORS):
        n = sum(p.country == country and sector in p.sectors for p in real_profiles)
        result = real_fake_searcher.search(
            QUERY, PartnerFilters(country=country, sector=sector), k=3
        )
        assert all(
            m.profile.country == country and sector in m.profile.sectors for m in result.matches
        )
        assert len(result.matches) == min(3, n)
        if n == 0:
            empty_combinations += 1
            assert result.empty_because == (
                f"country {country} has no profile with sector {sector}"
            )
        else:
            assert result.empty_because is None
    assert empty_combinations > 0


def _loose(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form ("Brittany / Pays" ~ "brittany pays")."""
    return fold(text or "")


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
_DIRECTIONS |= {"upper", "lower", "central", "centre", "middle", "mid", "inner", "outer", "greater"}


def _names_in(code: str) -> set[str]:
    """Every folded name of ``code`` and of the units inside it (curated English and NUTS)."""
    table = region_table()
    return {name for name, codes in table.names.items() if any(c.startswith(code) for c in codes)}


def _says(place: str, names: set[str]) -> bool:
    """``place`` (folded) names one of ``names`` as whole words; a name made only of direction
    words does not count right after another one ("north west" is not "west")."""
    words = place.split()
    for name in names:
        size = len(name.split())
        for i in range(len(words) - size + 1):
            if " ".join(words[i : i + size]) == name and (
                i == 0 or words[i - 1] not in _DIRECTIONS or not set(name.split()) <= _DIRECTIONS
            ):
                return True
    return False


def _curated_regions() -> list[tuple[str, str]]:
    data = yaml.safe_load(REGION_NAMES.read_text(encoding="utf-8"))
    return [(e["nuts"], e["value"]) for e in data["entries"] if e.get("nuts")]


def test_region_filter_never_leaks_given_as_code_native_or_english_name(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    table = region_table()
    checked = 0
    for code, english in _curated_regions():
        country = EU_CODE_TO_ISO.get(code[:2], code[:2])
        names = _names_in(code)
        native = [
            n for n in clean_nuts_name(table.labels[code]) if table.resolve(n).codes == {code}
        ]
        forms = [code, code.lower(), english, *native]
        results = {}
        for form in forms:
            result = real_fake_searcher.search(QUERY, PartnerFilters(region=form), k=100)
            for match in result.matches:
                p = match.profile
                assert p.country == country, (form, p.id, p.country)
                # or its city lies in the region (GeoNames admin1 -> NUTS, knowledge/cities.py)
                in_city = any(c.startswith(code) for c in city_codes(p.city, table))
                assert _says(_loose(p.region), names) or _says(_loose(p.city), names) or in_city, (
                    form,
                    p.id,
                    p.region,
                    p.city,
                )
            results[form] = {m.profile.id for m in result.matches}
            checked += len(result.matches)
        assert results[code] == results[code.lower()], code
        if table.resolve(english).codes == {code}:
            assert results[english] == results[code], (english, code)
        for name in native:
            assert results[name] == results[code], (name, code)
    assert checked > 100  # the check looked at real results, not only empty ones


@pytest.mark.parametrize(
    ("forms", "places"),
    [
        (["Bavaria", "Bayern", "DE2", "de2", "the Bavaria region"], {"Bavaria"}),
        (["Attica", "Attiki", "EL30", "GR30"], {"Attica", "Attiki"}),
        (["Basque Country", "País Vasco", "pais vasco", "Euskadi", "ES21"], {"Basque Country"}),
        (["Graz"], {"Graz"}),
        (["Styria", "Steiermark", "AT22"], {"Styria", "Carinthia / Styria"}),
        # A part named by a direction lies in the region: South Wales is in Wales.
        (["Wales", "UKL", "Welsh"], {"South Wales (Cardiff Capital Region)"}),
        (["Moravia"], {"Moravia", "North Moravia", "South-East Moravia"}),
    ],
)
def test_code_native_and_english_forms_find_the_same_profiles(
    real_fake_searcher: PartnerSearcher,
    real_profiles: list[ClusterProfile],
    forms: list[str],
    places: set[str],
) -> None:
    expected = {p.id for p in real_profiles if p.region in places or p.city in places}
    assert expected
    for form in forms:
        result = real_fake_searcher.search(QUERY, PartnerFilters(region=form), k=100)
        assert {m.profile.id for m in result.matches} == expected, form


def test_saxony_is_not_lower_saxony(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    lower = {p.id for p in real_profiles if p.region == "Lower Saxony"}
    saxony = {p.id for p in real_profiles if p.region and "Saxony" in p.region} - lower
    assert lower and saxony
    result = real_fake_searcher.search(QUERY, PartnerFilters(region="Saxony"), k=100)
    assert {m.profile.id for m in result.matches} == saxony
    result = real_fake_searcher.search(QUERY, PartnerFilters(region="Niedersachsen"), k=100)
    assert {m.profile.id for m in result.matches} == lower


def test_region_filter_fills_k(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    for region in ("FRK", "Auvergne-Rhône-Alpes", "FR", "Basque Country", "Euskadi", "ES21"):
        n = real_fake_searcher.search("", PartnerFilters(region=region), k=100).total
        assert n >= 5, region
        for k in (1, 3, 5):
            result = real_fake_searcher.search(QUERY, PartnerFilters(region=region), k=k)
            assert len(result.matches) == k and result.total == n, (region, k)


def test_region_text_fallback_is_whole_words(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    for text in ("Brainport", "Rhine-Neckar", "rhine neckar"):
        expected = {
            p.id
            for p in real_profiles
            if re.search(
                rf"\b{re.escape(_loose(text))}\b", _loose(p.region) + " | " + _loose(p.city)
            )
        }
        assert expected, text
        result = real_fake_searcher.search(QUERY, PartnerFilters(region=text), k=100)
        assert {m.profile.id for m in result.matches} == expected, text
    # A piece of a word is not a place: "brain" is not "Brainport".
    assert real_fake_searcher.search(QUERY, PartnerFilters(region="Brain"), k=100).matches == []


def test_unknown_region_names_the_region_filter(real_fake_searcher: PartnerSearcher) -> None:
    result = real_fake_searcher.search("hydrogen", PartnerFilters(country="DE", region="Atlantis"))
    assert result.matches == [] and result.emptied_by == "region"
    assert "region 'Atlantis'" in (result.empty_because or "")
    assert "not a NUTS code or region name" in (result.empty_because or "")
    known_but_empty = real_fake_searcher.search("hydrogen", PartnerFilters(region="DE21"))
    assert known_but_empty.matches == [] and known_but_empty.emptied_by == "region"
    assert known_but_empty.empty_because == "no profile matches region 'DE21'"
    assert known_but_empty.to_dict()["emptied_by"] == "region"


def test_region_filter_is_accent_insensitive(real_fake_searcher: PartnerSearcher) -> None:
    accented = real_fake_searcher.search("", PartnerFilters(region="Île-de-France"), k=100)
    plain = real_fake_searcher.search("", PartnerFilters(region="ile de france"), k=100)
    assert accented.total > 0
    assert [m.profile.id for m in accented.matches] == [m.profile.id for m in plain.matches]


def test_technology_filter_matches_technologies_or_description(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    for tech in ("hydrogen", "Offshore Wind", "photonics", "3D printing", "blockchain"):
        needle = tech.casefold()
        expected = {
            p.id
            for p in real_profiles
            if any(needle in t.casefold() for t in p.technologies)
            or needle in p.description.casefold()
        }
        result = real_fake_searcher.search("cluster", PartnerFilters(technology=tech), k=100)
        assert {m.profile.id for m in result.matches} == expected, tech


# --- paging ---------------------------------------------------------------------------------


def test_paging_is_consistent(real_fake_searcher: PartnerSearcher) -> None:
    whole = real_fake_searcher.search("digital health data", k=30)
    pages = []
    for offset in range(0, 30, 5):
        page = real_fake_searcher.search("digital health data", k=5, offset=offset)
        assert page.offset == offset and page.total == 381
        pages.extend(m.profile.id for m in page.matches)
    assert pages == [m.profile.id for m in whole.matches]
    assert len(set(pages)) == 30


def test_paging_with_a_filter_ends_cleanly(real_fake_searcher: PartnerSearcher) -> None:
    seen = []
    for offset in (0, 5, 10, 15, 20, 25):
        page = real_fake_searcher.search("energy", PartnerFilters(country="FR"), k=5, offset=offset)
        seen.extend(m.profile.id for m in page.matches)
    assert len(seen) == len(set(seen)) == 30
    past = real_fake_searcher.search("energy", PartnerFilters(country="FR"), k=5, offset=30)
    assert past.matches == [] and past.total == 30
    assert past.empty_because is not None and "30" in past.empty_because


def test_bad_paging_arguments_are_programming_errors(small_searcher: PartnerSearcher) -> None:
    with pytest.raises(ValueError):
        small_searcher.search("x", k=0)
    with pytest.raises(ValueError):
        small_searcher.search("x", offset=-1)


# --- empty results and their reasons --------------------------------------------------------


def test_filter_that_empties_the_result_is_named(real_fake_searcher: PartnerSearcher) -> None:
    result = real_fake_searcher.search(
        "recycled yarn", PartnerFilters(country="MT", sector="Textiles & Fashion")
    )
    assert result.matches == [] and result.total == 0
    assert result.empty_because == "country MT has no profile with sector Textiles & Fashion"
    nobody = real_fake_searcher.search("anything", PartnerFilters(country="US"))
    assert nobody.empty_because == "no profile matches country US"


def test_unrecognised_filter_value_gives_a_reason_not_an_exception(
    small_searcher: PartnerSearcher,
) -> None:
    result = small_searcher.search("hydrogen", PartnerFilters(country="Germny"))
    assert result.matches == []
    assert result.empty_because == "country 'Germny' not recognised; did you mean Germany?"


def test_empty_query_without_filters(small_searcher: PartnerSearcher) -> None:
    for query in ("", "   ", "the of and", "clusters please"):
        result = small_searcher.search(query)
        assert result.matches == [] and result.total == 0
        assert result.empty_because and "no searchable words" in result.empty_because


def test_empty_query_with_filters_lists_the_filtered_profiles_by_name(
    small_searcher: PartnerSearcher,
) -> None:
    for query in ("", "  ", "find me some partners"):
        result = small_searcher.search(query, PartnerFilters(country="DE"))
        assert [m.profile.name for m in result.matches] == ["Hydro Cluster", "Med Valley"]
        assert result.total == 2 and result.empty_because is None
        assert result.matches[0].why == "matches filters country DE"


# --- normalisation, ranking and explanations ------------------------------------------------


def test_filters_accept_free_text(real_fake_searcher: PartnerSearcher) -> None:
    free = real_fake_searcher.search(QUERY, PartnerFilters(country="German", sector="ICT"), k=20)
    exact = real_fake_searcher.search(
        QUERY, PartnerFilters(country="DE", sector="Digital & ICT"), k=20
    )
    assert free.filters == exact.filters == PartnerFilters(country="DE", sector="Digital & ICT")
    assert [m.profile.id for m in free.matches] == [m.profile.id for m in exact.matches]
    assert free.total > 0


def test_describe_and_parse() -> None:
    assert PartnerFilters(country="DE", sector="Energy").describe() == "country DE, sector Energy"
    assert PartnerFilters().describe() == "" and PartnerFilters().is_empty()
    parsed = PartnerFilters.parse(country="Deutschland", sector="agrifood", region="  Bavaria ")
    assert parsed == PartnerFilters(country="DE", region="Bavaria", sector="Agri-food")
    with pytest.raises(FilterValueError, match="did you mean Germany"):
        PartnerFilters.parse(country="Germny")
    with pytest.raises(FilterValueError, match="sector 'zebra' not recognised"):
        PartnerFilters.parse(sector="zebra")


def test_best_match_and_why(small_searcher: PartnerSearcher) -> None:
    result = small_searcher.search("hydrogen storage", k=2)
    top = result.matches[0]
    assert top.profile.id == "hydro-cluster"
    assert "matches technologies 'hydrogen storage'" in top.why
    assert "sector Energy" in top.why
    assert re.search(r"; similarity 0\.\d\d, keyword score 0\.\d\d$", top.why)
    assert top.score > result.matches[1].score


def test_keyword_in_technologies_ranks_first(small_searcher: PartnerSearcher) -> None:
    assert small_searcher.search("medical imaging").matches[0].profile.id == "med-valley"
    assert small_searcher.search("textile recycling").matches[0].profile.id == "textile-lab"
    food = small_searcher.search("food processing", PartnerFilters(sector="food"))
    assert [m.profile.id for m in food.matches] == ["agri-north"]
    assert "sector Agri-food" in food.matches[0].why


def test_scores_are_sorted(real_fake_searcher: PartnerSearcher) -> None:
    scores = [m.score for m in real_fake_searcher.search("offshore wind energy", k=20).matches]
    assert scores == sorted(scores, reverse=True)


def test_query_terms() -> None:
    assert query_terms("Who could help us with hydrogen storage in Bavaria?") == [
        "hydrogen",
        "storage",
        "bavaria",
    ]
    assert query_terms("🚀🚀") == [] and len(query_terms("word " * 5000)) == 1


def test_result_to_dict(small_searcher: PartnerSearcher) -> None:
    payload = small_searcher.search("hydrogen", PartnerFilters(country="de"), k=1).to_dict()
    assert payload["filters"] == {"country": "DE"} and payload["total"] == 2
    [item] = payload["items"]
    assert item["id"] == "hydro-cluster" and item["country"] == "DE"
    assert isinstance(item["score"], float) and item["why"]


# --- hostile or odd input never raises ------------------------------------------------------

ODD_QUERIES = [
    "",
    " \t\n ",
    "x" * 10_000,
    "hydrogen " * 2_000,
    "🚀🔥💡",
    "hydrogène et piles à combustible",
    "Wasserstoffspeicher in Bayern",
    "Водородные технологии",
    "氢能储存",
    "'; DROP TABLE profiles; --",
    "<script>alert('x')</script>",
    "%s %d {0} ${HOME}",
    "\x00\x01\x02",
    "a",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
@pytest.mark.parametrize(
    "filters", [None, PartnerFilters(country="FR"), PartnerFilters(region="🚀", sector="x")]
)
def test_odd_input_never_raises(
    real_fake_searcher: PartnerSearcher, query: str, filters: PartnerFilters | None
) -> None:
    result = real_fake_searcher.search(query, filters, k=5)
    assert len(result.matches) <= 5
    assert bool(result.matches) != bool(result.empty_because)
    if filters and filters.country:
        assert all(m.profile.country == "FR" for m in result.matches)


# --- modes ----------------------------------------------------------------------------------


def test_modes_rank_differently_and_explain_their_score(
    real_fake_searcher: PartnerSearcher,
) -> None:
    keyword = real_fake_searcher.search("MRO", k=3, mode="keyword")
    assert {m.profile.id for m in keyword.matches[:2]} == {
        "hamburg-aviation",
        "andalucia-aerospace",
    }
    assert keyword.matches[0].why.endswith(f"keyword score {keyword.matches[0].score:.2f}")
    dense = real_fake_searcher.search("MRO", k=3, mode="dense")
    assert re.search(r"; similarity -?\d\.\d\d$", dense.matches[0].why)
    hybrid = real_fake_searcher.search("MRO", k=10)
    # (The fake embedder's hashed words give chance similarities, so no ranking claim here.)
    assert "hamburg-aviation" in {m.profile.id for m in hybrid.matches}
    top = next(m for m in hybrid.matches if m.profile.id == "hamburg-aviation")
    sim, kw = map(float, re.findall(r"(?:similarity|keyword score) (-?\d\.\d\d)", top.why))
    assert top.score == pytest.approx(0.7 * sim + 0.3 * kw, abs=0.01)
    with pytest.raises(ValueError, match="mode"):
        real_fake_searcher.search("MRO", mode="bm25")  # type: ignore[arg-type]


def test_keyword_mode_still_fills_k_within_filters(real_fake_searcher: PartnerSearcher) -> None:
    result = real_fake_searcher.search(
        "zzzz unknownword", PartnerFilters(country="MT"), k=5, mode="keyword"
    )
    assert [m.profile.country for m in result.matches] == ["MT", "MT"]


def test_typo_is_explained_with_the_corrected_word(real_fake_searcher: PartnerSearcher) -> None:
    top = real_fake_searcher.search("hydorgen", k=1).matches[0]
    assert "hydrogen" in top.why and "hydrogen" in " ".join(top.profile.technologies).lower()


def test_similar_to_leaves_the_profile_out_and_respects_filters(
    real_fake_searcher: PartnerSearcher,
) -> None:
    result = real_fake_searcher.similar_to("cybernorth", PartnerFilters(country="IE"), k=3)
    assert result.matches and all(m.profile.country == "IE" for m in result.matches)
    assert "cybernorth" not in {m.profile.id for m in result.matches}
    assert "similar to CyberNorth" in result.matches[0].why or "similar to" in result.matches[0].why
    missing = real_fake_searcher.similar_to("nope")
    assert missing.matches == [] and "nope" in (missing.empty_because or "")


@pytest.mark.parametrize("wanted", ["gold", "silver", "bronze", "any"])
def test_label_filter_never_leaks_and_keeps_k(wanted):
    profiles = load_profiles(DEFAULT_PROFILES)
    embedder = FakeEmbedder(dim=32)
    searcher = PartnerSearcher(PartnerIndex.build(profiles, embedder, progress=False), embedder)
    matching = [p for p in profiles if p.label and (wanted == "any" or wanted in p.label.lower())]
    assert matching, f"the corpus has no {wanted} label"
    result = searcher.search("cluster", PartnerFilters(label=wanted), k=10)
    assert result.total == len(matching)
    assert len(result.matches) == min(10, len(matching))
    for match in result.matches:
        assert match.profile.label
        assert wanted == "any" or wanted in match.profile.label.lower()


def test_label_filter_that_empties_the_result_is_named():
    profiles = load_profiles(DEFAULT_PROFILES)
    embedder = FakeEmbedder(dim=32)
    searcher = PartnerSearcher(PartnerIndex.build(profiles, embedder, progress=False), embedder)
    result = searcher.search("cluster", PartnerFilters(country="MT", label="gold"))
    assert result.matches == []
    assert "label 'gold'" in (result.empty_because or "")
    assert result.emptied_by == "label"
    assert PartnerFilters(label="  Gold ").normalised().label == "gold"
    assert PartnerFilters(label="gold").to_dict() == {"label": "gold"}


@pytest.mark.parametrize(
    ("said", "level"),
    [
        ("gold label", "gold"),
        ("ECEI gold", "gold"),
        ("gold-labelled", "gold"),
        ("ESCA Silver Label", "silver"),
        ("bronze", "bronze"),
        ("any label", "any"),
        ("labelled clusters", "any"),
        ("cluster management excellence label", "any"),
    ],
)
def test_label_wording_from_the_conversation_filters_like_the_level(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile], said, level
) -> None:
    expected = {
        p.id
        for p in real_profiles
        if p.label and (level == "any" or level in fold(p.label).split())
    }
    assert expected
    result = real_fake_searcher.search(QUERY, PartnerFilters(label=said), k=100)
    assert result.filters.label == level
    assert {m.profile.id for m in result.matches} == expected
    assert result.filters.describe() == (
        "any excellence label" if level == "any" else f"label '{level}'"
    )


def test_label_filter_matches_whole_words_only(small_profiles: list[ClusterProfile]) -> None:
    from dataclasses import replace

    embedder = FakeEmbedder(dim=16)
    profiles = [
        replace(small_profiles[0], label="Goldberg Network member"),
        replace(small_profiles[1], label="ECEI Gold Label (2019)"),
        *small_profiles[2:],
    ]
    searcher = PartnerSearcher(PartnerIndex.build(profiles, embedder, progress=False), embedder)
    result = searcher.search("", PartnerFilters(label="gold"), k=10)
    assert [m.profile.id for m in result.matches] == [profiles[1].id]


def test_only_the_faiss_vector_store_imports_faiss() -> None:
    from pathlib import Path

    import knowledge

    root = Path(knowledge.__file__).parent
    users = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if re.search(r"^\s*(import faiss|from faiss\b)", p.read_text("utf-8"), re.M)
    )
    assert users == ["vectors/faiss_store.py"]


def test_a_city_in_its_own_language_finds_that_citys_profiles(
    real_fake_searcher: PartnerSearcher, real_profiles: list[ClusterProfile]
) -> None:
    # "Torino" is also a NUTS level-3 unit (ITC11), finer than the Piedmont code (ITC1) the
    # profiles in "Turin" get: the search "a Torino" found none of them (session 15)
    turin = {p.id for p in real_profiles if p.city == "Turin"}
    assert turin
    result = real_fake_searcher.search("", PartnerFilters(region="Torino"), k=100)
    assert turin <= {m.profile.id for m in result.matches}
