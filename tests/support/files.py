"""Small real files for the attachment tests: a photo, a PDF, and things that only pretend to be."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.files import Files
from bot.files.http import add_file_routes


def png(width: int = 2, height: int = 2, extra: int = 0) -> bytes:
    """A valid PNG of `width`×`height` grey pixels (`extra` bytes of padding in a text chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    padding = chunk(b"tEXt", b"pad\x00" + b"x" * extra) if extra else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + padding + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def pdf() -> bytes:
    """A one-page PDF."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def windows_program() -> bytes:
    """The start of a Windows executable (what a renamed `photo.jpg.exe` really is)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def html_page() -> bytes:
    """An HTML page with a script: never served back as a file."""
    return b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
async def file_server(files: Files) -> AsyncIterator[TestServer]:
    """The bot's file route (`GET /files/...`) for the module's `files` service, on a loopback port
    (a fixture: tests/conftest.py registers this module)."""
    app = web.Application()
    add_file_routes(app, files)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()
