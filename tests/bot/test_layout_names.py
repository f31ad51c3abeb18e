"""One set of feature names across domain/, data/ and tests/stories/, matching the action wings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops.domain import DOMAIN_DIR, FEATURES, GENERATED_DATA_DIR, SYNONYMS_FILE, load_domain
from bot.settings import REPO_ROOT
from taxonomy.languages import REPLY_LANGUAGES

DATA = REPO_ROOT / "data"
# Features whose actions live in a wing actions/<feature>/; faq and language (a request to change
# the conversation's language) are answered by responses only.
ACTION_WINGS = {"partners", "funding", "handoff", "dialogue", "privacy"}


def _stems(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.yml")}


def test_every_domain_file_is_a_feature_with_nlu_data():
    domain = _stems(DOMAIN_DIR)
    assert domain == set(FEATURES)
    missing = sorted(name for name in domain if not (DATA / "nlu" / f"{name}.yml").is_file())
    assert missing == []


@pytest.mark.parametrize("kind", ["nlu", "rules", "stories"])
def test_every_data_file_is_named_after_a_feature(kind):
    assert _stems(DATA / kind) - set(FEATURES) == set()


def test_generated_data_is_apart_and_nothing_else_hides_in_data():
    assert SYNONYMS_FILE.is_file()
    assert {path.name for path in GENERATED_DATA_DIR.iterdir()} == {SYNONYMS_FILE.name}
    yml = {path for path in DATA.rglob("*.yml")}
    by_feature = {path for path in yml if path.parent.parent == DATA and path.stem in FEATURES}
    # Examples in the other reply languages, one file per language (data/nlu/languages/de.yml).
    by_language = {
        path
        for path in yml
        if path.parent == DATA / "nlu" / "languages" and path.stem in REPLY_LANGUAGES[1:]
    }
    # The fact questions' neighbourhood, one file per reply language (data/nlu/facts/de.yml).
    by_facts = {
        path
        for path in yml
        if path.parent == DATA / "nlu" / "facts" and path.stem in REPLY_LANGUAGES
    }
    assert yml - by_feature - by_language - by_facts == {SYNONYMS_FILE}


def test_story_tests_are_named_test_feature():
    names = {path.name for path in (REPO_ROOT / "tests" / "stories").iterdir()}
    assert names <= {f"test_{feature}.yml" for feature in FEATURES}


def test_the_merged_domain_keeps_every_part():
    domain = load_domain()
    assert {"faq", "find_partners", "find_calls", "request_human", "greet"} <= set(
        domain["intents"]
    )
    assert {"partner_search_form", "call_search_form", "handoff_form"} <= set(domain["forms"])
    assert domain["session_config"]["carry_over_slots_to_new_session"] is True


def test_load_domain_refuses_a_response_defined_twice(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yml").write_text(
            'version: "3.1"\nresponses:\n  utter_x:\n    - text: hi\n', encoding="utf-8"
        )
    with pytest.raises(ValueError, match="utter_x"):
        load_domain(tmp_path)


def test_features_are_the_action_wings():
    if not (REPO_ROOT / "actions" / "partners").is_dir():
        pytest.skip("actions/ is not split into feature wings yet")
    wings = {
        path.name
        for path in (REPO_ROOT / "actions").iterdir()
        if path.is_dir() and (path / "__init__.py").is_file()
    }
    assert wings >= ACTION_WINGS
    assert set(FEATURES) == ACTION_WINGS | {"faq", "language"}
