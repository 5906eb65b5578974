"""Markdown as the brain's answers and staff replies are written, rendered for each surface.

One parser (markdown-it-py, with raw HTML off and only the rules below on) reads a message; each
renderer emits only an allow-listed subset:

- `to_html`: escaped HTML for the built-in inbox page: paragraphs, line breaks, bold, italics,
  inline code, code blocks, bullet and numbered lists, links (http, https, mailto only; others
  stay text), tables; headings become a bold line. Nothing else is markup: `<script>` is text.
- `to_discord`: the text as written, except that each table, which Discord does not render,
  becomes a list with one line per row (`table_row`).
- `to_slack`: Slack mrkdwn (`*bold*`, `_italic_`, `<url|label>`, `•` bullets), tables as lists too.

The web-chat widget renders the same subset in JavaScript (`webchat/static/widget.js`).
docs/widget.md#formatting describes what renders where.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# Off on purpose: raw HTML (shown as text), images (a link at most), block quotes, rules and
# setext headings ("---" under a line stays text), indented code (answers are often indented).
_BLOCK_RULES = ["table", "fence", "list", "heading", "paragraph"]
_INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "autolink", "entity"]
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = re.compile(r"[.,;:!?)\]]+$")


def link_allowed(url: str) -> bool:
    """Whether a link target may become a link: an absolute http(s) URL with a host, or mailto."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme == "mailto" and bool(parts.path)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(_BLOCK_RULES + _INLINE_RULES)
    parser.validateLink = link_allowed  # type: ignore[method-assign]  # a refused link stays text
    return parser


_PARSER = _parser()


def _tokens(text: str) -> tuple[list[Token], list[str]]:
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    return _PARSER.parse(source), source.split("\n")


# -- tables --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """One Markdown table: its header cells, body rows, and the source lines it spans."""

    header: list[Token]  # the inline token of each header cell
    rows: list[list[Token]]
    lines: tuple[int, int]  # [first, end) in the source


def _table_at(tokens: Sequence[Token], start: int) -> tuple[Table, int]:
    """The table opened at `tokens[start]`, and the index after its `table_close`."""
    header: list[Token] = []
    rows: list[list[Token]] = []
    in_head = False
    i = start + 1
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            rows.append([])
        elif token.type == "inline":
            (header if in_head else rows[-1]).append(token)
        i += 1
    span = tokens[start].map or [0, 0]
    return Table(header, rows, (span[0], span[1])), i + 1


def table_row(header: Sequence[str], cells: Sequence[str], strong: Callable[[str], str]) -> str:
    """One table row as a list item's text: the first cell in bold as the row's name, then
    "Header: cell" for the others, separated by "; " ("**Pro** — Fee: 3%; Payout: daily").
    Empty cells are left out; a cell under an empty header is shown alone."""
    cells = list(cells) + [""] * (len(header) - len(cells))
    name = cells[0].strip() if cells else ""
    rest = []
    for title, value in zip(header[1:], cells[1:], strict=False):
        value = value.strip()
        if value:
            rest.append(f"{title.strip()}: {value}" if title.strip() else value)
    named = strong(name) if name else ""
    details = "; ".join(rest)
    return f"{named} — {details}" if named and details else named or details


def _table_lines(table: Table, cell: Callable[[Token], str], strong: Callable[[str], str], bullet: str) -> list[str]:
    header = [cell(c) for c in table.header]
    if not table.rows:
        return ["; ".join(h for h in header if h.strip())]
    lines = []
    for row in table.rows:
        line = table_row(header, [cell(c) for c in row], strong)
        if line:
            lines.append(f"{bullet}{line}")
    return lines


# -- Discord -----------------------------------------------------------------------------


def _discord_strong(text: str) -> str:
    return text if text.startswith("**") and text.endswith("**") and len(text) > 4 else f"**{text}**"


