"""The training fingerprint: what changes it and what does not."""

from __future__ import annotations

from bot.ops.train import fingerprint


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
