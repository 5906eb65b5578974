"""The command line (docs/architecture.md#cli): run the bot, build the index, check rules, dry-run, report,
practice escalations."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from bot.logs import setup_logging
from bot.settings import Settings, settings_or_exit


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Baton support bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("web", help="run the web server (web chat, inbox, Slack HTTP events)")
    discord = sub.add_parser("discord", help="run the Discord gateway connection")
    discord_sub = discord.add_subparsers(dest="discord_command")
    panel = discord_sub.add_parser("panel", help='post the "Open a ticket" panel in a support channel (docs/discord.md)')
    panel.add_argument("channel", nargs="?", type=int, metavar="CHANNEL_ID",
                       help="the channel to post it in (default: the first of support_channels)")
    panel.add_argument("--text", help="the panel's message (default: a short invitation)")
    panel.add_argument("--label", help='the button\'s label (default "Open a ticket")')
    sub.add_parser("worker", help="run the background work only: SLA timers, the Slack outbox, takeovers")

    kb = sub.add_parser("kb", help="knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    build = kb_sub.add_parser("build", help="build or update the index (only changed files re-embedded)")
    build.add_argument("--kb", type=Path, help="knowledge base folder (default BOT_KB_DIR)")
    build.add_argument("--index", type=Path, help="index folder (default BOT_INDEX_DIR)")

    rules = sub.add_parser("rules", help="tag rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="validate a rules file")
    check.add_argument("file", nargs="?", type=Path, help="rules file (default BOT_RULES)")
    check.add_argument("--no-fit", action="store_true",
                       help="validate only; skip fitting the meanings (no model load)")
    check.add_argument("--compare", type=Path, metavar="OTHER",
                       help="another version of the rules file (say, main's, checked out with git worktree): "
                            "print which meanings' thresholds and figures moved from it to this one")

    dry = sub.add_parser("dry-run", help="run rules + brain on messages without sending anything")
    dry.add_argument("file", nargs="?", default="-", help="JSON lines file, or - for stdin")
    dry.add_argument("--rules", type=Path)
    dry.add_argument("--kb", type=Path)
    dry.add_argument("--index", type=Path)
    dry.add_argument("--fail-under", type=_share, metavar="RECALL",
                     help="exit 1 when the handoff recall over lines labelled expect_handoff is below this "
                          "(0.9 or 90%%)")

    report = sub.add_parser("report", help="tags fired, handoffs, response times, false positives")
    report.add_argument("--since", default="7d", help="period, e.g. 7d, 24h, 30m (default 7d)")

    practice = sub.add_parser("practice", help="a practice escalation for staff training (docs/practice.md)")
    practice.add_argument("--scenario", metavar="NAME", help="the scenario to play (default: any one, at random)")
    practice.add_argument("--list", action="store_true", help="list the scenarios and what they train")
    practice.add_argument("--dir", type=Path, help="scenario folder (default config/practice)")

    staff = sub.add_parser("staff", help="people who sign in to the built-in inbox page (INBOX_STAFF_FILE)")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="add a person and print their sign-in token (shown once)")
    add.add_argument("id", help="their staff id: lower-case letters, digits, '.', '_' or '-'")
    add.add_argument("name", help="the display name customers see next to their replies")
    add.add_argument("--file", type=Path, help="staff file (default INBOX_STAFF_FILE, else config/staff.yaml)")
    staff_list = staff_sub.add_parser("list", help="list the people in the staff file")
    staff_list.add_argument("--file", type=Path, help="staff file (default INBOX_STAFF_FILE, else config/staff.yaml)")

    token = sub.add_parser("token", help="sign a web-chat identity token (for testing the widget)")
    token.add_argument("--account", required=True)
    token.add_argument("--role", choices=["buyer", "vendor"], default="buyer")
    token.add_argument("--name")
    token.add_argument("--tier")
    token.add_argument("--ttl", type=int, default=3600, help="seconds (default 3600)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, validate the settings once, and run the command."""
    args = _parser().parse_args(argv)
    settings = settings_or_exit()
    setup_logging(settings.log_level, settings.log_format)
    command = args.command or "all"
    if command == "discord" and args.discord_command == "panel":
        return _discord_panel(settings, args)
    if command in ("all", "web", "discord", "worker"):
        from bot.app import StartupError, run

        try:
            serve(run(settings, web_chat=command in ("all", "web"), discord_chat=command in ("all", "discord")))
        except StartupError as exc:
            print(f"baton: {exc}", file=sys.stderr)
            return 2
        return 0
    if command == "kb":
        from bot.brain.encoders import load_encoders
        from bot.brain.factory import build_index_cli

        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages,
                                 model_cache=settings.model_cache)
        return build_index_cli(args.kb or settings.kb_dir, args.index or settings.index_dir, encoders)
    if command == "rules":
        if args.compare and args.no_fit:
            print("baton: --compare fits the meanings; it cannot be used with --no-fit", file=sys.stderr)
            return 2
        return _rules_check(args.file or settings.rules_path, settings, fit=not args.no_fit, compare=args.compare)
    if command == "dry-run":
        from bot.app import StartupError
        from bot.dryrun import run_dry_run

        overrides = _dry_run_settings(settings, args)
        try:
            return asyncio.run(run_dry_run(overrides, args.file, fail_under=args.fail_under))
        except StartupError as exc:
            print(f"baton: {exc}", file=sys.stderr)
            return 2
    if command == "report":
        return asyncio.run(_report(settings, args.since))
    if command == "practice":
        from bot.practice.run import practice_command

        return practice_command(settings, args)
    if command == "token":
        return _token(settings, args)
    if command == "staff":
        return _staff(settings, args)
    return 2


