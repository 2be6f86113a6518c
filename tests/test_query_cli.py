"""The graph commands as users type them: answers, formats, and errors without stack traces."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from graph_samples import gold_seed_relations, later_relations, seed_relations

from kg.cli import main
from kg.store.embedded import EmbeddedStore


@pytest.fixture
def built(home):
    rels = seed_relations() + later_relations() + gold_seed_relations()
    with EmbeddedStore() as store:
        store.load(rels)
    return rels


def kg(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args))
    assert (result.exit_code == 0) == ok, result.output
    assert "Traceback" not in result.output
    return result.output


def test_query_formats(built):
    q = ("MATCH (a:Company)-[r:INVESTS_IN]->(b:Company) "
         "RETURN a.name AS investor, b.name AS target, r.stake_pct AS pct")
    table = kg("query", q)
    assert table.splitlines()[0].split() == ["investor", "target", "pct"]
    assert "Meta" in table and "49.0" in table and "(1 row)" in table
    assert json.loads(kg("query", q, "--format", "json")) == \
        [{"investor": "Meta", "target": "Scale AI", "pct": 49.0}]
    rows = list(csv.reader(io.StringIO(kg("query", q, "--format", "csv"))))
    assert rows == [["investor", "target", "pct"], ["Meta", "Scale AI", "49.0"]]


def test_malformed_and_neo4j_only_queries_say_what_is_wrong(built):
    out = kg("query", "MATCH (a RETURN a", ok=False)
    assert "Error: the embedded store could not run this query: Parser exception" in out
    out = kg("query", "MATCH ()-[r]->() RETURN type(r)", ok=False)
    assert "label(r)" in out and "--neo4j" in out


def test_query_without_a_built_graph(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_HOME", str(tmp_path / "nothing"))
    assert "kg build" in kg("query", "MATCH (n) RETURN n", ok=False)


def test_conflicts_names_google_scale_ai_meta(built):
    out = kg("conflicts")
    first = out.splitlines()[0]
    assert first.startswith("1. Google buys from Scale AI ($200M")
    assert "rival Meta holds 49% stake" in first
    assert "49% stake in the company" in out  # the evidence sentence
    data = json.loads(kg("conflicts", "--format", "json"))
    assert (data[0]["customer_name"], data[0]["rival_name"]) == ("Google", "Meta")


def test_show_path_moves(built):
    out = kg("show", "scale ai")
    assert out.startswith("Scale AI [Company]")
    assert "investors:\n    Meta (49%, $29B valuation, completed)" in out
    assert "status history: active -> planned -> ended" in out
    assert "Google -CUSTOMER_OF-> Scale AI" in kg("path", "Google", "Labelbox")
    moves = kg("moves")
    assert "Denise Dresser -> OpenAI" in moves and "Alexandr Wang -> Meta" in moves


def test_missing_entity_suggests_names(built):
    out = kg("show", "Scael AI", ok=False)
    assert "no entity named 'Scael AI'" in out and "Did you mean: Scale AI" in out
    assert "Did you mean" in kg("path", "Gogle", "Meta", ok=False)


def test_export_csv_and_graphml(built, tmp_path):
    out = kg("export", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert "nodes.csv" in out
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open()))
    meta = [e for e in edges if e["type"] == "INVESTS_IN" and e["source"] == "company:meta"]
    assert meta[0]["stake_pct"] == "49.0" and json.loads(meta[0]["evidence"])
    kg("export", "--format", "graphml", "-o", str(tmp_path / "gml"))
    g = nx.read_graphml(tmp_path / "gml" / "graph.graphml")
    assert g.nodes["company:scale-ai"]["name"] == "Scale AI"


@pytest.mark.neo4j
def test_query_on_neo4j(built, neo4j_driver):
    kg("build", "data/samples/ai-industry-news-sample.txt", "--neo4j")
    out = kg("query", "--neo4j", "--format", "json",
             "MATCH (:Company {name: 'Meta'})-[r]->(:Company {name: 'Scale AI'}) "
             "RETURN type(r) AS t")
    assert {"t": "INVESTS_IN"} in json.loads(out)
    assert "Neo4j rejected the query" in kg("query", "--neo4j", "MATCH (a RETURN a", ok=False)
    assert "Google buys from Scale AI" in kg("conflicts", "--neo4j")
