"""Context across turns: back-references, the carried topic, and what the turn was about."""

from __future__ import annotations

import pytest

from actions.dialogue.context import (
    carried_topic,
    latest_context,
    names_a_topic,
    referred_topic,
    refers_back,
    topic_words,
    without_reference,
)
from actions.dialogue.forms import answers, requested_feature
from actions.dialogue.parsing import misspelt_country, partner_request
from tests.actions.support import make_tracker

PARTNERS = {"kind": "partners", "query": "find partners for textile recycling", "filters": {}}
CALLS = {"kind": "calls", "query": "battery recycling", "filters": {}}


def tracker(text, events=None, **slots):
    t = make_tracker(text, **slots)
    t.events = events or []
    return t


def action(name):
    return {"event": "action", "name": name}


@pytest.mark.parametrize(
    "text",
    ["open calls on that topic?", "who could work with us on this", "the same field please"],
)
def test_back_references_are_recognised(text):
    assert refers_back(text)
    assert topic_words(without_reference(text)) == ""


def test_plain_requests_do_not_refer_back():
    assert not refers_back("open calls on hydrogen storage")
    assert not refers_back("")


def test_topic_words_drop_search_filler():
    assert topic_words("find partners for textile recycling") == "textile recycling"
    assert topic_words("clusters working on wind energy in") == "wind energy"


def test_carried_topic_prefers_the_last_search_then_the_form_slots():
    assert carried_topic(tracker("x", last_search=PARTNERS)) == "textile recycling"
    assert carried_topic(tracker("x", last_search=CALLS)) == "battery recycling"
    assert carried_topic(tracker("x", call_topic="offshore wind")) == "offshore wind"
    assert carried_topic(tracker("x", last_search={"kind": "nonsense", "query": 5})) is None
    assert carried_topic(tracker("x", last_search={"kind": "partners", "query": "find"})) is None


def test_referred_topic_only_when_the_message_names_none_of_its_own():
    assert referred_topic(tracker("x", last_search=PARTNERS), "any calls on that topic?") == (
        "textile recycling"
    )
    # Its own topic wins; no back-reference, no carrying.
    assert referred_topic(tracker("x", last_search=PARTNERS), "that, but on hydrogen") is None
    assert referred_topic(tracker("x", last_search=PARTNERS), "any open calls?") is None


def test_after_an_instrument_answer_it_is_the_instrument():
    events = [action("action_search_partners"), action("action_explain_instrument")]
    t = tracker("x", events=events, last_search=PARTNERS)
    assert latest_context(t) == "instrument"
    assert referred_topic(t, "is it still running?") is None
    events = [action("action_explain_instrument"), action("action_search_calls")]
    assert latest_context(tracker("x", events=events)) == "search"
    assert latest_context(tracker("x")) is None


def test_a_request_for_the_other_feature_does_not_answer_a_form():
    assert not answers("find_calls", asking=True, form="partner_search_form")
    assert not answers("find_partners", asking=True, form="call_search_form")
    assert answers("find_partners", asking=True, form="partner_search_form")
    assert answers("inform", asking=True, form="call_search_form")
    assert answers("find_calls", asking=True)  # without the form's name: as before


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("clusters for medical devices in hungray", "HU"),
        ("partners based in Spian", "ES"),
        ("who works on wind from germnay", "DE"),
        ("clusters in maritime transport", None),  # not Mauritania
        ("partners in mining", None),
        ("partners in the food sector", None),
    ],
)
def test_misspelt_country_after_a_preposition(text, code):
    found = misspelt_country(text)
    assert (found[0] if found else None) == code


def test_partner_request_applies_a_confident_country_typo_and_cuts_it_from_the_query():
    request = partner_request("clsuter for medcal devises in hungray", [])
    assert request.filters.country == "HU"
    assert "hungray" not in request.query
    # A recognised entity wins over the text scan.
    text = "robotics in Austria"
    entity = {"entity": "country", "value": "Austria", "start": 12, "end": 19}
    assert partner_request(text, [entity]).filters.country == "AT"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("could anything fund such a project?", None),
        ("gibt es dafür Förderung?", "de"),
        ("qui travaille sur ce sujet ?", "fr"),
        ("¿quién trabaja en ese ámbito?", "es"),
        ("chi lavora su questo argomento?", "it"),
        ("kto działa w tej dziedzinie?", "pl"),
        ("wie werkt aan dit onderwerp?", "nl"),
        ("quem trabalha neste setor?", "pt"),
    ],
)
def test_back_references_in_the_eight_languages(text, language):
    assert refers_back(text)
    t = tracker(text, last_search=CALLS)
    t.latest_message["entities"] = [{"entity": "language", "value": language}] if language else []
    assert referred_topic(t, text) == "battery recycling"


