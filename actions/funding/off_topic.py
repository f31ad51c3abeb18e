"""Off-topic questions that share a word with the fact cards: never answered from them.

The fact cards are retrieved by meaning and keywords, so a general question that shares a word
with a card ("What is the VAT rate for SMEs in the EU?", "Wie wird das Wetter zur European
Cluster Week?", "¿Cuánto impuesto paga una pyme en España?") can reach a card's retrieval floor
and be answered with a budget or an SME figure: a result the user did not ask for (issue 13,
held-out class "off-topic question answered with a FACT card"). A question about business
administration (taxes, VAT, payroll, insurance, invoices, book-keeping), the weather, sport,
recipes, horoscopes, lotteries or exchange rates is outside cluster support whatever else it
says, even when it names an instrument or an event of the cards: no card holds a tax rate or a
forecast, so any card would answer another question.

:func:`names_instrument` and :func:`names_card` say whether a message names an instrument (a
short name only in capitals: "EEN", never the Dutch article "een" nor "etc." for ETC) or
something the cards name; the fact routing uses them.

:func:`off_topic_words` finds the words (stems of the folded text, written from each language's
everyday vocabulary for these notions, never from an evaluation text) in the eight reply
languages, and for the sixteen other EU languages the business-administration cue words of the
intent cues (:mod:`bot.nlu.intent_cues`, one owner of those). Words that are also a topic of
clusters, calls or the cards (health, tourism, climate, film, food; wages and salaries, which a
card compares; turnover, "facturación", in the SME definition) are not here. Used by the fact routing (:func:`actions.funding.routing.fact_route`) and the
instrument and cluster-fact actions (:mod:`actions.funding.instruments`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from actions.dialogue.guard import is_guarded
from bot.nlu import intent_cues
from bot.nlu import off_topic as nlu_off_topic
from knowledge.facts import FactAnswerer
from taxonomy.text import fold

#: Word starts (regular-expression fragments on the folded text; ``\b`` marks a word's end).
_STEMS: dict[str, tuple[str, ...]] = {
    "en": (
        r"tax\b", r"taxes\b", r"taxation", r"taxable", r"vat\b", r"payroll", r"pensions?\b",
        r"insurance", r"invoic", r"bookkeep", r"accountant", r"weather", r"rain\b", r"raining",
        r"football", r"soccer",
        r"recipes?\b", r"horoscope", r"lottery", r"jokes?\b", r"exchange rate", r"stock price",
    ),
    "de": (
        r"steuer\b", r"steuern zahlen", r"steuererkl", r"steuerberat", r"mehrwertsteuer",
        r"umsatzsteuer", r"einkommensteuer", r"gewerbesteuer", r"lohnsteuer", r"mwst\b",
        r"lohnabrechnung", r"rente\b", r"renten\b", r"versicherung",
        r"rechnung\b", r"rechnungen\b", r"buchhaltung", r"wetter", r"regen\b", r"regenschirm",
        r"fussball", r"rezept", r"horoskop", r"lotto\b", r"witz", r"wechselkurs", r"aktienkurs",
    ),
    "fr": (
        r"impot", r"tva\b", r"fiscalite", r"fiche de paie", r"bulletin de paie", r"retraite",
        r"assurance", r"factures?\b", r"comptabilite", r"comptable", r"meteo",
        r"pluie", r"parapluie", r"football\b", r"foot\b", r"recette de", r"horoscope", r"loto\b",
        r"blague", r"taux de change", r"cours de l action",
    ),
    "es": (
        r"impuesto", r"iva\b", r"nomina", r"pension\b", r"aseguradora", r"seguro de",
        r"facturas?\b", r"contabilidad", r"contable", r"lluvia", r"llover",
        r"paraguas", r"futbol", r"receta", r"horoscopo", r"loteria", r"chiste", r"tipo de cambio",
        r"el tiempo manana", r"que tiempo hace",
    ),
    "it": (
        r"tasse\b", r"imposte\b", r"iva\b", r"busta paga", r"pensione", r"assicuraz",
        r"fattura\b", r"fatture\b", r"contabilita", r"commercialista", r"meteo", r"pioggia",
        r"piovera", r"ombrello", r"calcio\b", r"ricetta", r"oroscopo", r"lotteria",
        r"barzellett", r"tasso di cambio",
    ),
    "pl": (
        r"podat", r"vat\b", r"pensj", r"emerytur", r"ubezpiecz", r"faktur",
        r"ksiegow", r"pogod", r"deszcz", r"parasol", r"pilka nozna", r"pilki noznej",
        r"horoskop", r"lotto\b", r"dowcip", r"kurs walut", r"przepis na",
    ),
    "nl": (
        r"belasting", r"btw\b", r"loonadministratie", r"loonstrook", r"pensioen",
        r"verzekering", r"factuur", r"facturen", r"boekhoud", r"weerbericht",
        r"weersverwachting", r"regent\b", r"paraplu", r"voetbal", r"recept", r"horoscoop",
        r"loterij", r"mop\b", r"moppen", r"wisselkoers",
    ),
    "pt": (
        r"imposto", r"iva\b", r"folha de pagamento", r"pensao", r"seguradora",
        r"seguro de", r"faturas?\b", r"contabilidade", r"contabilista", r"previsao do tempo",
        r"chuva", r"chover", r"guarda chuva", r"futebol", r"horoscopo", r"lotaria", r"loteria",
        r"piada", r"taxa de cambio",
    ),
}  # fmt: skip


@cache
def _pattern() -> re.Pattern[str]:
    """One expression of every reply language's stems (the words do not collide across them)."""
    stems = sorted({s for group in _STEMS.values() for s in group}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(stems) + ")")


