"""The knowledge base on disk: Markdown articles with front matter, split by headings into chunks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
)

Audience = Literal["buyer", "vendor", "all"]
AUDIENCES: tuple[Audience, ...] = ("buyer", "vendor", "all")

# Bump when the way articles become chunks changes: every index built with another value is stale.
CHUNKER_VERSION = "5"  # 3: each chunk carries its article's language; 4: bold lead-ins are headings;
# 5: a long paragraph is cut between sentences, and a table cut in two repeats its header
MAX_CHUNK_CHARS = 900
CHUNK_OVERLAP = 120

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
# A paragraph opening with a bold label and a colon ("**Arrived damaged:** Report it within 3 days")
# is a section heading in all but markup: many help centres write their sections so. A callout's
# label ("**Note:**") is not a section.
_BOLD_LEAD = re.compile(r"^\*\*(?P<label>[^*\n]{2,80}?)\s*(?::\*\*|\*\*\s*:)[ \t]*(?P<rest>.*)$")
_CALLOUTS = frozenset({
    "note", "notes", "tip", "important", "warning", "caution", "please note",
    "nota", "importante", "aviso", "consejo", "atención", "hinweis", "wichtig", "tipp", "achtung",
    "remarque", "attention", "astuce", "à noter",
})
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class KnowledgeBaseError(Exception):
    """An article cannot be used as it is; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Article:
    """One help-centre article: its front matter and Markdown body."""

    slug: str
    title: str
    url: str
    audience: Audience
    body: str
    path: Path
    sha256: str
    language: str = "en"  # front matter `language:`, else detected from the text


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of an article under one heading path, the unit that is embedded and retrieved."""

    id: str
    slug: str
    title: str
    url: str
    audience: Audience
    headings: tuple[str, ...]
    text: str
    extra: dict[str, Any] = field(default_factory=dict)
    language: str = "en"  # the article's

    @property
    def heading_path(self) -> str:
        """The article title and the headings above the passage: what the section is about."""
        return " > ".join((self.title, *self.headings))

    @property
    def searchable_text(self) -> str:
        """What is embedded and matched: title and heading path first, then the passage."""
        return f"{self.heading_path}\n{self.text}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe mapping (the index stores chunks as JSON, never pickled)."""
        data = asdict(self)
        data["headings"] = list(self.headings)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        """Rebuild from `to_json` output, checking the fields are what we wrote."""
        try:
            audience = data["audience"]
            if audience not in AUDIENCES:
                raise ValueError(f"bad audience {audience!r}")
            return cls(
                id=str(data["id"]),
                slug=str(data["slug"]),
                title=str(data["title"]),
                url=str(data["url"]),
                audience=audience,
                headings=tuple(str(h) for h in data["headings"]),
                text=str(data["text"]),
                extra=dict(data.get("extra") or {}),
                language=str(data.get("language") or "en"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeBaseError(f"malformed chunk record: {exc}") from None


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def article_paths(kb_dir: Path) -> list[Path]:
    """The Markdown articles of a knowledge base, in a stable order."""
    if not kb_dir.is_dir():
        raise KnowledgeBaseError(f"{kb_dir}: knowledge base directory not found")
    return sorted(p for p in kb_dir.glob("*.md") if p.is_file() and not p.name.startswith("."))


def load_article(path: Path) -> Article:
    """Parse one article; raise KnowledgeBaseError naming the file when the front matter is wrong."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KnowledgeBaseError(f"{path}: not UTF-8 text") from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise KnowledgeBaseError(f"{path}: missing front matter (a '---' block with title, audience, url)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise KnowledgeBaseError(f"{path}: front matter must be a mapping")
    for key in ("title", "audience", "url"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise KnowledgeBaseError(f"{path}: front matter needs a non-empty '{key}'")
    audience = meta["audience"].strip().lower()
    if audience not in AUDIENCES:
        raise KnowledgeBaseError(f"{path}: audience must be buyer, vendor or all, not {meta['audience']!r}")
    body = match.group(2).strip()
    if not body:
        raise KnowledgeBaseError(f"{path}: the article has no text after the front matter")
    language = meta.get("language")
    if language is None:
        language = article_language(f"{meta['title']}\n{body}")
    elif not isinstance(language, str) or not _LANGUAGE_CODE.match(language.strip().lower()):
        raise KnowledgeBaseError(f"{path}: language must be a language code such as en, es or de, not {language!r}")
    return Article(
        slug=path.stem,
        title=meta["title"].strip(),
        url=meta["url"].strip(),
        audience=audience,  # type: ignore[arg-type]
        body=body,
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        language=language.strip().lower(),
    )


def article_language(text: str) -> str:
    """The language an article is written in, read from its text (py3langid over all the languages
    it knows: an article is long enough to tell, whatever languages the marketplace serves)."""
    import py3langid

    code, _ = py3langid.classify(text)
    return str(code)


def with_bold_leads_as_headings(body: str) -> str:
    """The article's Markdown with each paragraph that opens with a bold label ("**Arrived damaged:**
    Report it ...") made a heading of its own ("#### Arrived damaged"), so its passage is searched
    and quoted under it, as under a `##` heading."""
    lines = body.splitlines()
    out: list[str] = []
    for n, line in enumerate(lines):
        lead = _BOLD_LEAD.match(line)
        starts_paragraph = n == 0 or not lines[n - 1].strip()
        if lead and starts_paragraph and lead["label"].strip().lower() not in _CALLOUTS:
            out.append(f"#### {lead['label'].strip()}")
            if lead["rest"].strip():
                out.extend(["", lead["rest"].strip()])
            continue
        out.append(line)
    return "\n".join(out)


# Where a section too long for one chunk is cut: between paragraphs, lines, sentences, then words.
# (The space after a sentence's stop, so the stop stays with its sentence.)
_CUT_AT = ["\n\n", "\n", r"(?<=[.!?])\s", " ", ""]
# A Markdown table's row (its cells' text captured) and the rule line under its header; the
# answer composer reads tables with the same two.
TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def with_table_header(piece: str, section: str) -> str:
    """A chunk that starts inside a table, with that table's header and rule line put back before
    it: cut from its header, the table's first row would be read as the names of its columns
    ("RWR-509 — Row Credit can't be combined with Pay in 3: Your checkout session expired")."""
    lines = piece.splitlines()
    if not lines or not TABLE_ROW.match(lines[0]) or (len(lines) > 1 and TABLE_RULE.match(lines[1])):
        return piece
    header: list[str] = []
    rows = section.splitlines()
    for i, line in enumerate(rows):
        if i + 1 < len(rows) and TABLE_ROW.match(line) and TABLE_RULE.match(rows[i + 1]):
            header = [line, rows[i + 1]]
        elif not TABLE_ROW.match(line) and not TABLE_RULE.match(line):
            header = []
        if line.strip() == lines[0].strip():
            break
    return "\n".join([*header, piece]) if header and header[0].strip() != lines[0].strip() else piece


def split_article(article: Article) -> list[Chunk]:
    """Split an article by its headings (and bold lead-ins), then cap each section's size (with overlap)."""
    by_heading = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True)
    # A paragraph longer than a chunk is cut between its sentences, never mid-sentence ("If you
    # bought from a" | "business seller, ..."), which read as a fragment in an answer.
    capper = RecursiveCharacterTextSplitter(chunk_size=MAX_CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP,
                                            separators=_CUT_AT, is_separator_regex=True)
    chunks: list[Chunk] = []
    for section in by_heading.split_text(with_bold_leads_as_headings(article.body)):
        headings = tuple(
            section.metadata[name]
            for _, name in _HEADERS
            if section.metadata.get(name) and section.metadata[name] != article.title
        )
        # The splitter joins a section's lines with "  \n" (a Markdown hard break); undo that.
        content = section.page_content.replace("  \n", "\n").strip()
        for piece in capper.split_text(content):
            if not piece.strip():
                continue
            piece = with_table_header(piece.strip(), content)
            chunks.append(
                Chunk(
                    id=f"{article.slug}#{len(chunks)}",
                    slug=article.slug,
                    title=article.title,
                    url=article.url,
                    audience=article.audience,
                    headings=headings,
                    text=piece,
                    language=article.language,
                )
            )
    return chunks
