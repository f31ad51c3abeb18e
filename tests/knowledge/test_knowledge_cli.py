import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.cli import app as cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    write_jsonl: Callable[..., Path],
    small_corpus: list[dict],
) -> Path:
    """Point the CLI at a small profile file, a temporary index and the fake embedder."""
    profiles = write_jsonl(small_corpus)
    monkeypatch.setenv("CLUSTER_PROFILES", str(profiles))
    monkeypatch.setenv("CLUSTER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("CLUSTER_EMBED_MODEL", "fake")
    return profiles


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence_error(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def test_search_without_index_says_how_to_build(env: Path, capsys) -> None:
    code, out, err = run(capsys, "search", "hydrogen")
    assert code == 2 and out == ""
    assert_one_sentence_error(err, "no partner index", "python -m knowledge index build")


def test_build_info_search(env: Path, capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "index", "build")
    assert code == 0
    assert "Partner index ready: 4 profiles, model fake-hashed-words-64" in out
    assert "Embedding profiles" in err  # progress bar
    assert (tmp_path / "index" / "manifest.json").is_file()

    code, out, _ = run(capsys, "index", "info")
    assert code == 0 and "vectors        4" in out and "status         current" in out
    code, out, _ = run(capsys, "index", "info", "--json")
    assert json.loads(out)["count"] == 4

    code, out, _ = run(capsys, "search", "hydrogen storage", "--country", "German", "--k", "1")
    assert code == 0
    assert "1-1 of 2" in out and "Hydro Cluster (HC), Munich, Bavaria, DE" in out
    assert "matches technologies 'hydrogen storage'" in out

    code, out, _ = run(capsys, "search", "", "--sector", "food", "--json")
    payload = json.loads(out)
    assert payload["filters"] == {"sector": "Agri-food"}
    assert [item["id"] for item in payload["items"]] == ["agri-north"]


def test_empty_result_is_explained(env: Path, capsys) -> None:
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    code, out, _ = run(capsys, "search", "x", "--country", "PT", "--sector", "Energy")
    assert code == 0
    assert "country PT has no profile with sector Energy" in out


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["--country", "Germny"], ["country 'Germny' not recognised", "did you mean Germany?"]),
        (["--sector", "agrifod"], ["sector 'agrifod' not recognised", "Agri-food"]),
    ],
)
def test_unknown_filter_values(env: Path, capsys, argv: list[str], fragments) -> None:
    code, out, err = run(capsys, "search", "hydrogen", *argv)
    assert code == 2 and out == ""
    assert_one_sentence_error(err, *fragments)


def test_bad_data_file(env: Path, capsys, write_jsonl, profile_dict) -> None:
    write_jsonl([profile_dict(), profile_dict(id="b", country="Germny")])
    code, _, err = run(capsys, "index", "build")
    assert code == 2
    assert_one_sentence_error(err, "profiles.jsonl, line 2, field 'country'", "'Germny'")


def test_stale_index_is_refused(env: Path, capsys, write_jsonl, small_corpus, profile_dict) -> None:
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    write_jsonl([*small_corpus, profile_dict(id="new-one")])
    code, out, _ = run(capsys, "index", "info")
    assert code == 0 and "stale" in out
    code, _, err = run(capsys, "search", "hydrogen")
    assert code == 2
    assert_one_sentence_error(err, "stale", "python -m knowledge index build")
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    assert run(capsys, "search", "hydrogen")[0] == 0


def test_bad_k_is_a_usage_error(env: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["search", "x", "--k", "0"])
    assert info.value.code == 2
    assert "--k: must be at least 1" in capsys.readouterr().err


def test_every_option_has_help() -> None:
    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif not isinstance(action, argparse._HelpAction):
                assert action.help, f"{path}: {action.dest} has no help"

    walk(cli.build_parser(), "knowledge")


def test_another_module_can_add_a_command_group(monkeypatch: pytest.MonkeyPatch) -> None:
    def add_demo_commands(subparsers) -> None:
        demo = subparsers.add_parser("demo", help="a demo group")
        commands = demo.add_subparsers(dest="demo_command", required=True)
        refresh = commands.add_parser("refresh", help="refresh the demo")
        refresh.set_defaults(handler=lambda args: 0)

    monkeypatch.setattr(cli, "COMMAND_GROUPS", [*cli.COMMAND_GROUPS, add_demo_commands])
    args = cli.build_parser().parse_args(["demo", "refresh"])
    assert args.handler(args) == 0
    assert cli.main(["demo", "refresh"]) == 0


def test_python_dash_m_entry_point(env: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "search", "hydrogen", "--country", "Germny"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ.copy(),
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: country 'Germny' not recognised; did you mean Germany?"
    )


def test_index_add_and_remove(
    env: Path, capsys, tmp_path: Path, write_jsonl: Callable[..., Path], profile_dict
) -> None:
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    extra = write_jsonl(
        [profile_dict(id="sea-robots", name="Sea Robots", technologies=["underwater drones"])],
        name="extra.jsonl",
    )
    code, out, _ = run(capsys, "index", "add", str(extra))
    assert code == 0 and "1 added, 0 replaced; 5 profiles (IndexFlatIP)" in out
    code, out, err = run(capsys, "index", "add", str(extra))
    assert code == 2
    assert_one_sentence_error(err, "'sea-robots' is already in the partner index", "--update")
    assert run(capsys, "index", "add", "--update", str(extra))[1].count("0 added, 1 replaced") == 1
    code, out, _ = run(capsys, "search", "underwater drones", "--k", "1", "--json")
    assert json.loads(out)["items"][0]["id"] == "sea-robots"
    code, out, _ = run(capsys, "index", "info")
    assert "status         current (2 edit(s) since the build)" in out
    code, out, _ = run(capsys, "index", "remove", "sea-robots")
    assert code == 0 and "removed sea-robots; 4 profiles" in out
    code, _, err = run(capsys, "index", "remove", "sea-robots")
    assert code == 2 and "no profile with id 'sea-robots'" in err
    bad = write_jsonl(['{"id": "x"}'], name="bad.jsonl")
    code, _, err = run(capsys, "index", "add", str(bad))
    assert code == 2 and "bad.jsonl, line 1" in err


