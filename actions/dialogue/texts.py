"""Fixed texts of the dialogue wing: the "I answer in English" line in the user's language.

One line per EU language other than English (``taxonomy.languages``): for the reply languages
(DE FR ES IT PL NL PT) the notice says the assistant answers in English for now and still tries
to help; for the other 16 EU languages it says the message is understood and the reply is in
English. :func:`actions.dialogue.language.say_language_line` utters it before the English reply
of the answering actions. When the message catalogues answer in the reply languages, only the
16 lines stay (:func:`notice` then returns ``None`` for the reply languages).
"""

from __future__ import annotations

from typing import Any

#: The reply languages other than English: "I answer in English for now, I still try to help".
NOTICES: dict[str, str] = {
    "de": "Ich antworte derzeit nur auf Englisch. Ich versuche trotzdem, Ihnen zu helfen.",
    "fr": "Je réponds pour l'instant uniquement en anglais. J'essaie quand même de vous aider.",
    "es": "Por ahora solo respondo en inglés. Aun así, intentaré ayudarle.",
    "it": "Al momento rispondo solo in inglese. Provo comunque ad aiutarla.",
    "pl": "Obecnie odpowiadam tylko po angielsku. Mimo to spróbuję pomóc.",
    "nl": "Ik antwoord momenteel alleen in het Engels. Ik probeer u toch te helpen.",
    "pt": "De momento só respondo em inglês. Ainda assim, vou tentar ajudar.",
}
#: The other EU languages (understood and searched, answered in English): one line saying so.
ENGLISH_REPLY_LINES: dict[str, str] = {
    "bg": "Разбирам съобщението Ви, но отговарям на английски.",
    "cs": "Vaší zprávě rozumím, ale odpovídám anglicky.",
    "da": "Jeg forstår din besked, men jeg svarer på engelsk.",
    "el": "Καταλαβαίνω το μήνυμά σας, αλλά απαντώ στα αγγλικά.",
    "et": "Saan teie sõnumist aru, kuid vastan inglise keeles.",
    "fi": "Ymmärrän viestisi, mutta vastaan englanniksi.",
    "ga": "Tuigim do theachtaireacht, ach freagraím i mBéarla.",
    "hr": "Razumijem Vašu poruku, ali odgovaram na engleskom.",
    "hu": "Értem az üzenetét, de angolul válaszolok.",
    "lt": "Suprantu jūsų žinutę, tačiau atsakau anglų kalba.",
    "lv": "Es saprotu jūsu ziņu, bet atbildu angļu valodā.",
    "mt": "Nifhem il-messaġġ tiegħek, iżda nwieġeb bl-Ingliż.",
    "ro": "Vă înțeleg mesajul, dar răspund în limba engleză.",
    "sk": "Vašej správe rozumiem, ale odpovedám po anglicky.",
    "sl": "Vaše sporočilo razumem, vendar odgovarjam v angleščini.",
    "sv": "Jag förstår ditt meddelande, men jag svarar på engelska.",
}


def notice(code: Any) -> str | None:
    """The fixed "I answer in English" line in that EU language, or ``None`` (English, unknown).

    Args:
        code: An ISO 639-1 code, as the ``language`` entity carries it.

    Returns:
        The reply languages' notice (:data:`NOTICES`), or the one line of the other EU languages
        (:data:`ENGLISH_REPLY_LINES`); ``None`` for English, unknown codes and non-strings.
    """
    if not isinstance(code, str):
        return None
    code = code.lower()
    return NOTICES.get(code) or ENGLISH_REPLY_LINES.get(code)
