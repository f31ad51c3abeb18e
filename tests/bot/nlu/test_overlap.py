"""bot/nlu/overlap.py finds near-duplicates, and held-out NLU data has none with data/nlu (the guard).

The guard covers every intent-labelled message under tests/nlu/ and tests/eval/ (NLU files and
story-format conversations): those are scored by the NLU model, so none may be a training text
in disguise. Search sets in tests/eval/ (``queries:`` without intents, e.g. partner_queries.yml)
are judged against the partner corpus by the retrieval benchmarks and never go through the NLU
model, so their overlap with NLU training data does not inflate any score; any other format
fails here until overlap.py learns to read it.
"""

from __future__ import annotations

import difflib
import functools
import random
from pathlib import Path

import pytest
import yaml

from bot.nlu.overlap import (
    FACT_QUESTION_KEYS,
    HELDOUT_SET_KEYS,
    SAFE_LOADER,
    THRESHOLD,
    Message,
    Pair,
    find_overlaps,
    main,
    normalise,
    read_file,
    read_messages,
    strip_entities,
)
from bot.settings import REPO_ROOT

TRAIN_DIR = REPO_ROOT / "data" / "nlu"
EVAL_DIRS = [REPO_ROOT / "tests" / "nlu", REPO_ROOT / "tests" / "eval"]


def _msg(text: str, intent: str | None = "x", source: str = "t.yml:1") -> Message:
    return Message(text, intent, source)


def test_normalise_folds_case_drops_punctuation_keeps_accents():
    assert normalise("  What's the EIC   Accelerator?! ") == "whats the eic accelerator"
    assert normalise("Wir suchen Partner für Wasserstoff, bitte.") == (
        "wir suchen partner für wasserstoff bitte"
    )
    assert normalise("Y a-t-il des appels ouverts sur l'hydrogène ?") == (
        "y a t il des appels ouverts sur lhydrogène"
    )
    assert normalise("hydrogène") != normalise("hydrogene")


def test_entity_markup_is_reduced_to_its_text():
    assert strip_entities("partners for [hydrogen](technology) in [DE](country:DE)") == (
        "partners for hydrogen in DE"
    )
    assert strip_entities('the [second]{"entity": "ordinal", "value": "2"} one') == (
        "the second one"
    )
    assert strip_entities('[Bavaria][{"entity": "region"}, {"entity": "place"}] please') == (
        "Bavaria please"
    )


def test_catches_duplicates_differing_in_punctuation_case_or_one_word():
    training = [_msg("Which clusters work on hydrogen storage in Bavaria?")]
    for text in (
        "which clusters work on hydrogen storage in bavaria",  # case and punctuation
        "Which clusters work on hydrogen storage, in Bavaria!!",  # punctuation only
        "which clusters work on hydrogen storage in Bayern",  # one word
    ):
        pairs = find_overlaps([_msg(text)], training)
        assert len(pairs) == 1, text
        assert pairs[0].score >= THRESHOLD
    exact = find_overlaps([_msg("WHICH clusters work on hydrogen storage in Bavaria")], training)
    assert exact[0].exact and exact[0].score == 1.0


def test_does_not_flag_a_genuinely_different_text():
    training = [_msg("Which clusters work on hydrogen storage in Bavaria?")]
    different = "we make electrolysers and need a Bavarian partner with storage know-how"
    assert find_overlaps([_msg(different)], training) == []
    assert find_overlaps([_msg("what is the capital of Australia")], training) == []


def _brute_force(evaluation: list[Message], training: list[Message], threshold: float) -> set:
    """Every pair by difflib's ratio alone, no bound (what find_overlaps must equal)."""
    found = set()
    for message in evaluation:
        for candidate in training:
            a, b = candidate.normalised, message.normalised
            if a == b:
                found.add((message.source, candidate.source, 1.0))
            elif not candidate.exact_only:
                score = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
                if score >= threshold:
                    found.add((message.source, candidate.source, round(score, 9)))
    return found


