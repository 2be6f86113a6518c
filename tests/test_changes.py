"""`kg changes`: the graph's change log by date, and the diff each build logs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from kg.changes import graph_changes, parse_since
from kg.cli import main
from kg.graph import relations_to_graph
from kg.records import Evidence, Relation

NOW = datetime(2025, 6, 10, 9, 30, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(("text", "expected"), [
    ("today", "2025-06-09T22:00:00+00:00"),
    ("yesterday", "2025-06-08T22:00:00+00:00"),
    ("3 days ago", "2025-06-07T07:30:00+00:00"),
    ("12h", "2025-06-09T19:30:00+00:00"),
    ("2025-06-01", "2025-05-31T22:00:00+00:00"),
    ("2025-06-01T08:00:00+00:00", "2025-06-01T08:00:00+00:00"),
])
def test_since_accepts_dates_times_and_words(text, expected):
    assert parse_since(text, NOW) == expected


def rel(rel_type, src, dst, status, doc, date):
    ev = Evidence(doc, f"{src} and {dst}.", 0, 10, "test", title=doc, published=date,
                  url=f"https://news.example.com/{doc}", outlet="Example News")
    return Relation(rel_type, src, dst, "Company", "Company", ev, {"status": status}, 0.9)


def test_a_build_logs_new_edges_and_status_changes_with_their_article():
    before = relations_to_graph([rel("ACQUIRES", "Acme", "Beta", "planned", "a1", "2025-06-01"),
                                 rel("CUSTOMER_OF", "Gamma", "Beta", "active", "a1",
                                     "2025-06-01")])
    after = relations_to_graph([rel("ACQUIRES", "Acme", "Beta", "completed", "a2",
                                    "2025-06-05"),
                                rel("INVESTS_IN", "Delta", "Acme", "completed", "a2",
                                    "2025-06-05")], before.copy())
    changes = graph_changes(before, after)
    assert sorted((c["change"], c["type"], c["old_status"], c["new_status"], c["url"])
                  for c in changes) == [
        ("new", "INVESTS_IN", None, "completed", "https://news.example.com/a2"),
        ("status", "ACQUIRES", "planned", "completed", "https://news.example.com/a2")]
    assert graph_changes(after, after) == []
    gone = graph_changes(after, before)
    assert [(c["change"], c["type"]) for c in gone if c["change"] == "removed"] == [
        ("removed", "INVESTS_IN")]


def test_changes_on_a_fresh_home_and_a_bad_date(home):
    result = CliRunner().invoke(main, ["changes", "--since", "yesterday"])
    assert result.exit_code == 0 and "no changes to the graph since yesterday" in result.output
    result = CliRunner().invoke(main, ["changes", "--since", "last tuesday"])
    assert result.exit_code == 2 and "cannot read 'last tuesday' as a date" in result.output
    assert "Traceback" not in result.output


def test_the_view_makes_what_changed_stand_out(tmp_path):
    import json
    import re

    from kg.changes import changed_edges
    from kg.view import write_html

    before = relations_to_graph([rel("ACQUIRES", "Acme", "Beta", "planned", "a1", "2025-06-01")])
    after = relations_to_graph([rel("INVESTS_IN", "Delta", "Acme", "completed", "a2",
                                    "2025-06-05")], before.copy())
    keys = changed_edges(after, graph_changes(before, after))
    assert keys == {("INVESTS_IN", "company:delta", "company:acme")}
    page = write_html(after, tmp_path / "g.html", highlight=keys).read_text("utf-8")
    edges = json.loads(re.search(r"window\.kgPayload = (\{.*?\});</script>", page,
                                 re.S).group(1))["edges"]
    assert {e["relType"]: e["isNew"] for e in edges} == {"ACQUIRES": False, "INVESTS_IN": True}
    new = next(e for e in edges if e["isNew"])
    assert new["shadow"]["enabled"] and new["title"].startswith("new or changed lately")
