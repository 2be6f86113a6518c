"""A real HTTP server on 127.0.0.1 for the tests: routes to pages, feeds, sitemaps, redirects,
ETags, slow and failing answers and robots.txt, with a log of every request it got."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    """One answer. ``etag`` / ``last_modified`` make the server answer 304 to a request
    that still holds them; ``length=False`` sends the body without a Content-Length."""

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    length: bool = True


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    at: float


Route = Reply | list[Reply] | Callable[["Hit"], Reply]


class Site:
    """The routes of a running server (``site.routes[path] = Reply(...)``), its URLs and log.

    A list of replies answers in turn and then keeps answering with the last one.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(hit.path == path for hit in self.hits)

    def reply_for(self, hit: Hit) -> Reply:
        route = self.routes.get(hit.path) or self.routes.get(urlsplit(hit.path).path)
        if route is None:
            return Reply("not found", status=404, content_type="text/plain")
        if isinstance(route, list):
            with self._lock:
                return route.pop(0) if len(route) > 1 else route[0]
        return route(hit) if callable(route) else route

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            with site._lock:
                site.hits.append(hit)
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                self._answer(site.reply_for(hit), hit)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a size limit, a timeout): nothing to do
            finally:
                with site._lock:
                    site.in_flight -= 1

        def _answer(self, reply: Reply, hit: Hit) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            fresh = (reply.etag and hit.headers.get("if-none-match") == reply.etag) or (
                reply.last_modified and
                hit.headers.get("if-modified-since") == reply.last_modified)
            status = 304 if fresh and reply.status == 200 else reply.status
            self.send_response(status)
            headers = dict(reply.headers)
            if reply.content_type and status != 304:
                headers["Content-Type"] = reply.content_type
            if reply.etag:
                headers["ETag"] = reply.etag
            if reply.last_modified:
                headers["Last-Modified"] = reply.last_modified
            if status == 304:
                body = b""
            if reply.length or status == 304:
                headers["Content-Length"] = str(len(body))
            else:
                headers["Connection"] = "close"
                self.close_connection = True
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            for start in range(0, len(body), 1 << 16):
                self.wfile.write(body[start:start + (1 << 16)])

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def http_date(seconds_ago: float = 0) -> str:
    return formatdate(time.time() - seconds_ago, usegmt=True)


def article_html(title: str, text: str, *, published: str = "2025-06-03",
                 canonical: str | None = None, site_name: str = "Example News",
                 lang: str = "en", charset: str = "utf-8") -> str:
    """A news page as sites serve them: metadata in the head, paragraphs in an article."""
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">'
            f"<title>{title} | {site_name}</title>{link}"
            f'<meta property="og:site_name" content="{site_name}">'
            f'<meta property="article:published_time" content="{published}T08:00:00Z">'
            f'<meta name="author" content="Desk Reporter"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Copyright {site_name}. All rights reserved.</footer></body></html>")


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Example News") -> str:
    """An RSS 2.0 feed of (path, title, date) items."""
    entries = "".join(f"<item><title>{t}</title><link>{base}{p}</link>"
                      f"<pubDate>{_rfc822(d)}</pubDate></item>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{base}/</link>{entries}</channel></rss>")


def atom(base: str, items: list[tuple[str, str, str]], title: str = "Example Atom") -> str:
    entries = "".join(f'<entry><title>{t}</title><link href="{base}{p}"/><id>{base}{p}</id>'
                      f"<updated>{d}T08:00:00Z</updated></entry>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>{base}/</id><updated>2025-06-03T08:00:00Z</updated>"
            f"{entries}</feed>")


def sitemap(base: str, paths: list[str], *, news: bool = False) -> str:
    ns = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')
    items = "".join(
        f"<url><loc>{base}{p}</loc>" + (
            f"<news:news><news:publication><news:name>Sitemap Times</news:name>"
            f"<news:language>en</news:language></news:publication>"
            f"<news:publication_date>2025-06-0{i % 9 + 1}</news:publication_date>"
            f"<news:title>Story {i}</news:title></news:news>" if news else
            f"<lastmod>2025-06-0{i % 9 + 1}</lastmod>") + "</url>"
        for i, p in enumerate(paths))
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns}>{items}</urlset>'


def sitemap_index(base: str, paths: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>')


def _rfc822(date: str) -> str:
    from datetime import datetime

    return formatdate(datetime.fromisoformat(date + "T08:00:00+00:00").timestamp(), usegmt=True)
