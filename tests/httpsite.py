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
