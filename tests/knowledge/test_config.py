from pathlib import Path

import pytest

from knowledge import config
from knowledge.config import (
    DEFAULT_INDEX_DIR,
    DEFAULT_PROFILES,
    PACKAGE_DIR,
    Settings,
    packaged_model_path,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CLUSTER_PROFILES", "CLUSTER_INDEX_DIR", "CLUSTER_EMBED_MODEL"):
        monkeypatch.delenv(var, raising=False)


def test_defaults_point_into_the_repository() -> None:
    settings = Settings.from_env()
    repo = PACKAGE_DIR.parent
    assert settings.profiles_path == repo / "knowledge/data/clusters/cluster_profiles.jsonl"
    assert settings.index_dir == repo / "var/index/partners"
    assert settings.profiles_path == DEFAULT_PROFILES and settings.index_dir == DEFAULT_INDEX_DIR
    assert settings.profiles_path.is_file()
    packaged = packaged_model_path()
    assert packaged is not None and settings.embed_model == str(packaged)


def test_env_vars_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLUSTER_PROFILES", str(tmp_path / "p.jsonl"))
    monkeypatch.setenv("CLUSTER_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("CLUSTER_EMBED_MODEL", "fake:32")
    settings = Settings.from_env()
    assert settings == Settings(tmp_path / "p.jsonl", tmp_path / "idx", "fake:32")


def test_explicit_overrides_beat_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLUSTER_INDEX_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("CLUSTER_EMBED_MODEL", "fake:32")
    settings = Settings.from_env(index_dir=str(tmp_path / "explicit"), embed_model=None)
    assert settings.index_dir == tmp_path / "explicit"
    assert settings.embed_model == "fake:32"  # None means "not given"


def test_unknown_override_is_rejected() -> None:
    with pytest.raises(TypeError, match="index_path"):
        Settings.from_env(index_path="x")


def test_settings_are_frozen() -> None:
    settings = Settings.from_env()
    with pytest.raises(AttributeError):
        settings.index_dir = Path("/elsewhere")  # type: ignore[misc]


# --------------------------------------------------------------------------- one settings tree

# Only this module reads the environment, and the README lists every variable: tests/house.


def test_env_value_refuses_unlisted_variables(monkeypatch):
    monkeypatch.setenv("CLUSTER_TODAY", " 2026-11-21 ")
    assert config.env_value("CLUSTER_TODAY") == "2026-11-21"
    with pytest.raises(KeyError, match=r"not listed in knowledge\.config\.ENV_VARS"):
        config.env_value("HOME")


def test_child_environment_copies_and_overrides(monkeypatch):
    monkeypatch.setenv("CLUSTER_HOST", "0.0.0.0")
    env = config.child_environment({"PYTHONUNBUFFERED": "1"})
    assert env["CLUSTER_HOST"] == "0.0.0.0" and env["PYTHONUNBUFFERED"] == "1"
