"""News in every day, as a user runs it: `kg ingest` a local site's feed, `kg build`, the site
changes, `kg ingest --build` again, `kg changes` shows exactly what changed, `kg rebuild`
gives what a fresh build gives. Real subprocesses, a real HTTP server, the real model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from httpsite import Reply, article_html, rss

from kg.graph import load_graph

KG = [str(Path(sys.executable).with_name("kg"))]

META_TALKS = ("Meta Platforms is in talks to take a 49% stake in Scale AI, valuing the "
              "data-labeling startup at $29 billion, people familiar with the matter said on "
              "Tuesday.\n\nThe talks could still fall apart, they said.")
META_DONE = ("Meta Platforms has completed its investment in Scale AI, taking a 49% stake that "
             "values the data-labeling startup at $29 billion, the companies said on Friday."
             "\n\nThe deal closed after regulators raised no objections.")
GOOGLE = ("Google signed a $200 million contract with Scale AI in 2024 to label training data "
          "for its Gemini models, the companies said.\n\nThe agreement runs for two years.")
NVIDIA = ("Nvidia agreed to acquire Run:ai, an Israeli startup that helps companies manage GPU "
          "workloads, for $700 million, the companies said on Wednesday.\n\nThe deal is "
          "expected to close later this year.")


def publish(site, stories: dict[str, tuple[str, str, str]], version: int) -> None:
    """Serve ``stories`` (path -> title, text, date) and a feed of them, with ETags."""
    for path, (title, text, date) in stories.items():
        site.routes[path] = Reply(article_html(title, text, published=date,
                                               site_name="AI Wire"),
                                  etag=f'"{path}-{hash(text) & 0xFFFF}"')
    items = [(p, t, d) for p, (t, _, d) in stories.items()]
    site.routes["/feed.xml"] = Reply(rss(site.base, items), etag=f'"feed-{version}"',
                                     content_type="application/rss+xml")


def kg(*args: str, home: Path, ok: bool = True) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    proc = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=600,
                          env={**env, "KG_HOME": str(home)})
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert (proc.returncode == 0) == ok, (proc.returncode, proc.stdout, proc.stderr[-3000:])
    return proc.stdout


def edges(home: Path, monkeypatch) -> dict:
    """The stored graph's facts: key -> (status, sorted evidence (doc, sentence, url))."""
    monkeypatch.setenv("KG_HOME", str(home))
    graph = load_graph()
    return {(k, graph.nodes[u]["name"], graph.nodes[v]["name"]): (
        d.get("status"), sorted((e["sentence"], e.get("url"), e.get("outlet"),
                                 e.get("published")) for e in d["evidence"]))
        for u, v, k, d in graph.edges(keys=True, data=True)}


