"""Polite, robust HTTP fetching with httpx: what `kg ingest` reads the web through.

Polite: a User-Agent that names kg and where to read about it, robots.txt honoured (and its
Crawl-delay), at most ``per_host`` requests at a time to one host with ``delay`` seconds
between their starts, conditional requests (ETag / Last-Modified) so an unchanged page
costs one 304. Robust: a deadline per response, retries with exponential backoff on 429, 5xx,
timeouts and dropped connections (``Retry-After`` honoured, for the whole host), redirects
followed (the final URL recorded), a size limit, and content that is not a page or a feed
(PDF, images) skipped with its type. Hosts are fetched concurrently (``total`` at a time).

Every outcome that is not a page is a :class:`Refused` with ``kind`` "skipped" (kg chose not
to read it) or "failed" (it could not be read) and a one-line reason.
"""

from __future__ import annotations

import asyncio
import codecs
import io
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from urllib.robotparser import RobotFileParser

import httpx

from kg import __version__
from kg.decoding import detect
from kg.urls import host_of

MB = 1_000_000
ROBOTS_CHARS = 500_000  # RFC 9309: parse at least 500 KiB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_READABLE = ("text/", "application/xml", "application/xhtml+xml", "application/gzip",
             "application/x-gzip")


def user_agent() -> str:
    """``kg/VERSION (+URL)``: the project's homepage from its package metadata, or the
    contact in ``KG_CONTACT`` (a site operator's way to reach whoever runs the crawl)."""
    contact = os.environ.get("KG_CONTACT") or _homepage()
    return f"kg/{__version__} (+{contact})" if contact else f"kg/{__version__}"


def _homepage() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("kg").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    return next((u.split(",", 1)[1].strip() for u in urls if "," in u), None)


@dataclass(frozen=True)
class Politeness:
    """How kg treats the sites it reads (``kg ingest`` options set these)."""

    per_host: int = 2  # requests in flight to one host
    delay: float = 1.0  # seconds between the starts of two requests to one host
    total: int = 32  # requests in flight overall
    timeout: float = 30.0  # seconds for a whole response, headers to last byte
    retries: int = 3  # further attempts after a 429, a 5xx, a timeout or a dropped connection
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 120.0  # the longest Retry-After kg waits for
    max_bytes: int = 10 * MB
    max_redirects: int = 10
    robots: bool = True


class Refused(Exception):
    """A URL that gave no page: ``kind`` is "skipped" or "failed", ``reason`` says why."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


@dataclass(frozen=True)
class Response:
    """A page as fetched: 200 with its bytes, or 304 (``unchanged``) with none."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    mime: str  # lower case, no parameters ("" when the server sent none)
    charset: str | None  # as declared by the server
    etag: str | None
    last_modified: str | None
    retries: int = 0

    @property
    def unchanged(self) -> bool:
        return self.status == 304

    def text(self) -> tuple[str, str | None]:
        """The body as text and, when the bytes were not what the server declared, a note.

        UTF-8 (the web's default) when the bytes are valid UTF-8; else the declared charset
        when they decode in it; else as :func:`kg.decoding.detect` reads files (raising
        :class:`kg.decoding.NotText` for binary content).
        """
        raw, declared = self.content, _codec(self.charset)
        if raw.startswith(codecs.BOM_UTF8):
            return raw[3:].decode("utf-8", "replace"), None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            wrong = declared not in (None, "utf-8", "ascii")
            return text, (f"declared {self.charset} but is UTF-8; read as UTF-8" if wrong
                          else None)
        if declared and declared != "utf-8":
            try:
                return raw.decode(declared), None
            except UnicodeDecodeError:
                pass
        how = detect(io.BytesIO(raw))  # as files are read; NotText for binary
        said = f"declared {self.charset}" if self.charset else "no charset declared"
        return raw.decode(how.encoding, how.errors), f"{said}; {how.note}"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@dataclass
class _Host:
    """One host's share of politeness: a slot count, the next start allowed, its robots, and
    its own connection pool (httpcore's pool scans all its connections on every request, so
    one pool for hundreds of hosts costs more than the requests)."""

    slots: asyncio.Semaphore
    delay: float
    client: httpx.AsyncClient
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots: asyncio.Task | None = None