@pytest.mark.parametrize(
    "text", ["clusters in Estonia", "hydrogen valleys in Bavaria", "Textilrecycling in Sachsen"]
)
def test_a_request_without_back_reference_is_not_one(text):
    assert not refers_back(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("any open grants on the topic?", None),
        ("gibt es Ausschreibungen zum Thema?", "de"),
        ("des appels pour ce domaine ?", "fr"),
        ("¿hay convocatorias sobre el tema?", "es"),
        ("ci sono bandi sull'argomento?", "it"),
        ("czy są nabory na ten temat?", "pl"),
        ("welke clusters werken daarin?", "nl"),
        ("existem concursos sobre o assunto?", "pt"),
    ],
)
def test_a_preposition_with_the_topic_noun_refers_to_the_last_topic(text, language):
    last = {"kind": "partners", "query": "soil health monitoring", "filters": {}, "ids": []}
    tracker = make_tracker(text, said_in=language, intent="find_calls", last_search=last)
    assert refers_back(text)
    assert referred_topic(tracker, text, language) == "soil health monitoring"


# Session 17 (s17-ctx17): a Polish partner request after calls named its modal verb and the
# instrumental "partnerem" as its topic ("mógłby partnerem" was searched); a return to the
# other feature in the first person ("vuelvo a los clústeres", "wracam do naborów") and the
# inflected call nouns after it ("naborów") were no back-reference.
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("kto mógłby być partnerem przy tym?", "pl"),
        ("kto mógłby z nami współpracować w tej sprawie?", "pl"),
        ("jakie klastry mogą być partnerami w tym temacie?", "pl"),
        ("wróćmy do naborów", "pl"),
        ("wracam do konkursów", "pl"),
        ("vuelvo a los clústeres", "es"),
        ("je reviens aux partenaires", "fr"),
        ("torno ai bandi", "it"),
        ("volto aos parceiros", "pt"),
    ],
)
def test_partner_and_return_words_of_the_languages_name_no_topic(text, language):
    last = {"kind": "calls", "query": "hydrogen", "filters": {}, "ids": []}
    tracker = make_tracker(text, said_in=language, intent="find_partners", last_search=last)
    assert refers_back(text)
    assert referred_topic(tracker, text, language) == "hydrogen"


def test_a_polish_request_with_its_own_topic_keeps_it():
    text = "klastry wodorowe, które mogą być partnerem w tym temacie"
    last = {"kind": "calls", "query": "batteries", "filters": {}, "ids": []}
    tracker = make_tracker(text, said_in="pl", intent="find_partners", last_search=last)
    assert referred_topic(tracker, text, "pl") is None


# Session 17 (s17-ctx17): taking part WITH US after a calls list asks for partners ("chi potrebbe
# partecipare con noi a questo bando?" was a calls search, the Polish one out of scope, the
# Portuguese one the topic question), and joining verbs name no topic ("unirse" was searched);
# taking part in a call without "with us" stays a calls question.
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("chi potrebbe partecipare con noi a questo bando?", "it"),
        ("kto mógłby wziąć udział razem z nami?", "pl"),
        ("quem poderia participar connosco?", "pt"),
        ("¿qué socios podrían unirse?", "es"),
        ("qui pourrait participer avec nous ?", "fr"),
        ("wer könnte mit uns teilnehmen?", "de"),
        ("wie zou met ons kunnen meedoen?", "nl"),
    ],
)
def test_taking_part_with_us_asks_for_partners_on_the_calls_topic(text, language):
    assert requested_feature(text) == "find_partners"
    own = without_reference(partner_request(text, []).query)
    assert not names_a_topic(own, language)


@pytest.mark.parametrize(
    "text", ["can we participate in this call?", "chi può partecipare al bando?"]
)
def test_taking_part_in_a_call_stays_a_calls_question(text):
    assert requested_feature(text) == "find_calls"


# Session 17 (s17-ctx17): plural demonstratives before the call nouns ("a co z tymi naborami?",
# "¿y esas convocatorias?", "e quei bandi?", "e essas chamadas?") go back to the calls' topic.
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a co z tymi naborami?", "pl"),
        ("¿y esas convocatorias?", "es"),
        ("e quei bandi?", "it"),
        ("e essas chamadas?", "pt"),
    ],
)
def test_those_calls_refer_back_to_the_calls_topic(text, language):
    last = {"kind": "partners", "query": "photonics", "filters": {}, "ids": []}
    tracker = make_tracker(text, said_in=language, intent="out_of_scope", last_search=last)
    assert refers_back(text)
    assert referred_topic(tracker, text, language) == "photonics"
    assert requested_feature(text) == "find_calls"
