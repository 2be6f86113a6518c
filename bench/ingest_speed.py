"""How much faster kg's fetcher reads 1,000 URLs on 50 hosts concurrently than one at a time.

50 local HTTP servers (127.0.0.1, one port each: 50 hosts to the fetcher) answer every page
after ``--latency`` seconds, as a distant site would. kg's fetcher reads 20 pages from each
with its politeness rules (``--per-host`` requests in flight per host, ``--delay`` seconds
between two starts on one host, robots.txt read first); the baseline, measured in the same
run, is the same fetcher with one request in flight overall (sequential). Both must fetch
every page.

    .venv/bin/python bench/ingest_speed.py [--hosts 50] [--pages 20] [--latency 0.02]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

from kg.fetch import Fetcher, Politeness

PAGE = b"<html><body><article><p>" + b"Acme bought Beta for $40 million. " * 60 + \
    b"</p></article></body></html>"


def serve(latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            time.sleep(latency)
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else PAGE
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt"
                             else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def serve_all(hosts: int, latency: float, ports: Connection) -> None:
    """In a process of its own (the servers' threads must not share the client's GIL): start
    the servers, send their ports, serve until told to stop."""
    servers = [serve(latency) for _ in range(hosts)]
    ports.send([s.server_address[1] for s in servers])
    ports.recv()
    for server in servers:
        server.shutdown()


def fetch_all(urls: list[str], politeness: Politeness) -> tuple[float, int]:
    """Seconds to fetch every URL, and how many came back whole."""
    async def run() -> int:
        async with Fetcher(politeness) as fetcher:
            pages = await asyncio.gather(*(fetcher.get(u) for u in urls))
        return sum(p.content == PAGE for p in pages)

    start = time.perf_counter()
    done = asyncio.run(run())
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=20, help="pages per host")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per answer")
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.1,
                        help="seconds between two requests to one host")
    args = parser.parse_args()
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=serve_all, args=(args.hosts, args.latency, there),
                                    daemon=True)
    child.start()
    ports = here.recv()
    urls = [f"http://127.0.0.1:{port}/news/{i}" for i in range(args.pages) for port in ports]
    polite = Politeness(per_host=args.per_host, delay=args.delay, retries=0)
    sequential = Politeness(per_host=1, delay=args.delay, total=1, retries=0)
    n = len(urls)
    fast, fast_ok = fetch_all(urls, polite)
    slow, slow_ok = fetch_all(urls, sequential)
    here.send("stop")
    child.join()
    print(f"{n} URLs on {args.hosts} hosts, {args.latency * 1000:.0f} ms per answer, "
          f"{args.delay:g} s between requests to one host")
    print(f"kg (concurrent, {args.per_host} per host): {fast:6.2f} s  {n / fast:7.1f} pages/s "
          f"({fast_ok}/{n} fetched)")
    print(f"baseline (sequential):        {slow:6.2f} s  {n / slow:7.1f} pages/s "
          f"({slow_ok}/{n} fetched)")
    print(f"ratio: {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
