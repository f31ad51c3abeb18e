"""Judging one reply of the assistant against an expected outcome (the held-out understanding set).

The REST channel answers a message with a list of bot messages, each with ``text`` and/or a
``custom`` payload (``partner_results``, ``call_results``, ``fact_answer``; see
docs/conversation.md). :func:`judge` reads that list and says whether it is the expected kind of
answer, whether a fact answer has the right figure and names its source, and in which language the
assistant wrote.

Expected outcomes (the ``expect`` mapping of tests/eval/understanding.yml and conversations.yml):

* ``{kind: partner_results, country: DE, region: [..], sector: Energy, label: gold, words: [..]}``:
  a ``partner_results`` payload with at least one item. ``country``: the payload's country filter
  is it, or every item is in it. ``region`` (a name or a list of accepted names): the region
  filter folds to one of them, or every item's place contains one. ``sector``: the sector filter is
  it, or the first item has it. ``label``: the label filter starts with it. ``words``: one of the
  shown organisations' profile (description, technologies, sectors) contains one of the words at
  the START of a word (a stem matches its longer forms; "port" does not match "support").
* ``{kind: call_results, words: [..]}``: a ``call_results`` payload with at least one item; with
  ``words``, one shown call's title, keywords or description contains one of them (at a word's
  start, as for partners).
* ``{kind: fact_answer, cards: [..], value: ".."}``: a ``fact_answer`` with verdict ``answered``
  whose card is one of ``cards`` (or whose statement/value contains ``value``). The right figure
  also needs the source named: the payload's source title (or url) appears in the reply text.
* ``{kind: faq, topic: eccp_what}``: the turn uttered ``utter_faq/<topic>`` and no result payload
  was sent.
* ``{kind: out_of_scope}``: the turn uttered ``utter_out_of_scope`` and no result payload was sent
  (partner, call or answered fact); a result payload is counted as a leak.
* ``{kind: not_known}``: a ``fact_answer`` with verdict ``not_known`` and no partner or call
  results.
* ``{kind: reply, responses: [utter_greet, utter_help]}``: the turn uttered one of the named
  responses (a greeting, the help text, ...) and no result payload was sent.
* ``{kind: ask}``: no result payload, and the text is a form's question: one of the ``utter_ask_*``
  responses of domain/ other than rephrase and feedback, or a last text in the user's language
  with a sentence ending in "?" (a form question written by an action, e.g. "Waaraan moeten ze
  werken, en waar? Bijvoorbeeld ..."); the "did you mean" fallback and the English-only notice
  are not questions.

"Uttered" is read from the tracker (``GET /conversations/<id>/tracker``: the ``utter_action`` of
the turn's bot events, e.g. ``utter_faq/trl``), so it holds in any reply language; without the
tracker, a bot text must start like one of the response's variants in domain/ (English).
``or: [{kind: ...}, ...]`` lists other outcomes that count as handled too.

Reply language: see :mod:`bench.understanding_language`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from bench.understanding_language import fold, reply_language

REPO_ROOT = Path(__file__).resolve().parent.parent
KINDS = (
    "partner_results",
    "call_results",
    "fact_answer",
    "faq",
    "out_of_scope",
    "not_known",
    "ask",
    "reply",
)
RESULT_TYPES = ("partner_results", "call_results")


@cache
def responses() -> dict[str, list[str]]:
    """Every response of domain/*.yml: name -> its text variants."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (document.get("responses") or {}).items():
            for variant in variants or []:
                if isinstance(variant, dict) and isinstance(variant.get("text"), str):
                    found.setdefault(name, []).append(variant["text"])
    return found


def says(messages: list[dict], response: str, uttered: list[str] | None = None) -> bool:
    """True when the turn uttered ``response``.

    Args:
        messages: The bot messages of the turn.
        response: A response name, e.g. ``utter_out_of_scope`` or ``utter_faq/trl``.
        uttered: The response names the tracker recorded for the turn (the ``utter_action`` of
            its bot events), when known: then the name decides, in any reply language.

    Returns:
        True when ``response`` is among ``uttered``, or a bot text is one of its domain/ variants
        (first 60 folded characters).
    """
    if uttered and response in uttered:
        return True
    texts = [fold(m.get("text") or "") for m in messages]
    for variant in responses().get(response, []):
        start = fold(variant)[:60]
        if start and any(start in text for text in texts):
            return True
    return False


@cache
def _records(kind: str) -> dict[str, str]:
    """Folded searchable text of every partner profile or call, by id."""
    if kind == "partners":
        path = REPO_ROOT / "knowledge/data/clusters/cluster_profiles.jsonl"
        fields, ids = ("description", "technologies", "sectors", "name"), ("id",)
    else:
        path = REPO_ROOT / "knowledge/data/calls/ft_portal_topics_2026-08.jsonl"
        fields, ids = ("title", "keywords", "description", "callTitle"), ("topicId", "reference")
    texts: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = fold(" ".join(json.dumps(record.get(f) or "", ensure_ascii=False) for f in fields))
        for key in ids:
            if record.get(key):
                texts[str(record[key])] = text
    return texts


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass
class Verdict:
    """What one reply was, against what was expected.

    Attributes:
        handled: The reply is the expected kind of answer with the expected filters/card/topic.
        kind: The kind of answer seen (a payload type, ``faq:<topic>``, ``out_of_scope``, ...).
        language: The language of the assistant's own words (None: cannot be told).
        right_figure: For fact questions: the right card and the source named (else None).
        leak: A partner, call or answered fact payload was sent where none was expected.
        reasons: Why it was not handled (empty when it was).
    """

    handled: bool
    kind: str
    language: str | None
    right_figure: bool | None = None
    leak: bool = False
    reasons: list[str] = field(default_factory=list)


_NOT_QUESTIONS = ("utter_ask_rephrase", "utter_ask_feedback")
_QUESTION = re.compile(r"\?(\s|$)")


def _asks(messages: list[dict], lang: str, uttered: list[str] | None) -> bool:
    """True when the reply is a form's question (see ``ask`` in the module docstring)."""
    names = {*responses(), *(uttered or [])}
    forms = [n for n in names if n.startswith("utter_ask_") and n not in _NOT_QUESTIONS]
    if any(says(messages, name, uttered) for name in forms):
        return True
    texts = [m.get("text") or "" for m in messages if m.get("text")]
    if not texts or not _QUESTION.search(texts[-1]) or says(messages, "utter_default"):
        return False
    return "did you mean" not in fold(texts[-1]) and reply_language(messages) == lang


def seen_kind(messages: list[dict], uttered: list[str] | None = None) -> str:
    """A short name for the kind of reply, for the failure list."""
    payloads = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    for payload in payloads:
        if payload.get("type") == "fact_answer":
            return f"fact_answer:{payload.get('verdict')}:{payload.get('card_id')}"
        if payload.get("type") in RESULT_TYPES:
            return f"{payload['type']}({len(payload.get('items') or [])})"
    if uttered:
        return ",".join(name.removeprefix("utter_") for name in uttered)
    for name in responses():
        if says(messages, name):
            return name.removeprefix("utter_")
    first = next((m.get("text") for m in messages if m.get("text")), "") or ""
    return f"text:{first[:50]!r}" if first else "nothing"


def _same_region(shown: str, expected: list[str]) -> bool:
    """Whether the region filter shown names the same NUTS region as one of the expected names
    ("Masovia" and "mazowieckie": one region, PL9), by the product's region table."""
    if not shown:
        return False
    from knowledge.regions import region_table  # the action environment's (the bench's) table

    table = region_table()
    codes = table.resolve(shown).codes
    return bool(codes) and any(codes & table.resolve(name).codes == codes for name in expected)


def _check_partners(payload: dict, expect: dict) -> list[str]:
    reasons = []
    items = payload.get("items") or []
    filters = {k: str(v) for k, v in (payload.get("filters") or {}).items()}
    country = expect.get("country")
    in_country = all(i.get("country") == country for i in items)
    if country and filters.get("country") != country and not in_country:
        reasons.append(f"country {filters.get('country')} != {country}")
    if regions := [fold(r) for r in _as_list(expect.get("region"))]:
        in_filter = fold(filters.get("region", "")) in regions or _same_region(
            filters.get("region", ""), regions
        )
        places = [fold(str(i.get("place") or "")) for i in items]
        if not in_filter and not all(any(r in p for r in regions) for p in places):
            reasons.append(f"region {filters.get('region')!r} not in {regions}")
    if sector := expect.get("sector"):
        first = items[0].get("sectors") or [] if items else []
        if filters.get("sector") != sector and sector not in first:
            reasons.append(f"sector {filters.get('sector')!r}/first {first} lacks {sector}")
    label = expect.get("label")
    if label and not fold(filters.get("label", "")).startswith(fold(label)):
        reasons.append(f"label filter {filters.get('label')!r} != {label}")
    return reasons


def _check_words(payload: dict, words: list[str], kind: str) -> list[str]:
    if not words:
        return []
    records = _records(kind)
    starts = re.compile("|".join(rf"(?<!\w){re.escape(fold(w))}" for w in words))
    for item in (payload.get("items") or [])[:5]:
        text = records.get(str(item.get("id")), "") + " " + fold(str(item.get("title") or ""))
        if starts.search(text):
            return []
    return [f"no shown {kind} record mentions any of {words}"]


def _check_fact(payload: dict | None, expect: dict, text: str) -> tuple[list[str], bool]:
    if payload is None:
        return ["no fact_answer payload"], False
    if payload.get("verdict") != "answered":
        return [f"fact verdict {payload.get('verdict')}"], False
    cards = _as_list(expect.get("cards"))
    value = fold(str(expect.get("value") or ""))
    found = fold(f"{payload.get('statement') or ''} {payload.get('value') or ''}")
    if payload.get("card_id") not in cards and not (value and value in found):
        return [f"card {payload.get('card_id')} not in {cards}"], False
    source = payload.get("source") or {}
    named = [s for s in (source.get("title"), source.get("url")) if s]
    cited = any(s in text for s in named)
    return ([] if cited else ["source not named in the text"]), cited


def judge(
    messages: list[dict], expect: dict, lang: str, uttered: list[str] | None = None
) -> Verdict:
    """Compare the bot messages of one turn with the expected outcome (or its ``or`` alternatives).

    Args:
        messages: The REST channel's answer (list of ``{"text"?, "custom"?, "buttons"?}``).
        expect: The expected outcome (see the module docstring); ``or: [expect, ...]`` lists other
            outcomes that count as handled too.
        lang: The language the reply should be in.
        uttered: The response names the tracker recorded for the turn, when known.

    Returns:
        The verdict of the first outcome met, else of the main one.
    """
    verdict = _judge_one(messages, expect, lang, uttered)
    for other in expect.get("or") or []:
        if verdict.handled:
            break
        alternative = _judge_one(messages, other, lang, uttered)
        if alternative.handled:
            verdict = alternative
    return verdict


def _judge_one(messages: list[dict], expect: dict, lang: str, uttered: list[str] | None) -> Verdict:
    kind = expect["kind"]
    payloads = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    by_type = {p.get("type"): p for p in reversed(payloads)}
    text = "\n".join(m.get("text") or "" for m in messages)
    fact = by_type.get("fact_answer")
    results = any(t in by_type for t in RESULT_TYPES)
    answered = fact is not None and fact.get("verdict") == "answered"
    reasons: list[str] = []
    right_figure = None
    leak = False
    if kind in RESULT_TYPES:
        payload = by_type.get(kind)
        if payload is None or not payload.get("items"):
            reasons.append(f"no {kind} with items")
        else:
            if kind == "partner_results":
                reasons += _check_partners(payload, expect)
            corpus = "partners" if kind == "partner_results" else "calls"
            reasons += _check_words(payload, _as_list(expect.get("words")), corpus)
    elif kind == "fact_answer":
        reasons, right_figure = _check_fact(fact, expect, text)
        right_figure = right_figure and not reasons
    elif kind == "faq":
        leak = results or answered
        if not says(messages, f"utter_faq/{expect['topic']}", uttered) or leak:
            reasons.append(f"not the faq/{expect['topic']} answer")
    elif kind == "out_of_scope":
        leak = results or answered
        if leak:
            reasons.append("result payload on an out-of-scope message")
        if not says(messages, "utter_out_of_scope", uttered):
            reasons.append("not the out-of-scope reply")
    elif kind == "not_known":
        leak = results or answered
        if fact is None or fact.get("verdict") != "not_known" or results:
            reasons.append("not an honest not-known fact answer")
    elif kind == "reply":
        leak = results or answered
        names = _as_list(expect.get("responses"))
        if leak or not any(says(messages, name, uttered) for name in names):
            reasons.append(f"none of {names} uttered (or results sent)")
    elif kind == "ask":
        if results or answered or not _asks(messages, lang, uttered):
            reasons.append("no form question asked (or results sent)")
    else:
        raise ValueError(f"unknown expected kind {kind!r}")
    return Verdict(
        handled=not reasons,
        kind=seen_kind(messages, uttered),
        language=reply_language(messages),
        right_figure=right_figure,
        leak=leak,
        reasons=reasons,
    )