class Fetcher:
    """Fetches URLs politely; use as ``async with Fetcher(politeness) as f: await f.get(url)``."""

    def __init__(self, politeness: Politeness | None = None) -> None:
        self.politeness = politeness or Politeness()
        self.user_agent = user_agent()
        self._tls = httpx.create_ssl_context()  # one for all hosts: each costs ~70 ms
        self._total = asyncio.Semaphore(self.politeness.total)
        self._hosts: dict[str, _Host] = {}
        self.requests = 0  # sent, robots.txt and retries included

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*(host.client.aclose() for host in self._hosts.values()))

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        if key not in self._hosts:
            p = self.politeness
            client = httpx.AsyncClient(
                headers={"User-Agent": self.user_agent}, verify=self._tls,
                timeout=httpx.Timeout(p.timeout),
                limits=httpx.Limits(max_connections=p.per_host,
                                    max_keepalive_connections=p.per_host))
            self._hosts[key] = _Host(asyncio.Semaphore(p.per_host), p.delay, client)
        return self._hosts[key]

    @asynccontextmanager
    async def _turn(self, host: _Host) -> AsyncIterator[None]:
        """Wait for a slot on the host and overall, and for the host's delay."""
        async with host.slots, self._total:
            async with host.lock:
                loop = asyncio.get_running_loop()
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                host.next_start = loop.time() + host.delay
            yield

    async def get(self, url: str, *, etag: str | None = None,
                  last_modified: str | None = None) -> Response:
        """The page at ``url`` (304 when the validators still hold), or :class:`Refused`.

        Redirects are followed one hop at a time, so that every hop, on whatever host, is
        asked of that host's robots.txt and waits for that host's turn."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hop_url = url
        for _ in range(self.politeness.max_redirects + 1):
            answer = await self._hop(hop_url, headers)
            if isinstance(answer, Response):
                return replace(answer, url=url)
            hop_url = answer
        raise Refused("failed", f"redirect loop (more than {self.politeness.max_redirects} "
                                "redirects)")

    async def _hop(self, url: str, headers: dict[str, str]) -> Response | str:
        """One request to ``url``, retried as politeness says: the page, or where it
        redirects to."""
        host = self._host(url)
        if self.politeness.robots:
            if host.robots is None:
                host.robots = asyncio.ensure_future(self._robots(url, host))
            robots: RobotFileParser = await host.robots
            if not robots.can_fetch(self.user_agent, url):
                raise Refused("skipped", "robots.txt forbids it" if not robots.disallow_all
                              else "robots.txt could not be read (server error), so the "
                                   "site is not read")
        p = self.politeness
        for attempt in range(p.retries + 1):
            try:
                async with self._turn(host):
                    return await self._once(host.client, url, headers, attempt)
            except _Retry as retry:
                if attempt == p.retries:
                    raise Refused("failed", f"{retry.reason} (gave up after "
                                            f"{p.retries + 1} attempts)") from None
                wait = retry.after if retry.after is not None else p.backoff * 2 ** attempt
                if wait > p.max_wait:
                    raise Refused("failed", f"{retry.reason}; the site asks to wait {wait:.0f} s, "
                                            f"more than the {p.max_wait:.0f} s kg waits; try "
                                            "later") from None
                loop = asyncio.get_running_loop()
                host.next_start = max(host.next_start, loop.time() + wait)
        raise AssertionError("unreachable")

    async def _once(self, client: httpx.AsyncClient, url: str, headers: dict[str, str],
                    attempt: int) -> Response | str:
        p = self.politeness
        self.requests += 1
        try:
            async with asyncio.timeout(p.timeout), \
                    client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                if resp.is_redirect and resp.next_request:
                    return str(resp.next_request.url)
                if status in RETRY_STATUSES:
                    raise _Retry(f"HTTP {status} {resp.reason_phrase}".rstrip(),
                                 retry_after(resp.headers.get("Retry-After")))
                if status >= 400:
                    raise Refused("failed", f"HTTP {status} {resp.reason_phrase}".rstrip())
                mime, _, params = resp.headers.get("Content-Type", "").partition(";")
                mime = mime.strip().lower()
                if status != 304 and mime and not mime.endswith("+xml") \
                        and not mime.startswith(_READABLE):
                    raise Refused("skipped", f"not a web page or feed ({mime})")
                length = resp.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > p.max_bytes:
                    raise Refused("skipped", _too_big(int(length), p.max_bytes))
                body = bytearray()
                async for chunk in resp.aiter_bytes():
                    body += chunk
                    if len(body) > p.max_bytes:
                        raise Refused("skipped", _too_big(None, p.max_bytes))
                return Response(url, str(resp.url), status, bytes(body), mime,
                                _charset(params), resp.headers.get("ETag"),
                                resp.headers.get("Last-Modified"), attempt)
        except TimeoutError:
            raise _Retry(f"timed out (no complete answer within {p.timeout:g} s)") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError,
                httpx.RemoteProtocolError) as exc:
            raise _Retry(f"connection failed ({_first_line(exc)})") from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out (no answer within {p.timeout:g} s)") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise Refused("failed", f"not a URL kg can fetch ({_first_line(exc)})") from None
        except httpx.HTTPError as exc:
            raise Refused("failed", f"HTTP error ({_first_line(exc)})") from None

    async def _robots(self, url: str, host: _Host) -> RobotFileParser:
        """The host's robots.txt, as RFC 9309 reads it: missing or another 4xx allows all,
        5xx forbids all; its Crawl-delay lengthens the host's delay. A host that cannot be
        reached allows all here: the page's own request then says what is wrong."""
        robots = RobotFileParser()
        robots_url = str(httpx.URL(url).copy_with(path="/robots.txt", query=None,
                                                  fragment=None))
        try:
            async with self._turn(host), asyncio.timeout(self.politeness.timeout):
                self.requests += 1
                resp = await host.client.get(robots_url)
        except (TimeoutError, httpx.HTTPError):
            robots.allow_all = True
            return robots
        if resp.status_code >= 500:
            robots.disallow_all = True
        elif resp.status_code >= 400:
            robots.allow_all = True
        else:
            robots.parse(resp.text[:ROBOTS_CHARS].splitlines())
            delay = robots.crawl_delay(self.user_agent)
            if delay:
                host.delay = max(host.delay, min(float(delay), self.politeness.max_wait))
        return robots


class _Retry(Exception):
    """A transient failure: try again after ``after`` seconds (None: the backoff)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


def retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), if any."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _too_big(size: int | None, limit: int) -> str:
    what = f"{size / MB:.1f} MB" if size else "more than that"
    return f"too large ({what}; the limit is {limit / MB:g} MB)"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
