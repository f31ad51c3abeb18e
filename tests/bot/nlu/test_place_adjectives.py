"""Country and region adjectives as places (bot/nlu/place_adjectives.py, cldr_adjectives.py).

The forms come from CLDR's language names (Babel) and the grammars of the eight reply
languages; the sentences below are written from the profiles' countries and regions and from
grammar (gender, number, case), not from any evaluation set. The false-match test runs the
finder over the training texts (language detected per text) and the profiles' descriptions.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import cldr_adjectives
from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR
from bot.nlu.language import LANGUAGE_PROPERTY, detect_language
from bot.nlu.place_adjectives import adjective_table, find_adjectives, without_user_places
from bot.nlu.place_finder import PlaceFinder
from bot.nlu.places import adjective_places, find_places
from bot.settings import REPO_ROOT
from knowledge.regions import region_table
from taxonomy.text import fold

PROFILES = KNOWLEDGE_DATA_DIR / "clusters" / "cluster_profiles.jsonl"
#: A search noun per reply language and where the adjective stands (before or after it).
TEMPLATES = {
    "de": "{adj} Cluster",
    "fr": "des clusters {adj}",
    "es": "clústeres {adj}",
    "it": "cluster {adj}",
    "pl": "{adj} klastry",
    "nl": "{adj} clusters",
    "pt": "clusters {adj}",
    "en": "{adj} clusters",
}


def _values(text: str, language: str | None) -> list[str]:
    return [a.value for a in find_adjectives(text, language)]


def test_adjective_table_is_up_to_date():
    committed = cldr_adjectives.ADJECTIVES_CSV.read_text(encoding="utf-8")
    assert committed == cldr_adjectives.render(cldr_adjectives.adjective_rows())


@pytest.mark.parametrize(
    ("form", "language", "value"),
    [
        ("griechische", "de", "GR"),
        ("polnischen", "de", "PL"),
        ("deutscher", "de", "DE"),
        ("österreichischen", "de", "AT"),
        ("grecs", "fr", "GR"),
        ("polonais", "fr", "PL"),
        ("allemandes", "fr", "DE"),
        ("wallons", "fr", "Wallonia"),
        ("griegos", "es", "GR"),
        ("polacos", "es", "PL"),
        ("alemanas", "es", "DE"),
        ("greci", "it", "GR"),
        ("polacchi", "it", "PL"),
        ("tedesche", "it", "DE"),
        ("greckie", "pl", "GR"),
        ("polskich", "pl", "PL"),
        ("niemieckimi", "pl", "DE"),
        ("Griekse", "nl", "GR"),
        ("Poolse", "nl", "PL"),
        ("Duitse", "nl", "DE"),
        ("Waalse", "nl", "Wallonia"),
        ("gregos", "pt", "GR"),
        ("polacos", "pt", "PL"),
        ("alemãs", "pt", "DE"),
        ("Basque", "en", "Basque Country"),
        ("Tuscan", "en", "Tuscany"),
        ("flamandzkie", "pl", "Flanders"),
        ("bayerischen", "de", "Bavaria"),
        ("catalanes", "es", "Catalonia"),
        ("toscane", "it", "Tuscany"),
        ("śląskie", "pl", "Silesia"),
    ],
)
def test_gender_number_and_case_forms(form, language, value):
    assert _values(TEMPLATES[language].format(adj=form), language) == [value]


def _profile_countries() -> set[str]:
    rows = (json.loads(line) for line in PROFILES.open(encoding="utf-8"))
    return {r["country"] for r in rows if r.get("country")}


def test_every_profile_country_has_an_adjective_in_every_other_reply_language():
    table = adjective_table()
    have = {(a.value, a.language) for forms in table.values() for a in forms}
    missing = [
        (code, lang)
        for code in sorted(_profile_countries())
        for lang in ("de", "fr", "es", "it", "pl", "nl", "pt")
        if (code, lang) not in have
    ]
    assert missing == []


def test_every_form_is_found_next_to_a_search_noun():
    """Each form of the table, in its language's template, names its place (and only it)."""
    wrong = []
    with cldr_adjectives.ADJECTIVES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            text = TEMPLATES[row["language"]].format(adj=row["form"])
            if _values(text, row["language"]) != [row["value"]]:
                wrong.append((row["language"], row["form"], row["value"]))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Können wir auf Deutsch weitermachen, Cluster bitte", "de"),  # a language
        ("une recette de yaourt grec", "fr"),  # no search noun near
        ("Greek", "en"),
        ("klusterit Saksassa", "fi"),  # the other EU languages: names, not adjectives
    ],
)
def test_no_search_noun_or_a_language_is_no_place(text, language):
    assert adjective_places(text, language) == []