def to_discord(text: str) -> str:
    """The text for Discord: as written, with each table replaced by a bullet list (Discord
    renders bold, italics, lists and masked links, but shows a table's pipes as they are)."""
    tokens, lines = _tokens(text)
    replaced: list[tuple[tuple[int, int], list[str]]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type != "table_open":
            i += 1
            continue
        table, i = _table_at(tokens, i)
        first, _ = table.lines
        indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
        rendered = _table_lines(table, lambda c: c.content.strip(), _discord_strong, "- ")
        replaced.append((table.lines, [indent + line for line in rendered]))
    if not replaced:
        return text
    out: list[str] = []
    position = 0
    for (first, end), rendered in replaced:
        out.extend(lines[position:first])
        out.extend(rendered)
        position = end
    out.extend(lines[position:])
    return "\n".join(out)


# -- Slack -------------------------------------------------------------------------------


def slack_escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control (so `<!channel>` stays text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_target(url: str) -> str:
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")


def _slack_strong(text: str) -> str:
    return text if len(text) > 2 and text.startswith("*") and text.endswith("*") else f"*{text}*"


def _slack_inline(children: Sequence[Token] | None) -> str:
    out: list[str] = []
    link: tuple[str, int] | None = None  # href, where its label starts in `out`
    for token in children or ():
        kind = token.type
        if kind == "link_open":
            link = (str(token.attrGet("href") or ""), len(out))
        elif kind == "link_close" and link is not None:
            href, at = link
            label = "".join(out[at:]).replace("|", "/").strip()
            del out[at:]
            target = _slack_target(href)
            out.append(f"<{target}>" if label in (slack_escape(href), "") else f"<{target}|{label}>")
            link = None
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if link else "\n")
        elif kind in ("strong_open", "strong_close"):
            out.append("" if link else "*")  # Slack formats no part of a link's label
        elif kind in ("em_open", "em_close"):
            out.append("" if link else "_")
        elif kind == "code_inline":
            out.append(slack_escape(token.content) if link else f"`{slack_escape(token.content)}`")
        else:
            out.append(slack_escape(token.content))
    return "".join(out)


def to_slack(text: str) -> str:
    """The text as Slack mrkdwn: `*bold*`, `_italic_`, `<url|label>` links, `•` bullets and
    numbered items (nested ones indented), headings as a bold line, tables as bullet lists;
    `&`, `<` and `>` escaped everywhere else, so nothing in the text can ping or link on its own."""
    tokens, lines = _tokens(text)
    out: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number], or [-1] for bullets
    prefix: str | None = None  # the marker waiting for an item's first line
    heading = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if not lists and token.map and kind in ("paragraph_open", "heading_open", "bullet_list_open",
                                                "ordered_list_open", "table_open", "fence", "code_block"):
            first = token.map[0]
            if out and first > 0 and not lines[first - 1].strip():
                out.append("")  # the source had a blank line here
        if kind == "bullet_list_open":
            lists.append([-1])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            counter = lists[-1]
            marker = "•" if counter[0] < 0 else f"{counter[0]}."
            if counter[0] >= 0:
                counter[0] += 1
            prefix = "    " * (len(lists) - 1) + marker + " "
        elif kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind == "inline":
            line = _slack_inline(token.children)
            if heading and line:
                line = _slack_strong(line)
            indent = "    " * len(lists)
            if prefix is not None:
                line, prefix = prefix + line.replace("\n", "\n" + indent), None
            elif lists:
                line = indent + line.replace("\n", "\n" + indent)
            out.append(line)
        elif kind in ("fence", "code_block"):
            out.append(f"```\n{slack_escape(token.content.rstrip(chr(10)))}\n```")
        elif kind == "table_open":
            table, i = _table_at(tokens, i)
            out.extend(_table_lines(table, lambda c: _slack_inline(c.children).strip(), _slack_strong, "• "))
            continue
        i += 1
    return "\n".join(out)


# -- HTML (the inbox page) -------------------------------------------------------------------


def h(value: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _anchor(href: str) -> str:
    return f'<a href="{h(href)}" target="_blank" rel="{LINK_REL}">'


def _linked(text: str) -> str:
    """Escaped text with bare http(s) URLs as links (as the widget does)."""
    out: list[str] = []
    position = 0
    for match in _BARE_URL.finditer(text):
        raw = _TRAILING.sub("", match.group(0))
        if not link_allowed(raw):
            continue
        out.append(h(text[position:match.start()]))
        out.append(f"{_anchor(raw)}{h(raw)}</a>")
        position = match.start() + len(raw)
    out.append(h(text[position:]))
    return "".join(out)


def _html_inline(children: Sequence[Token] | None) -> str:
    out: list[str] = []
    in_link = False
    for token in children or ():
        kind = token.type
        if kind == "text":
            out.append(h(token.content) if in_link else _linked(token.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append("<br>")
        elif kind == "code_inline":
            out.append(f"<code>{h(token.content)}</code>")
        elif kind == "strong_open":
            out.append("<strong>")
        elif kind == "strong_close":
            out.append("</strong>")
        elif kind == "em_open":
            out.append("<em>")
        elif kind == "em_close":
            out.append("</em>")
        elif kind == "link_open":
            in_link = True
            out.append(_anchor(str(token.attrGet("href") or "")))
        elif kind == "link_close":
            in_link = False
            out.append("</a>")
        else:
            out.append(h(token.content))
    return "".join(out)


_HTML_TAGS = {
    "bullet_list_open": "<ul>", "bullet_list_close": "</ul>", "ordered_list_close": "</ol>",
    "list_item_open": "<li>", "list_item_close": "</li>",
    "heading_open": '<p class="heading"><strong>', "heading_close": "</strong></p>",
    "table_open": '<div class="table"><table>', "table_close": "</table></div>",
    "thead_open": "<thead>", "thead_close": "</thead>", "tbody_open": "<tbody>", "tbody_close": "</tbody>",
    "tr_open": "<tr>", "tr_close": "</tr>", "th_open": "<th>", "th_close": "</th>",
    "td_open": "<td>", "td_close": "</td>",
}


def to_html(text: str) -> str:
    """Safe HTML of the allow-listed subset (see the module's docstring); all text escaped."""
    tokens, _ = _tokens(text)
    out: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in ("paragraph_open", "paragraph_close"):
            if not token.hidden:  # tight list items hold their text without a paragraph
                out.append("<p>" if kind == "paragraph_open" else "</p>")
        elif kind == "ordered_list_open":
            start = int(token.attrGet("start") or 1)
            out.append(f'<ol start="{start}">' if start != 1 else "<ol>")
        elif kind == "inline":
            out.append(_html_inline(token.children))
        elif kind in ("fence", "code_block"):
            out.append(f"<pre><code>{h(token.content.rstrip(chr(10)))}</code></pre>")
        elif kind in _HTML_TAGS:
            out.append(_HTML_TAGS[kind])
        else:
            out.append(h(token.content))
    return "".join(out)


def pack_posts(pieces: Sequence[str], limit: int, split: Callable[[str, int], list[str]]) -> list[str]:
    """Pack rendered messages into as few posts as fit `limit`, in order, a blank line between
    them; a piece longer than `limit` is cut by the surface's own `split` (which cuts nothing)."""
    posts: list[str] = []
    current = ""
    for piece in pieces:
        for part in split(piece, limit) or [piece]:
            candidate = f"{current}\n\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                posts.append(current)
                current = part
    if current:
        posts.append(current)
    return posts
