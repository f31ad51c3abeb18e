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

Within a conversation, a turn may name a result shown earlier, ask why it was shown, or drop a
filter. The judge then reads what the earlier turns of the SAME conversation showed (a
:class:`Conversation`, kept by the bench turn by turn; from their payloads only, never their text):

* ``{kind: partner_profile, select: 2}``: a ``partner_profile`` payload whose item is result number 2
  of the partner list shown last in the conversation. Results are numbered as the assistant
  numbers its cards: from the page's ``offset`` + 1, so number 7 is the second card of page two,
  and a "show more" page continues the list while a new search (``offset`` 0) starts a new one.
  ``select: last`` is the last result shown, ``select: first`` number 1; ``select_name: Bilbao``
  the shown result whose name (a call: its title) or place contains that fragment (folded).
* ``{kind: call_results, select: 1}``: the one-item ``call_results`` payload of call number 1 of the
  calls list shown last (how the assistant describes one call).
* ``{kind: match_reason, why: 2}`` ("why did you suggest the second?"): a ``match_reason`` payload
  (contracts/payloads.py) whose ``id`` is result number 2 of the list shown last, whose
  ``result_kind`` is that list's (``partner`` / ``call``), with a non-empty ``why`` and, when it
  states a ``position``, that number. ``why: first`` / ``why: last`` / ``why: <number>``;
  ``why: selected`` (or ``why`` empty or ``true``, "why that one?") is the result last selected in the
  conversation, if it is of the list's kind (a ``partner_profile`` shown, a call described, or the
  result a "more like this" list started from: its items' ``reason.similar_to``), else number 1;
  a list (``why: [selected, first]``) accepts any of its entries (for a turn that can be read
  two ways); ``select_name`` may name the result instead. ``of: partner`` / ``of: call`` beside
  ``why`` names the kind of list the explained result came from ("why did you suggest that
  cluster?" after a calls list): the positions are then read in the last list of THAT kind, and
  the payload's ``result_kind`` must be it; without ``of`` it is the list shown last.
* ``dropped: [country, region]`` on ``partner_results`` / ``call_results`` ("any country is fine"):
  the payload's ``filters`` lack those keys (or hold an empty value for them) and keep every other
  filter of the previous payload of that type in the conversation (the one the user loosens); a
  kept filter may be written differently if it means the same: a country by the project's country
  normaliser (``Germany`` = ``DE``), a region by its NUTS codes in the project's region table
  (``Bayern`` = ``Bavaria``), any other filter case- and accent-insensitively. The other keys
  (``sector``, ``words``, ...) are checked as usual.

Outside a conversation (or before anything was shown) these fail with "nothing shown earlier".

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
    "partner_profile",
    "match_reason",
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
        if payload.get("type") == "match_reason":
            return f"match_reason:{payload.get('result_kind')}:{payload.get('id')}"
        if payload.get("type") == "partner_profile":
            return f"partner_profile:{(payload.get('item') or {}).get('id')}"
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


#: What a list shown in a conversation holds: ``partner_results`` -> ``partner``, ``call_results``
#: -> ``call`` (the ``result_kind`` of a ``match_reason`` payload).
RESULT_KIND = {"partner_results": "partner", "call_results": "call"}
#: The ``why:`` / ``select:`` words besides a number.
POSITION_WORDS = ("first", "last", "selected")


def _is_described_call(payload: dict) -> bool:
    """A one-item ``call_results`` sent with the description of one call (no query, no filters)."""
    items = payload.get("items") or []
    return len(items) == 1 and not payload.get("query") and not payload.get("filters")


@dataclass
class Conversation:
    """What the earlier turns of one conversation showed, read from their payloads only.

    Attributes:
        lists: The result list shown last of each kind (``partner`` / ``call``): its items by the
            number the assistant gave them (``offset`` + 1 on; a later page extends the list).
        last_kind: The kind of the list shown last of all (None before any).
        selected: ``(kind, id)`` of the result last selected: a profile shown, a call described,
            or the result a "more like this" list started from.
        previous: The last ``partner_results`` / ``call_results`` payload of each type (for
            ``dropped``: the filters the user loosens).
        seen: Every result shown so far, by kind: id -> the item (to find a name).
    """

    lists: dict[str, dict[int, dict]] = field(default_factory=dict)
    last_kind: str | None = None
    selected: tuple[str, str] | None = None
    previous: dict[str, dict] = field(default_factory=dict)
    seen: dict[str, dict[str, dict]] = field(default_factory=dict)

    def record(self, messages: list[dict]) -> None:
        """Take in the bot messages of one turn (call after judging it)."""
        for message in messages:
            payload = message.get("custom")
            if not isinstance(payload, dict):
                continue
            kind = payload.get("type")
            if kind == "partner_profile":
                item = payload.get("item") or {}
                if item.get("id"):
                    self.selected = ("partner", str(item["id"]))
                continue
            if kind not in RESULT_KIND:
                continue
            self.previous[kind] = payload
            items = [i for i in payload.get("items") or [] if isinstance(i, dict)]
            if kind == "call_results" and _is_described_call(payload):
                self.selected = ("call", str(items[0].get("id")))
                continue
            if not items:
                continue
            result_kind = RESULT_KIND[kind]
            self._similar_source(items)
            try:
                offset = max(0, int(payload.get("offset") or 0))
            except (TypeError, ValueError):
                offset = 0
            numbered = self.lists.get(result_kind) if offset else None
            numbered = dict(numbered or {})
            for number, item in enumerate(items, start=offset + 1):
                numbered[number] = item
            self.lists[result_kind] = numbered
            self.last_kind = result_kind
            seen = self.seen.setdefault(result_kind, {})
            seen.update({str(i.get("id")): i for i in items})

    def _similar_source(self, items: list[dict]) -> None:
        """A "more like this" list selects the partner it started from (``reason.similar_to``)."""
        names = {str((i.get("reason") or {}).get("similar_to") or "") for i in items} - {""}
        for name in names:
            for item_id, item in (self.seen.get("partner") or {}).items():
                if fold(str(item.get("name") or "")) == fold(name):
                    self.selected = ("partner", item_id)

    def target(
        self, kind: str, which: object, name: str | None = None
    ) -> tuple[str | None, int | None, str]:
        """The id the turn names in the ``kind`` list shown last: ``(id, number, why not)``.

        Args:
            kind: ``partner`` or ``call``.
            which: A number, ``first``, ``last`` or ``selected`` (see the module docstring).
            name: A fragment of the result's name or place (``select_name``), instead of ``which``.
        """
        numbered = self.lists.get(kind) or {}
        if not numbered:
            return None, None, f"no {kind} list shown earlier in the conversation"
        if name:
            wanted = fold(str(name))
            for number, item in sorted(numbered.items()):
                label = " ".join(
                    str(item.get(f) or "") for f in ("name", "title", "acronym", "place")
                )
                if wanted and wanted in fold(label):
                    return str(item.get("id")), number, ""
            return None, None, f"no shown {kind} named {name!r}"
        if which is None or which is True or which == "selected":
            if self.selected and self.selected[0] == kind:
                return self.selected[1], None, ""
            which = 1
        if which == "first":
            which = 1
        if which == "last":
            which = max(numbered)
        if isinstance(which, bool) or not isinstance(which, int):
            return None, None, f"unknown position {which!r}"
        if which not in numbered:
            return (
                None,
                None,
                f"no {kind} number {which} shown (shown: {min(numbered)}-{max(numbered)})",
            )
        return str(numbered[which].get("id")), which, ""


def _check_select(payloads: list[dict], expect: dict, context: Conversation | None) -> list[str]:
    """``select`` / ``select_name`` on ``partner_profile`` or ``call_results`` (one described call)."""
    kind = "partner" if expect["kind"] == "partner_profile" else "call"
    if context is None:
        return ["nothing shown earlier (select needs a conversation)"]
    wanted, number, why_not = context.target(kind, expect.get("select"), expect.get("select_name"))
    if wanted is None:
        return [why_not]
    named = f"{kind} number {number}" if number else f"{kind} {expect.get('select_name')!r}"
    if kind == "partner":
        profiles = [p for p in payloads if p.get("type") == "partner_profile"]
        if not profiles:
            return [f"no partner_profile payload (expected {named}: {wanted})"]
        shown = str((profiles[-1].get("item") or {}).get("id"))
    else:
        calls = [p for p in payloads if p.get("type") == "call_results"]
        if not calls or len(calls[-1].get("items") or []) != 1:
            return [f"no one-item call_results (expected {named}: {wanted})"]
        shown = str(calls[-1]["items"][0].get("id"))
    return [] if shown == wanted else [f"{kind} {shown} shown, not {named} ({wanted})"]


def _check_why(payloads: list[dict], expect: dict, context: Conversation | None) -> list[str]:
    """``why`` (and ``select_name``) on ``match_reason``: the reason for the result named."""
    reasons = [p for p in payloads if p.get("type") == "match_reason"]
    if context is None or context.last_kind is None:
        return ["nothing shown earlier (why needs a conversation with results)"]
    kind = expect.get("of") or context.last_kind
    if kind not in RESULT_KIND.values():
        return [f"unknown list kind of: {kind!r} (partner or call)"]
    if not context.lists.get(kind):
        return [f"no {kind} list shown earlier in the conversation (of: {kind})"]
    if not reasons:
        return [f"no match_reason payload (expected the reason for a shown {kind})"]
    payload = reasons[-1]
    accepted = expect.get("why")
    accepted = accepted if isinstance(accepted, list) else [accepted]
    targets = []
    if expect.get("select_name"):
        targets.append(context.target(kind, None, expect["select_name"]))
    else:
        targets += [context.target(kind, which) for which in accepted]
    found = [(wanted, number) for wanted, number, _ in targets if wanted]
    if not found:
        return [why_not for _, _, why_not in targets if why_not][:1]
    shown = str(payload.get("id"))
    problems = []
    if payload.get("result_kind") != kind:
        meant = "asked about (of)" if expect.get("of") else "shown"
        problems.append(
            f"match_reason for a {payload.get('result_kind')}, the list {meant} is {kind}s"
        )
    match = next(((w, n) for w, n in found if w == shown), None)
    if match is None:
        problems.append(f"match_reason for {shown}, not {' or '.join(w for w, _ in found)}")
    elif (
        match[1] is not None
        and isinstance(payload.get("position"), int)
        and payload["position"] != match[1]
    ):
        problems.append(f"match_reason position {payload['position']} != {match[1]}")
    if not str(payload.get("why") or "").strip():
        problems.append("match_reason without a reason (empty why)")
    return problems


def _check_dropped(payload: dict, expect: dict, context: Conversation | None) -> list[str]:
    """``dropped``: those filters gone, every other filter of the previous payload kept."""
    dropped = set(_as_list(expect.get("dropped")))
    before = (context.previous.get(expect["kind"]) if context else None) or None
    if before is None:
        return [f"nothing shown earlier to drop {sorted(dropped)} from"]
    filters = _set_filters(payload)
    kept = {k: v for k, v in _set_filters(before).items() if k not in dropped}
    problems = [f"filter {k}={filters[k]!r} still there" for k in sorted(dropped) if k in filters]
    problems += [
        f"filter {k}={v!r} lost (now {filters.get(k)!r})"
        for k, v in sorted(kept.items())
        if not _same_filter(k, filters.get(k), v)
    ]
    return problems


def _set_filters(payload: dict) -> dict[str, str]:
    """A payload's filters that hold a value (an empty or null value is no filter)."""
    filters = payload.get("filters") or {}
    if not isinstance(filters, dict):
        return {}
    return {str(k): str(v) for k, v in filters.items() if v is not None and str(v).strip()}


def _same_filter(key: str, shown: str | None, before: str) -> bool:
    """Whether a kept filter still says what it said before, however it is written now: a country
    by the project's country normaliser, a region by the region table's NUTS codes, any other
    filter folded (case and accents)."""
    if shown is None:
        return False
    if fold(shown) == fold(before):
        return True
    if key in ("country", "exclude_country"):
        from knowledge.filters import normalise_country  # the action environment's (the bench's)

        def codes(value: str) -> set:
            return {normalise_country(part.strip()) for part in value.split(",")} - {None}

        return bool(codes(before)) and codes(shown) == codes(before)
    if key in ("region", "exclude_region"):
        return _same_region(shown, [before]) and _same_region(before, [shown])
    return False


def judge(
    messages: list[dict],
    expect: dict,
    lang: str,
    uttered: list[str] | None = None,
    context: Conversation | None = None,
) -> Verdict:
    """Compare the bot messages of one turn with the expected outcome (or its ``or`` alternatives).

    Args:
        messages: The REST channel's answer (list of ``{"text"?, "custom"?, "buttons"?}``).
        expect: The expected outcome (see the module docstring); ``or: [expect, ...]`` lists other
            outcomes that count as handled too.
        lang: The language the reply should be in.
        uttered: The response names the tracker recorded for the turn, when known.
        context: What the earlier turns of the conversation showed (``select``, ``why`` and
            ``dropped`` need it); the caller records this turn in it afterwards.

    Returns:
        The verdict of the first outcome met, else of the main one.
    """
    verdict = _judge_one(messages, expect, lang, uttered, context)
    for other in expect.get("or") or []:
        if verdict.handled:
            break
        alternative = _judge_one(messages, other, lang, uttered, context)
        if alternative.handled:
            verdict = alternative
    return verdict


def _judge_one(
    messages: list[dict],
    expect: dict,
    lang: str,
    uttered: list[str] | None,
    context: Conversation | None = None,
) -> Verdict:
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
    if kind in ("partner_profile", "match_reason") or (
        kind == "call_results" and ("select" in expect or "select_name" in expect)
    ):
        if kind == "match_reason":
            reasons = _check_why(payloads, expect, context)
        else:
            reasons = _check_select(payloads, expect, context)
    elif kind in RESULT_TYPES:
        payload = by_type.get(kind)
        if payload is None or not payload.get("items"):
            reasons.append(f"no {kind} with items")
        else:
            if kind == "partner_results":
                reasons += _check_partners(payload, expect)
            corpus = "partners" if kind == "partner_results" else "calls"
            reasons += _check_words(payload, _as_list(expect.get("words")), corpus)
            if "dropped" in expect:
                reasons += _check_dropped(payload, expect, context)
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
