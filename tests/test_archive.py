"""The article archive: one row per article whatever URL or outlet it came under, incremental
bookkeeping, and whole rows after a kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg.archive import Archive, ArchiveError, Document
from kg.articles import read_articles
from kg.urls import url_key

TEXT = ("Helix Robotics said on Tuesday it had raised $40 million in a Series B round led by "
        "Northwind Ventures, valuing the warehouse-automation startup at $300 million. The "
        "company plans to use the money to double its engineering staff in Lisbon and to open "
        "an office in Austin next year, chief executive Mara Quint told reporters. Helix sells "
        "picking robots to grocery chains and third-party logistics firms; it counts Ocado and "
        "two unnamed US retailers among its customers. Northwind partner Ravi Sen joins the "
        "board. Earlier backers Fieldstone Capital and Orbit Labs took part in the round, "
        "which follows a $12 million Series A eighteen months ago.")


@pytest.fixture
def archive(home) -> Archive:
    with Archive() as store:
        yield store


@pytest.mark.parametrize("variant", [
    "https://news.example.com/2025/06/helix-raises?utm_source=rss&utm_medium=feed",
    "http://www.news.example.com/2025/06/helix-raises/",
    "https://news.example.com/2025/06/helix-raises/amp",
    "https://amp.news.example.com/2025/06/helix-raises?amp=1",
    "https://m.news.example.com/2025/06/helix-raises#comments",
    "https://news.example.com/2025/06/helix-raises?fbclid=abc&gclid=def",
])
def test_url_variants_share_one_key(variant):
    assert url_key(variant) == url_key("https://news.example.com/2025/06/helix-raises")


def test_meaningful_query_parameters_stay_in_the_key():
    assert url_key("https://example.com/story.php?id=1") != \
        url_key("https://example.com/story.php?id=2")


def test_an_article_under_a_tracking_or_amp_url_is_stored_once_with_both_urls(archive):
    first = archive.store(Document(TEXT, url="https://news.example.com/helix", title="Helix"))
    again = archive.store(Document(TEXT, url="https://news.example.com/helix/amp",
                                   also_urls=("https://news.example.com/helix?utm_source=x",)))
    assert first.outcome == "new" and again.outcome == "unchanged"
    assert again.doc_id == first.doc_id and archive.count() == 1
    assert archive.urls(first.doc_id) == ["https://news.example.com/helix",
                                          "https://news.example.com/helix/amp",
                                          "https://news.example.com/helix?utm_source=x"]


def test_a_syndicated_copy_is_stored_once_with_both_urls(archive):
    first = archive.store(Document(TEXT, url="https://wire.example.com/helix", outlet="Wire"))
    copy = archive.store(Document(TEXT.replace("  ", " ") + "\n", outlet="Daily",
                                  url="https://daily.example.org/tech/helix-raises-40m"))
    assert (copy.outcome, copy.doc_id, copy.how) == ("duplicate", first.doc_id, "same text")
    assert archive.count() == 1
    assert archive.urls(first.doc_id) == ["https://wire.example.com/helix",
                                          "https://daily.example.org/tech/helix-raises-40m"]


def test_a_lightly_edited_copy_is_a_near_duplicate(archive):
    first = archive.store(Document(TEXT, url="https://wire.example.com/helix"))
    edited = TEXT.replace("told reporters", "said") + " (Reporting by the Daily staff.)"
    copy = archive.store(Document(edited, url="https://daily.example.org/helix"))
    assert (copy.outcome, copy.doc_id, copy.how) == ("duplicate", first.doc_id,
                                                     "near-duplicate text")


def test_different_articles_are_never_merged(archive):
    """Every article of the project's data: related stories about the same companies, none
    of them a copy of another."""
    articles = list(read_articles(["data/articles", "data/corpus/train"]))
    outcomes = [archive.store(Document.from_article(a)).outcome for a in articles]
    distinct = len({" ".join(a.text.split()).casefold() for a in articles})
    assert outcomes.count("new") == distinct == archive.count()


def test_a_changed_text_updates_the_article_and_makes_it_pending_again(archive):
    first = archive.store(Document(TEXT, url="https://news.example.com/helix"))
    archive.mark_extracted([(a.id, digest) for a, digest in archive.articles()], "rules-1")
    assert archive.pending("rules-1") == [] and archive.pending("rules-2") == [first.doc_id]
    changed = archive.store(Document(TEXT.replace("$40 million", "$45 million"),
                                     url="https://news.example.com/helix?utm_source=rss"))
    assert (changed.outcome, changed.doc_id) == ("updated", first.doc_id)
    assert archive.count() == 1 and archive.pending("rules-1") == [first.doc_id]
    article, _ = next(archive.articles([first.doc_id]))
    assert "$45 million" in article.text


def test_raw_pages_and_metadata_are_kept(archive):
    raw = b"<html><body><p>" + TEXT.encode() + b"</p></body></html>"
    stored = archive.store(Document(TEXT, url="https://news.example.com/helix", raw=raw,
                                    title="Helix raises", published="2025-06-03",
                                    outlet="Example News", author="A. Writer"))
    article, _ = next(archive.articles())
    assert (article.id, article.title, article.published, article.outlet, article.url) == (
        stored.doc_id, "Helix raises", "2025-06-03", "Example News",
        "https://news.example.com/helix")
    assert archive.raw(stored.doc_id) == raw


def test_validators_and_changes_are_kept(archive):
    archive.remember_validators("https://x.example/feed", '"v1"', "Tue, 03 Jun 2025 10:00:00 GMT")
    assert archive.validators("https://x.example/feed") == ('"v1"',
                                                            "Tue, 03 Jun 2025 10:00:00 GMT")
    assert archive.validators("https://x.example/other") == (None, None)
    archive.record_changes([{"change": "new", "type": "ACQUIRES", "source": "A",
                             "target": "B"}], run_at="2025-06-03T10:00:00+00:00")
    assert [c["type"] for c in archive.changes("2025-06-01")] == ["ACQUIRES"]
    assert archive.changes("2025-06-04") == []


def test_a_file_that_is_not_an_archive_is_one_clear_error(home):
    home.mkdir(parents=True)
    (home / "archive.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError, match="cannot open the article archive .* move it away"):
        Archive()


WRITER = """
import sys
from kg.archive import Archive, Document
archive = Archive(sys.argv[1])
for i in range(100000):
    words = " ".join(f"w{i}x{j}" for j in range(200))  # distinct articles, not copies
    archive.store(Document(f"Article number {i}. {words}", url=f"https://news.example.com/{i}"))
    print(i, flush=True)
"""


def test_kill_9_leaves_every_committed_article_whole(tmp_path):
    path = tmp_path / "archive.sqlite"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            env=env, text=True)
    for _ in range(200):  # 200 commits acknowledged, then kill it mid-write
        committed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with Archive(path) as archive:
        assert archive.count() >= committed + 1
        for article, _ in archive.articles():
            number = article.url.rsplit("/", 1)[1]
            assert article.text.startswith(f"Article number {number}. ")
            assert article.text.endswith(f" w{number}x199")
        assert len(archive.pending("rules")) == archive.count()
