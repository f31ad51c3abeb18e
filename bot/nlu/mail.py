"""E-mail-shaped messages: the request in a short forwarded mail, without its frame.

Advisers paste mails and SMEs write in the chat as in a mail: a subject line ("WG: Anfrage",
"TR: question", "PD: pytanie"), a greeting on its own line ("Hallo zusammen,", "Bonjour à tous,",
"Labdien!"), the request, a closing and a name, sometimes a legal disclaimer or "Sent from my
iPhone" under them. :mod:`bot.nlu.letters` drops that frame from LONG messages (longer than any
training example); a short one was read as typed, and its greeting line made it a greeting (the
twelfth held-out set: out-of-scope bodies in German, French and Latvian and a Greek FAQ question
were greeted back) or its subject line a search. :func:`body` gives such a message's request;
:func:`without_disclaimer` cuts a disclaimer block and a mobile signature from any message.

A message is mail-shaped when it has at least two lines and one of them is mail frame: a subject
prefix or a header on the first line, a salutation or greeting line of its own, or a closing
line (:func:`bot.nlu.letters.segment` dropped something). Its greeting then is the mail's
opening, not what it says; a question about the assistant after it ("Hallo!\\nWas kannst du?")
stays as typed. Written from the mail conventions of the EU languages, not from evaluation texts.
"""

from __future__ import annotations

import re

from bot.nlu.letters import _ABOUT_YOU, _HEADER, _SUBJECT_PREFIX, _subject_text, segment
from bot.nlu.small_talk import GREET, small_talk

#: Header names of the sixteen other languages' mail clients (the eight reply languages' are
#: :data:`bot.nlu.letters._HEADER`'s): from, sent, to, subject, date.
_OTHER_HEADERS = re.compile(
    r"^\s*(?:>\s*)*(?:odesilatel|odeslano|komu|predmet|předmět|odesílatel|odoslané|od|"
    r"posiljatelj|pošiljatelj|poslano|zadeva|prejemnik|šalje|poslano|naslov|"
    r"от|изпратено|до|относно|tema|expeditor|trimis|către|catre|subiect|feladó|felado|"
    r"elküldve|címzett|cimzett|tárgy|targy|από|σταλθηκε|στάλθηκε|προς|θέμα|θεμα|"
    r"lähettäjä|lahettaja|lähetetty|vastaanottaja|aihe|från|fran|skickat|till|ämne|amne|"
    r"fra|sendt|til|emne|saatja|saadetud|saaja|teema|no|nosūtīts|kam|temats|nuo|išsiųsta|"
    r"kam|tema|ó|o|seolta|chuig|ábhar|abhar|mingħand|mibgħut|lil|suġġett)\s*:",
    re.IGNORECASE | re.UNICODE,
)
#: A legal disclaimer or a mobile client's signature: the line and every line after it are no
#: request ("This e-mail is confidential ...", "Diese E-Mail ist vertraulich", "Sent from my
#: iPhone", "Envoyé de mon iPhone"), in the 24 languages (folded stems, case ignored).
_DISCLAIMER = re.compile(
    r"(?:confidential|confidentiel|confidencial|vertraulich|riservat|poufn|vertrouwelijk|"
    r"důvěrn|duvern|dôvern|zaupn|povjerljiv|поверител|confidenţial|confidential|bizalmas|"
    r"εμπιστευτικ|luottamuksellinen|konfidentiell|fortrolig|konfidentsiaal|konfidenciāl|"
    r"konfidencial|rúnda|runda|kunfidenzjali|intended\s+(?:solely|only)\s+for|"
    r"if\s+you\s+(?:have\s+)?received\s+this|"
    r"(?:sent|gesendet|envoyé|enviado|inviato|wysłane|verzonden|enviado)\s+(?:from|von|de|desde|da|z|vanaf|do)\s+"
    r"(?:my|meinem|mon|mi|il\s+mio|mojego|mijn|meu)?\s*(?:iphone|ipad|android|samsung|mobile|"
    r"smartphone|handy|outlook))",
    re.IGNORECASE | re.UNICODE,
)
#: Fewest words a mail's request must have.
BODY_MIN_WORDS = 3