def off_topic_words(text: str | None, language: str | None = None) -> list[str]:
    """The off-topic words of a message (empty when it has none).

    Args:
        text: The user's message.
        language: Its detected language (ISO 639-1), for the sixteen languages' cue words.

    Returns:
        The words found, as matched in the folded text; ``["admin"]`` for a business-administration
        cue of the sixteen languages.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    found = [m.group(0) for m in _pattern().finditer(f" {fold(text)} ")]
    if not found and intent_cues.ADMIN in intent_cues.cues(text, language):
        found = ["admin"]
    return found


def names_card(answerer: FactAnswerer, folded: str) -> bool:
    """Whether a folded question uses a card's own name (an event, a body, an action)."""
    return any(
        f" {fold(n)} " in folded for item in answerer.index.items for n in item.card.names if n
    )


def names_instrument(answerer: FactAnswerer, text: str) -> bool:
    """Whether a message names a catalogue instrument; a short one-word name only in capitals
    ("EEN", never the Dutch article "een")."""
    catalogue = answerer.index.catalogue
    found = catalogue.find_in_text(text)
    if found is None:
        return False
    if any(spoken is found for _, _, spoken in catalogue.spoken_spans(text)):
        return True  # dictated: "inno sup one", "e e n" spelt (never the article "een")
    words = set(re.findall(r"[\w-]+", text))
    folded = f" {fold(text)} "
    return any(
        name.upper() in words if " " not in name and len(name) <= 6 else f" {fold(name)} " in folded
        for name in found.names()
    )


def outside_cards(
    answerer: FactAnswerer,
    text: str,
    language: str | None,
    message: Mapping[str, Any] | None = None,
) -> bool:
    """Whether no fact card may answer a message: it is off topic (:func:`off_topic_words`; an
    everyday subject of any EU language that names nothing of the domain,
    :func:`bot.nlu.off_topic.is_off_topic`), or the input guard took it out of scope (the
    parsed ``message``'s guard reason: an injection, or off topic by meaning).

    No card holds a tax rate, a weather forecast or a football score, so a card that shares a
    word with such a question is never its answer, even when it names an instrument or an event
    ("Will it rain during the European Cluster Week?"): the out-of-scope reply is.

    Args:
        answerer: The fact answerer (kept for callers that pass the message's answerer).
        text: The message.
        language: Its language.
        message: The parsed message (``tracker.latest_message``), when the caller has it.
    """
    if message is not None and is_guarded(message):
        return True
    return bool(off_topic_words(text, language)) or nlu_off_topic.is_off_topic(text, language)
