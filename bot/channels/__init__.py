"""Own Rasa channel connectors and their per-channel rendering (Slack, Microsoft Teams, web)."""
