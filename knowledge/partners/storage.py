"""Saving a partner index directory atomically, and reading its saved keyword index back.

Files are written into a temporary sibling directory, which then replaces the target by
renames (``.<name>.old`` bridges the gap; a crash between the two renames is recovered at the
next load or save). The manifest is written last: a directory without one is never an index.

Keyword index. It is derived from the profiles, so it is saved for speed only: tokenising takes
about ten minutes per million profiles, which an action server would otherwise spend on its first
query (or on the first query after an index reload). ``manifest["keywords"]`` records the file,
its row count and the tokenising rules' fingerprint. :func:`saved_keywords` returns it when all
of them fit and a sample of profiles tokenises to what it stores; otherwise it logs why and
returns ``None`` to have it built on first use (a stale keyword file never refuses the index).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from knowledge.errors import KnowledgeError
from knowledge.fsutil import fsync_dir
from knowledge.partners.keyword import KeywordIndex, rules_fingerprint
from knowledge.partners.manifest import KEYWORDS, MANIFEST

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex

logger = logging.getLogger("knowledge")

# Profiles re-tokenised at load to check a saved keyword index against the current tokeniser:
# all of a small corpus; an even spread of a large one (~0.5 ms each).
KEYWORD_CHECK_SAMPLE = 512


def write_directory(
    target: Path, manifest: dict[str, Any], write_files: Callable[[Path], None]
) -> None:
    """Write an index directory atomically: ``write_files(tmp)``, the manifest, then swap.

    If anything fails before the swap, the previous index is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        write_files(tmp)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        fsync_dir(tmp)
        swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _old_sibling(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def swap_in(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` with renames; ``target.old`` bridges the gap."""
    old = _old_sibling(target)
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swap(target: Path) -> None:
    """Put the previous index back if a crash happened between the two renames of a swap."""
    old = _old_sibling(target)
    if not target.exists() and (old / MANIFEST).is_file():
        logger.warning("Restoring partner index %s after an interrupted save", target)
        os.replace(old, target)


def keywords_entry(keywords: KeywordIndex) -> dict[str, Any]:
    """The manifest's ``keywords`` entry for a keyword index saved beside it."""
    return {"file": KEYWORDS, "count": len(keywords), "rules": rules_fingerprint()}


def saved_keywords(path: Path, index: PartnerIndex) -> KeywordIndex | None:
    """Read the keyword index saved with ``index`` if it still fits it, else ``None``.

    It fits when the manifest names it with the current tokenising rules, it holds exactly the
    index's live rows, and a sample of profiles (:data:`KEYWORD_CHECK_SAMPLE`, spread over the
    rows) tokenises to the terms and field lengths it stores.
    """
    entry = index.manifest.get("keywords")
    if not isinstance(entry, dict) or entry.get("file") != KEYWORDS:
        logger.info("Partner index at %s has no saved keyword index; built on first use", path)
        return None
    if entry.get("rules") != rules_fingerprint():
        logger.warning(
            "Saved keyword index at %s was made with other tokenising rules; rebuilt on first use",
            path,
        )
        return None
    started = time.perf_counter()
    try:
        keywords = KeywordIndex.load(path / KEYWORDS)
    except KnowledgeError as exc:
        logger.warning("Saved keyword index not used (%s); rebuilt on first use", exc)
        return None
    live = index.live_rows()
    if entry.get("count") != len(live) or not np.array_equal(keywords.live_rows(), live):
        logger.warning(
            "Saved keyword index at %s does not hold the index's rows; rebuilt on first use", path
        )
        return None
    picks = np.unique(np.linspace(0, len(live) - 1, min(len(live), KEYWORD_CHECK_SAMPLE)))
    sample = [(int(live[i]), index.profile_at(int(live[i]))) for i in picks.astype(np.int64)]
    bad = keywords.mismatched_rows((row, p) for row, p in sample if p is not None)
    if bad:
        logger.warning(
            "Saved keyword index at %s does not match the current tokeniser (%d of %d sampled "
            "profiles differ, e.g. %r); rebuilt on first use",
            path,
            len(bad),
            len(sample),
            index.profile_at(bad[0]).id,  # type: ignore[union-attr]
        )
        return None
    logger.debug(
        "Loaded keyword index over %d profiles in %.2fs",
        len(keywords),
        time.perf_counter() - started,
    )
    return keywords
