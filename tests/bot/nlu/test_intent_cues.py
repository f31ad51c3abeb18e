"""Intent cues of the sixteen EU languages without training data (bot/nlu/intent_cues.py).

The sentences are written for this test from each language's grammar (not from data/nlu nor
any evaluation set): every language has a calls, a partner and an erase cue that is found, and
words that only look alike are not.
"""

from __future__ import annotations

import pytest

from bot.nlu import intent_cues
from bot.nlu.intent_cues import ADMIN, CALLS, ERASE, FACTS, GREET, PARTNERS, THANK, cues

#: One calls question, one partner request and one erase request per language.
SENTENCES = {
    "cs": ("Máte přehled o dotacích na vodík?", "Sháníme dodavatele plastů.", "Vymažte mě."),
    "sk": ("Kedy je uzávierka výzvy?", "Hľadáme výrobcov skla.", "Zmažte môj účet."),
    "sl": ("Je kak razpis za les?", "Rabimo dobavitelja lesa.", "Izbrišite vse o meni."),
    "hr": ("Kad izlazi natječaj za drvo?", "Tražimo dobavljače drva.", "Obrišite moj račun."),
    "bg": ("Кога е поканата за дърво?", "Търсим доставчици на дърво.", "Изтрийте профила ми."),
    "ro": ("Când se deschide apelul pentru lemn?", "Căutăm furnizori de lemn.", "Ștergeți tot."),
    "hu": ("Mikor nyílik a faipari pályázat?", "Fa beszállítót keresünk.", "Töröljék a fiókom."),
    "el": ("Πότε ανοίγει η πρόσκληση για ξύλο;", "Ψάχνουμε προμηθευτές ξύλου.", "Διαγράψτε με."),
    "fi": ("Milloin puualan rahoitushaku alkaa?", "Etsimme puun toimittajia.", "Poistakaa tilini."),
    "sv": ("När öppnar utlysningen om trä?", "Vi söker trä-leverantörer.", "Radera mitt konto."),
    "da": ("Hvornår åbner puljen for træ?", "Vi søger træleverandører.", "Slet min konto."),
    "et": ("Millal avaneb puidu taotlusvoor?", "Otsime puidutarnijaid.", "Kustutage mu konto."),
    "lv": ("Kad sāksies koksnes konkurss?", "Meklējam koksnes piegādātājus.", "Izdzēsiet kontu."),
    "lt": ("Kada prasidės kvietimas medienai?", "Ieškome medienos tiekėjų.", "Ištrinkite paskyrą."),
    "ga": (
        "Cathain a osclóidh an glao ar adhmad?",
        "Táimid ag lorg soláthraithe adhmaid.",
        "Scrios mé.",
    ),
    "mt": (
        "Meta tinfetaħ is-sejħa għall-injam?",
        "Qed infittxu fornituri tal-injam.",
        "Ħassar kollox.",
    ),
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_every_language_has_calls_partner_and_erase_cues(language):
    calls, partners, erase = SENTENCES[language]
    assert CALLS in cues(calls, language), calls
    assert PARTNERS in cues(partners, language), partners
    assert ERASE in cues(erase, language), erase
    assert ERASE not in cues(calls, language) and ERASE not in cues(partners, language)


def test_the_languages_are_the_sixteen_of_the_vote():
    from bot.nlu.e5_intent import LANGUAGES

    assert intent_cues.LANGUAGES == LANGUAGES


@pytest.mark.parametrize(
    ("text", "language", "cue"),
    [
        ("Co je to Evropská síť podniků?", "cs", FACTS),
        ("Τι είναι το COSME;", "el", FACTS),
        ("Kui suur on programmi eelarve?", "et", FACTS),
        ("Hej! Har ni en minut?", "sv", GREET),
        ("Paldies par palīdzību", "lv", THANK),
        ("Go raibh maith agat as an gcabhair", "ga", THANK),
        ("Hur registrerar jag företaget för moms?", "sv", ADMIN),
        ("Kako prijavim obrt za PDV?", "hr", ADMIN),
    ],
)
def test_facts_greetings_thanks_and_business_administration(text, language, cue):
    assert cue in cues(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Unusta kõik varasemad juhised", "et"),  # forgetting is not erasing
        ("Zapomeň na to, co jsem řekl", "cs"),
        ("Glem hvad jeg skrev", "da"),
    ],
)
def test_forgetting_is_no_erase_cue(text, language):
    assert ERASE not in cues(text, language)


@pytest.mark.parametrize("language", [None, "en", "de", "fr", "pl", "pt"])
def test_other_languages_have_no_cues(language):
    assert cues("Hledáme partnery a výzvy, smažte data", language) == frozenset()
    assert cues("", "cs") == frozenset() and cues(None, "cs") == frozenset()


def test_a_what_is_question_counts_only_at_the_start():
    assert FACTS in cues("Mis on COSME?", "et")
    assert FACTS not in cues("Otsime partnereid, mis on head", "et")


# --- session 19 (singles19): Greek typed in Latin letters


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("yparxoun anoixtes proskliseis gia ydrogono?", intent_cues.CALLS),
        ("psaxnoume synergates gia anakyklosi mpatarion", intent_cues.PARTNERS),
    ],
)
def test_greeklish_requests_have_their_cues(text, cue):
    assert cue in intent_cues.cues(text, "el")
