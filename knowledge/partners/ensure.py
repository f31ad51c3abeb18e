"""Keeping the saved partner index current: load it, or (re)build and save it first."""

from __future__ import annotations

import logging

from knowledge.config import Settings
from knowledge.embedding import Embedder
from knowledge.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    KnowledgeError,
)
from knowledge.partners.index import PartnerIndex
from knowledge.records import load_profiles, profiles_hash

logger = logging.getLogger("knowledge")


def ensure_index(
    settings: Settings, embedder: Embedder, progress: bool = True, force: bool = False
) -> PartnerIndex:
    """Load the partner index, (re)building and saving it first if missing or stale.

    Args:
        settings: Where the profiles and the index live, and the ANN threshold.
        embedder: The embedder to build with and query with.
        progress: Show a progress bar when building.
        force: Rebuild even if the saved index is current.

    A rebuild because the profiles changed embeds only profiles whose text the stale index does
    not hold (unless ``force``): the others keep their vectors.

    Freshness is decided from the manifest (model name, embedding settings and profiles hash)
    without loading the embedding model: a current index is loaded and returned with the model
    still unloaded (its dimension is checked when it first embeds). The model is loaded only to
    build.

    Returns:
        A current index.

    Raises:
        DataFileError: The profiles file is bad.
    """
    profiles = load_profiles(settings.profiles_path)
    current_hash = profiles_hash(profiles)
    previous = None
    if not force:
        try:
            return PartnerIndex.load(
                settings.index_dir, embedder, expected_hash=current_hash, lazy_dim=True
            )
        except (IndexMissingError, IndexMismatchError, IndexCorruptError) as exc:
            logger.info("Building partner index: %s", str(exc).split("; run `")[0])
        try:  # a stale index of the same model and settings still holds reusable vectors
            previous = PartnerIndex.load(
                settings.index_dir, embedder, lazy_dim=True, keywords=False
            )
        except KnowledgeError:
            previous = None
    index = PartnerIndex.build(
        profiles,
        embedder,
        progress=progress,
        ann_threshold=settings.ann_threshold,
        ivf_threshold=settings.ivf_threshold,
        reuse=previous,
    )
    del previous
    index.save(settings.index_dir)
    logger.info(
        "Loaded partner index: model=%s, vectors=%d, type=%s, path=%s",
        index.manifest["model"],
        len(index),
        index.index_type,
        settings.index_dir,
    )
    return index