def test_region_as_code_native_or_english_name_and_label_words(env: Path, capsys) -> None:
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    found = {}
    for region in ("DE2", "de2", "Bayern", "Bavaria", "Erlangen", "Atlantis"):
        code, out, _ = run(capsys, "search", "", "--region", region, "--json")
        assert code == 0, region
        payload = json.loads(out)
        found[region] = sorted(item["id"] for item in payload["items"])
    # The small corpus has two profiles in Bavaria (DE2), one of them in Erlangen.
    assert found["DE2"] == found["de2"] == found["Bayern"] == found["Bavaria"]
    assert found["DE2"] == ["hydro-cluster", "med-valley"]
    assert found["Erlangen"] == ["med-valley"]
    assert found["Atlantis"] == []
    code, out, _ = run(capsys, "search", "x", "--region", "Atlantis")
    assert "region 'Atlantis' is not a NUTS code or region name I know" in out
    code, out, _ = run(capsys, "search", "", "--label", "gold label", "--json")
    payload = json.loads(out)
    assert payload["filters"] == {"label": "gold"} and payload["emptied_by"] == "label"


def test_region_help_lists_the_accepted_forms(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["search", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for form in ("NUTS 2021 code", "DE2", "Bayern", "Bavaria", "whole words"):
        assert form in out


def _info_rows(capsys) -> dict[str, str]:
    code, out, _ = run(capsys, "index", "info")
    assert code == 0
    return {line[:14].strip(): line[15:] for line in out.splitlines()}


def test_info_shows_ann_parameters(env: Path, capsys, monkeypatch) -> None:
    from knowledge.vectors import kinds

    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    rows = _info_rows(capsys)
    assert rows["index type"] == "IndexFlatIP" and "HNSW" not in rows and "IVF" not in rows

    monkeypatch.setenv("CLUSTER_ANN_THRESHOLD", "2")
    assert run(capsys, "index", "build", "--force", "--no-progress")[0] == 0
    rows = _info_rows(capsys)
    assert rows["index type"] == "IndexHNSWFlat"
    assert rows["HNSW"] == (
        f"M {kinds.HNSW_M}, efConstruction {kinds.HNSW_EF_CONSTRUCTION}, "
        f"efSearch {kinds.HNSW_EF_SEARCH}"
    )

    monkeypatch.setenv("CLUSTER_IVF_THRESHOLD", "3")  # the 4 small profiles make an IVF index
    assert run(capsys, "index", "build", "--force", "--no-progress")[0] == 0
    manifest = json.loads((Path(os.environ["CLUSTER_INDEX_DIR"]) / "manifest.json").read_text())
    manifest["ivf"]["nprobe"] = 3  # read at load: an edited value is what runs, and is shown
    (Path(os.environ["CLUSTER_INDEX_DIR"]) / "manifest.json").write_text(json.dumps(manifest))
    rows = _info_rows(capsys)
    assert rows["index type"] == "IndexIVFFlat" and "HNSW" not in rows
    assert rows["IVF"] == f"{manifest['ivf']['nlist']} lists, 3 scanned per query"
    assert rows["status"] == "current"


def test_info_says_whether_the_saved_keyword_index_is_usable(env: Path, capsys) -> None:
    assert run(capsys, "index", "build", "--no-progress")[0] == 0
    directory = Path(os.environ["CLUSTER_INDEX_DIR"])
    size = (directory / "keywords.npz").stat().st_size
    assert _info_rows(capsys)["keyword index"] == (
        f"saved (keywords.npz, 4 profiles, {size / 1e6:.1f} MB, current tokenising rules; a "
        "sample is re-tokenised at load)"
    )
    code, out, _ = run(capsys, "index", "info", "--json")
    assert code == 0
    assert json.loads(out)["keyword_index"].startswith("saved (keywords.npz, 4 profiles")

    manifest_path = directory / "manifest.json"
    saved = json.loads(manifest_path.read_text())

    def info_with(**entry) -> str:
        manifest = {**saved, "keywords": {**saved["keywords"], **entry}}
        manifest_path.write_text(json.dumps(manifest))
        return _info_rows(capsys)["keyword index"]

    assert info_with(rules="0" * 16).startswith("not usable: saved with other tokenising rules")
    assert info_with(count=3).startswith("not usable: holds 3 profiles, the index 4")
    assert info_with(file="other.npz").startswith("not saved")
    manifest_path.write_text(json.dumps({k: v for k, v in saved.items() if k != "keywords"}))
    assert _info_rows(capsys)["keyword index"].startswith("not saved")
    manifest_path.write_text(json.dumps(saved))
    (directory / "keywords.npz").unlink()
    assert _info_rows(capsys)["keyword index"] == (
        "not usable: keywords.npz is missing; built on the first search after a load"
    )
