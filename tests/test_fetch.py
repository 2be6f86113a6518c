"""Polite, robust fetching against a real local HTTP server: robots.txt, per-host limits and
delays, retries and Retry-After, conditional requests, redirects, size and type limits."""

from __future__ import annotations

import asyncio

import pytest
from httpsite import Reply, http_date

from kg.fetch import Fetcher, Politeness, Refused

FAST = Politeness(delay=0.0, backoff=0.05, timeout=5.0)
PAGE = "<html><body><p>Acme bought Beta.</p></body></html>"


def fetch(*urls: str, politeness: Politeness = FAST, **validators):
    """Results of fetching ``urls`` concurrently: a Response or the Refused for each."""
    async def run():
        async with Fetcher(politeness) as fetcher:
            return await asyncio.gather(*(fetcher.get(u, **validators) for u in urls),
                                        return_exceptions=True)

    return asyncio.run(run())


def refused(result, kind: str) -> str:
    assert isinstance(result, Refused), result
    assert result.kind == kind, result.reason
    return result.reason


def test_a_page_is_fetched_with_a_user_agent_naming_kg(site):
    site.routes["/a"] = Reply(PAGE)
    [page] = fetch(site.url("/a"))
    assert page.status == 200 and page.content == PAGE.encode() and page.mime == "text/html"
    assert site.hits[-1].headers["user-agent"].startswith("kg/")


def test_robots_txt_is_honoured_and_read_once_per_host(site):
    site.routes["/robots.txt"] = Reply("User-agent: *\nDisallow: /private/\n",
                                       content_type="text/plain")
    site.routes["/public"] = site.routes["/private/x"] = Reply(PAGE)
    public, private, again = fetch(site.url("/public"), site.url("/private/x"),
                                   site.url("/public"))
    assert public.status == again.status == 200
    assert "robots.txt forbids it" in refused(private, "skipped")
    assert site.count("/private/x") == 0 and site.count("/robots.txt") == 1


def test_robots_txt_for_kg_by_name(site):
    site.routes["/robots.txt"] = Reply("User-agent: kg\nDisallow: /\n\nUser-agent: *\n"
                                       "Allow: /\n", content_type="text/plain")
    site.routes["/a"] = Reply(PAGE)
    refused(fetch(site.url("/a"))[0], "skipped")


def test_a_robots_txt_that_fails_with_a_server_error_forbids_the_site(site):
    site.routes["/robots.txt"] = Reply("oops", status=500)
    site.routes["/a"] = Reply(PAGE)
    assert "could not be read" in refused(fetch(site.url("/a"))[0], "skipped")


@pytest.mark.parametrize("status", [404, 410, 401])
def test_client_errors_fail_without_retries(site, status):
    site.routes["/gone"] = Reply("no", status=status)
    assert f"HTTP {status}" in refused(fetch(site.url("/gone"))[0], "failed")
    assert site.count("/gone") == 1


def test_server_errors_are_retried_with_backoff_then_given_up(site):
    site.routes["/down"] = Reply("down", status=500)
    reason = refused(fetch(site.url("/down"), politeness=Politeness(
        delay=0, backoff=0.01, retries=2))[0], "failed")
    assert "HTTP 500" in reason and "3 attempts" in reason
    assert site.count("/down") == 3


def test_a_passing_failure_is_ridden_out(site):
    site.routes["/flaky"] = [Reply("busy", status=503), Reply("busy", status=502), Reply(PAGE)]
    [page] = fetch(site.url("/flaky"))
    assert page.status == 200 and page.retries == 2


def test_a_rate_limit_is_honoured_for_the_whole_host(site):
    site.routes["/a"] = [Reply("slow down", status=429, headers={"Retry-After": "1"}),
                         Reply(PAGE)]
    site.routes["/b"] = Reply(PAGE)
    a, b = fetch(site.url("/a"), site.url("/b"), politeness=Politeness(delay=0, per_host=1))
    assert a.status == b.status == 200
    first_429 = next(h.at for h in site.hits if h.path == "/a")
    later = [h.at for h in site.hits if h.at > first_429]
    assert later and min(later) - first_429 >= 0.9  # nothing went to the host before 1 s


def test_a_rate_limit_longer_than_kg_waits_fails_with_the_reason(site):
    site.routes["/a"] = Reply("come back tomorrow", status=429,
                              headers={"Retry-After": "86400"})
    reason = refused(fetch(site.url("/a"))[0], "failed")
    assert "HTTP 429" in reason and "asks to wait 86400 s" in reason


def test_a_page_that_never_answers_times_out(site):
    site.routes["/slow"] = Reply(PAGE, delay=3)
    reason = refused(fetch(site.url("/slow"), politeness=Politeness(
        delay=0, timeout=0.3, retries=1, backoff=0.01))[0], "failed")
    assert "timed out" in reason and "2 attempts" in reason