def _entities(text: str, language: str) -> list[tuple[str, str]]:
    places = find_places(text, language) + adjective_places(text, language)
    entities = [
        {"entity": p.label, "value": p.value, "start": p.start, "end": p.end} for p in places
    ]
    kept = without_user_places(text, entities, region_table().country_of)
    return sorted({(e["entity"], e["value"]) for e in kept if e["entity"] != "sector"})


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the partner's place, not the user's
        ("French company looking for German partners", "en", [("country", "DE")]),
        ("we are a Spanish SME and need Polish clusters", "en", [("country", "PL")]),
        ("somos una empresa española y buscamos clústeres en Portugal", "es", [("country", "PT")]),
        ("als polnisches Unternehmen suchen wir Cluster in Österreich", "de", [("country", "AT")]),
        ("nous sommes une entreprise belge, des clusters allemands ?", "fr", [("country", "DE")]),
        ("una empresa alemana busca socios", "es", []),  # "a German company": the user
        ("jesteśmy polską firmą i szukamy czeskich klastrów", "pl", [("country", "CZ")]),
        # the searched companies' place
        ("aziende tedesche dell'automotive", "it", [("country", "DE")]),
        ("Duitse bedrijven in de auto-industrie", "nl", [("country", "DE")]),
        # a region adjective beside its own country stays
        ("bayerische Cluster in Deutschland", "de", [("country", "DE"), ("region", "Bavaria")]),
    ],
)
def test_adjectives_of_the_user_are_dropped(text, language, expected):
    assert _entities(text, language) == expected


def test_component_replaces_the_users_adjective_from_the_ruler():
    text = "We are a French company looking for German partners"
    ruler = [
        {"entity": "country", "value": "FR", "start": 9, "end": 15},
        {"entity": "country", "value": "DE", "start": 36, "end": 42},
    ]
    message = Message(data={TEXT: text, ENTITIES: ruler})
    message.set(LANGUAGE_PROPERTY, {"detected": "en", "requested": None})
    (done,) = PlaceFinder({}).process([message])
    assert [(e["entity"], e["value"]) for e in done.get(ENTITIES)] == [("country", "DE")]


def _training_texts() -> list[tuple[str, str]]:
    """``(intent, text)`` of every training example, annotations removed."""
    texts = []
    for path in sorted((REPO_ROOT / "data" / "nlu").rglob("*.yml")):
        if "generated" in path.parts:
            continue
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    plain = re.sub(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))", r"\1", line.strip()[2:])
                    texts.append((str(item.get("intent")), plain))
    return texts


def _kept_adjectives(text: str) -> list[str]:
    kept = []
    language = detect_language(text)
    for place in adjective_places(text, language):
        entity = {"entity": place.label, "value": place.value, "start": place.start}
        entity["end"] = place.end
        if without_user_places(text, [entity], region_table().country_of):
            kept.append(text[place.start : place.end])
    return kept


def test_few_adjective_places_in_the_training_texts():
    """Adjective places kept in the training texts of the other intents (each text read in its
    detected language): the measured few are a hypothetical company in an eligibility question
    ("czy szwajcarska firma może..."); the partner requests name places by adjective on purpose
    ("entreprises allemandes", "Duitse bedrijven", "aziende polacche": session 12), and most of
    them are found."""
    forms = set(adjective_table())
    kept, partner_texts, partner_kept = [], 0, 0
    for intent, text in _training_texts():
        if not forms & {fold(w) for w in re.findall(r"[^\W_]+", text)}:
            continue  # no adjective form at all (most texts): no need to detect the language
        found = _kept_adjectives(text)
        if intent == "find_partners":
            partner_texts += 1
            partner_kept += bool(found)
        else:
            kept += found
    assert len(kept) <= 5, kept
    assert partner_kept >= 30 and partner_kept >= 0.6 * partner_texts, (partner_kept, partner_texts)


def test_profile_descriptions_give_only_their_own_regions():
    """Read as English, the profiles' descriptions give region adjectives only next to a
    cluster noun ("Flemish spearhead cluster", "Basque cluster organisation")."""
    found = []
    for line in Path(PROFILES).read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["description"]
        found += [a.value for a in find_adjectives(text, "en")]
    assert found, "the profiles name regions by adjective"
    assert all(region_table().country_of(v) for v in found), found


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("we need German partners for hydrogen", "en", [("country", "DE")]),
        ("we are looking for German partners", "en", [("country", "DE")]),
        ("wir suchen polnische Cluster", "de", [("country", "PL")]),
        ("nous cherchons des partenaires polonais", "fr", [("country", "PL")]),
        ("we are a small French SME and need German partners", "en", [("country", "DE")]),
        ("jesteśmy małą polską firmą, szukamy klastrów", "pl", []),
    ],
)
def test_a_search_in_the_first_person_keeps_its_adjective(text, language, expected):
    assert _entities(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("laboratoires français en biotechnologie", "fr", "FR"),
        ("universidades portuguesas em biotecnologia", "pt", "PT"),
        ("agencias españolas de innovación", "es", "ES"),
        ("niederländische Hochschulen für Photonik", "de", "NL"),
    ],
)
def test_research_bodies_and_agencies_are_search_nouns(text, language, value):
    # session 15: laboratories, universities (Spanish/Portuguese "universid-"), agencies and
    # associations are what users look for as partners too
    assert [a.value for a in find_adjectives(text, language)] == [value]