@pytest.mark.parametrize("threshold", [0.85, 0.7, 0.5])
def test_the_rapidfuzz_bound_loses_no_pair_difflib_finds(threshold):
    # Perturbed copies of real training texts (a character swapped, dropped, a word added) and
    # unrelated ones: the pairs found through the LCS bound are exactly difflib's pairs.
    rng = random.Random(13)
    training = [
        _msg(text, source=f"t:{i}")
        for i, text in enumerate(
            [
                "Which clusters work on hydrogen storage in Bavaria?",
                "open calls on circular economy for SMEs",
                "Wir suchen Partner für Wasserstoff in Deutschland",
                "y a-t-il des appels ouverts sur l'hydrogène",
                "what is the budget of Euroclusters",
                "clusters with a gold label in Austria",
                "hablar con un asesor por favor",
                "",
            ]
        )
    ]
    training.append(Message("netherlands", None, "t:syn", exact_only=True))
    evaluation = []
    for i in range(120):
        base = list(rng.choice(training).text or "x")
        for _ in range(rng.randint(0, 6)):
            base = base or ["y"]
            where = rng.randrange(len(base))
            base[where : where + 1] = rng.choice([[], ["z"], [base[where], "e"]])
        evaluation.append(_msg("".join(base), source=f"e:{i}"))
    evaluation.append(_msg("Netherlands!", source="e:syn"))
    pairs = {
        (p.evaluation.source, p.training.source, round(p.score, 9))
        for p in find_overlaps(evaluation, training, threshold)
    }
    expected = _brute_force(evaluation, training, threshold)
    assert pairs == expected
    assert len(expected) > 20  # the sample is not trivially empty


def test_reads_nlu_blocks_stories_and_search_sets(tmp_path):
    nlu = tmp_path / "nlu.yml"
    nlu.write_text(
        'version: "3.1"\nnlu:\n- intent: find_partners\n  examples: |\n'
        "    - partners for [hydrogen](technology)\n    - who does photonics?\n"
        "- synonym: DE\n  examples: |\n    - germany\n"
        "- intent: greet\n  examples:\n  - text: hello there\n",
        encoding="utf-8",
    )
    story = tmp_path / "stories.yml"
    story.write_text(
        'version: "3.1"\nstories:\n- story: s\n  steps:\n  - user: |\n'
        '      the [second]{"entity": "ordinal"} one\n    intent: select_result\n'
        "  - action: action_select_result\n",
        encoding="utf-8",
    )
    search = tmp_path / "queries.yml"
    search.write_text("queries:\n  - id: a\n    query: hydrogen storage\n", encoding="utf-8")
    messages = read_messages([tmp_path])
    assert [(m.text, m.intent) for m in messages] == [
        ("partners for hydrogen", "find_partners"),
        ("who does photonics?", "find_partners"),
        ("hello there", "greet"),
        ("germany", None),  # a synonym entry: only an equal message is its duplicate
        ("hydrogen storage", None),
        ("the second one", "select_result"),
    ]
    assert messages[0].source == f"{nlu}:5"
    assert messages[3].exact_only and messages[3].source == f"{nlu}:9"
    assert messages[5].source == f"{story}:6"


def test_lookup_table_entries_count_as_training_texts(tmp_path):
    train = tmp_path / "lexicon.yml"
    train.write_text(
        'version: "3.1"\nnlu:\n- lookup: farewell_words\n  examples: |\n    - au revoir\n'
        "- synonym: FR\n  examples: |\n    - la france\n",
        encoding="utf-8",
    )
    held_out = [
        Message("Au revoir !", "goodbye", "eval.yml:1"),
        Message("La France", "inform", "x"),
    ]
    pairs = find_overlaps(held_out, read_messages([train]))
    assert [pair.evaluation.text for pair in pairs] == ["Au revoir !", "La France"]
    # a synonym entry matches only an equal message, not one that merely contains it
    assert find_overlaps([Message("La Francia", "inform", "y")], read_messages([train])) == []


