"""The one line, in each EU language the assistant understands but does not reply in, saying that
the reply is in English: one owner for both processes.

"Other EU languages are understood and searched; the reply is English with one line in the
user's language" (issue 13). The sixteen languages are the EU's official languages other than
the eight reply languages (:data:`taxonomy.languages.REPLY_LANGUAGES`). The actions say the line
before their English reply (:func:`actions.dialogue.language.say_language_line`); the Rasa side's
response generator (:mod:`bot.nlg`) starts a domain response with it (the out-of-scope reply,
"did you mean", "please rephrase", greetings) when nothing earlier in the turn said it.

The lines were first written for the actions (session 10-11, ``actions.dialogue.texts``) and
moved here unchanged; ``tests/i18n/test_english_reply.py`` checks that every one of the sixteen
languages has its line, no reply language has one, and each line is in its own script.
"""

from __future__ import annotations

from typing import Any

#: ISO 639-1 code -> "I understand your message, but I answer in English."
LINES: dict[str, str] = {
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


def english_reply_line(code: Any) -> str | None:
    """The line for a language code (any case), or ``None`` for a reply language, an unknown
    code or a non-string."""
    if not isinstance(code, str):
        return None
    return LINES.get(code.lower())


def says_line(text: Any) -> bool:
    """Whether a reply text contains one of the lines (a turn that already said it)."""
    return isinstance(text, str) and any(line in text for line in LINES.values())
