"""Headless Debian Chromium driven by Playwright, for tests that look at what a person sees."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def chromium_path() -> str:
    """Debian's Chromium; a missing one fails the test with the fix (never a browser download)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is needed for the browser tests: make browser")
    return path


@asynccontextmanager
async def headless_chromium() -> AsyncIterator[Any]:
    """A launched browser, closed afterwards."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright's driver: .venv/bin/pip install -e '.[dev]'")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    """One headless Chromium per test module (a fixture: tests/conftest.py registers this module)."""
    async with headless_chromium() as launched:
        yield launched