def test_cli_lists_pairs_and_exits_1_only_when_there_are_any(tmp_path, capsys):
    train = tmp_path / "train.yml"
    train.write_text(
        "nlu:\n- intent: thank\n  examples: |\n    - much appreciated\n", encoding="utf-8"
    )
    dirty = tmp_path / "dirty.yml"
    dirty.write_text(
        "nlu:\n- intent: thank\n  examples: |\n    - Much appreciated!\n", encoding="utf-8"
    )
    clean = tmp_path / "clean.yml"
    clean.write_text(
        "nlu:\n- intent: thank\n  examples: |\n    - you saved my afternoon\n", encoding="utf-8"
    )
    assert main([str(dirty), "--train", str(train)]) == 1
    assert "EXACT" in capsys.readouterr().out
    assert main([str(clean), "--train", str(train)]) == 0
    assert main([str(dirty), "--train", str(train), "--threshold", "1.01"]) == 1


def _eval_files() -> list[Path]:
    return sorted(
        path
        for folder in EVAL_DIRS
        for path in folder.rglob("*")
        if path.suffix in {".yml", ".yaml"}
    )


# The evaluation files are read by several tests below; each file is parsed once per session
# (the tests only read the documents and messages).
@functools.cache
def _document(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}


@functools.cache
def _messages(path: Path) -> tuple[Message, ...]:
    return tuple(read_file(path))


def _is_partner_query_set(path: Path) -> bool:
    document = _document(path)
    return set(document) <= {"version", "queries"} and bool(document.get("queries"))


def _is_search_set(path: Path) -> bool:
    """A labelled retrieval set (partner queries, fact questions): no intents, read all the same."""
    document = _document(path)
    if set(document) <= {"version", "languages", "queries"} and document.get("queries"):
        return True
    keys = {"version", *FACT_QUESTION_KEYS, *HELDOUT_SET_KEYS}
    return set(document) <= keys and bool(_messages(path))


def test_every_evaluation_file_has_a_known_format():
    unknown = [
        str(path.relative_to(REPO_ROOT))
        for path in _eval_files()
        if not _is_search_set(path) and not any(m.intent for m in _messages(path))
    ]
    assert unknown == [], "teach bot/nlu/overlap.py these formats so the guard covers them"


def test_guard_no_heldout_message_near_duplicates_training_data():
    # Every held-out NLU message and every fact question (asked through the NLU too); the partner
    # search sets (`queries:`) are topic words scored against profiles, never through the model.
    heldout = []
    for path in _eval_files():
        messages = _messages(path)
        # a partner search set is read once per file (parsing it once per message took minutes)
        search_set = _is_partner_query_set(path)
        heldout.extend(m for m in messages if m.intent or not search_set)
    assert len(heldout) >= 134 + 150
    pairs = find_overlaps(heldout, read_messages([TRAIN_DIR]))
    report = "\n".join(pair.describe() for pair in pairs)
    print(report)
    assert pairs == [], f"held-out messages too close to training data:\n{report}"


def test_the_fast_loader_reads_the_nlu_files_as_the_python_loader_does():
    if getattr(yaml, "CSafeLoader", None) is not None:
        assert SAFE_LOADER is yaml.CSafeLoader
    files = sorted(p for d in (TRAIN_DIR, EVAL_DIRS[0]) for p in d.rglob("*.yml"))
    assert len(files) > 5
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert yaml.load(raw, Loader=SAFE_LOADER) == yaml.safe_load(raw), path


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("tests/eval/understanding7.yml:12", False),
        ("tests/eval/conversations4.yml:40", False),
        ("tests/eval/understanding10.yml:40", False),
        ("tests/eval/conversations10.yml:12", False),
        ("tests/eval/understanding11.yml:44", False),
        ("tests/eval/conversations11.yml:30", False),
        ("/repo/tests/eval/understanding12.yml:3", False),
        ("tests/eval/understanding3.yml:12", True),
        ("tests/eval/conversations.yml:9", True),
        ("tests/eval/dev_faq15.yml:5", True),
    ],
)
def test_a_clash_with_an_unread_set_names_its_line_but_not_its_text(source, shown):
    pair = Pair(
        Message("wir suchen Partner fuer Wasserstoff", None, source),
        Message("wir suchen Partner für Wasserstoff", "find_partners", "data/nlu/x.yml:3"),
        0.97,
    )
    described = pair.describe()
    assert source in described
    assert ("wir suchen Partner fuer Wasserstoff" in described) is shown
    assert "wir suchen Partner für Wasserstoff" in described
