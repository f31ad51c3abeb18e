"""Handoff settings of the action server: adviser webhook, release token, Rasa API.

The values come from :func:`knowledge.config.handoff_env` (the one place the action process
reads the environment); this module owns what they mean (webhook kinds, defaults).

An adviser channel or Teams app that is only partly configured stops the action server at start
(:class:`HandoffConfigError` names the variables still missing) instead of falling back quietly
to the webhook and failing at the first ticket or the first message to a Teams SME.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from actions.handoff.office_hours import OfficeHours, OfficeHoursError
from actions.handoff.webhook import WEBHOOK_KINDS
from knowledge.config import DEFAULT_RASA_URL, handoff_env

logger = logging.getLogger(__name__)

#: The Slack adviser app: all three or none.
SLACK_VARIABLES = {
    "slack_token": "CLUSTER_ADVISER_SLACK_TOKEN",
    "slack_signing_secret": "CLUSTER_ADVISER_SLACK_SIGNING_SECRET",
    "slack_channel": "CLUSTER_ADVISER_SLACK_CHANNEL",
}
#: The bot's app registration: what the action server needs for any Teams work (threads in the
#: adviser channel, proactive messages to an SME who writes from Teams).
TEAMS_CREDENTIALS = {
    "teams_app_id": "CLUSTER_ADVISER_TEAMS_APP_ID",
    "teams_app_password": "CLUSTER_ADVISER_TEAMS_APP_PASSWORD",
    "teams_tenant": "CLUSTER_ADVISER_TEAMS_TENANT",
}
#: The SMEs' own bot, when the advisers have a bot registration of their own: both or none.
SME_TEAMS_CREDENTIALS = {
    "sme_teams_app_id": "CLUSTER_SME_TEAMS_APP_ID",
    "sme_teams_app_password": "CLUSTER_SME_TEAMS_APP_PASSWORD",
}
#: The stored conversation reference of the Teams adviser channel: both, with the credentials.
TEAMS_CHANNEL_VARIABLES = {
    "teams_service_url": "CLUSTER_ADVISER_TEAMS_SERVICE_URL",
    "teams_channel": "CLUSTER_ADVISER_TEAMS_CHANNEL",
}


class HandoffConfigError(ValueError):
    """The handoff's adviser channel or Teams app is configured only in part."""


