"""A chat model that cannot start is refused at start-up in one line naming BOT_LLM, with exit code 2,
never a traceback: a provider whose LangChain package is not installed (ollama and anthropic are
optional extras), an unknown provider, or a missing API key."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
KEY_VARIABLES = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY")


def start(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot dry-run -` with these settings, from a folder without a .env file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_") and k not in KEY_VARIABLES}
    env.update(variables, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "bot", "dry-run", "-"], check=False, cwd=tmp_path, env=env,
                          text=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=120)


def one_line_naming_bot_llm(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("baton: bad setting BOT_LLM: ")
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize(("llm", "package", "extra"), [
    ("ollama:llama3.1", "langchain-ollama", "ollama"),
    ("anthropic:claude-sonnet-4-5", "langchain-anthropic", "anthropic"),
])
def test_a_provider_whose_package_is_missing_is_one_line_and_exit_2(
    tmp_path: Path, llm: str, package: str, extra: str,
) -> None:
    if importlib.util.find_spec(package.replace("-", "_")) is not None:
        pytest.skip(f"{package} is installed here")
    line = one_line_naming_bot_llm(start(tmp_path, BOT_LLM=llm, BOT_LLM_API_KEY="some-key"))
    assert package in line and f".[{extra}]" in line


def test_a_missing_api_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    line = one_line_naming_bot_llm(start(tmp_path, BOT_LLM="openai:gpt-4o-mini"))
    assert "BOT_LLM_API_KEY" in line and "OPENAI_API_KEY" in line


def test_an_unknown_provider_is_one_line_and_exit_2(tmp_path: Path) -> None:
    line = one_line_naming_bot_llm(start(tmp_path, BOT_LLM="acme:large", BOT_LLM_API_KEY="k"))
    assert "unknown provider 'acme'" in line


def test_the_providers_own_key_variable_will_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(SettingsError, match="^BOT_LLM: .*needs an API key"):
        load_settings(BOT_LLM="openai:gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment")
    assert load_settings(BOT_LLM="openai:gpt-4o-mini").llm == "openai:gpt-4o-mini"


def test_providers_are_optional_extras_not_default_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert any(d.startswith("langchain-ollama") for d in extras["ollama"])
    assert any(d.startswith("langchain-anthropic") for d in extras["anthropic"])
    assert not any(d.startswith(("langchain-ollama", "langchain-anthropic")) for d in project["dependencies"])
