"""Discord: DMs and support-channel threads as conversations (docs/discord.md)."""
