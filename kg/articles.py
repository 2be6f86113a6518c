"""Reading news input into Articles: files, folders, stdin; messy dumps split into articles.

Formats: ``.txt``/``.md`` (plain text; a dump of several articles is split, see
``split_dump``), ``.jsonl`` (one article a line: id, title, url, published, text), ``.html``
(main text extracted with trafilatura) and ``-`` for standard input (text or JSONL).

Bad input never stops the run: each problem goes to ``on_error(ReadProblem)`` and reading
goes on with the next file.

Size policy: text and JSONL files are streamed line by line, so a 50 MB dump costs memory in
proportion to one article, not the file. An article that grows past ``MAX_ARTICLE_CHARS``
(a dump without paragraph breaks) is cut at line boundaries into article-sized parts.
HTML must be parsed whole, so HTML files over ``MAX_HTML_BYTES`` are refused with a message.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.records import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

MAX_ARTICLE_CHARS = 200_000
MAX_HTML_BYTES = 20_000_000
_SNIFF_CHUNK = 1 << 20


@dataclass(frozen=True)
class ReadProblem:
    """Something in the input that could not be read (or only partly): where and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


OnError = Callable[[ReadProblem], None]


class _Unreadable(Exception):
    """A whole file cannot be read; the message says why and what to do."""


def read_articles(paths: Iterable[str | Path], on_error: OnError | None = None
                  ) -> Iterator[Article]:
    """Articles from files, folders (recursive) and ``-`` (stdin), in the order given.

    Problems are reported through ``on_error`` (ignored when None); the rest is still read.
    """
    report = on_error or (lambda problem: None)
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(report)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
            if not files:
                report(ReadProblem(str(path), "folder has no .txt, .md, .jsonl or .html files"))
            for file in files:
                yield from _read_file(file, report)
        elif path.exists():
            yield from _read_file(path, report)
        else:
            report(ReadProblem(str(path), "no such file or folder"))


def _read_file(path: Path, report: OnError) -> Iterator[Article]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise _Unreadable("file is empty")
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            yield from _read_html(path, size)
            return
        encoding = _sniff_encoding(path, report)
        with path.open("rb") as stream:
            lines = _decoded_lines(stream, encoding)
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_articles(lines, name, report)
            else:
                yield from _text_articles(lines, name, markdown=suffix in {".md", ".markdown"},
                                          report=report)
    except _Unreadable as exc:
        report(ReadProblem(name, str(exc)))
    except OSError as exc:
        report(ReadProblem(name, f"cannot read: {exc.strerror or exc}"))


def _read_stdin(report: OnError) -> Iterator[Article]:
    """Standard input is read once, as UTF-8; JSONL when its first character is ``{``."""
    stream = sys.stdin.buffer
    head = stream.peek(1)[:1] if isinstance(stream, io.BufferedReader) else b""
    try:
        lines = _decoded_lines(stream, "utf-8")
        if head == b"{":
            yield from _jsonl_articles(lines, "<stdin>", report)
        else:
            yield from _text_articles(lines, "<stdin>", markdown=False, report=report)
    except _Unreadable as exc:
        report(ReadProblem("<stdin>", str(exc)))


def _sniff_encoding(path: Path, report: OnError) -> str:
    """Check the whole file (in 1 MB chunks) is text, and in which encoding.

    UTF-8 (with or without BOM) is expected. Binary files are refused. Other bytes are
    decoded as cp1252 (a superset of Latin-1 for printable text) and the fallback is reported.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    utf8 = True
    with path.open("rb") as stream:
        while chunk := stream.read(_SNIFF_CHUNK):
            if b"\x00" in chunk:
                raise _Unreadable("looks like a binary file (contains NUL bytes); "
                                  "give text, Markdown, JSONL or HTML files")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8 = False
                    bad_at = offset + exc.start
            offset += len(chunk)
    if utf8:
        return "utf-8-sig"
    report(ReadProblem(str(path), f"not valid UTF-8 (first bad byte at offset {bad_at}); "
                                  "read as Windows-1252/Latin-1 instead, check the accents; "
                                  "re-save the file as UTF-8 to silence this"))
    return "cp1252"


def _decoded_lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """Lines of a binary stream, decoded incrementally (errors raise _Unreadable)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace" if encoding == "cp1252"
                                                     else "strict")
    pending = ""
    line_no = 1
    while chunk := stream.read(_SNIFF_CHUNK):
        if b"\x00" in chunk:
            raise _Unreadable(f"binary data (NUL bytes) near line {line_no}; rest skipped")
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _Unreadable(f"not valid UTF-8 near line {line_no} ({exc.reason}); "
                              "rest skipped; re-save the input as UTF-8") from None
        *complete, pending = pending.split("\n")
        for line in complete:
            line_no += 1
            yield line.rstrip("\r")
        while len(pending) > MAX_ARTICLE_CHARS:  # a "line" with no breaks at all
            yield pending[:MAX_ARTICLE_CHARS]
            pending = pending[MAX_ARTICLE_CHARS:]
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending.rstrip("\r")


