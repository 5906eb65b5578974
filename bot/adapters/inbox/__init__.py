"""The built-in staff inbox at `/inbox`, used when Slack is not configured (docs/inbox.md)."""
