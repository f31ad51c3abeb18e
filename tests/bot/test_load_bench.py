"""bench.load's answer comparison: random response variants are not differences, others are."""

from __future__ import annotations

from bench.load import Phase, table


def _phase(answers: dict[str, set[str]]) -> Phase:
    phase = Phase(seconds=1.0)
    for kind, texts in answers.items():
        phase.latencies[kind].append(0.01)
        phase.answers[kind] |= texts
    return phase


def test_identical_answers():
    out = table(
        "single", {"baseline": _phase({"greeting": {"a"}}), "fast": _phase({"greeting": {"a"}})}
    )
    assert "greeting (turn types both variants reached): identical" in out


def test_a_variant_one_side_did_not_draw_is_no_difference():
    base = _phase({"greeting": {"hello"}, "thanks": {"bye"}})
    fast = _phase({"greeting": {"hello"}, "thanks": {"bye", "see you"}})
    out = table("single", {"baseline": base, "fast": fast})
    assert "same answers (random response variants drawn by one side only: thanks)" in out
    assert "DIFFERENT" not in out


def test_an_answer_only_one_side_gives_is_a_difference():
    base = _phase({"partners": {"cards 1 2 3"}})
    fast = _phase({"partners": {"cards 1 2 4"}})
    out = table("single", {"baseline": base, "fast": fast})
    assert "DIFFERENT for partners" in out and "cards 1 2 4" in out


def test_several_languages_name_each_turn_by_language():
    from bench.load import CONVERSATIONS, script

    turns = script(["en", "cs"])
    assert len(turns) == len(CONVERSATIONS["en"]) + len(CONVERSATIONS["cs"])
    assert turns[0][0] == "en:greeting" and turns[-1][0] == "cs:thanks"
    assert dict(turns)["cs:partners"] == dict(CONVERSATIONS["cs"])["partners"]
    assert script(["de"])[1][0] == "partners"  # one language: plain turn names


def test_table_lists_the_turns_it_was_given():
    from bench.load import script

    turns = script(["en", "de"])
    phase = _phase({"de:partners": {"cards"}})
    out = table("single", {"baseline": phase, "fast": phase}, turns)
    assert "| fast | de:partners | 1 |" in out and "| fast | en:calls | 0 |" in out
