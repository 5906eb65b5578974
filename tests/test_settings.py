"""A bad setting stops the process with one line naming the variable and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_bot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env={**clean, **env}, cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"BOT_PORT": "eighty"}, "BOT_PORT"),
        ({"BOT_PORT": "70000"}, "BOT_PORT"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"WEBCHAT_ORIGINS": "shop.example"}, "WEBCHAT_ORIGINS"),
        ({"BOT_LLM": "gpt-4o"}, "BOT_LLM"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"BOT_EMBEDDING_PRECISION": "fp8"}, "BOT_EMBEDDING_PRECISION"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "SLACK_INBOX_CHANNEL"),
    ],
)
def test_a_bad_setting_names_the_variable_and_exits_2(env: dict[str, str], variable: str) -> None:
    result = run_bot(env, "web")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0]
    assert "xoxb-1" not in result.stderr


def test_token_command_signs_an_identity_the_widget_accepts() -> None:
    from bot.identity import verify_identity

    result = run_bot({"WEBCHAT_SECRET": "s3cret"}, "token", "--account", "V-1001", "--role", "vendor")
    assert result.returncode == 0
    participant = verify_identity("s3cret", result.stdout.strip())
    assert (participant.role, participant.account_id) == ("vendor", "V-1001")
