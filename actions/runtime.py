"""The knowledge services the actions use, loaded once per action-server process."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from knowledge.embedding import Embedder, load_embedder
from knowledge.partners.index import ensure_index
from knowledge.partners.search import PartnerSearcher
from knowledge.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything the actions need from the knowledge layer."""

    settings: Settings
    embedder: Embedder
    partners: PartnerSearcher


_services: Services | None = None


class ServicesNotReady(RuntimeError):
    """The action server was started without loading the knowledge services."""


def load_services(settings: Settings | None = None) -> Services:
    """Loads the embedder and the partner index, and warms the model with one query.

    A missing or stale index (other profiles or another model) is rebuilt first: a few seconds
    for the shipped corpus.

    Args:
        settings: Where data, index and model are; defaults to :meth:`Settings.from_env`.

    Returns:
        The loaded services, also installed for :func:`get_services`.
    """
    settings = settings or Settings.from_env()
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder, progress=False)
    searcher = PartnerSearcher(index, embedder)
    embedder.embed_batch(["warm-up"])  # the first call loads weights; pay it now, not in a chat
    logger.info(
        "knowledge loaded: model %s (%d-d), partner index %s with %d profiles",
        embedder.name,
        embedder.dim,
        settings.index_dir,
        len(index),
    )
    install(Services(settings, embedder, searcher))
    return get_services()


def install(services: Services | None) -> None:
    """Installs (or, with None, removes) the services; tests install fakes this way."""
    global _services
    _services = services


def get_services() -> Services:
    """Returns the loaded services.

    Raises:
        ServicesNotReady: when :func:`load_services` or :func:`install` was not called.
    """
    if _services is None:
        raise ServicesNotReady(
            "knowledge services are not loaded; start the action server with "
            "`python -m actions.server`"
        )
    return _services
