"""The one line in the user's language that the answering actions add to an English reply.

A message in another EU language is understood like an English one: the NLU classifies it into
its real intent (``find_partners``, ``find_calls``, ``faq/...``: training examples in DE FR ES
IT PL NL PT, ``data/nlu/languages/``), and the gazetteers read its place names in those
languages ("Bayern", "Česko", "Pays Basque"). There is no separate "other language" intent.

What stays language-specific is the reply. The Rasa-side ``bot.nlu.language.LanguageDetector``
marks a non-English message with a ``language`` entity (ISO 639-1 code); the actions that answer a
request (partner and call searches, instrument and cluster-fact answers, call status, the
fallback) call :func:`say_language_line` first, which utters :func:`actions.dialogue.texts.notice`
for that code: for the 16 EU languages that are not reply languages, one line saying the reply
is in English; for the reply languages, the "I answer in English for now" notice, until the
message catalogues answer in those languages (then ``notice`` returns ``None`` for them and
nothing here changes).
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.message_language import parsed_message_language
from actions.dialogue.texts import notice


def say_language_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Utters the line in the user's language before an English reply, when there is one.

    Args:
        dispatcher: Where the reply goes.
        tracker: The conversation (its latest message's ``language`` entity decides).

    Returns:
        Whether a line was uttered.
    """
    text = notice(parsed_message_language(tracker.latest_message))
    if not text:
        return False
    dispatcher.utter_message(text=text)
    return True
