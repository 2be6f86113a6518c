"""The file-access check on user queries (kg.store.guard): what it refuses and what it lets by."""

from __future__ import annotations

import pytest

from kg.store.cypher import LADYBUG, NEO4J
from kg.store.guard import code, file_access


@pytest.mark.parametrize("query", [
    "LOAD FROM '/etc/passwd' (file_format='csv', header=false) RETURN *",
    "load from 'x.csv' return *",
    "MATCH (n) WITH n LOAD WITH HEADERS (a STRING) FROM 'x.csv' RETURN *",
    "COPY (MATCH (n) RETURN n.name) TO '/tmp/out.csv'",
    "COPY Company FROM 'companies.csv'",
    "RETURN 1; COPY Company FROM 'x.csv'",
    "EXPLAIN COPY (RETURN 1) TO 'x.csv'",
    "EXPORT DATABASE '/tmp/dump'",
    "IMPORT DATABASE '/tmp/dump'",
    "INSTALL json", "LOAD EXTENSION json", "LOAD json", "LOAD '/tmp/libevil.so'",
    "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)",
    "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
    "CALL read_parquet('/etc/passwd') RETURN *",
    "CALL file_info('x') RETURN *",
    "CALL project_graph_cypher('g', 'MATCH (n) RETURN n')",
    "RETURN 1 /* a comment */; COPY (RETURN 1) TO 'x.csv'",
])
def test_embedded_file_access_is_found(query):
    assert file_access(query, LADYBUG)


@pytest.mark.parametrize("query", [
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers from 'https://example.com/x.csv' AS row RETURN row",
    "CALL apoc.load.json('file:///etc/passwd')",
    "CALL `apoc`.`load`.json('file:///etc/passwd')",
    "CALL `apoc.export.csv.all`('/tmp/x.csv', {})",
    "CALL apoc.import.graphml('x.graphml', {})",
    "CALL apoc.cypher.runFile('x.cypher')",
    "CALL apoc.cypher.run('LOAD ' + 'CSV FROM \"file:///etc/passwd\" AS r RETURN r', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL apoc.do.when(true, 'CREATE (n)', '', {})",
    "CALL apoc.log.stream('debug.log')",
    "CALL gds.graph.export.csv('g', {exportName: 'x'})",
])
def test_neo4j_file_access_is_found(query):
    assert file_access(query, NEO4J)


@pytest.mark.parametrize("query", [
    "MATCH (a:Company)-[r:INVESTS_IN]->(b) RETURN a.name, r.stake_pct, b.name",
    "MATCH (n:Article) WHERE n.title CONTAINS 'LOAD FROM' RETURN n",  # a string says it
    "MATCH (n) RETURN n // then COPY (RETURN 1) TO 'x.csv'",  # a comment says it
    "MATCH (n) /* LOAD CSV FROM x */ RETURN n.name AS load",
    "MATCH (load:Company) RETURN load.name, load AS copy",  # names, not clauses
    "MATCH (n) RETURN \"it's EXPORT DATABASE\" AS s",
    "CALL show_tables() RETURN *",
    "CALL apoc.coll.sum([1, 2])",
    "MATCH (n) DETACH DELETE n",
])
def test_plain_queries_pass(query):
    assert file_access(query, LADYBUG) is None
    assert file_access(query, NEO4J) is None


def test_literals_are_blanked_and_quoted_names_kept():
    assert code("RETURN 'a\\'b' + \"c\" AS `x``y` // z") == "RETURN '' + '' AS x`y  "
