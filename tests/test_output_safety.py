"""What an article wrote never runs: no terminal escapes, spreadsheet formulas or script links."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import relations_to_graph
from kg.records import Evidence, Relation
from kg.store.embedded import EmbeddedStore
from kg.view.html import render_page

HOSTILE = "Acme\x1b[2J\x1b]0;pwned\x07\u202eCorp"


def _rel(source: str, target: str, url: str | None = None) -> Relation:
    sentence = f"{source} took a 10% stake in {target}.\x9b31m"
    ev = Evidence("doc-1", sentence, 0, len(sentence), "investment.stake", title="t\x1b[1m",
                  url=url)
    return Relation("INVESTS_IN", source, target, "Company", "Company", ev, {"stake_pct": 10.0})


@pytest.fixture
def hostile_store(home):
    with EmbeddedStore() as store:
        store.load([_rel(HOSTILE, "=HYPERLINK(\"http://evil\")")])


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_output_carries_no_control_characters(hostile_store, fmt):
    out = _run("query", "MATCH (c:Company)-[r]->() RETURN c.name, r.ev_sentences",
               "--format", fmt)
    assert "Acme" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), repr(out)
    if fmt == "json":  # the same data, escaped rather than dropped
        assert json.loads(out)[0]["c.name"] == HOSTILE


def test_did_you_mean_lists_are_printed_without_escapes(hostile_store):
    out = _run("show", "Acme")
    assert "Did you mean" in out and "Acme[2J]0;pwnedCorp" in out
    assert "\x1b" not in out and "\u202e" not in out


def test_show_prints_evidence_without_escapes(hostile_store):
    out = _run("show", "=HYPERLINK(\"http://evil\")")
    assert "took a 10% stake" in out and "\x9b" not in out and "\x1b" not in out


def test_csv_export_neutralises_formulas(hostile_store, tmp_path):
    _run("export", "--format", "csv", "-o", str(tmp_path / "out"))
    with (tmp_path / "out" / "nodes.csv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert "'=HYPERLINK(\"http://evil\")" in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)


def test_query_csv_neutralises_formulas(hostile_store):
    out = _run("query", "MATCH (c:Company) RETURN c.name ORDER BY c.name", "--format", "csv")
    assert "'=HYPERLINK" in out and "\n=HYPERLINK" not in out


@pytest.mark.parametrize("url, linked", [
    ("javascript:alert(document.cookie)", False), ("JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("https://example.com/a", True),
])
def test_evidence_links_are_http_only(url, linked):
    page = render_page(relations_to_graph([_rel("Acme", "Beta", url=url)]))
    assert (url in page) == linked
