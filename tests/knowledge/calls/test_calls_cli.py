"""The ``calls`` command group: build, info, search; help texts and user errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from calls_helpers import AS_OF, SMALL_CALLS

from knowledge.calls.cli import build_parser, main, register
from knowledge.calls.paths import ENV_STORE_PATH
from knowledge.calls.store import CallStore


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "calls.sqlite"
    CallStore.build(path, SMALL_CALLS, as_of=AS_OF, source="t").close()
    return path


def test_build_info_search_on_the_shipped_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "var" / "calls.sqlite"
    assert main(["calls", "build", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "629 calls loaded" in out and "data as of 2026-08-10" in out
    assert db.is_file()

    assert main(["calls", "info", "--db", str(db), "--today", "2026-11-21", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["as_of"] == "2026-08-10" and info["count"] == 629
    assert info["by_status"] == {"open": 23, "forthcoming": 261, "closed": 345}

    assert main(["info", "--db", str(db), "--today", "2026-11-21"]) == 0  # "calls" is optional
    text = capsys.readouterr().out
    assert "as of:   2026-08-10 (103 days before 2026-11-21)" in text
    assert "23 open, 261 forthcoming, 345 closed" in text

    code = main(
        ["calls", "search", "battery recycling", "--db", str(db), "--today", "2026-11-21",
         "--status", "open", "--json"]
    )  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == "battery recycling" and payload["as_of"] == "2026-08-10"
    assert payload["items"] == [] and payload["counts"] == {"open": 0}
    assert payload["nearest_forthcoming"]
    assert all(i["status"] == "forthcoming" for i in payload["nearest_forthcoming"])


def test_search_text_output_is_honest(small_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["search", "textile", "--db", str(small_db), "--today", "2026-11-21", "--status", "open"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Data as of 2026-08-10 (103 days before 2026-11-21); status on 2026-11-21."
    )
    assert "No matching call is open on 2026-11-21." in out
    assert "Nearest forthcoming matching calls:" in out
    assert "[forthcoming] Textile recycling for SMEs" in out
    assert "https://example.org/smp-textile" in out


def test_search_filters_from_the_command_line(
    small_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["search", "--db", str(small_db), "--today", "2026-11-21", "--programme", "horizon",
         "--type", "RIA", "--budget-min", "2.5M", "--budget-max", "€3,000,000",
         "--deadline-after", "2027-01-01", "--deadline-before", "2027-12-31", "--k", "5",
         "--json"]
    )  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in payload["items"]] == ["BATT-RIA"]
    assert payload["items"][0]["deadline"] == "2027-03-01"


def test_store_path_from_environment(
    small_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_STORE_PATH, str(small_db))
    assert main(["info", "--today", "2026-11-21", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 6


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "x", "--db", "{missing}"], "error: no calls store at"),
        (["search", "--programme", "Horizn", "--db", "{db}"], "did you mean Horizon Europe?"),
        (
            ["search", "--type", "lottery", "--db", "{db}"],
            "type of action 'lottery' not recognised",
        ),
        (["info", "--db", "{junk}"], "is not a calls store"),
        (["build", "--db", "{db}", "--snapshot", "{bad_snapshot}"], "line 1, field 'deadline'"),
    ],
)
def test_user_errors_are_one_sentence_exit_2(
    argv: list[str],
    message: str,
    small_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 200)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"topicId": "X", "deadline": "soon"}\n', encoding="utf-8")
    paths = {
        "missing": tmp_path / "missing.sqlite",
        "db": small_db,
        "junk": junk,
        "bad_snapshot": bad,
    }
    argv = [a.format(**paths) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    # a failed build keeps the store that was there
    with CallStore.open(small_db) as store:
        assert store.count == 6


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "--today", "2026-02-30"],
        ["search", "--budget-min", "lots"],
        ["search", "--k", "0"],
        ["search", "--status", "open,maybe"],
        ["search", "--deadline-before", "next week"],
        ["frobnicate"],
    ],
)
def test_bad_option_values_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert "error:" in last_line


def test_every_option_has_help() -> None:
    parser = argparse.ArgumentParser()
    calls = register(parser.add_subparsers())
    commands = next(a for a in calls._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {"build", "refresh", "info", "search"}
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help and action.help.strip(), (name, action.dest)


def test_register_sets_a_handler_for_the_top_level_cli() -> None:
    args = build_parser().parse_args(["calls", "search", "hydrogen"])
    assert callable(args.handler)
    assert args.text == "hydrogen" and args.status == ("open", "forthcoming") and args.k == 10