def test_redirects_are_followed_and_the_final_url_recorded(site):
    site.routes["/old"] = Reply(status=301, headers={"Location": "/older"})
    site.routes["/older"] = Reply(status=302, headers={"Location": site.url("/new")})
    site.routes["/new"] = Reply(PAGE)
    [page] = fetch(site.url("/old"))
    assert page.url == site.url("/old") and page.final_url == site.url("/new")


def test_a_redirect_loop_fails(site):
    site.routes["/a"] = Reply(status=302, headers={"Location": "/b"})
    site.routes["/b"] = Reply(status=302, headers={"Location": "/a"})
    assert "redirect loop" in refused(fetch(site.url("/a"))[0], "failed")


def test_a_redirect_to_another_host_asks_that_hosts_robots_txt(site):
    from httpsite import Site

    other = Site()
    try:
        other.routes["/robots.txt"] = Reply("User-agent: *\nDisallow: /private/\n",
                                            content_type="text/plain")
        other.routes["/private/page"] = other.routes["/open"] = Reply(PAGE)
        site.routes["/to-private"] = Reply(status=302,
                                           headers={"Location": other.url("/private/page")})
        site.routes["/to-open"] = Reply(status=301, headers={"Location": other.url("/open")})
        blocked, allowed = fetch(site.url("/to-private"), site.url("/to-open"))
        assert "robots.txt forbids it" in refused(blocked, "skipped")
        assert other.count("/private/page") == 0 and other.count("/robots.txt") == 1
        assert allowed.status == 200 and allowed.final_url == other.url("/open")
    finally:
        other.close()


@pytest.mark.parametrize("length", [True, False])
def test_a_20_mb_page_is_skipped_for_its_size(site, length):
    site.routes["/huge"] = Reply(b"<p>" + b"x" * 20_000_000, length=length)
    reason = refused(fetch(site.url("/huge"), politeness=Politeness(
        delay=0, max_bytes=2_000_000))[0], "skipped")
    assert "too large" in reason and "limit is 2 MB" in reason


@pytest.mark.parametrize("mime", ["application/pdf", "image/png", "application/zip"])
def test_content_that_is_not_a_page_is_skipped_with_its_type(site, mime):
    site.routes["/file"] = Reply(b"%PDF-1.7 ...", content_type=mime)
    assert mime in refused(fetch(site.url("/file"))[0], "skipped")


def test_an_unchanged_page_costs_one_304(site):
    site.routes["/feed"] = Reply("<rss/>", etag='"v1"', content_type="application/rss+xml")
    [first] = fetch(site.url("/feed"))
    assert first.status == 200 and first.etag == '"v1"'
    [again] = fetch(site.url("/feed"), etag=first.etag)
    assert again.unchanged and again.content == b""
    assert site.hits[-1].headers["if-none-match"] == '"v1"'


def test_last_modified_makes_a_conditional_request_too(site):
    stamp = http_date(3600)
    site.routes["/a"] = Reply(PAGE, last_modified=stamp)
    [first] = fetch(site.url("/a"))
    [again] = fetch(site.url("/a"), last_modified=first.last_modified)
    assert first.last_modified == stamp and again.unchanged


def test_requests_to_one_host_are_limited(site):
    site.routes["/p"] = Reply(PAGE, delay=0.2)
    results = fetch(*(site.url(f"/p?n={i}") for i in range(8)),
                    politeness=Politeness(per_host=2, delay=0))
    assert all(r.status == 200 for r in results)
    assert site.max_in_flight == 2


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    site.routes["/p"] = Reply(PAGE)
    fetch(*(site.url(f"/p?n={i}") for i in range(4)), politeness=Politeness(delay=0.3))
    starts = [h.at for h in site.hits if h.path.startswith("/p")]
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.2


@pytest.mark.parametrize(("body", "declared", "text", "note"), [
    ("Café".encode(), "utf-8", "Café", None),
    ("Café".encode(), "iso-8859-1", "Café", "declared iso-8859-1 but is UTF-8"),
    ("Café Société".encode("cp1252"), "utf-8", "Café Société", "not valid UTF-8"),
    ("Café".encode("latin-1"), "iso-8859-1", "Café", None),
])
def test_text_is_decoded_whatever_the_page_declares(site, body, declared, text, note):
    site.routes["/a"] = Reply(b"<p>" + body + b"</p>",
                              content_type=f"text/html; charset={declared}")
    decoded, said = fetch(site.url("/a"))[0].text()
    assert text in decoded
    assert (said is None) if note is None else (note in said)
