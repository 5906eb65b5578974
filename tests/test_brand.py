"""brand.yaml: every customer text in one file, refused at start-up when it is wrong (not at the
moment a customer would have read the broken text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.brand import Brand, BrandError

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_brand_file_is_valid_and_speaks_for_harbor_market() -> None:
    brand = Brand.load(ROOT / "config" / "brand.yaml")
    assert brand.bot_name == "Harbor Helper"
    assert "Harbor Market" in brand.staff_signature.format(name="Dana")
    assert brand.handoff(5).count("5 minutes") == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("handoff_mesage: 'Someone will reply.'\n", "handoff_mesage: not a brand text (known: bot_name,"),
        ("staff_joined_message: '{teammate} joined'\n", "staff_joined_message: only {name} may be used here"),
        ("handoff_message: 'back in {minutes} min, {name}'\n", "handoff_message: only {minutes} may be used here"),
        ("failed_message: ''\n", "failed_message: must not be empty"),
        ("bot_name: [Helper]\n", "bot_name: Input should be a valid string"),
        ("bot_name: Helper\n  tone: calm\n", ":2:3: YAML syntax error: line 2 is indented differently"),
        ("- just a list\n", "expected a mapping of brand texts"),
    ],
)
def test_a_bad_brand_file_names_the_file_and_the_text(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "brand.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BrandError) as error:
        Brand.load(path)
    assert str(error.value).startswith(f"{path}:") and expected in str(error.value)


def test_a_missing_brand_file_gives_the_generic_texts(tmp_path: Path) -> None:
    brand = Brand.load(tmp_path / "absent.yaml")
    assert brand == Brand() and "{name}" in brand.staff_joined_message
