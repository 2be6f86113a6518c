"""`kg ingest`: sources in, every article stored once in the archive, one line per outcome.

Web sources are fetched concurrently through :class:`kg.fetch.Fetcher` (polite per host); a
feed or sitemap leads to the pages it lists, each fetched once per run. Outcomes: ``new``,
``updated`` (the page's text changed), ``unchanged`` (a 304, or the same text),
``duplicate`` (a copy of an archived article: stored once, with this URL too), ``read`` (a
feed, sitemap or file, with what it held), ``skipped`` (robots.txt, not a page, too large)
and ``failed`` (with the reason). A feed's validators are kept only when none of its pages
failed, so a page that failed today is tried again tomorrow even if the feed is unchanged.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.archive import Archive, Document
from kg.articles import ReadProblem, read_articles
from kg.fetch import Fetcher, Politeness, Refused, Response
from kg.sources import (
    Link,
    NotReadable,
    feed_links,
    is_local,
    kind_of,
    page_document,
    read_sources_file,
    sitemap_links,
    sources_path,
)
from kg.urls import url_key

READ = frozenset({"new", "updated", "unchanged", "duplicate", "read"})
MAX_DEPTH = 3  # sitemap indexes of sitemap indexes
MAX_LINKS = 1000


class IngestError(RuntimeError):
    """Nothing to ingest (no sources given or listed); the message says what to do."""


@dataclass(frozen=True)
class Outcome:
    """What became of one source, page or file."""

    status: str
    what: str
    detail: str | None = None

    def __str__(self) -> str:
        return f"{self.status:<9} {self.what}" + (f"  {self.detail}" if self.detail else "")


@dataclass
class IngestSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    requests: int = 0  # HTTP requests sent, robots.txt and retries included

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def read_anything(self) -> bool:
        return any(o.status in READ for o in self.outcomes)


def ingest(sources: Sequence[str] | None = None, *, politeness: Politeness | None = None,
           max_links: int = MAX_LINKS, on_outcome: Callable[[Outcome], None] | None = None
           ) -> IngestSummary:
    """Read ``sources`` (default: those listed in ``$KG_HOME/sources``) into the archive."""
    if not sources:
        sources = listed_sources()
    summary = IngestSummary()

    def report(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    with Archive() as archive:
        for source in sources:
            if is_local(source):
                _ingest_local(source, archive, report)
        web = [s for s in sources if not is_local(s)]
        if web:
            run = _WebRun(archive, politeness or Politeness(), max_links, report)
            summary.requests = asyncio.run(run.all(web))
    return summary


def listed_sources() -> list[str]:
    """The sources in ``$KG_HOME/sources``; IngestError when there is no such list."""
    path = sources_path()
    if not path.is_file():
        raise IngestError(f"no sources given, and no list of sources in {path}: name a feed, "
                          "sitemap, page or file, or write them one a line into that file")
    sources = read_sources_file(path)
    if not sources:
        raise IngestError(f"{path} lists no sources (one a line; # starts a comment)")
    return sources


def _ingest_local(source: str, archive: Archive, report: Callable[[Outcome], None]) -> None:
    """A file, folder or stdin, read as `kg build` reads it; problems of a source that gave
    no article at all are failures, else skips."""
    problems: list[ReadProblem] = []
    stored: Counter[str] = Counter()
    for article in read_articles([source], on_error=problems.append):
        stored[archive.store(Document.from_article(article)).outcome] += 1
    status = "skipped" if stored else "failed"
    for problem in problems:
        report(Outcome(status, problem.path, problem.message))
    if stored:
        report(Outcome("read", source, _tally(stored, "article")))


def _tally(counts: Counter[str], noun: str) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{total} {noun}{'s' if total != 1 else ''} ({parts})"


class _WebRun:
    """One run over web sources: each URL fetched at most once, outcomes reported as they
    come; the archive is written from the event loop's thread only."""

    def __init__(self, archive: Archive, politeness: Politeness, max_links: int,
                 report: Callable[[Outcome], None]) -> None:
        self.archive, self.politeness, self.max_links = archive, politeness, max_links
        self.report = report
        self.seen: set[str] = set()

    async def all(self, urls: Sequence[str]) -> int:
        async with Fetcher(self.politeness) as self.fetcher:
            await asyncio.gather(*(self.source(url) for url in urls))
            return self.fetcher.requests

    def _first_time(self, url: str) -> bool:
        key = url_key(url)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    async def _get(self, url: str, what: str) -> Response | str:
        """The response, or the status reported instead (refused, unchanged)."""
        etag, modified = self.archive.validators(url)
        try:
            resp = await self.fetcher.get(url, etag=etag, last_modified=modified)
        except Refused as refused:
            self.report(Outcome(refused.kind, url, refused.reason))
            return refused.kind
        if resp.unchanged:
            self.report(Outcome("unchanged", url, f"{what} not modified since last read"))
            return "unchanged"
        return resp

    async def source(self, url: str, depth: int = 0) -> str:
        """A URL given as a source (or a sitemap an index lists): a page, feed or sitemap."""
        if not self._first_time(url):
            return "read"
        resp = await self._get(url, "sitemap" if depth else "source")
        if isinstance(resp, str):
            return resp
        try:
            kind = kind_of(resp)
            if kind == "page":
                return await self._page(resp, Link(url))
            if kind == "feed":
                links, note = feed_links(resp)
                detail = f"feed: {self._count(links)}" + (f"; {note}" if note else "")
                self.report(Outcome("read", url, detail))
                statuses = await asyncio.gather(*(self.article(link)
                                                  for link in links[:self.max_links]))
            else:
                links = sitemap_links(resp)
                index = any(link.sitemap for link in links)
                self.report(Outcome("read", url, ("sitemap index: " if index else "sitemap: ")
                                    + self._count(links)))
                if index and depth >= MAX_DEPTH:
                    self.report(Outcome("skipped", url, f"sitemap indexes nested more than "
                                                        f"{MAX_DEPTH} deep"))
                    return "skipped"
                statuses = await asyncio.gather(*(
                    self.source(link.url, depth + 1) if link.sitemap else self.article(link)
                    for link in links[:self.max_links]))
        except NotReadable as exc:
            self.report(Outcome("failed", url, str(exc)))
            return "failed"
        if "failed" not in statuses:  # else the next run reads it whole again
            self.archive.remember_validators(url, resp.etag, resp.last_modified)
        return "read"

    def _count(self, links: list[Link]) -> str:
        noun = "sitemaps" if any(link.sitemap for link in links) else "pages"
        if len(links) <= self.max_links:
            return f"{len(links)} {noun}"
        return f"{len(links)} {noun}, reading the newest {self.max_links} (--max-links)"

    async def article(self, link: Link) -> str:
        """A page a feed or sitemap lists."""
        if not self._first_time(link.url):
            return "read"
        resp = await self._get(link.url, "page")
        if isinstance(resp, str):
            return resp
        try:
            if kind_of(resp) != "page":
                raise NotReadable("listed as an article, but is a feed or sitemap")
        except NotReadable as exc:
            self.report(Outcome("failed", link.url, str(exc)))
            return "failed"
        return await self._page(resp, link)

    async def _page(self, resp: Response, link: Link) -> str:
        try:
            doc, note = await asyncio.to_thread(page_document, resp, link)
        except NotReadable as exc:
            self.report(Outcome("failed", resp.url, str(exc)))
            return "failed"
        stored = self.archive.store(doc)
        self.archive.remember_validators(resp.url, resp.etag, resp.last_modified)
        details = [f'"{doc.title}"' if doc.title else None]
        if stored.outcome == "duplicate":
            first = self.archive.urls(stored.doc_id)[0]
            details.append(f"{stored.how} as {first}, kept once with both URLs")
        if resp.final_url != resp.url:
            details.append(f"redirected to {resp.final_url}")
        if resp.retries:
            details.append(f"after {resp.retries} retr{'ies' if resp.retries > 1 else 'y'}")
        details.append(note)
        self.report(Outcome(stored.outcome, resp.url,
                            "; ".join(d for d in details if d) or None))
        return stored.outcome

