"""The training fingerprint: what changes it and what does not."""

from __future__ import annotations

from bot.ops.train import fingerprint, imported_sources


def make_tree(root):
    (root / "data" / "nlu").mkdir(parents=True)
    (root / "config.yml").write_text("language: en\n")
    (root / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    return [root / "config.yml", root / "data", root / "absent"]


def test_fingerprint_follows_content_not_timestamps(tmp_path):
    inputs = make_tree(tmp_path)
    first = fingerprint(inputs, root=tmp_path)
    (tmp_path / "config.yml").touch()
    assert fingerprint(inputs, root=tmp_path) == first
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: [x]\n")
    assert fingerprint(inputs, root=tmp_path) != first


def test_new_file_and_rename_change_the_fingerprint(tmp_path):
    inputs = make_tree(tmp_path)
    first = fingerprint(inputs, root=tmp_path)
    (tmp_path / "data" / "nlu" / "b.yml").write_text("nlu: []\n")
    second = fingerprint(inputs, root=tmp_path)
    assert second != first
    (tmp_path / "data" / "nlu" / "b.yml").rename(tmp_path / "data" / "nlu" / "c.yml")
    assert fingerprint(inputs, root=tmp_path) != second


def test_moved_checkout_keeps_its_fingerprint(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert fingerprint(make_tree(a), root=a) == fingerprint(make_tree(b), root=b)


def make_project(root):
    """bot/nlu/component.py -> taxonomy/words.py (+ words.csv beside it) -> taxonomy/inner.py,
    a relative import in a package, and an actions/ module nothing in bot/nlu imports."""
    for folder in ("bot/nlu", "taxonomy", "actions", "knowledge/sub"):
        (root / folder).mkdir(parents=True)
    for package in ("bot", "bot/nlu", "taxonomy", "actions", "knowledge", "knowledge/sub"):
        (root / package / "__init__.py").write_text("")
    (root / "bot/nlu/component.py").write_text(
        "import json\nfrom taxonomy.words import WORDS\nfrom knowledge import sub\n"
    )
    (root / "taxonomy/words.py").write_text("from .inner import BASE\nWORDS = BASE\n")
    (root / "taxonomy/inner.py").write_text("BASE = ('a',)\n")
    (root / "taxonomy/words.csv").write_text("word\na\n")
    (root / "taxonomy/README.md").write_text("docs\n")
    (root / "knowledge/sub/__init__.py").write_text("from . import leaf\n")
    (root / "knowledge/sub/leaf.py").write_text("X = 1\n")
    (root / "actions/reply.py").write_text("from taxonomy.words import WORDS\n")


def test_imported_sources_follow_imports_through_the_project(tmp_path):
    make_project(tmp_path)
    found = {
        p.relative_to(tmp_path).as_posix()
        for p in imported_sources([tmp_path / "bot" / "nlu"], root=tmp_path)
    }
    assert found == {
        "taxonomy/__init__.py",
        "taxonomy/words.py",
        "taxonomy/inner.py",  # through a relative import
        "taxonomy/words.csv",  # a table beside an imported module
        "knowledge/__init__.py",
        "knowledge/sub/__init__.py",  # `from knowledge import sub`: a subpackage
        "knowledge/sub/leaf.py",
    }


def test_a_word_table_change_retrains_and_an_action_change_does_not(tmp_path):
    make_project(tmp_path)

    def stamp():
        components = tmp_path / "bot" / "nlu"
        inputs = [components, *imported_sources([components], root=tmp_path)]
        return fingerprint(inputs, root=tmp_path)

    first = stamp()
    (tmp_path / "actions/reply.py").write_text("from taxonomy.words import WORDS  # used\n")
    (tmp_path / "taxonomy/README.md").write_text("more docs\n")
    assert stamp() == first
    (tmp_path / "taxonomy/inner.py").write_text("BASE = ('a', 'b')\n")
    second = stamp()
    assert second != first
    (tmp_path / "taxonomy/words.csv").write_text("word\na\nb\n")
    assert stamp() != second


def test_the_real_components_depend_on_the_language_word_tables():
    from bot.ops.train import REPO_ROOT, training_inputs

    inputs = {p.relative_to(REPO_ROOT).as_posix() for p in training_inputs()}
    # the language columns of the entity-type features come from these
    assert {"taxonomy/stopwords.py", "taxonomy/function_words.csv"} <= inputs
    assert not any(p.startswith("actions/") for p in inputs)


def test_training_skips_rasas_component_cache():
    # Rasa's cache keys a component's output on config and data, not on project code: a
    # training decided by the fingerprint above must recompute every component
    from bot.ops.train import rasa_train_command

    command = rasa_train_command()
    assert command[1:4] == ["-m", "rasa", "train"] and "--force" in command