# --- JSONL -----------------------------------------------------------------------------


def _jsonl_articles(lines: Iterable[str], name: str, report: OnError) -> Iterator[Article]:
    found = False
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report(ReadProblem(name, f"line {line_no}: not valid JSON ({exc.msg}); skipped"))
            continue
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str) or not text.strip():
            report(ReadProblem(name, f"line {line_no}: no \"text\" field; skipped"))
            continue
        found = True
        yield Article(
            id=str(record.get("id") or Article.make_id(text)),
            text=text,
            title=_str_or_none(record.get("title")),
            url=_str_or_none(record.get("url")),
            published=_str_or_none(record.get("published")),
            source=f"{name}:{line_no}",
        )
    if not found:
        raise _Unreadable("no articles found (empty, or no line with a \"text\" field)")


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


# --- HTML ------------------------------------------------------------------------------


def _read_html(path: Path, size: int) -> Iterator[Article]:
    import trafilatura

    if size > MAX_HTML_BYTES:
        raise _Unreadable(f"HTML file of {size / 1e6:.0f} MB is over the "
                          f"{MAX_HTML_BYTES / 1e6:.0f} MB limit for one page; skipped")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise _Unreadable("looks like a binary file (contains NUL bytes), not HTML")
    extracted = trafilatura.bare_extraction(raw, with_metadata=True)
    doc = extracted.as_dict() if extracted is not None else {}
    text = doc.get("text") or ""
    if not text.strip():
        raise _Unreadable("no article text found in the HTML page")
    yield Article(id=Article.make_id(text), text=text, title=doc.get("title") or None,
                  url=doc.get("url") or None, published=doc.get("date") or None,
                  source=str(path))


# --- plain text and messy dumps ---------------------------------------------------------


def _text_articles(lines: Iterable[str], name: str, *, markdown: bool, report: OnError
                   ) -> Iterator[Article]:
    found = False
    for part, (title, text) in enumerate(split_dump(_paragraphs(lines, markdown)), start=1):
        found = True
        yield Article(id=Article.make_id(text), text=text, title=title,
                      source=f"{name}#{part}")
    if not found:
        raise _Unreadable("no article text found (empty, or only headlines/advertising)")


_MD_MARKUP = [(re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images
              (re.compile(r"(\*\*|__|\*|`)"), ""),
              (re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)"), "")]


def _paragraphs(lines: Iterable[str], markdown: bool) -> Iterator[tuple[str, bool, bool]]:
    """(paragraph text, is_markdown_heading, after_blank_line) from lines.

    A line is a paragraph of its own (dumps put one article paragraph per line) unless it
    starts in lower case, which marks a wrapped line; blank lines always end a paragraph.
    """
    buf: list[str] = []
    heading = False
    size = 0
    blank = after_blank = False
    for raw in lines:
        line = raw.strip()
        is_heading = markdown and line.startswith("#")
        if markdown:
            for pattern, repl in _MD_MARKUP:
                line = pattern.sub(repl, line)
            line = line.strip()
        continues = bool(line) and buf and (line[0].islower() or line[0] in ",;)") \
            and not is_heading and size < MAX_ARTICLE_CHARS
        if continues:
            buf.append(line)
            size += len(line)
            continue
        if buf:
            yield " ".join(buf), heading, after_blank
        if line:
            buf, size, heading, after_blank = [line], len(line), is_heading, blank
        else:
            buf, size, heading = [], 0, False
        blank = not line
    if buf:
        yield " ".join(buf), heading, after_blank


_WORD = re.compile(r"[A-Za-z][\w'’&.-]*")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "for", "of", "on", "in", "at",
                "to", "by", "with", "from", "as", "amid", "over", "after", "into", "vs",
                "via", "per", "than", "its", "is", "be", "are", "up", "out"}
_IMPERATIVES = {"launch", "begin", "start", "get", "try", "join", "sign", "book", "click",
                "grow", "boost", "download", "subscribe", "register", "claim", "unlock",
                "call", "contact", "visit", "order", "buy", "shop", "save", "discover",
                "scale", "automate", "build", "create", "supercharge", "learn", "request"}
_SALES_TERMS = re.compile(
    r"\b(your|you|you're|leads?|autopilot|no ads|free trial|sign up|click here|"
    r"limited[- ]time|subscribe|discount|promo|today|book a demo|get started|"
    r"clients|customers|per month|/mo)\b", re.IGNORECASE)
_CONTINUATION = re.compile(
    r"^(however|but|yet|still|nonetheless|nevertheless|meanwhile|moreover|furthermore|"
    r"additionally|also|in addition|consequently|as a result|despite|in summary|overall|"
    r"still|instead|the (company|startup|firm|group|deal|move|agreement|investment|lab)|"
    r"(it|its|he|she|his|her|they|their|this|these|that|those|such)\b)", re.IGNORECASE)
_GENERIC_NAMES = {"AI", "The", "A", "An", "In", "As", "It", "This", "CEO", "US", "U.S."}


def is_advertising(text: str) -> bool:
    """Calls to action: an imperative opening that addresses the reader, or sales talk."""
    words = _WORD.findall(text)
    if not words:
        return False
    imperative = words[0].lower() in _IMPERATIVES
    sales_hits = len(_SALES_TERMS.findall(text))
    second_person = re.search(r"\b(your|you)\b", text, re.IGNORECASE) is not None
    return (imperative and (second_person or sales_hits >= 1)) or sales_hits >= 3 or (
        second_person and sales_hits >= 2 and len(words) < 40)


def is_headline(text: str) -> bool:
    """Short, mostly title-cased, and not a sentence (no final period)."""
    words = _WORD.findall(text)
    if not 2 <= len(words) <= 25 or text.rstrip()[-1:] in ".!?:;,":
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in content)
    return bool(content) and capitalised / len(content) >= 0.7


