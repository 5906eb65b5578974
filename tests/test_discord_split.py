"""Long answers on Discord: parts under 2,000 characters that read as the original, and a clear config error."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.discord.config import DiscordConfigError, load_discord_config
from bot.adapters.discord.split import split_message

ROOT = Path(__file__).resolve().parent.parent


def words(text: str) -> list[str]:
    return [w for w in text.split() if not w.startswith("```")]


def test_short_text_is_one_part_and_blank_text_none() -> None:
    assert split_message("  Your parcel ships in 2 days.  ") == ["Your parcel ships in 2 days."]
    assert split_message(" \n ") == []


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = [("Returns are free within 30 days. " * 20).strip() for _ in range(5)]
    text = "\n\n".join(paragraphs)
    parts = split_message(text)
    assert all(len(p) <= 2000 for p in parts) and len(parts) >= 2
    assert all(p in paragraphs or "\n\n" in p for p in parts), "each part ends where a paragraph ends"
    assert words(" ".join(parts)) == words(text)


def test_one_long_paragraph_is_cut_after_a_sentence_never_inside_a_word() -> None:
    text = " ".join(f"Sentence number {n} explains one more detail about vendor payouts." for n in range(80))
    parts = split_message(text)
    assert len(parts) >= 3 and all(len(p) <= 2000 for p in parts)
    assert all(p.endswith(".") for p in parts), "parts end at sentence ends"
    assert words(" ".join(parts)) == words(text)


def test_without_sentences_the_cut_is_between_words() -> None:
    text = " ".join(f"word{n}" for n in range(1200))
    parts = split_message(text, limit=500)
    assert all(len(p) <= 500 for p in parts)
    assert " ".join(parts).split() == text.split()


def test_a_code_block_cut_in_two_is_closed_and_reopened_with_its_language() -> None:
    code = "\n".join(f"    payout_{n} = compute_payout(order_{n}, fee=0.08)" for n in range(60))
    text = f"Here is the script:\n\n```python\n{code}\n```\n\nRun it daily."
    parts = split_message(text, limit=1000)
    assert len(parts) >= 3 and all(len(p) <= 1000 for p in parts)
    for part in parts:
        assert part.count("```") % 2 == 0, part[-80:]
    assert parts[1].startswith("```python\n")
    assert parts[-1].endswith("Run it daily.")
    rebuilt = [line for p in parts for line in p.split("\n") if not line.startswith("```")]
    assert [line for line in rebuilt if line.startswith("    payout_")] == code.split("\n"), (
        "code lines arrive whole, indentation kept")


def test_a_single_word_longer_than_a_message_is_the_only_thing_cut() -> None:
    url = "https://example.com/" + "a" * 4500
    parts = split_message(f"See {url} please", limit=2000)
    assert all(len(p) <= 2000 for p in parts)
    assert "".join(parts).replace(" ", "") == f"See{url}please"


def test_the_shipped_discord_config_is_valid() -> None:
    config = load_discord_config(ROOT / "config" / "discord.yaml")
    assert config.support_channels and config.guild_id


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("support_channels: [1]\n", "guild_id: Field required"),
        ("guild_id: 1\nthread: {auto_archive_minutes: 90}\n", "thread.auto_archive_minutes"),
        ("guild_id: 1\nroles: [{match: Vendor, role: seller}]\n", "roles.0.role"),
        ("guild_id: 1\nthread: {name: '{customer}'}\n", "only {name} and {question}"),
        ("guild_id: 1\nsupport_chanels: [1]\n", "support_chanels: Extra inputs are not permitted"),
        ("guild_id: [1\n", ":1:11: YAML syntax error: the `[` opened here is not closed"),
        ("guild_id: 1\ntexts: {claimed: '{name} joined'}\n", "texts: every customer text is in brand.yaml"),
    ],
)
def test_a_bad_config_names_the_file_and_the_field(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "discord.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DiscordConfigError) as error:
        load_discord_config(path)
    assert str(error.value).startswith(f"{path}:") and expected in str(error.value)
