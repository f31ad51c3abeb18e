"""Speed and scale of partner search: build, query latency, ANN recall, add latency, memory.

Usage::

    python -m bench.partners                                  # 381, 10k, 100k, 1M profiles
    python -m bench.partners --sizes 381,10000 --queries 50
    python -m bench.partners --quick                          # small sizes, fewer repeats
    python -m bench.partners --nprobe-sweep-at 1000000        # IVF nprobe vs HNSW only

Corpora. Size 381 is the shipped corpus. Larger corpora scale up real records: each synthetic
profile takes a real organisation name and country from the CORDIS FP7 organisations file
(``../shared/data/cordis/fp7_organisations.csv``, CC BY 4.0, read at bench time) and the real
sectors, technologies and description of a shipped profile. They are generated here
(deterministic seed), written to ``var/bench/partners/corpus-<n>.tsv`` (id, name, country, the
shipped profile it borrows from) and never committed.

Vectors. The build throughput is measured with the real packaged model on a sample of a few
thousand synthetic profiles (``--build-sample``). Corpora up to ``--real-embed-max`` profiles are
embedded with the real model (cached in ``var/bench/partners/``). Larger ones cannot be embedded
on 2 cores in reasonable time: their vectors are the real embedding of the shipped profile each
row borrows from, mixed with a share (0-40%) of another shipped profile's embedding plus Gaussian
noise (norm about 0.35), renormalised. Queries are the 92 real queries of the labelled set
``tests/eval/partner_queries.yml``, embedded with the real model.

Index types. Each size is measured with an exact scan (ground truth, and the baseline of the
latency ratios) and with the type ``index build`` picks for it (``choose_index_type``: exact below
``CLUSTER_ANN_THRESHOLD``, HNSW from it on, IVF from ``IVF_FROM`` = 500,000 on). HNSW is measured
at every size: below the threshold to show the crossover, at IVF sizes as the baseline the IVF
replaced (up to ``--hnsw-baseline-max``; the table says when it was skipped).
``--nprobe-sweep-at N`` measures IVF's one search parameter against that HNSW baseline.

Numbers are printed as Markdown tables and saved to ``var/bench/partners/results[-TAG].json``
(``--report FILE...`` prints the tables of saved runs, merged).

Modules: ``common`` (paths, timing, tables), ``corpus`` (scaled-up corpora, synthetic vectors,
queries), ``build`` (build throughput per backend), ``dense`` (per-size measurements),
``sweeps`` (crossover, HNSW and IVF parameter sweeps), ``report`` (tables, merging runs) and
``cli`` (the command line).
"""

from bench.partners.common import CORDIS, SEED
from bench.partners.corpus import load_organisations, make_corpus, synthetic_vectors
from bench.partners.dense import bench_size, recall, topk_exact
from bench.partners.report import dense_table, merge
from bench.partners.sweeps import nprobe_sweep, nprobe_table, search_sweep

__all__ = [
    "CORDIS",
    "SEED",
    "bench_size",
    "dense_table",
    "load_organisations",
    "make_corpus",
    "merge",
    "nprobe_sweep",
    "nprobe_table",
    "recall",
    "search_sweep",
    "synthetic_vectors",
    "topk_exact",
]
