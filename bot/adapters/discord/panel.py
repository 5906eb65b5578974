"""The "Open a ticket" panel: a message with a persistent button in a support channel.

`python -m bot discord panel [CHANNEL_ID]` posts it once (REST only, no gateway; CHANNEL_ID
defaults to the first of `support_channels`). Pressing the button does exactly what `/support`
does (`TicketDesk.run`): acknowledged at once, only the presser sees the answer, a ticket opened
for them, or a pointer to the one they already have.

The button's `custom_id` is fixed and the Discord process registers its view at start
(`client.add_view`), so a panel posted once keeps working across restarts and replicas.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from bot.adapters.discord.config import DiscordConfigError, load_discord_config
from bot.adapters.discord.endpoint import use_api
from bot.settings import Settings

log = logging.getLogger(__name__)

PANEL_BUTTON_ID = "baton:open-ticket"  # persistent: never change it, or posted panels stop working
PANEL_TEXT = "Need help with an order, a payment or your account? Press the button to open a ticket with our team."
PANEL_LABEL = "Open a ticket"


def panel_view(label: str = PANEL_LABEL) -> discord.ui.View:
    """The panel's button, for posting (stopped at once: presses reach the view registered at start)."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=label, style=discord.ButtonStyle.primary, custom_id=PANEL_BUTTON_ID,
                                    emoji="🎫"))
    view.stop()
    return view


def register_panel_button(client: discord.Client, pressed: Callable[[discord.Interaction], Awaitable[None]]) -> None:
    """Listen for presses of every panel's button, including panels posted before this process started."""
    view = discord.ui.View(timeout=None)
    button: discord.ui.Button[discord.ui.View] = discord.ui.Button(label=PANEL_LABEL, style=discord.ButtonStyle.primary, custom_id=PANEL_BUTTON_ID)
    button.callback = pressed  # type: ignore[method-assign, assignment]
    view.add_item(button)
    client.add_view(view)


async def post_panel(settings: Settings, channel_id: int | None, text: str = PANEL_TEXT,
                     label: str = PANEL_LABEL) -> tuple[int, int]:
    """Post the panel (REST only); returns (channel id, message id). Raises DiscordConfigError for
    a setting to fix, discord.HTTPException for what Discord refused."""
    if not settings.discord_token:
        raise DiscordConfigError("DISCORD_TOKEN: required to post the panel")
    if channel_id is None:
        config = load_discord_config(settings.discord_config_path)
        if not config.support_channels:
            raise DiscordConfigError("DISCORD_CONFIG: no support_channels; name the channel: "
                                     "python -m bot discord panel CHANNEL_ID")
        channel_id = config.support_channels[0]
    use_api(settings.discord_api_url)
    client = discord.Client(intents=discord.Intents.none())
    try:
        await client.login(settings.discord_token)
        with discord.http.handle_message_parameters(
                content=text, view=panel_view(label), allowed_mentions=discord.AllowedMentions.none()) as params:
            message = await client.http.send_message(channel_id, params=params)
    finally:
        await client.close()
    return channel_id, int(message["id"])