@pytest.mark.slow
def test_daily_ingest_build_and_changes(tmp_path, site, monkeypatch):
    home = tmp_path / "kg"
    stories = {"/2025/06/meta-scale": ("Meta in talks for Scale AI stake", META_TALKS,
                                       "2025-06-03"),
               "/2025/06/google-scale": ("Google signs Scale AI deal", GOOGLE, "2025-06-02")}
    publish(site, stories, 1)
    home.mkdir(parents=True)
    (home / "sources").write_text(f"# the morning feeds\n{site.url('/feed.xml')}\n")

    out = kg("ingest", "--delay", "0", home=home)
    assert "ingested: 2 new, 1 read" in out
    out = kg("build", home=home)
    assert "articles read: 2" in out and "changes: 2 new" in out
    first = edges(home, monkeypatch)
    assert first[("INVESTS_IN", "Meta", "Scale AI")][0] == "in_talks"
    assert first[("CUSTOMER_OF", "Google", "Scale AI")][0] == "active"

    # nothing new: no fetch but one 304 for the feed, and no extraction
    hits = len(site.hits)
    assert "1 unchanged" in kg("ingest", "--delay", "0", home=home)
    assert [h.path for h in site.hits[hits:]] == ["/robots.txt", "/feed.xml"]
    assert "nothing new to extract" in kg("build", home=home)

    # the site updates one article (the deal completed) and publishes a new one
    stories["/2025/06/meta-scale"] = ("Meta completes Scale AI investment", META_DONE,
                                      "2025-06-06")
    stories["/2025/06/nvidia-runai"] = ("Nvidia to buy Run:ai", NVIDIA, "2025-06-05")
    publish(site, stories, 2)
    out = kg("ingest", "--delay", "0", "--build", home=home)
    assert "ingested: 1 new, 1 read, 1 unchanged, 1 updated" in out
    assert "articles read: 2" in out  # the new one and the updated one, nothing else
    second = edges(home, monkeypatch)
    assert set(second) - set(first) == {("ACQUIRES", "Nvidia", "Run:ai")}
    assert second[("INVESTS_IN", "Meta", "Scale AI")][0] == "completed"
    assert second[("CUSTOMER_OF", "Google", "Scale AI")] == first[("CUSTOMER_OF", "Google",
                                                                   "Scale AI")]
    articles = json.loads(kg("query", "MATCH (a:Article) RETURN a.url AS url", "--format",
                             "json", home=home))
    assert sorted(a["url"] for a in articles) == sorted(map(site.url, stories))

    changes = json.loads(kg("changes", "--since", "today", "--format", "json", home=home))
    latest = [c for c in changes if c["run_at"] == changes[-1]["run_at"]]
    assert sorted((c["change"], c["type"], c["source"], c["target"], c["old_status"],
                   c["new_status"]) for c in latest) == [
        ("new", "ACQUIRES", "Nvidia", "Run:ai", None, "announced"),
        ("status", "INVESTS_IN", "Meta", "Scale AI", "in_talks", "completed")]
    status = next(c for c in latest if c["change"] == "status")
    assert (status["url"], status["outlet"], status["published"]) == (
        site.url("/2025/06/meta-scale"), "AI Wire", "2025-06-06")
    table = kg("changes", "--since", "yesterday", home=home)
    assert "status   Meta INVESTS_IN Scale AI (in_talks -> completed)" in table
    assert site.url("/2025/06/nvidia-runai") in table

    page = tmp_path / "new.html"
    kg("view", "--new-since", latest[0]["run_at"], "-o", str(page), home=home)
    payload = json.loads(re.search(r"window\.kgPayload = (\{.*?\});</script>",
                                   page.read_text("utf-8"), re.S).group(1))
    assert sorted(e["relType"] for e in payload["edges"] if e["isNew"]) == ["ACQUIRES",
                                                                           "INVESTS_IN"]

    shown = kg("show", "Scale AI", home=home)
    assert f"[Meta completes Scale AI investment, AI Wire, 2025-06-06] " \
           f"{site.url('/2025/06/meta-scale')}" in shown

    # rebuild from the archive = a fresh build of the same articles, and nothing fetched
    hits = len(site.hits)
    out = kg("rebuild", home=home)
    assert "articles read: 3" in out and len(site.hits) == hits
    fresh = tmp_path / "fresh"
    kg("ingest", "--delay", "0", site.url("/feed.xml"), "--build", home=fresh)
    assert edges(home, monkeypatch) == edges(fresh, monkeypatch)
    assert "nothing new to extract" in kg("build", home=home)


def test_a_store_made_before_outlets_were_kept_is_upgraded_when_read(home, nlp):
    import ladybug

    from kg.builder import build
    from kg.extract import extract
    from kg.store.embedded import EmbeddedStore

    build(["data/samples"], neo4j=False, progress=False, extractor=partial(extract, nlp=nlp))
    db = ladybug.Database(str(home / "graph.lbug"))
    ladybug.Connection(db).execute("ALTER TABLE Article DROP outlet")
    db.close()
    graph = load_graph()  # reads through the upgrade
    assert graph.number_of_edges() > 10
    with EmbeddedStore(read_only=True) as store:
        assert store.records("MATCH (a:Article) RETURN a.outlet AS outlet LIMIT 1") == [
            {"outlet": None}]


@pytest.mark.slow
def test_a_rebuild_killed_mid_way_leaves_the_old_graph(tmp_path, monkeypatch):
    home = tmp_path / "kg"
    kg("ingest", "data/articles", "--build", home=home)
    before = edges(home, monkeypatch)
    assert len(before) > 100
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    proc = subprocess.Popen([*KG, "rebuild", "--batch-size", "20"], env={
        **env, "KG_HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = home / "graph.lbug.staging.wal"  # the new graph has batches in it
    while not wal.exists() and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the rebuild ended before it could be interrupted"
    proc.kill()
    proc.wait()
    assert edges(home, monkeypatch) == before
    out = kg("rebuild", home=home)
    assert "articles read: " in out and edges(home, monkeypatch) == before