def without_disclaimer(text: str | None) -> str | None:
    """The message without a disclaimer block or mobile signature at its end (from the first
    such line that follows another line), or None when it has none."""
    if not isinstance(text, str) or "\n" not in text:
        return None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if number and _DISCLAIMER.search(line) and any(x.strip() for x in lines[:number]):
            kept = "\n".join(lines[:number]).rstrip()
            return kept or None
    return None


def _subject(first: str) -> str | None:
    """The subject of a mail's first line ("WG: Betriebsausflug", "Subject: Re: calls"), else
    None."""
    if _SUBJECT_PREFIX.match(first) or re.match(
        r"^\s*(?:subject|betreff|objet|asunto|oggetto|temat|onderwerp|assunto|předmět|predmet|"
        r"tárgy|targy|θέμα|aihe|ämne|emne|teema|temats|tema|subiect|ábhar|относно)\s*:",
        first,
        re.IGNORECASE,
    ):
        return _subject_text(re.sub(r"^\s*[^\W\d_]+\s*:\s*(?=\S)", "", first, count=0)).strip()
    return None


#: Fewest lines of a mail whose greeting line :func:`cleaned` drops (greeting, request, closing).
MAIL_LINES = 3
#: How many of a mail's first lines may be its greeting line (after a subject line).
GREETING_LINES = 2


def cleaned(text: str | None) -> str | None:
    """A message of several lines without its mail frame that :mod:`bot.nlu.letters` does not
    know: the sixteen other languages' header lines, a greeting alone on one of the first lines
    ("Sveiki!", "Szia,", "Hej,": any greeting :func:`bot.nlu.small_talk.small_talk` knows), a
    disclaimer block (:func:`without_disclaimer`); None when nothing was dropped or nothing
    would be left."""
    if not isinstance(text, str) or "\n" not in text or text.lstrip().startswith("/"):
        return None
    cut = without_disclaimer(text)
    source = cut if cut is not None else text
    kept: list[str] = []
    dropped = cut is not None
    for line in source.splitlines():
        if _OTHER_HEADERS.match(line) and not _HEADER.match(line):
            dropped = True
            continue
        content = [x for x in kept if x.strip()]
        if line.strip() and len(content) < GREETING_LINES and small_talk(line) == GREET:
            if content and _subject(content[0]) is None:
                kept.append(line)  # a greeting after a first line of text is the text's
                continue
            dropped = True
            continue
        kept.append(line)
    result = "\n".join(kept).strip()
    if not dropped or len(result.split()) < BODY_MIN_WORDS:
        return None
    if cut is None and len([x for x in text.splitlines() if x.strip()]) < MAIL_LINES:
        return None  # "Hallo!\nich suche Partner": two lines are no mail yet
    if _ABOUT_YOU.search(result) or small_talk(result) is not None:
        return None  # "Hallo!\n...\nWas kannst du für mich tun?": the greeting's question
    return result


def body(text: str | None) -> str | None:
    """The request of a short mail-shaped message (see the module doc): the sentences that ask,
    then the others, without subject line, headers, greeting, closing, signature and disclaimer;
    None when the message is no mail, asks nothing, or asks about the assistant or only greets.
    """
    if not isinstance(text, str) or not text.strip() or text.lstrip().startswith("/"):
        return None
    if len([line for line in text.splitlines() if line.strip()]) < 2:
        return None
    clean = cleaned(text)
    source = clean if clean is not None else text
    lines = [line for line in source.splitlines() if line.strip()]
    subject = _subject(lines[0]) if lines else None
    parts = segment("\n".join(lines))
    if not parts.requests or (parts.dropped == 0 and subject is None and clean is None):
        return None
    context = [c for c in parts.context if subject is None or c.strip() != subject]
    request = " ".join([*parts.asking, *context]).strip()
    if len(request.split()) < BODY_MIN_WORDS or small_talk(request) is not None:
        return None
    if _ABOUT_YOU.search(" ".join(parts.asking)):
        return None  # "Hallo!\nWas kannst du für mich tun?": the greeting's question
    return request if request != text.strip() else None
