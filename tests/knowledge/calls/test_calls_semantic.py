"""Semantic ranking of calls: cached vectors keyed by content and model, the hybrid hook."""

from __future__ import annotations

import numpy as np
import pytest
from calls_helpers import LATER, SMALL_CALLS, make_call

from knowledge.calls.semantic import CallVectors, content_key, hybrid_rank_hook
from knowledge.embedding import FakeEmbedder, describe_space


class SynonymEmbedder(FakeEmbedder):
    """FakeEmbedder that reads "accumulator" as "battery": meaning without shared words.

    A test may set ``config`` (runtime settings) on it; like a real embedder, its ``space`` then
    names them.
    """

    @property
    def space(self) -> str:
        return describe_space(self.name, getattr(self, "config", None))

    def embed_batch(self, texts):
        self.calls = getattr(self, "calls", 0) + 1
        return super().embed_batch([t.lower().replace("accumulator", "battery") for t in texts])


def test_content_key_depends_on_content_and_model():
    key = content_key(SMALL_CALLS, "m1")
    assert key == content_key(list(reversed(SMALL_CALLS)), "m1")
    assert key != content_key(SMALL_CALLS, "m2")
    changed = [make_call("BATT-IA", title="Something else"), *SMALL_CALLS[1:]]
    assert key != content_key(changed, "m1")


def test_vectors_are_cached_beside_the_store_and_reused(small_store):
    embedder = SynonymEmbedder(dim=64)
    first = CallVectors.for_store(small_store, embedder)
    assert len(first) == len(SMALL_CALLS)
    assert np.allclose(np.linalg.norm(first.matrix, axis=1), 1.0)
    cached = list(small_store.path.parent.glob(f"{small_store.path.name}.vectors-*.npz"))
    assert len(cached) == 1
    embedder.calls = 0
    second = CallVectors.for_store(small_store, embedder)
    assert embedder.calls == 0  # read from the cache
    assert second.ids == first.ids and np.array_equal(second.matrix, first.matrix)
    # Another model never reuses these vectors.
    other = CallVectors.for_store(small_store, FakeEmbedder(dim=32))
    assert other.model != first.model and other.matrix.shape[1] == 32


def test_vectors_of_another_runtime_of_the_same_model_are_not_reused(small_store):
    # Same model name, other backend (e.g. torch vectors cached before the int8 ONNX default).
    torch_like = SynonymEmbedder(dim=64)
    torch_like.config = {"backend": "torch", "quantization": "none", "max_seq_length": 256}
    CallVectors.for_store(small_store, torch_like)
    onnx_like = SynonymEmbedder(dim=64)
    onnx_like.config = {"backend": "onnx", "quantization": "int8", "max_seq_length": 256}
    onnx_like.calls = 0
    vectors = CallVectors.for_store(small_store, onnx_like)
    assert onnx_like.calls > 0  # embedded again, not read from the torch cache
    assert len(list(small_store.path.parent.glob(f"{small_store.path.name}.vectors-*.npz"))) == 2
    with pytest.raises(ValueError, match="rebuild"):
        vectors.similarities(torch_like, "battery")


def test_changed_store_rebuilds(build_store):
    embedder = SynonymEmbedder(dim=64)
    store_a = build_store(SMALL_CALLS, name="a.sqlite")
    CallVectors.for_store(store_a, embedder)
    store_b = build_store(SMALL_CALLS[:3], name="a.sqlite")  # same path, new content
    embedder.calls = 0
    vectors = CallVectors.for_store(store_b, embedder)
    assert embedder.calls > 0 and len(vectors) == 3


def test_unwritable_cache_keeps_vectors_in_memory(small_store, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    vectors = CallVectors.for_store(small_store, FakeEmbedder(dim=16), cache_dir=blocker / "sub")
    assert len(vectors) == len(SMALL_CALLS)


def test_wrong_model_is_refused(small_store):
    vectors = CallVectors.for_store(small_store, FakeEmbedder(dim=16))
    with pytest.raises(ValueError, match="rebuild"):
        vectors.similarities(FakeEmbedder(dim=32), "battery")


def test_semantic_hook_finds_calls_the_keywords_miss(small_store):
    embedder = SynonymEmbedder(dim=64)
    hook = hybrid_rank_hook(
        CallVectors.for_store(small_store, embedder), embedder, min_similarity=0.3
    )
    plain = small_store.search("accumulator", today=LATER)
    assert plain.total == 0
    hybrid = small_store.search("accumulator", today=LATER, rank_hook=hook)
    ids = [hit.call.id for hit in hybrid.items]
    assert ids and all(i.startswith("BATT") for i in ids)


def test_hybrid_keeps_keyword_hits_and_the_status_rule(small_store):
    embedder = SynonymEmbedder(dim=64)
    hook = hybrid_rank_hook(
        CallVectors.for_store(small_store, embedder), embedder, min_similarity=-1.0
    )
    keyword = small_store.search("battery recycling", today=LATER)
    hybrid = small_store.search("battery recycling", today=LATER, rank_hook=hook, k=100)
    assert {h.call.id for h in keyword.items} <= {h.call.id for h in hybrid.items}
    # Even with every call semantically admitted, closed ones (H2-PAST) never come back.
    assert all(hit.status != "closed" for hit in hybrid.items)
    assert "H2-PAST" not in {h.call.id for h in hybrid.items}


def test_hook_weights_are_checked(small_store):
    vectors = CallVectors.for_store(small_store, FakeEmbedder(dim=16))
    with pytest.raises(ValueError):
        hybrid_rank_hook(vectors, FakeEmbedder(dim=16), keyword_weight=1.5)


@pytest.mark.slow
def test_real_model_ranks_battery_recycling_topics_first(real_store, tmp_path):
    from knowledge.config import default_embed_model
    from knowledge.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(default_embed_model())
    vectors = CallVectors.for_store(real_store, embedder, cache_dir=tmp_path)
    hook = hybrid_rank_hook(vectors, embedder)
    result = real_store.search(
        "recovering materials from used accumulators",
        today=LATER,
        status=("open", "forthcoming", "closed"),
        rank_hook=hook,
    )
    titles = " ".join(hit.call.title.lower() for hit in result.items[:5])
    assert "batter" in titles or "recycl" in titles
