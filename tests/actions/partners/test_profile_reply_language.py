"""A partner profile shown in a conversation in a reply language other than English is written
in that language (actions/partners/replies.py ``profile_text``): its labels are, and the
profile's own English description is introduced in that language. The twelfth set's
FIX conversations got their profile reply read as English in de fr it pl nl pt: the bench's
reply-language check (bench/understanding_language.py) now takes the profile's own data out of
the reply like any other result's data."""

from __future__ import annotations

import pytest

from actions.partners import replies
from bench.understanding_language import reply_language
from i18n import text

LANGUAGES = ["en", "de", "fr", "es", "it", "pl", "nl", "pt"]


def _messages(profile, lang):
    return [
        {"text": replies.profile_text(profile, 2, lang)},
        {"custom": replies.profile_payload(profile)},
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_profile_reply_is_in_the_conversation_language(profiles, lang):
    described = [p for p in profiles if p.description and len(p.description.split()) > 20]
    assert described
    for profile in described[:25]:
        reply = replies.profile_text(profile, 2, lang)
        assert text("partners.profile_description", lang) in reply
        assert profile.description in reply  # the profile's own words, not left out
        assert reply_language(_messages(profile, lang)) == lang, profile.id
