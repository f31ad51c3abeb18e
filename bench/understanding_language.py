"""The language of the assistant's reply, for the held-out understanding set (bench.understanding).

:func:`reply_language` is a deliberately simple check: the reply text minus
everything that is data (organisation names, places, sectors, call titles, fact statements and
values, source titles, URLs, the user's query) and minus any sentence that says the assistant
answers in English ("Ich antworte derzeit nur auf Englisch ..." is a notice, not an answer in the
user's language), scored by function words per language, each word weighted 1/(number of the 8
languages whose list has it); the lists include the words of the assistant's source line
("Source", "European Commission") and month names, and the short words several languages share
("de" is Dutch, Spanish, Portuguese and French: a Spanish reply full of dates "2 de febrero de
2027" is not Dutch). The best language wins when it scores at
least 1 and no other ties it; otherwise the language is unknown (None). English data shown as it
is therefore does not make a German reply English, and an English reply around German data stays
English. The fixed notices of ``actions.dialogue.texts.NOTICES`` are removed whole, when that
module still has them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")

_FUNCTION_WORDS = {
    "en": "the and is are you your for with here this that these i can what which found there of as"
    " to not about more other or please would like were no any",
    "de": "der die das und ist sind für mit ich sie ihnen nicht ein eine einen hier es gibt zu auf"
    " von oder noch wir dem den bitte können kann keine ihre gefunden",
    "fr": "le la les et est sont pour avec je vous ne pas un une des du ici il y sur ou plus voici"
    " votre nous ce cette qui que aucun trouvé de en dans au aux",
    "es": "el los las y es son para con yo usted no un una del aquí hay sobre o más su estos esta"
    " que qué puedo le ningún encontrado de en la por lo se al",
    "it": "il lo gli e è sono per con io lei non uno una del della qui ci sul o più questi questa"
    " che posso ecco nessun trovato di la le al nel",
    "pl": "i jest są dla z w na nie to czy mogę pan pani oto lub o się jak co tylko tych ten ta"
    " które który znalazłem jaki jakiego jakie czego można też już przez że aby",
    "nl": "de het en is zijn voor met ik u niet een hier er op van of meer uw deze dit die wat kan"
    " geen gevonden",
    "pt": "o os as e é são para com eu você não um uma do da aqui há sobre ou mais seu estes esta"
    " que posso aos nenhum encontrado de em no na por se ao dos das",
}
#: The assistant's fixed vocabulary around data: the source line of a fact answer ("Source:
#: European Commission, 22 February 2018"), month names and "for example" before quoted example
#: requests (session 16: the Polish form question "Jakiego tematu mają dotyczyć nabory? Na
#: przykład ..." had only "na", Polish and Portuguese, and read as no language), so a reply that
#: is mostly data, a source line or examples still shows its language.
_MARKER_WORDS = {
    "en": "example source commission january february march april may june july august september october"
    " november december",
    "de": "beispiel quelle kommission europäische januar februar märz april mai juni juli august september"
    " oktober november dezember",
    "fr": "exemple source commission européenne janvier février mars avril mai juin juillet août septembre"
    " octobre novembre décembre",
    "es": "ejemplo fuente comisión europea enero febrero marzo abril mayo junio julio agosto septiembre"
    " octubre noviembre diciembre",
    "it": "esempio fonte commissione europea gennaio febbraio marzo aprile maggio giugno luglio agosto"
    " settembre ottobre novembre dicembre",
    "pl": "przykład źródło komisja europejska stycznia lutego marca kwietnia maja czerwca lipca sierpnia"
    " września października listopada grudnia",
    "nl": "bijvoorbeeld bron europese commissie januari februari maart april mei juni juli augustus september"
    " oktober november december",
    "pt": "exemplo fonte comissão europeia janeiro fevereiro março abril maio junho julho agosto setembro"
    " outubro novembro dezembro",
}
#: The word for "English" in each reply language: a sentence naming it is the English-only notice.
_ENGLISH_WORDS = ("english", "englisch", "anglais", "inglés", "inglese", "angielsku", "engels")
_ENGLISH_WORDS += ("inglês",)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_URL = re.compile(r"(https?://|www\.)\S+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def fold(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed (for comparisons only)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


@cache
def _weights() -> dict[str, dict[str, float]]:
    lists = {
        lang: set(words.split()) | set(_MARKER_WORDS[lang].split())
        for lang, words in _FUNCTION_WORDS.items()
    }
    counts: dict[str, int] = {}
    for words in lists.values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {lang: {w: 1 / counts[w] for w in words} for lang, words in lists.items()}


def data_strings(payloads: list[dict]) -> list[str]:
    """Every string of the payloads that is data, not the assistant's own wording."""
    found: list[str] = []
    for payload in payloads:
        found += [payload.get("query") or "", payload.get("question") or ""]
        for item in payload.get("items") or []:
            for key in ("name", "acronym", "place", "why", "title", "programme", "id"):
                found.append(str(item.get(key) or ""))
            found += [str(sector) for sector in item.get("sectors") or []]
        profile = payload.get("item")  # partner_profile: the profile's own (English) data
        if isinstance(profile, dict):
            for key in ("name", "acronym", "description", "city", "region"):
                found.append(str(profile.get(key) or ""))
            for key in ("sectors", "technologies"):
                values = profile.get(key)
                found += [str(v) for v in values] if isinstance(values, list) else []
        for key in ("statement", "value", "instrument_name", "unknown_name"):
            found.append(str(payload.get(key) or ""))
        source = payload.get("source") or {}
        found += [str(source.get(key) or "") for key in ("title", "event", "url")]
        found += [str(name) for name in payload.get("closest_instruments") or []]
        for alternative in payload.get("alternatives") or []:
            found += [str(alternative.get("statement") or ""), str(alternative.get("value") or "")]
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def _notices() -> tuple[str, ...]:
    """The fixed "I answer in English" notices of the action server, when it still has them."""
    try:
        from actions.dialogue.texts import NOTICES
    except ImportError:  # the notices moved or went away with the message catalogues
        return ()
    return tuple(NOTICES.values())


def own_text(messages: list[dict]) -> str:
    """The assistant's own wording: texts minus data, URLs and English-only notices."""
    text = "\n".join(m.get("text") or "" for m in messages)
    for notice in _notices():
        text = text.replace(notice, " ")
    payloads = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    for data in data_strings(payloads):
        text = text.replace(data, " ")
    text = _URL.sub(" ", text)
    kept = [s for s in _SENTENCE.split(text) if not any(w in s.lower() for w in _ENGLISH_WORDS)]
    return "\n".join(kept)


def text_language(text: str) -> str | None:
    """The language of a text by weighted function words (see the module docstring)."""
    words = _WORD.findall(text.lower())
    scores = {lang: sum(table.get(w, 0.0) for w in words) for lang, table in _weights().items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    if score < 1.0 or abs(score - ranked[1][1]) < 1e-9:
        return None
    return best


def reply_language(messages: list[dict]) -> str | None:
    """The language the assistant wrote its own words in, or None when that cannot be told."""
    return text_language(own_text(messages))