@dataclass(frozen=True)
class HandoffSettings:
    """Handoff configuration of the action server; see the module docstring for the variables."""

    db_path: str | None = None
    webhook_url: str | None = None
    webhook_kind: str = "slack"
    token: str | None = None
    rasa_url: str = DEFAULT_RASA_URL
    rasa_token: str | None = None
    slack_token: str | None = None
    slack_signing_secret: str | None = None
    slack_channel: str | None = None
    slack_api_url: str = "https://slack.com/api"
    teams_app_id: str | None = None
    teams_app_password: str | None = None
    teams_tenant: str | None = None
    teams_service_url: str | None = None
    teams_channel: str | None = None
    teams_token_url: str | None = None
    teams_openid_url: str | None = None
    teams_team_id: str | None = None
    teams_graph_url: str | None = None
    teams_poll_s: float = 30.0
    slack_poll_s: float = 30.0
    sme_teams_app_id: str | None = None
    sme_teams_app_password: str | None = None
    office_hours: str | None = None
    remind_after_min: float = 15.0

    @property
    def teams_enabled(self) -> bool:
        """Whether the Teams adviser channel is configured (app, tenant, service URL, channel)."""
        return all(
            (self.teams_app_id, self.teams_app_password, self.teams_tenant,
             self.teams_service_url, self.teams_channel)
        )  # fmt: skip

    def hours(self) -> OfficeHours | None:
        """The parsed office hours, or None when unset or unreadable (logged)."""
        if not self.office_hours:
            return None
        try:
            return OfficeHours.parse(self.office_hours)
        except OfficeHoursError as exc:
            logger.error("%s; office hours are off", exc)
            return None

    @property
    def slack_enabled(self) -> bool:
        """Whether the adviser Slack app is configured (token, signing secret and channel)."""
        return bool(self.slack_token and self.slack_signing_secret and self.slack_channel)

    def missing(self) -> list[str]:
        """The variables a partly configured adviser channel or Teams app still needs.

        Slack: token, signing secret and channel together. Teams: any ``CLUSTER_ADVISER_TEAMS_*``
        needs the app id, password and tenant; the adviser channel (service URL, channel id)
        needs both, the credentials and ``CLUSTER_HANDOFF_TOKEN`` (the Rasa server hands the
        channel's activities over with it when the SMEs and the advisers share one bot). The
        SMEs' own bot (``CLUSTER_SME_TEAMS_*``, two registrations): id and secret together, in
        the advisers' tenant.
        """
        missing: list[str] = []
        if any(getattr(self, name) for name in SLACK_VARIABLES):
            missing += [var for name, var in SLACK_VARIABLES.items() if not getattr(self, name)]
        channel = any(getattr(self, name) for name in TEAMS_CHANNEL_VARIABLES)
        if channel or any(getattr(self, name) for name in TEAMS_CREDENTIALS):
            missing += [var for name, var in TEAMS_CREDENTIALS.items() if not getattr(self, name)]
        if channel:
            missing += [
                var for name, var in TEAMS_CHANNEL_VARIABLES.items() if not getattr(self, name)
            ]
            missing += [] if self.token else ["CLUSTER_HANDOFF_TOKEN"]
        if any(getattr(self, name) for name in SME_TEAMS_CREDENTIALS):
            missing += [
                var for name, var in SME_TEAMS_CREDENTIALS.items() if not getattr(self, name)
            ]
            if not self.teams_tenant and "CLUSTER_ADVISER_TEAMS_TENANT" not in missing:
                missing.append("CLUSTER_ADVISER_TEAMS_TENANT")
        return missing

    def sme_teams_credentials(self) -> tuple[str, str] | None:
        """The app id and secret proactive messages to SMEs in Teams are sent with: the SMEs'
        own bot when it is a registration of its own, else the adviser bot; None without."""
        if self.sme_teams_app_id and self.sme_teams_app_password:
            return self.sme_teams_app_id, self.sme_teams_app_password
        if self.teams_app_id and self.teams_app_password:
            return self.teams_app_id, self.teams_app_password
        return None

    @classmethod
    def from_env(cls, **overrides: Any) -> HandoffSettings:
        """Reads the environment; explicit keyword arguments win.

        An unknown ``CLUSTER_ADVISER_WEBHOOK_KIND`` is logged and the webhook disabled, so a typo
        in an optional setting cannot stop the assistant (tickets are still stored).

        Raises:
            HandoffConfigError: an adviser channel or the Teams app is configured only in part
                (:meth:`missing`); the message names the variables to set.
        """
        env = handoff_env()

        def value(name: str) -> str | None:
            return env.get(name)

        kind = (value("CLUSTER_ADVISER_WEBHOOK_KIND") or "slack").lower()
        url = value("CLUSTER_ADVISER_WEBHOOK_URL")
        if kind not in WEBHOOK_KINDS:
            logger.error(
                "CLUSTER_ADVISER_WEBHOOK_KIND=%r is not one of %s; adviser notifications are off",
                kind,
                "/".join(WEBHOOK_KINDS),
            )
            url, kind = None, "slack"
        settings = {
            "db_path": value("CLUSTER_HANDOFF_DB"),
            "webhook_url": url,
            "webhook_kind": kind,
            "token": value("CLUSTER_HANDOFF_TOKEN"),
            "rasa_url": (value("CLUSTER_RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
            "rasa_token": value("CLUSTER_RASA_TOKEN"),
            "slack_token": value("CLUSTER_ADVISER_SLACK_TOKEN"),
            "slack_signing_secret": value("CLUSTER_ADVISER_SLACK_SIGNING_SECRET"),
            "slack_channel": value("CLUSTER_ADVISER_SLACK_CHANNEL"),
            "teams_app_id": value("CLUSTER_ADVISER_TEAMS_APP_ID"),
            "teams_app_password": value("CLUSTER_ADVISER_TEAMS_APP_PASSWORD"),
            "teams_tenant": value("CLUSTER_ADVISER_TEAMS_TENANT"),
            "teams_service_url": value("CLUSTER_ADVISER_TEAMS_SERVICE_URL"),
            "teams_channel": value("CLUSTER_ADVISER_TEAMS_CHANNEL"),
            "teams_token_url": value("CLUSTER_ADVISER_TEAMS_TOKEN_URL"),
            "teams_openid_url": value("CLUSTER_ADVISER_TEAMS_OPENID_METADATA_URL"),
            "teams_team_id": value("CLUSTER_ADVISER_TEAMS_TEAM_ID"),
            "teams_graph_url": value("CLUSTER_ADVISER_TEAMS_GRAPH_URL"),
            "teams_poll_s": _duration(env, "CLUSTER_ADVISER_TEAMS_POLL_S", 30.0, "seconds"),
            "slack_poll_s": _duration(env, "CLUSTER_ADVISER_SLACK_POLL_S", 30.0, "seconds"),
            "sme_teams_app_id": value("CLUSTER_SME_TEAMS_APP_ID"),
            "sme_teams_app_password": value("CLUSTER_SME_TEAMS_APP_PASSWORD"),
            "office_hours": value("CLUSTER_HANDOFF_OFFICE_HOURS"),
            "remind_after_min": _duration(env, "CLUSTER_HANDOFF_REMIND_AFTER_MIN", 15.0, "minutes"),
            "slack_api_url": (
                value("CLUSTER_ADVISER_SLACK_API_URL") or "https://slack.com/api"
            ).rstrip("/"),
        }
        settings.update(overrides)
        made = cls(**settings)
        missing = made.missing()
        if missing:
            raise HandoffConfigError(
                "the handoff's adviser channel or Teams app is configured only in part: set "
                f"{', '.join(missing)} (or unset the others); see docs/channels-slack.md and "
                "docs/channels-teams.md"
            )
        return made


def _duration(env: dict[str, str | None], variable: str, default: float, unit: str) -> float:
    """A non-negative number of ``unit`` from ``variable`` (0 turns its feature off).

    Args:
        env: The handoff variables (:func:`knowledge.config.handoff_env`).
        variable: The variable's name.
        default: What an unset, blank, unreadable or negative value gives.
        unit: What the number counts ("minutes", "seconds"), for the log line.

    Returns:
        The number; unreadable or negative: logged, ``default``.
    """
    raw = env.get(variable)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        logger.error("%s=%r is not a number of %s", variable, raw, unit)
        return default
    return value
