"""Reading news input into Articles: files, folders, stdin.

Formats: ``.txt``/``.md`` (plain text; a dump of several articles is split, see
``kg.dumps``), ``.jsonl`` (one article a line: id, title, url, published, text), ``.html``
(main text extracted with trafilatura) and ``-`` for standard input (text or JSONL).

Bad input never stops the run: each problem goes to ``on_error(ReadProblem)`` and reading
goes on (with the next line of a JSONL file, the next file otherwise). Text left out on
purpose (advertising in a dump) goes to ``on_dropped(DroppedText)``: nothing disappears
without a word.

Bytes become text as ``kg.decoding`` decides, for files and stdin alike (stdin is spooled to
a temporary file first so that it can be checked whole, like a file). Lines are read with the
standard library's text layer, so a record never breaks where a read buffer ends.

Size policy: text and JSONL files are read line by line, so a 50 MB dump costs memory in
proportion to one article, not the file. A text line longer than ``MAX_ARTICLE_CHARS`` (a
dump without line breaks) is cut after a sentence into article-sized parts; a JSONL line over
``MAX_JSONL_LINE_CHARS`` is skipped with a message. HTML must be parsed whole, so HTML files
over ``MAX_HTML_BYTES`` are refused with a message.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.decoding import SNIFF_BYTES, NotText, detect, looks_binary, text_stream
from kg.dumps import MAX_ARTICLE_CHARS, paragraphs, split_dump
from kg.records import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

MAX_JSONL_LINE_CHARS = 20_000_000
MAX_HTML_BYTES = 20_000_000
_STDIN_IN_MEMORY = 8 << 20  # stdin beyond this spills to a temporary file


@dataclass(frozen=True)
class ReadProblem:
    """Something in the input that could not be read (or only partly): where and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class DroppedText:
    """A paragraph left out of the articles as advertising: where it was and what it said."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


OnError = Callable[[ReadProblem], None]
OnDropped = Callable[[DroppedText], None]


class _Unreadable(Exception):
    """A whole input cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class _Sink:
    """Where an input's problems and dropped text go, under the input's name."""

    name: str
    on_error: OnError
    on_dropped: OnDropped

    def problem(self, message: str) -> None:
        self.on_error(ReadProblem(self.name, message))

    def dropped(self, line: int, text: str) -> None:
        self.on_dropped(DroppedText(self.name, line, text))


def read_articles(paths: Iterable[str | Path], on_error: OnError | None = None,
                  on_dropped: OnDropped | None = None) -> Iterator[Article]:
    """Articles from files, folders (recursive) and ``-`` (stdin), in the order given.

    Problems are reported through ``on_error``, paragraphs dropped as advertising through
    ``on_dropped`` (each ignored when None); the rest is still read.
    """
    report = on_error or (lambda problem: None)
    drop = on_dropped or (lambda dropped: None)
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(_Sink("<stdin>", report, drop))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
            if not files:
                report(ReadProblem(str(path), "folder has no .txt, .md, .jsonl or .html files"))
            for file in files:
                yield from _read_file(file, _Sink(str(file), report, drop))
        elif path.exists():
            yield from _read_file(path, _Sink(str(path), report, drop))
        else:
            report(ReadProblem(str(path), "no such file or folder"))


def _read_file(path: Path, sink: _Sink) -> Iterator[Article]:
    try:
        size = path.stat().st_size
        if size == 0:
            raise _Unreadable("file is empty")
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            yield from _read_html(path, size)
            return
        with path.open("rb") as stream:
            kind = "jsonl" if suffix in JSONL_SUFFIXES else \
                "markdown" if suffix in {".md", ".markdown"} else "text"
            yield from _read_stream(stream, kind, sink)
    except _Unreadable as exc:
        sink.problem(str(exc))
    except OSError as exc:
        sink.problem(f"cannot read: {exc.strerror or exc}")


def _read_stdin(sink: _Sink) -> Iterator[Article]:
    """Standard input, checked like a file; JSONL when its first character is ``{``."""
    if sys.stdin is None:
        sink.problem("standard input is closed")
        return
    with tempfile.SpooledTemporaryFile(_STDIN_IN_MEMORY) as spool:
        try:
            shutil.copyfileobj(sys.stdin.buffer, spool)
            yield from _read_stream(spool, None, sink)
        except _Unreadable as exc:
            sink.problem(str(exc))
        except OSError as exc:
            sink.problem(f"cannot read: {exc.strerror or exc}")


