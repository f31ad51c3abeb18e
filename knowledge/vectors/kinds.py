"""The FAISS index kinds and their measured parameters and switch-over (no FAISS import here).

Below ``ann_threshold`` vectors (setting ``CLUSTER_ANN_THRESHOLD``) they sit in an exact
``IndexFlatIP``; from it on in an ``IndexHNSWFlat`` (inner product), an approximate graph index
whose query time grows roughly with log(n) instead of n; from :data:`IVF_FROM` vectors on
(``CLUSTER_IVF_THRESHOLD``) in an ``IndexIVFFlat`` (inner product): k-means lists, of which a
query scans the :data:`IVF_NPROBE` nearest exactly. Measured on the scaled-up 1M corpus
(docs/benchmarks.md): HNSW finds at most 0.91 of the exact top 10 there (0.84 at its default
efSearch), IVF 0.97-0.98 in about 1 ms (8 of 1,024 lists), because near-duplicates that a graph
walk skips sit in the lists it scans.
"""

from __future__ import annotations

import numpy as np

from knowledge.config import DEFAULT_ANN_THRESHOLD, DEFAULT_IVF_THRESHOLD

FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
IVF = "IndexIVFFlat"
KINDS = (FLAT, HNSW, IVF)
#: The NumPy exact store (:class:`~knowledge.vectors.exact.ExactVectorStore`): never chosen by
#: size; asked for explicitly (tests, small corpora without FAISS).
EXACT = "exact"
# HNSW parameters, measured with `python -m bench.partners` (docs/benchmarks.md, "Partner search:
# speed and scale"). On scaled-up corpora (many profiles share a description, so their vectors are
# near-duplicates) M=32/efConstruction=80/efSearch=96 found only 0.48-0.79 of the exact top 10 at
# 100k-1M. M=48/efConstruction=120 with efSearch=1024 found 0.99 at 100k and 0.95 at 300k in
# 1.2-1.3 ms a query (budget 5 ms), and built no slower than 32/80 here. At 1M on those vectors:
# 0.84 in 1.9 ms, at most 0.91 with more efSearch (docs/benchmarks.md, "1M vectors with the
# current HNSW parameters"); kept, as real data is likely easier than these near-duplicates.
HNSW_M = 48
HNSW_EF_CONSTRUCTION = 120
HNSW_EF_SEARCH = 1024
# A filtered HNSW search doubles efSearch up to this, then scans the allowed rows exactly.
MAX_EF_SEARCH = 4096
# Below this many allowed rows, a filtered search is an exact scan of them (cheap, never misses).
EXACT_SCAN_ROWS = 20_000
# IVF: from this many vectors on. On the scaled-up corpus HNSW was measured at 0.95 recall@10 at
# 300k and 0.84 at 1M; IVF at 1M (1,024 lists) at 0.97-0.98 scanning 8 lists (p50 1.0-1.2 ms in
# four runs at load 4-7) and 0.998-1.000 scanning 16 (p50 1.9, 2.0, 3.5 and 11 ms in the same
# runs: twice the memory read per query on a machine shared with other jobs). 8 is the default:
# both targets with margin, steady latency; what it misses are near-ties (within 0.01 cosine).
# Between 300k and 1M neither type was measured: the switch sits in between. See
# docs/benchmarks.md.
IVF_FROM = DEFAULT_IVF_THRESHOLD  # CLUSTER_IVF_THRESHOLD
IVF_NPROBE = 8
IVF_TRAIN_PER_LIST = 200  # k-means sample: 200 vectors per list (FAISS asks for at least 39)
IVF_MIN_PER_LIST = 39


def ivf_list_count(count: int) -> int:
    """Number of IVF lists for ``count`` vectors: the power of two nearest sqrt(count).

    1,024 at a million (measured); never more than one list per 39 vectors, so k-means has the
    sample FAISS asks for.
    """
    if count <= 0:
        return 1
    nearest = 2 ** round(np.log2(max(np.sqrt(count), 1.0)))
    return int(max(1, min(nearest, count // IVF_MIN_PER_LIST)))


def choose_index_type(
    count: int, threshold: int = DEFAULT_ANN_THRESHOLD, ivf_threshold: int | None = None
) -> str:
    """Return the FAISS index type for a corpus size.

    Args:
        count: Number of vectors.
        threshold: Size from which an ANN index is used (``CLUSTER_ANN_THRESHOLD``).
        ivf_threshold: Size from which that ANN index is an IVF (``CLUSTER_IVF_THRESHOLD``;
            default :data:`IVF_FROM`).

    Returns:
        ``"IndexFlatIP"`` below ``threshold``, ``"IndexHNSWFlat"`` from it on, and
        ``"IndexIVFFlat"`` from ``max(threshold, ivf_threshold)`` on.
    """
    if count < threshold:
        return FLAT
    return IVF if count >= (IVF_FROM if ivf_threshold is None else ivf_threshold) else HNSW
