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
from kg.store.embedded import EmbeddedStore, default_path


@pytest.fixture
def built(home):
    rels = seed_relations() + later_relations() + gold_seed_relations()
    with EmbeddedStore() as store:
        store.load(rels)
    return rels


def kg(*args: str, ok: bool = True):
    return run(*args, ok=ok).output


def run(*args: str, ok: bool = True):
    """The command's result: ``stdout`` and ``stderr`` apart, ``output`` both together."""
    result = CliRunner().invoke(main, list(args))
    assert (result.exit_code == 0) == ok, result.output
    assert "Traceback" not in result.output
    return result


def embedded_counts() -> tuple[int, int]:
    with EmbeddedStore(read_only=True) as store:
        return store.counts()


# a query that runs for minutes in constant memory (10^10 rows filtered to none)
ENDLESS = ("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
           "WITH x * y AS z WHERE z < 0 RETURN count(*) AS n")
DELETE_ALL = "MATCH (n) DETACH DELETE n"


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


def test_query_only_reads_unless_given_write(built):
    before = embedded_counts()
    result = run("query", DELETE_ALL, ok=False)
    assert result.stderr == ("Error: the query would change the graph, and kg query only "
                             "reads it unless given --write\n")
    assert result.stdout == ""
    assert embedded_counts() == before
    result = run("query", "--write", DELETE_ALL)
    assert result.stderr == (f"wrote to the embedded store {default_path()}: nodes "
                             f"{before[0]} -> 0, relationships {before[1]} -> 0 (property "
                             "changes are not counted)\n")
    assert embedded_counts() == (0, 0)


def test_query_prints_at_most_limit_rows_and_says_so(built):
    result = run("query", "UNWIND range(1, 2500) AS x RETURN x")
    assert result.stdout.splitlines()[-1] == "(1000 rows)"
    assert result.stdout.splitlines()[-2] == "1000"
    assert result.stderr == ("Note: the query has more than 1000 rows; showing the first "
                             "1000 (--limit N for more).\n")
    result = run("query", "UNWIND range(1, 2500) AS x RETURN x", "--limit", "3",
                 "--format", "json")
    assert json.loads(result.stdout) == [{"x": 1}, {"x": 2}, {"x": 3}]
    assert "more than 3 rows" in result.stderr
    result = run("query", "UNWIND range(1, 3) AS x RETURN x", "--limit", "3")
    assert result.stderr == "" and "(3 rows)" in result.stdout
    assert "Invalid value for '--limit'" in kg("query", "RETURN 1", "--limit", "0", ok=False)


def test_a_long_query_is_stopped_by_its_timeout(built):
    result = run("query", ENDLESS, "--timeout", "1", ok=False)
    assert result.stderr == ("Error: the query ran longer than its timeout (1 s) and was "
                             "stopped: narrow it, or give it more time with --timeout\n")


def test_query_reaches_no_files_unless_allowed(built, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("s3cret\n")
    load = f"LOAD FROM '{secret}' (file_format='csv', header=false) RETURN *"
    result = run("query", load, ok=False)
    assert result.stderr == ("Error: the query reaches files (LOAD FROM reads files), and kg "
                             "query reaches none unless given --allow-files\n")
    assert "s3cret" not in result.output
    assert "s3cret" in kg("query", "--allow-files", load)
    out = tmp_path / "out.csv"
    copy = f"COPY (MATCH (c:Company) RETURN c.name) TO '{out}'"
    assert "COPY reads or writes files" in kg("query", copy, ok=False)
    assert not out.exists()
    kg("query", "--allow-files", copy)
    assert "Scale AI" in out.read_text()
    assert "functions read files" in kg("query", f"CALL READ_CSV_SERIAL('{secret}') RETURN *",
                                        ok=False)  # the engine itself would crash on this one


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


@pytest.fixture
def neo4j_built(home, neo4j_driver):
    """The sample relations in the tests' Neo4j; returns a function counting its graph."""
    from kg.graph import open_store

    with open_store(neo4j=True) as store:
        store.load(seed_relations() + later_relations())

    def counts() -> tuple[int, int]:
        with open_store(neo4j=True) as store:
            return store.counts()

    return counts


@pytest.mark.neo4j
def test_neo4j_query_only_reads_unless_given_write(neo4j_built):
    before = neo4j_built()
    result = run("query", "--neo4j", DELETE_ALL, ok=False)
    assert result.stderr == ("Error: the query would change the graph, and kg query only "
                             "reads it unless given --write\n")
    assert neo4j_built() == before
    result = run("query", "--neo4j", "--write", DELETE_ALL)
    assert result.stderr.startswith("wrote to the Neo4j database ")
    assert result.stderr.endswith(f": {before[0]} nodes deleted, {before[1]} relationships "
                                  "deleted\n")
    assert neo4j_built() == (0, 0)


@pytest.mark.neo4j
def test_neo4j_query_limit_timeout_and_files(neo4j_built):
    result = run("query", "--neo4j", "UNWIND range(1, 2500) AS x RETURN x", "--format", "csv")
    assert result.stdout.splitlines() == ["x", *map(str, range(1, 1001))]
    assert "more than 1000 rows" in result.stderr
    result = run("query", "--neo4j", ENDLESS, "--timeout", "1", ok=False)
    assert result.stderr.startswith("Error: the query ran longer than its timeout (1 s)")
    load = "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"
    result = run("query", "--neo4j", load, ok=False)
    assert result.stderr == ("Error: the query reaches files (LOAD CSV reads files and URLs), "
                             "and kg query reaches none unless given --allow-files\n")
    # allowed here, the project's server still refuses file URLs (its own configuration)
    result = run("query", "--neo4j", "--allow-files", load, ok=False)
    assert "root:" not in result.output and result.stderr.count("\n") == 1