def _read_stream(stream: BinaryIO, kind: str | None, sink: _Sink) -> Iterator[Article]:
    """Articles from a seekable binary stream: "jsonl", "markdown", "text", or None to tell
    JSONL from text by the first character."""
    try:
        decoding = detect(stream)
    except NotText as exc:
        raise _Unreadable(f"{exc}; give text, Markdown, JSONL or HTML files") from None
    if decoding.note:
        sink.problem(decoding.note)
    text = text_stream(stream, decoding)
    try:
        if kind is None:
            kind = "jsonl" if text.read(SNIFF_BYTES).lstrip("\ufeff \t\r\n")[:1] == "{" \
                else "text"
            text.seek(0)
        if kind == "jsonl":
            yield from _jsonl_articles(text, sink)
        else:
            yield from _text_articles(text, sink, markdown=kind == "markdown")
    finally:
        text.detach()  # the caller closes the stream


# --- JSONL -----------------------------------------------------------------------------


def _jsonl_lines(text: TextIO, sink: _Sink) -> Iterator[tuple[int, str]]:
    """Numbered lines; one longer than MAX_JSONL_LINE_CHARS is skipped with a message."""
    line_no = 0
    while line := text.readline(MAX_JSONL_LINE_CHARS):
        line_no += 1
        if len(line) == MAX_JSONL_LINE_CHARS and not line.endswith("\n"):
            while (rest := text.readline(MAX_JSONL_LINE_CHARS)) and not rest.endswith("\n"):
                pass
            sink.problem(f"line {line_no}: longer than {MAX_JSONL_LINE_CHARS:,} characters; "
                         "skipped")
            continue
        yield line_no, line


def _jsonl_articles(text: TextIO, sink: _Sink) -> Iterator[Article]:
    found = False
    for line_no, line in _jsonl_lines(text, sink):
        if not line.strip():
            continue
        if "\x00" in line:
            sink.problem(f"line {line_no}: binary data (a NUL byte), not JSON; skipped")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            sink.problem(f"line {line_no}: not valid JSON ({exc.msg}); skipped")
            continue
        text_field = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text_field, str) or not text_field.strip():
            sink.problem(f"line {line_no}: no \"text\" field; skipped")
            continue
        found = True
        yield Article(
            id=str(record.get("id") or Article.make_id(text_field)),
            text=text_field,
            title=_str_or_none(record.get("title")),
            url=_str_or_none(record.get("url")),
            published=_str_or_none(record.get("published")),
            source=f"{sink.name}:{line_no}",
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
    if looks_binary(raw[:SNIFF_BYTES]):
        raise _Unreadable("looks like a binary file, not HTML")
    extracted = trafilatura.bare_extraction(raw, with_metadata=True)
    doc = extracted.as_dict() if extracted is not None else {}
    text = doc.get("text") or ""
    if not text.strip():
        raise _Unreadable("no article text found in the HTML page")
    yield Article(id=Article.make_id(text), text=text, title=doc.get("title") or None,
                  url=doc.get("url") or None, published=doc.get("date") or None,
                  source=str(path))


# --- plain text -----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")


def _text_lines(text: TextIO, sink: _Sink) -> Iterator[tuple[int, str]]:
    """Numbered lines of a text. A line longer than an article comes in article-sized
    pieces cut after a sentence; a line with NUL bytes (binary data) is skipped and named."""
    line_no = 0
    held = ""
    while piece := text.readline(MAX_ARTICLE_CHARS):
        held += piece
        ended = held.endswith("\n")
        if ended:
            line_no += 1
        while len(held) > MAX_ARTICLE_CHARS:
            cut = _cut(held[:MAX_ARTICLE_CHARS])
            yield from _checked(line_no + (not ended), held[:cut], sink)
            held = held[cut:]
        if ended:
            yield from _checked(line_no, held.rstrip("\r\n"), sink)
            held = ""
    if held:
        yield from _checked(line_no + 1, held, sink)


def _cut(text: str) -> int:
    """Where to cut an over-long line: after its last sentence, else its last space."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return ends[-1] if ends else (text.rfind(" ") + 1 or len(text))


def _checked(line_no: int, line: str, sink: _Sink) -> Iterator[tuple[int, str]]:
    if "\x00" in line:
        sink.problem(f"line {line_no}: binary data (NUL bytes); skipped")
    else:
        yield line_no, line


def _text_articles(text: TextIO, sink: _Sink, *, markdown: bool) -> Iterator[Article]:
    found = False
    parts = split_dump(paragraphs(_text_lines(text, sink), markdown), sink.dropped)
    for part, (title, body) in enumerate(parts, start=1):
        found = True
        yield Article(id=Article.make_id(body), text=body, title=title,
                      source=f"{sink.name}#{part}")
    if not found:
        raise _Unreadable("no article text found (empty, or only headlines/advertising)")
