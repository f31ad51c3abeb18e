"""The widget's privacy notice says what is kept, for how long and how to delete it."""

from __future__ import annotations

from bot.channels.web_assets import widget_strings
from bot.privacy.notice import privacy_notice, privacy_notices


def test_default_notice_names_every_period_and_the_way_to_delete():
    text = privacy_notice(env={})
    assert "deleted 90 days after your last message" in text
    assert "deleted 180 days after the adviser closes it" in text
    assert "feedback is deleted after 180 days" in text
    assert "delete my data" in text


def test_configured_periods_are_shown():
    text = privacy_notice(
        env={"CLUSTER_RETENTION_CONVERSATION_DAYS": "1", "CLUSTER_RETENTION_TICKET_DAYS": "0"}
    )
    assert "deleted 1 day after your last message" in text
    assert "never (kept until you delete it)" in text


def test_the_notice_is_in_the_requested_language_with_its_plural_forms():
    german = privacy_notice("de", env={"CLUSTER_RETENTION_CONVERSATION_DAYS": "1"})
    assert "1 Tag nach Ihrer letzten Nachricht" in german
    assert "meine Daten löschen" in german
    polish = privacy_notice("pl", env={"CLUSTER_RETENTION_CONVERSATION_DAYS": "3"})
    assert "usuwana 3 dni po" in polish
    # A language the assistant does not reply in gets the English notice.
    assert privacy_notice("fi", env={}) == privacy_notice("en", env={})


def test_every_reply_language_has_its_own_notice_and_the_widget_carries_it():
    notices = privacy_notices(env={})
    assert len(set(notices.values())) == len(notices) >= 8
    messages = widget_strings()["messages"]
    for code, notice in privacy_notices().items():
        assert messages[code]["widget.privacy"] == notice
