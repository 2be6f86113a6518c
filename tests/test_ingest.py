"""`kg ingest` against a real local site: feeds, sitemaps, pages and files into the archive,
one outcome line each, conditional requests on the next run, and every bad input named."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from httpsite import Reply, article_html, atom, rss, sitemap, sitemap_index

from kg.archive import Archive
from kg.fetch import Politeness
from kg.ingestion import IngestError, ingest

FAST = Politeness(delay=0, backoff=0.01, retries=1, timeout=3)
KG = [str(Path(sys.executable).with_name("kg"))]

STORIES = {
    "/news/acme-beta": ("Acme Robotics to acquire Beta Vision",
                        "Acme Robotics said on Tuesday it had agreed to acquire Beta Vision, a "
                        "maker of warehouse cameras, for $120 million in cash.\n\nThe deal is "
                        "expected to close in the third quarter, the companies said."),
    "/news/gamma-round": ("Gamma Labs raises $30 million",
                          "Gamma Labs raised $30 million in a Series B round led by Northwind "
                          "Ventures, the startup said on Monday.\n\nThe company builds chips "
                          "for robots and plans to hire forty engineers."),
    "/news/delta-suit": ("Delta Systems sues Epsilon Data",
                         "Delta Systems has sued Epsilon Data in federal court, accusing its "
                         "rival of copying its scheduling software.\n\nEpsilon Data said the "
                         "claims were without merit."),
}


def serve_story(site, path: str, *, etag: str | None = None, **page) -> None:
    title, text = STORIES[path]
    site.routes[path] = Reply(article_html(title, text, **page), etag=etag)


def serve_feed(site, paths=tuple(STORIES), *, etag: str | None = '"feed-1"') -> str:
    for path in paths:
        serve_story(site, path, etag=f'"{path}-1"')
    items = [(p, STORIES[p][0], f"2025-06-0{i + 1}") for i, p in enumerate(paths)]
    site.routes["/feed.xml"] = Reply(rss(site.base, items), etag=etag,
                                     content_type="application/rss+xml")
    return site.url("/feed.xml")


def run(*sources: str, politeness: Politeness = FAST, **options):
    lines = []
    summary = ingest(list(sources), politeness=politeness, on_outcome=lines.append, **options)
    return summary, {o.what: o for o in lines}


def test_a_feed_brings_its_articles_with_their_metadata(home, site):
    summary, lines = run(serve_feed(site))
    assert summary.counts() == {"new": 3, "read": 1}
    assert lines[site.url("/feed.xml")].detail == "feed: 3 pages"
    with Archive() as archive:
        articles = {a.url: a for a, _ in archive.articles()}
    acme = articles[site.url("/news/acme-beta")]
    assert acme.title == "Acme Robotics to acquire Beta Vision"
    assert acme.published == "2025-06-03" and acme.outlet == "Example News"
    assert "agreed to acquire Beta Vision" in acme.text and "Copyright" not in acme.text
    assert set(articles) == {site.url(p) for p in STORIES}


def test_an_unchanged_feed_costs_one_304_and_fetches_nothing_else(home, site):
    run(serve_feed(site))
    hits = len(site.hits)
    summary, lines = run(site.url("/feed.xml"))
    assert summary.counts() == {"unchanged": 1}
    assert [h.path for h in site.hits[hits:]] == ["/robots.txt", "/feed.xml"]
    assert site.hits[-1].headers["if-none-match"] == '"feed-1"'


def test_a_changed_feed_fetches_the_new_article_and_revalidates_the_others(home, site):
    run(serve_feed(site, list(STORIES)[:2]))
    serve_feed(site, etag='"feed-2"')
    title, text = STORIES["/news/gamma-round"]
    site.routes["/news/gamma-round"] = Reply(article_html(title, text.replace("$30", "$35")),
                                             etag='"gamma-2"')
    summary, lines = run(site.url("/feed.xml"))
    assert summary.counts() == {"read": 1, "new": 1, "updated": 1, "unchanged": 1}
    assert lines[site.url("/news/acme-beta")].status == "unchanged"  # a 304
    assert lines[site.url("/news/delta-suit")].status == "new"
    with Archive() as archive:
        assert archive.count() == 3
        gamma = next(a for a, _ in archive.articles() if a.url.endswith("gamma-round"))
    assert "$35 million" in gamma.text


def test_atom_feeds_and_sitemap_indexes_of_news_sitemaps(home, site):
    for path in STORIES:
        serve_story(site, path)
    paths = list(STORIES)
    site.routes["/atom"] = Reply(atom(site.base, [(paths[0], "A", "2025-06-01")]),
                                 content_type="application/atom+xml")
    site.routes["/sitemap.xml"] = Reply(sitemap_index(site.base, ["/s1.xml", "/s2.xml.gz"]),
                                        content_type="application/xml")
    site.routes["/s1.xml"] = Reply(sitemap(site.base, paths[1:2], news=True),
                                   content_type="application/xml")
    site.routes["/s2.xml.gz"] = Reply(gzip.compress(sitemap(site.base, paths).encode()),
                                      content_type="application/gzip")
    summary, lines = run(site.url("/atom"), site.url("/sitemap.xml"))
    assert summary.counts() == {"read": 4, "new": 3}
    assert lines[site.url("/sitemap.xml")].detail == "sitemap index: 2 sitemaps"
    assert site.count(paths[0]) == 1  # listed three times, fetched once


def test_the_same_article_under_two_urls_is_stored_once(home, site):
    serve_story(site, "/news/acme-beta")
    title, text = STORIES["/news/acme-beta"]
    site.routes["/wire/acme"] = Reply(article_html(title, text, site_name="Wire"))
    site.routes["/amp/news/acme-beta"] = Reply(article_html(
        title, text, canonical=site.url("/news/acme-beta")))
    summary, lines = run(site.url("/news/acme-beta?utm_source=rss"), site.url("/wire/acme"),
                         site.url("/news/acme-beta/amp"))
    assert summary.counts()["new"] == 1 and summary.counts()["duplicate"] == 1
    assert site.count("/news/acme-beta/amp") == 0  # the AMP variant of a URL already read
    with Archive() as archive:
        assert archive.count() == 1
        [(article, _)] = archive.articles()
        assert len(archive.urls(article.id)) == 2


def test_local_files_and_folders_are_read_as_kg_build_reads_them(home, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    summary, lines = run("data/samples", str(empty), str(tmp_path / "missing.txt"))
    assert lines["data/samples"].status == "read"
    assert lines[str(empty)].status == "failed" and "empty" in lines[str(empty)].detail
    assert "no such file" in lines[str(tmp_path / "missing.txt")].detail
    again, lines = run("data/samples")
    assert "unchanged" in lines["data/samples"].detail and again.counts() == {"read": 1}


def test_no_sources_reads_the_sources_file(home, site):
    with pytest.raises(IngestError, match="no sources given"):
        ingest([])
    home.mkdir(parents=True)
    (home / "sources").write_text(f"# my feeds\n{serve_feed(site)}  # the test site\n\n")
    summary, _ = run()
    assert summary.counts() == {"new": 3, "read": 1}


# --- bad input: each gets one line, the run goes on, nothing stored is lost ----------------

BAD_FEEDS = {
    "/malformed.xml": (Reply("<rss><channel><title>x</title><item><title>A & B</title",
                             content_type="application/rss+xml"), "failed", "malformed feed"),
    "/empty-feed.xml": (Reply('<?xml version="1.0"?><rss version="2.0"><channel><title>E'
                              "</title></channel></rss>", content_type="application/rss+xml"),
                        "read", "feed: 0 pages"),
    "/empty.xml": (Reply("", content_type="application/rss+xml"), "failed", "empty response"),
    "/fake-feed.xml": (Reply(article_html("Not a feed", "Just a page."),
                             content_type="application/rss+xml"),
                       "failed", "served as application/rss+xml but is an HTML page"),
}
BAD_PAGES = {
    "/404": (Reply("gone", status=404), "failed", "HTTP 404"),
    "/500": (Reply("oops", status=500), "failed", "HTTP 500"),
    "/slow": (Reply("late", delay=5), "failed", "timed out"),
    "/loop": (Reply(status=302, headers={"Location": "/loop2"}), "failed", "redirect loop"),
    "/huge": (Reply(b"<p>" + b"x" * 20_000_000), "skipped", "too large"),
    "/paper.pdf": (Reply(b"%PDF-1.7", content_type="application/pdf"), "skipped",
                   "application/pdf"),
    "/private/page": (Reply("secret"), "skipped", "robots.txt forbids it"),
    "/limited": (Reply("slow down", status=429, headers={"Retry-After": "3600"}), "failed",
                 "asks to wait 3600 s"),
}


@pytest.fixture
def hostile_site(site):
    for path, (reply, _, _) in {**BAD_FEEDS, **BAD_PAGES}.items():
        site.routes[path] = reply
    site.routes["/loop2"] = Reply(status=302, headers={"Location": "/loop"})
    site.routes["/robots.txt"] = Reply("User-agent: *\nDisallow: /private/\n",
                                       content_type="text/plain")
    serve_feed(site)
    items = [(p, p, "2025-06-01") for p in BAD_PAGES] + [
        (p, STORIES[p][0], "2025-06-02") for p in STORIES]
    site.routes["/mixed.xml"] = Reply(rss(site.base, items), content_type="application/rss+xml",
                                      etag='"mixed"')
    return site


def test_every_bad_input_gets_one_clear_line_and_the_run_goes_on(home, hostile_site):
    site = hostile_site
    before, _ = run("data/samples")
    with Archive() as archive:
        stored = archive.count()
    summary, lines = run(site.url("/mixed.xml"), *map(site.url, BAD_FEEDS),
                         politeness=Politeness(delay=0, retries=1, backoff=0.01, timeout=1,
                                               max_bytes=2_000_000))
    for path, (_, status, reason) in {**BAD_FEEDS, **BAD_PAGES}.items():
        outcome = lines[site.url(path)]
        assert outcome.status == status and reason in outcome.detail, outcome
    assert all(lines[site.url(p)].status == "new" for p in STORIES)
    with Archive() as archive:
        assert archive.count() == stored + 3  # nothing lost, the good pages added
    # a feed with failed pages is read whole next time (no 304), so they get another chance
    again, lines = run(site.url("/mixed.xml"), politeness=Politeness(
        delay=0, retries=0, timeout=1, max_bytes=2_000_000))
    assert lines[site.url("/mixed.xml")].status == "read"
    assert lines[site.url("/404")].status == "failed"


@pytest.mark.parametrize(("declared", "encoding"), [("utf-8", "cp1252"),
                                                    ("iso-8859-1", "utf-8")])
def test_pages_in_the_wrong_charset_are_read_right(home, site, declared, encoding):
    text = ("Société Générale said on Friday it had agreed to buy Müller Robotik, a German "
            "maker of café espresso robots, for €50 million.")
    site.routes["/page"] = Reply(article_html("Société Générale buys Müller", text,
                                              charset=declared).encode(encoding),
                                 content_type=f"text/html; charset={declared}")
    summary, lines = run(site.url("/page"))
    assert lines[site.url("/page")].status == "new"
    assert f"declared {declared}" in lines[site.url("/page")].detail
    with Archive() as archive:
        [(article, _)] = archive.articles()
    assert "Société Générale" in article.text and "Müller Robotik" in article.text


def kg(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    proc = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=300,
                          env={**env, "KG_HOME": str(home)})
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def test_the_cli_exits_1_only_when_nothing_could_be_read(tmp_path, hostile_site):
    site = hostile_site
    home = tmp_path / "kg"
    bad = kg("ingest", "--delay", "0", "--retries", "0", "--timeout", "1",
             site.url("/404"), site.url("/fake-feed.xml"), home=home)
    assert bad.returncode == 1
    assert "failed    " + site.url("/404") + "  HTTP 404" in bad.stdout
    assert bad.stderr.strip() == "Error: nothing could be read from the sources"
    good = kg("ingest", "--delay", "0", "--retries", "0", site.url("/404"),
              site.url("/feed.xml"), home=home)
    assert good.returncode == 0, good.stderr
    assert "ingested: 1 failed, 3 new, 1 read" in good.stdout
    missing = kg("ingest", home=tmp_path / "other")
    assert missing.returncode == 1 and "no sources given" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_feed_broken_half_way_is_read_as_far_as_it_goes(home, site):
    serve_story(site, "/news/acme-beta")
    site.routes["/broken.xml"] = Reply(
        f"<rss><channel><title>B</title><item><title>Acme</title><link>{site.base}"
        "/news/acme-beta</link></item><item><title>Beta & Gamma</title><link>",
        content_type="application/rss+xml")
    summary, lines = run(site.url("/broken.xml"))
    feed = lines[site.url("/broken.xml")]
    assert feed.status == "read" and "malformed XML" in feed.detail, feed
    assert lines[site.url("/news/acme-beta")].status == "new"


def test_the_library_ingest_is_the_function():
    import kg
    import kg.ingestion  # noqa: F401

    assert kg.ingest is ingest and kg.rebuild is not None and callable(kg.changes_since)
