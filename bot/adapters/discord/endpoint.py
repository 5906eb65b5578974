"""Where discord.py talks to: Discord itself, or another server that answers like it (`DISCORD_API_URL`).

discord.py has no per-client base URL: every REST request is built on the class attribute
`discord.http.Route.BASE` (https://discord.com/api/v10), and a non-sharded `Client.connect` opens
the gateway at `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (wss://gateway.discord.gg/)
without asking. So, once at start-up of the Discord process, and only when `DISCORD_API_URL` is
not Discord's own:

- `use_api(url)` points REST at it (`Route.BASE`);
- `use_its_gateway(client)`, after login, asks that server where its gateway is (`GET /gateway/bot`,
  as Discord documents for bots) and points the gateway connection there (resumes then follow the
  `resume_gateway_url` the gateway itself hands out in READY, as with Discord).

With the default nothing is changed: discord.py's own URLs are Discord's.
"""

from __future__ import annotations

import logging

import discord
import yarl

log = logging.getLogger(__name__)

DISCORD_API_URL = "https://discord.com/api/v10"


class GatewayNotFoundAt(Exception):
    """The server at DISCORD_API_URL did not say where its gateway is (one line for the operator)."""


def is_discord(api_url: str) -> bool:
    """Whether `api_url` is Discord's own REST API (the default)."""
    return api_url.rstrip("/") == DISCORD_API_URL


def use_api(api_url: str) -> None:
    """Point discord.py's REST requests at `api_url` (a base like https://discord.com/api/v10)."""
    if is_discord(api_url):
        return
    discord.http.Route.BASE = api_url.rstrip("/")
    log.info("discord REST API at %s (DISCORD_API_URL)", discord.http.Route.BASE)


async def use_its_gateway(client: discord.Client, api_url: str) -> None:
    """After `client.login`: connect the gateway where the server at `api_url` says (GET /gateway/bot)."""
    if is_discord(api_url):
        return
    try:
        _, url, _ = await client.http.get_bot_gateway()
    except (discord.GatewayNotFound, discord.HTTPException, OSError) as exc:
        raise GatewayNotFoundAt(f"DISCORD_API_URL: GET /gateway/bot failed at {api_url} ({exc})") from exc
    gateway = yarl.URL(url)
    if gateway.scheme not in ("ws", "wss") or not gateway.host:
        raise GatewayNotFoundAt(f"DISCORD_API_URL: GET /gateway/bot at {api_url} gave {url!r}, not a ws(s):// URL")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    log.info("discord gateway at %s (from GET /gateway/bot)", gateway)
