"""bot/settings.py lists what the Rasa process reads; tests/house checks nothing else reads it."""

from __future__ import annotations

import re

from bot import settings
from bot.ops.runtime_config import CHANNEL_OPTIONS, OPTIONAL_CHANNELS, build_run_config
from bot.settings import ENV_VARS, REPO_ROOT, read_env


def test_every_variable_the_run_configuration_uses_is_listed():
    used = {var for _, keys in OPTIONAL_CHANNELS.values() for var in keys.values()}
    used |= {var for keys in CHANNEL_OPTIONS.values() for var in keys.values()}
    source = (REPO_ROOT / "bot" / "ops" / "runtime_config.py").read_text(encoding="utf-8")
    used |= set(re.findall(r'env\.get\("([A-Z0-9_]+)"\)', source))
    assert used <= set(ENV_VARS)
    assert all(isinstance(text, str) and text for text in ENV_VARS.values())


def test_explicit_environment_wins_and_unknown_or_empty_variables_are_dropped(monkeypatch):
    monkeypatch.setenv("CLUSTER_ACTION_URL", "http://from-process:1/webhook")
    explicit = {
        "CLUSTER_ACTION_URL": "http://explicit:2/webhook",
        "UNRELATED": "x",
        "SLACK_BOT_TOKEN": "",
    }
    assert read_env(explicit) == {"CLUSTER_ACTION_URL": "http://explicit:2/webhook"}
    assert read_env()["CLUSTER_ACTION_URL"] == "http://from-process:1/webhook"
    config = build_run_config(explicit)
    assert config.endpoints["action_endpoint"]["url"] == "http://explicit:2/webhook"


def test_child_environment_adds_without_changing_the_process(monkeypatch):
    monkeypatch.delenv("CLUSTER_TEST_ONLY", raising=False)
    child = settings.child_env(CLUSTER_TEST_ONLY="1")
    assert child["CLUSTER_TEST_ONLY"] == "1"
    import os

    assert "CLUSTER_TEST_ONLY" not in os.environ


def test_openmp_defaults_fill_only_what_the_environment_leaves_open(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    settings.calm_openmp()
    assert settings.os.environ["OMP_NUM_THREADS"] == settings.OPENMP_DEFAULTS["OMP_NUM_THREADS"]
    assert settings.os.environ["OMP_WAIT_POLICY"] == "ACTIVE"  # the operator's value wins


def test_an_empty_openmp_variable_leaves_openmp_its_own_default(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "")
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    settings.calm_openmp()
    assert "OMP_NUM_THREADS" not in settings.os.environ
    assert settings.os.environ["OMP_WAIT_POLICY"] == "PASSIVE"


def test_rasa_telemetry_is_off_unless_the_operator_opts_in(monkeypatch):
    from rasa import telemetry

    monkeypatch.delenv("RASA_TELEMETRY_ENABLED", raising=False)
    settings.no_rasa_telemetry()
    assert telemetry.is_telemetry_enabled() is False  # whatever ~/.config/rasa/global.yml says
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    settings.no_rasa_telemetry()
    assert telemetry.is_telemetry_enabled() is True  # the operator's value wins


def test_a_child_environment_gets_rasa_telemetry_off_unless_it_opts_in():
    child = {"PATH": "/usr/bin"}
    settings.no_rasa_telemetry(child)
    assert child["RASA_TELEMETRY_ENABLED"] == "false"
    opted_in = {"RASA_TELEMETRY_ENABLED": "true"}
    settings.no_rasa_telemetry(opted_in)
    assert opted_in["RASA_TELEMETRY_ENABLED"] == "true"