def _names(text: str) -> set[str]:
    """Capitalised words that are not generic terms: cheap entity keys. A sentence opener
    counts when the next word is capitalised too ("Helix Robotics said") or the text also
    capitalises it inside a sentence ("Helix competes ... a stake in Helix")."""
    inside, openers = set(), set()
    for match in re.finditer(r"(^|[.!?]\s+)?\b([A-Z][\w’'-]+)(?=(\s+[A-Z])?)", text):
        word = re.sub(r"[’']s$", "", match.group(2))
        if word in _GENERIC_NAMES:
            continue
        if match.group(1) is None or match.group(3):
            inside.add(word)
        else:
            openers.add(word)
    return inside | (openers & inside)


def split_dump(paragraphs: Iterable[tuple[str, bool, bool]]
               ) -> Iterator[tuple[str | None, str]]:
    """Group paragraphs into (title, text) articles.

    Advertising is dropped. A headline titles the article it belongs to: usually the one
    that follows, but a headline that shares names with the untitled article before it
    (dumps often put the headline after its story) titles and closes that one. A body
    paragraph continues the current article when it opens with a connective or an anaphor
    ("However", "The company", "Its ..."), or shares a name with it. Otherwise the shape
    decides: paragraphs separated by blank lines are one article's unless a paragraph also
    opens with a name of its own (a digest of stories); in a dump, one story per line, any
    other line starts an article.
    """
    current: list[str] = []
    names: set[str] = set()
    title: str | None = None
    pending_title: str | None = None
    for text, md_heading, after_blank in paragraphs:
        if not text or is_advertising(text):
            continue
        if md_heading or is_headline(text):
            if current and title is None and pending_title is None and \
                    len(_names(text) & names) >= 2:
                yield text, _finish(current)  # the headline after its story ends it
                current, names = [], set()
                continue
            if current:
                yield title, _finish(current)
                current, names, title = [], set(), None
            pending_title = text if pending_title is None else f"{pending_title} — {text}"
            continue
        fits = sum(map(len, current)) + len(text) <= MAX_ARTICLE_CHARS
        own = _names(text)
        if current and pending_title is None and fits and (
                _CONTINUATION.match(text) or own & names
                or (after_blank and not _opens_with_name(text, own))):
            current.append(text)
            names |= own
            continue
        if current:
            yield title, _finish(current)
        current, names, title, pending_title = [text], own, pending_title, None
    if current:
        yield title, _finish(current)


def _opens_with_name(text: str, names: set[str]) -> bool:
    """Does a paragraph open with a name ("Orvane Systems said", "Nvidia ... Nvidia's")
    rather than a common word ("Analysts said", "Demand for")?"""
    words = _WORD.findall(text)[:2]
    if not words or words[0].lower() in _SMALL_WORDS or _CONTINUATION.match(text):
        return False
    first = re.sub(r"[’']s$", "", words[0])
    return first in names or (len(words) == 2 and words[1][0].isupper()
                              and words[1].lower() not in _SMALL_WORDS)


def _finish(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)