def _discord_panel(settings: Settings, args: argparse.Namespace) -> int:
    import discord

    from bot.adapters.discord.config import DiscordConfigError
    from bot.adapters.discord.panel import PANEL_LABEL, PANEL_TEXT, post_panel

    try:
        channel_id, message_id = asyncio.run(post_panel(settings, args.channel, args.text or PANEL_TEXT,
                                                        args.label or PANEL_LABEL))
    except DiscordConfigError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 2
    except discord.LoginFailure as exc:
        print(f"baton: DISCORD_TOKEN: {exc}", file=sys.stderr)
        return 2
    except discord.HTTPException as exc:
        print(f"baton: Discord refused the panel: HTTP {exc.status} {exc.text[:200]}", file=sys.stderr)
        return 1
    print(f"posted the panel in channel {channel_id} (message {message_id})")
    return 0


def serve(main: Coroutine[Any, Any, None]) -> None:
    """Run a long-lived service on uvloop, which spends about half the CPU of asyncio's own loop
    on the bot's many small socket reads and writes (Redis, WebSockets, Slack)."""
    import uvloop

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main)


def _rules_check(path: Path, settings: Settings, fit: bool = True, compare: Path | None = None) -> int:
    from bot.escalation.check import check_rules_file, meaning_changes, meaning_table

    problems = check_rules_file(path)
    for line in problems:
        print(line)
    if problems:
        return 1
    print(f"{path}: ok")
    if compare is not None:
        # The other version is only read: its problems say it can't be compared, not that this one is bad.
        other_problems = check_rules_file(compare)
        if other_problems:
            print(f"baton: --compare: {compare} has problems, so nothing was compared:", file=sys.stderr)
            for line in other_problems:
                print(f"  {line}", file=sys.stderr)
            return 2
    if fit:
        from bot.brain.encoders import load_encoders
        from bot.escalation.engine import RulesEngine

        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages,
                                 model_cache=settings.model_cache, meaning_by=settings.meaning_model)
        engine = RulesEngine.from_file(path, encoders)
        table = meaning_table(engine)
        if table:
            print()
            print(table)
        if compare is not None:
            other = RulesEngine.from_file(compare, encoders)
            print()
            print(meaning_changes(other.ruleset.validation(), engine.ruleset.validation()))
    return 0


def _share(value: str) -> float:
    """A share from 0 to 1, written `0.9` or `90%` (dry-run's --fail-under)."""
    text = value.strip()
    try:
        share = float(text.removesuffix("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a share from 0 to 1 (0.9) or a percentage (90%)")
    return share


def _dry_run_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    updates = {}
    if args.rules:
        updates["rules_path"] = args.rules
    if args.kb:
        updates["kb_dir"] = args.kb
    if args.index:
        updates["index_dir"] = args.index
    return settings.model_copy(update=updates)


async def _report(settings: Settings, since: str) -> int:
    from bot.escalation.report import build_report, format_report, parse_since
    from bot.store import Store, connect_redis

    try:
        seconds = parse_since(since)
    except ValueError as exc:
        print(f"baton: --since: {exc}", file=sys.stderr)
        return 2
    if settings.redis_url is None:
        # Without it the report would read an empty in-memory store of its own and say "0 events".
        print("baton: REDIS_URL: the report reads the running bot's Redis; set REDIS_URL to the one the bot uses",
              file=sys.stderr)
        return 2
    store = Store(connect_redis(settings.redis_url), prefix=settings.redis_prefix)
    try:
        report = await build_report(store, seconds)
    finally:
        await store.close()
    print(format_report(report))
    return 0


def _staff(settings: Settings, args: argparse.Namespace) -> int:
    from bot.adapters.inbox.staff_directory import (
        StaffFileError,
        add_staff,
        parse_staff_file,
    )

    path = args.file or settings.inbox_staff_file or Path("config/staff.yaml")
    try:
        if args.staff_command == "add":
            token = add_staff(path, args.id, args.name)
            print(f"Added {args.id.strip().lower()} ({args.name}) to {path}.")
            print(f"Their sign-in token (shown once, give it to them privately): {token}")
            if settings.inbox_staff_file is None:
                print(f"Set INBOX_STAFF_FILE={path} for the inbox page to use it.")
            return 0
        for entry in parse_staff_file(path).values():
            print(f"{entry.id}\t{entry.name}")
        return 0
    except StaffFileError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 2


def _token(settings: Settings, args: argparse.Namespace) -> int:
    from bot.identity import sign_identity

    if not settings.webchat_secret:
        print("baton: WEBCHAT_SECRET: required to sign identity tokens", file=sys.stderr)
        return 2
    print(sign_identity(settings.webchat_secret, account_id=args.account, role=args.role,
                        name=args.name, tier=args.tier, ttl_seconds=args.ttl))
    return 0
