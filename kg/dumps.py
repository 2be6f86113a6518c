"""Plain text into articles: paragraphs from lines, and messy dumps split into stories.

A dump runs articles together with headlines between them and advertising at the end (the
seed sample is one). Text laid out as an article, paragraphs between blank lines, stays one
article unless headlines separate its stories: splitting an article in two loses what its
second half says about "the company" of the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from kg.advertising import WORD, is_advertising

MAX_ARTICLE_CHARS = 200_000

OnDropped = Callable[[int, str], None]  # (line number, paragraph) left out as advertising


class Paragraph(NamedTuple):
    text: str
    heading: bool  # a Markdown heading
    after_blank: bool  # a blank line came before it
    before_blank: bool  # a blank line comes after it
    line: int  # where it starts (1-based)


_MD_MARKUP = [(re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images
              (re.compile(r"(\*\*|__|\*|`)"), ""),
              (re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)"), "")]


def paragraphs(lines: Iterable[tuple[int, str]], markdown: bool) -> Iterator[Paragraph]:
    """Paragraphs from numbered lines.

    A line is a paragraph of its own (dumps put one article paragraph per line) unless it
    starts in lower case, which marks a wrapped line; blank lines always end a paragraph.
    """
    buf: list[str] = []
    heading = False
    size = start = 0
    blank = after_blank = False
    for line_no, raw in lines:
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
            yield Paragraph(" ".join(buf), heading, after_blank, not line, start)
        if line:
            buf, size, heading, after_blank, start = [line], len(line), is_heading, blank, \
                line_no
        else:
            buf, size, heading = [], 0, False
        blank = not line
    if buf:
        yield Paragraph(" ".join(buf), heading, after_blank, False, start)


_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "for", "of", "on", "in", "at",
                "to", "by", "with", "from", "as", "amid", "over", "after", "into", "vs",
                "via", "per", "than", "its", "is", "be", "are", "up", "out"}
_CONTINUATION = re.compile(
    r"^(however|but|yet|still|nonetheless|nevertheless|meanwhile|moreover|furthermore|"
    r"additionally|also|in addition|consequently|as a result|despite|in summary|overall|"
    r"still|instead|the (company|startup|firm|group|deal|move|agreement|investment|lab)|"
    r"(it|its|he|she|his|her|they|their|this|these|that|those|such)\b)", re.IGNORECASE)
_SECTION = re.compile(r"^About\s+\S")  # a press release's "About Acme" boilerplate heading
_HEADLINE_WORDS = 25  # longer is a sentence, whatever its capitals
_SECTION_WORDS = 3  # "Funding", "People Moves": a heading this short is a section
_GENERIC_NAMES = {"AI", "The", "A", "An", "In", "As", "It", "This", "CEO", "US", "U.S."}


def is_headline(text: str) -> bool:
    """Short, mostly title-cased, and not a sentence (no final period)."""
    words = [m.group() for m in islice(WORD.finditer(text), _HEADLINE_WORDS + 1)]
    if not 2 <= len(words) <= _HEADLINE_WORDS or text.rstrip()[-1:] in ".!?:;,":
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in content)
    return bool(content) and capitalised / len(content) >= 0.7


def is_title_line(text: str) -> bool:
    """A title in any case ("Cognition to buy what is left of Windsurf", "payd"): short and
    not ending like a sentence. Trusted only where a title goes: the first paragraph of a
    text, alone before a blank line."""
    words = sum(1 for _ in islice(WORD.finditer(text), _HEADLINE_WORDS + 1))
    return 1 <= words <= _HEADLINE_WORDS and text.rstrip()[-1:] not in ".!?:;,-—"


def _short_heading(text: str) -> bool:
    """Three words at most: a section heading, not a story's headline."""
    return len(text.split(maxsplit=_SECTION_WORDS)) <= _SECTION_WORDS


def _names(text: str) -> set[str]:
    """Capitalised words that are not generic terms: cheap entity keys. A sentence opener
    counts when the next word is capitalised too ("Helix Robotics said") or the text also
    capitalises it inside a sentence ("Helix competes ... a stake in Helix")."""
    inside, openers = set(), set()
    for match in re.finditer(r"(^|[.!?]\s+)?\b(\d*[A-Z][\w’'-]+)(?=(\s+[A-Z])?)", text):
        word = match.group(2)
        word = word[:-2] if word[-2:] in ("'s", "’s") else word.rstrip("'’")
        if word in _GENERIC_NAMES:
            continue
        if match.group(1) is None or match.group(3):
            inside.add(word)
        else:
            openers.add(word)
    return inside | (openers & inside)


def split_dump(paragraphs: Iterable[Paragraph], on_dropped: OnDropped | None = None
               ) -> Iterator[tuple[str | None, str]]:
    """Group paragraphs into (title, text) articles.

    Advertising is dropped (and passed to ``on_dropped``). A headline titles the article it
    belongs to: usually the one that follows, but a headline that shares names with the
    untitled article before it (dumps often put the headline after its story) titles and
    closes that one. A heading of three words at most after a blank line ("Funding", "People
    Moves"), or "About Acme" naming one of the article's names, is a section of the article.
    The first paragraph of a text, alone before a blank line, is a title in any case; a
    headline no story follows is the last paragraph of the article before it.
    Paragraphs separated by blank lines belong to one article until a headline comes; in a
    dump (one story per line) a line starts a story unless it opens with a connective or an
    anaphor ("However", "The company", "Its ...") or shares a name with the current one.
    """
    current: list[str] = []
    size = 0  # characters in current
    names: set[str] = set()
    title: str | None = None
    headlines: list[str] = []  # waiting for the story they title
    in_promo = False
    first = True
    for text, md_heading, after_blank, before_blank, line in paragraphs:
        if not text:
            continue
        title_line = first and before_blank and is_title_line(text)
        first = False
        if is_advertising(text, after_promo=in_promo):
            in_promo = True
            if on_dropped:
                on_dropped(line, text)
            continue
        in_promo = False
        own = _names(text)
        fits = size + len(text) <= MAX_ARTICLE_CHARS
        section = current and not headlines and fits and (
            (_SECTION.match(text) and own & names) or (after_blank and _short_heading(text)))
        if (md_heading or title_line or is_headline(text)) and not section:
            if current and title is None and not headlines and len(own & names) >= 2:
                yield text, _finish(current)  # the headline after its story ends it
                current, size, names = [], 0, set()
            else:
                headlines.append(text)
            continue
        if current and not headlines and fits and (
                after_blank or _CONTINUATION.match(text) or own & names):
            current.append(text)
            size += len(text)
            names |= own
            continue
        if current:
            yield title, _finish(current)
        current, size, names = [text], len(text), own
        title, headlines = " — ".join(headlines) or None, []
    if current:  # headlines no story followed end the last article ("Analyst: J. Doe")
        yield title, _finish(current + headlines)


def _finish(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)
