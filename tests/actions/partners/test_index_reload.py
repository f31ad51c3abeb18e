"""The action server serves a partner index saved while it runs (index add/remove/build).

Hermetic: the fake embedder, a temporary index directory, the real ``python -m knowledge`` CLI
functions for the edits, and the real actions for the searches.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from actions import services as composition
from actions.partners.search import ActionSearchPartners
from knowledge.cli import app as cli
from knowledge.config import Settings
from knowledge.embedding import load_embedder
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import MANIFEST
from knowledge.partners.searcher import PartnerSearcher
from tests.actions.support import make_tracker

NEW = {
    "id": "reload-test-hydrogen-valley",
    "name": "Reload Test Hydrogen Valley",
    "country": "DE",
    "region": "Bavaria",
    "sectors": ["Energy"],
    "technologies": ["electrolyser stacks"],
    "description": "Companies building electrolyser stacks for green hydrogen.",
    "source_url": "https://example.org/reload-test",
    "retrieved_via": "pages",
}


@pytest.fixture
def stack(tmp_path: Path, profiles):
    """A built index, the services an action server would hold, and a CLI runner."""
    corpus = tmp_path / "profiles.jsonl"
    corpus.write_text(
        "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in profiles[:40]),
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"
    where = ["--profiles", str(corpus), "--index-dir", str(index_dir)]

    def knowledge_cli(*argv: str, model: str = "fake:32") -> None:
        command, *rest = argv
        assert cli.main(["-q", "index", command, *rest, *where, "--model", model]) == 0

    knowledge_cli("build")
    settings = Settings.from_env(profiles_path=corpus, index_dir=index_dir, embed_model="fake:32")
    embedder = load_embedder(settings)
    searcher = PartnerSearcher(PartnerIndex.load(index_dir, embedder), embedder)
    services = composition.Services(
        settings, embedder, searcher, index_watcher=composition.IndexWatcher(index_dir, embedder)
    )
    composition.install(services)
    yield services, knowledge_cli, tmp_path
    composition.install(None)


def ids_found(query: str = "electrolyser stacks") -> set[str]:
    result = composition.get_services().partners.search(query, k=100)
    return {m.profile.id for m in result.matches}


async def test_added_profile_is_found_by_the_next_search_and_removal_is_seen(stack, dispatcher):
    services, knowledge_cli, tmp_path = stack
    assert NEW["id"] not in ids_found()
    new_file = tmp_path / "new.jsonl"
    new_file.write_text(json.dumps(NEW) + "\n", encoding="utf-8")

    knowledge_cli("add", str(new_file))
    assert NEW["id"] in ids_found()
    assert len(services.partners.index) == 41
    # The action sees it too, through get_services().
    text = "electrolyser stacks"
    tracker = make_tracker(text, [], partner_query=text)
    await ActionSearchPartners().run(dispatcher, tracker, {})
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["items"][0]["id"] == NEW["id"]

    knowledge_cli("remove", NEW["id"])
    assert NEW["id"] not in ids_found()
    assert len(services.partners.index) == 40


def test_nothing_changed_keeps_the_same_searcher(stack):
    services, _, _ = stack
    before = services.partners
    for _ in range(3):
        assert composition.get_services().partners is before


def test_corrupt_manifest_is_refused_and_the_old_index_keeps_serving(stack, caplog):
    services, knowledge_cli, tmp_path = stack
    new_file = tmp_path / "new.jsonl"
    new_file.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    knowledge_cli("add", str(new_file))
    assert NEW["id"] in ids_found()
    serving = services.partners

    manifest = services.settings.index_dir / MANIFEST
    manifest.write_text("{ not json", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="actions.services"):
        assert NEW["id"] in ids_found()
    assert services.partners is serving
    assert "refused" in caplog.text and "still serving" in caplog.text
    # Refused once, not on every request.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="actions.services"):
        ids_found()
    assert caplog.text == ""

    # A repaired index (rebuilt from the 40-profile file) is picked up again.
    knowledge_cli("build", "--force")
    assert NEW["id"] not in ids_found()
    assert services.partners is not serving


def test_index_built_with_another_model_is_refused(stack, caplog):
    services, knowledge_cli, _ = stack
    serving = services.partners
    knowledge_cli("build", "--force", model="fake:16")
    with caplog.at_level(logging.ERROR, logger="actions.services"):
        assert ids_found("hydrogen")
    assert services.partners is serving
    assert "fake-hashed-words-16" in caplog.text


def test_missing_index_mid_swap_keeps_serving(stack):
    services, _, _ = stack
    serving = services.partners
    index_dir = services.settings.index_dir
    moved = index_dir.with_name("elsewhere")
    index_dir.rename(moved)
    try:
        assert ids_found("hydrogen")
        assert services.partners is serving
    finally:
        moved.rename(index_dir)
