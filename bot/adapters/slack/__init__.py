"""The Slack shared inbox: a card per handed-off conversation, the transcript in its thread (docs/slack.md)."""
