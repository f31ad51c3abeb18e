"""The widget's privacy notice says what is kept, for how long and how to delete it."""

from __future__ import annotations

from bot.privacy.notice import privacy_notice


def test_default_notice_names_every_period_and_the_way_to_delete():
    text = privacy_notice({})
    assert "deleted 90 days after your last message" in text
    assert "deleted 180 days after the adviser closes it" in text
    assert "feedback is deleted after 180 days" in text
    assert "delete my data" in text


def test_configured_periods_are_shown():
    text = privacy_notice(
        {"CLUSTER_RETENTION_CONVERSATION_DAYS": "1", "CLUSTER_RETENTION_TICKET_DAYS": "0"}
    )
    assert "deleted 1 day after your last message" in text
    assert "never (kept until you delete it)" in text
