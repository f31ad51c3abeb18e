"""What a message turns down never decides what it asks (bot.nlu.turn_down) and, when the rest
asks nothing of the domain, makes it off topic (bot.nlu.off_topic.turned_down_off_topic).
Texts written for this test from the languages' grammar, not taken from any evaluation set."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import off_topic, turn_down
from bot.nlu.input_guard import GUARD_KEY, InputGuard
from bot.settings import REPO_ROOT

RANKING = ["find_partners", "find_calls", "faq", "out_of_scope"]

#: "Not partners: calls" in the EU languages (language, text).
PARTNERS_NOT_CALLS = [
    ("en", "I don't want partners, I want open calls on batteries"),
    ("en", "I don't need partners I need calls"),
    ("de", "keine Partner, sondern Ausschreibungen zu Batterien"),
    ("fr", "pas de partenaires, des appels à projets sur le bois"),
    ("pl", "nie partnerów, tylko nabory na wodór"),
    ("cs", "Nechci partnery, chci výzvy na baterie"),
    ("sk", "Nechcem partnerov, ale výzvy na batérie"),
    ("sv", "Inte partner, utan utlysningar om batterier"),
    ("da", "ikke partnere, men bidrag til batterier"),
    ("ga", "Níl comhpháirtithe uaim, ach glaonna"),
    ("hu", "partnerek helyett pályázatokat keresek"),
    ("hu", "Nem partnereket keresünk, hanem pályázatokat"),
    ("fi", "Ei kumppaneita vaan rahoitushakuja"),
    ("lv", "Nevis partnerus, bet konkursus un finansējumu"),
    ("lt", "Nereikia partnerių, ieškome kvietimų ir finansavimo"),
    ("hr", "Ne trebam partnere, nego natječaje"),
    ("ro", "Nu parteneri, ci apeluri de finanțare"),
]


@pytest.mark.parametrize(("language", "text"), PARTNERS_NOT_CALLS)
def test_a_turned_down_search_gives_way_to_the_one_asked_for(language: str, text: str) -> None:
    assert turn_down.turned_down_intent(text, "find_partners", RANKING, language) == "find_calls"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "no funding this time, partners for textile recycling please"),
        ("de", "Keine Förderung diesmal, wir suchen Partner für Textilrecycling"),
        ("es", "No busco financiación, busco socios para reciclar baterías"),
        ("cs", "Nepotřebuji dotace, hledám partnery pro recyklaci"),
    ],
)
def test_turning_funding_down_asks_for_partners(language: str, text: str) -> None:
    assert turn_down.turned_down_intent(text, "find_calls", RANKING, language) == "find_partners"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a plain negation asks for what it negates
        ("en", "Are there no open calls on hydrogen any more?"),
        ("de", "Gibt es keine Ausschreibungen zu Wasserstoff mehr?"),
        ("de", "Wir haben noch keine Partner in Spanien, wer kann helfen?"),
        ("en", "we have no partners in Spain yet, which battery clusters are there?"),
        # a short cue of another language is an English word ("be" is Lithuanian "without")
        ("en", "who would be a good partner for this"),
        ("en", "partners in Germany, not in France"),
        ("it", "non solo partner ma anche bandi"),
    ],
)
def test_what_is_not_turned_down_keeps_the_search(language: str, text: str) -> None:
    assert turn_down.turned_down_intent(text, "find_partners", RANKING, language) is None
    assert turn_down.turned_down_intent(text, "find_calls", RANKING, language) is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Nous ne cherchons pas de partenaires : qu'est-ce qu'un numéro PIC ?"),
        ("pl", "Nie szukamy partnerów, jak nasz klaster może dostać etykietę?"),
        ("et", "Me ei otsi partnereid, kuidas meie klaster saab kvaliteedimärgise?"),
        ("en", "not looking for partners today - who evaluates the proposals?"),
    ],
)
def test_a_question_after_turning_partners_down_is_no_partner_search(
    language: str, text: str
) -> None:
    assert turn_down.turned_down_intent(text, "find_partners", RANKING, language) == "faq"


@pytest.mark.parametrize("text", [None, "", "   ", "not", "no no no", "🙂", "x" * 5000])
def test_bad_input_never_crashes(text: str | None) -> None:
    assert turn_down.turned_down_intent(text, "find_partners", RANKING, "en") is None
    assert turn_down.pieces(text) == [] or isinstance(turn_down.pieces(text), list)
    assert off_topic.turned_down_off_topic(text, "en", []) is False


#: Out-of-scope questions after turning the domain down (language, text).
TURNED_DOWN_OFF_TOPIC = [
    ("en", "We don't need clusters or funding, where can I get a good haircut?"),
    ("en", "Not interested in partners today, what's the capital of Australia?"),
    ("de", "Wir brauchen keine Cluster, aber wo kann man im Februar gut Ski fahren?"),
    ("fr", "Nous ne cherchons pas de partenaires, quel vin avec du fromage ?"),
    ("es", "No busco socios, ¿qué serie me recomiendas ver?"),
    ("it", "Non cerco partner, come si fa il tiramisù?"),
    ("pl", "Nie potrzebuję partnerów, jak zrobić dobrą kawę?"),
    ("nl", "Ik zoek geen clusters, hoe laat gaat de supermarkt dicht?"),
    ("pt", "Não procuro parceiros, qual é a capital da Austrália?"),
    ("cs", "Nechceme žádné klastry, kde je nejlepší kavárna v Brně?"),
    ("hu", "Nem keresek partnereket, hogyan kell kenyeret sütni?"),
    ("fi", "En tarvitse kumppaneita, miten saan kissan rauhoittumaan?"),
    ("sv", "Jag behöver inga partner, hur lagar jag en punktering?"),
]


@pytest.mark.parametrize(("language", "text"), TURNED_DOWN_OFF_TOPIC)
def test_an_everyday_question_after_turning_the_domain_down_is_off_topic(
    language: str, text: str
) -> None:
    assert off_topic.turned_down_off_topic(text, language, [])
    assert off_topic.is_off_topic(text, language, [], None)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I don't need partners, I need calls"),
        ("en", "I don't need partners, what is the deadline?"),
        ("en", "We're not looking for partners: how do we get the label?"),
        ("fr", "Nous ne cherchons pas de partenaires : qu'est-ce qu'un numéro PIC ?"),
        ("en", "We don't need funding, who could help us with drones?"),
        ("de", "Gibt es keine Ausschreibungen zu Wasserstoff mehr?"),
    ],
)
def test_a_request_after_turning_something_down_is_not_off_topic(language: str, text: str) -> None:
    assert not off_topic.turned_down_off_topic(text, language, [])


def test_a_place_after_the_turned_down_search_keeps_the_request() -> None:
    text = "We don't need clusters in Spain, what about Portugal?"
    start = text.index("Portugal")
    entities = [{"entity": "country", "value": "PT", "start": start, "end": start + 8}]
    assert not off_topic.turned_down_off_topic(text, "en", entities)


def _guarded(text: str, language: str, intent: str) -> Message:
    data = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.7},
        "intent_ranking": [{"name": n, "confidence": 0.1} for n in RANKING],
        "language": {"detected": language, "requested": None},
        "entities": [],
    }
    [out] = InputGuard({}).process([Message(data=data)])
    return out


def test_the_guard_reads_the_search_asked_for() -> None:
    out = _guarded("Nechci partnery, chci výzvy na baterie", "cs", "find_partners")
    assert out.get("intent")["name"] == "find_calls"
    assert out.get(GUARD_KEY) is None


def test_the_guard_makes_a_turned_down_everyday_question_off_topic() -> None:
    out = _guarded("Nem keresek partnereket, hogyan kell kenyeret sütni?", "hu", "find_partners")
    assert out.get("intent")["name"] == "out_of_scope"
    assert out.get(GUARD_KEY) == off_topic.REASON


def test_no_training_search_example_changes_its_intent_or_leaves_the_domain() -> None:
    """The partner and call searches of data/nlu keep their intent, and no in-domain training
    example is off topic by what it turns down."""
    from bot.nlu.language import identify_language

    data = load_data(str(REPO_ROOT / "data" / "nlu"))
    wrong = []
    for ex in data.training_examples:
        text, intent = ex.get("text"), ex.get("intent")
        if not text or intent == "out_of_scope":
            continue
        language = identify_language(text)
        if off_topic.turned_down_off_topic(text, language, ex.get("entities")):
            wrong.append((intent, text))
        if intent in turn_down.FEATURES and turn_down.turned_down_intent(
            text, intent, RANKING, language
        ):
            wrong.append((intent, text))
    assert wrong == []


def test_a_faq_question_after_turning_partners_down_gets_no_partner_search_topic() -> None:
    data = {
        "text": "Nie szukamy partnerów, jak nasz klaster może dostać etykietę?",
        "intent": {"name": "find_partners", "confidence": 0.7},
        "intent_ranking": [{"name": n, "confidence": 0.1} for n in [*RANKING[:1], "faq"]],
        "language": {"detected": "pl", "requested": None},
        "entities": [],
        "response_selector": {
            "faq": {
                "response": {
                    "responses": [{"text": "..."}],
                    "confidence": 0.6,
                    "intent_response_key": "faq/partner_search_tools",
                    "utter_action": "utter_faq/partner_search_tools",
                },
                "ranking": [
                    {"confidence": 0.6, "intent_response_key": "faq/partner_search_tools"},
                    {"confidence": 0.3, "intent_response_key": "faq/cluster_label_how"},
                ],
            }
        },
    }
    [out] = InputGuard({}).process([Message(data=data)])
    assert out.get("intent")["name"] == "faq"
    chosen = out.get("response_selector")["faq"]["response"]
    assert chosen["intent_response_key"] == "faq/cluster_label_how"
    assert chosen["utter_action"] == "utter_faq/cluster_label_how"


def test_a_place_after_a_turned_down_search_keeps_it() -> None:
    text = "Nie szukamy partnerów w Niemczech, tylko w Polsce"
    start = text.index("Polsce")
    entities = [{"entity": "country", "value": "PL", "start": start, "end": start + 6}]
    ranking = ["find_partners", "inform", "faq"]
    assert turn_down.turned_down_intent(text, "find_partners", ranking, "pl", entities) is None


def test_another_language_s_cue_is_no_cue() -> None:
    """English "no" is Portuguese "in the": "uma quinta no Douro e procuramos um cluster"."""
    text = "temos uma quinta no Douro e procuramos um cluster ligado à vinha e ao vinho"
    assert turn_down.pieces(text, language="pt") == []
    assert not off_topic.turned_down_off_topic(text, "pt", [])


def test_a_search_never_gives_way_to_a_form_answer_or_feedback() -> None:
    text = "we are not looking for partners anymore, thanks"
    assert turn_down.turned_down_intent(text, "find_partners", ["inform", "feedback"], "en") is None


def test_a_place_in_a_question_of_its_own_may_still_be_off_topic() -> None:
    text = "Nechceme žádné klastry, kde je nejlepší kavárna v Brně?"
    start = text.index("Brně")
    entities = [{"entity": "region", "value": "Brno", "start": start, "end": start + 4}]
    ranking = ["find_partners", "faq", "out_of_scope"]
    assert turn_down.turned_down_intent(text, "find_partners", ranking, "cs", entities) == (
        "out_of_scope"
    )
