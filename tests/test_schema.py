"""The graph schema on a real Neo4j: constraints and indexes apply idempotently and hold."""

from __future__ import annotations

import neo4j
import pytest
from click.testing import CliRunner
from neo4j.exceptions import ConstraintError

from kg.cli import main
from kg.schema import INDEXES, NODE_LABELS, UNIQUE_KEYS
from kg.store import cypher
from kg.store.neo4j_schema import apply_schema

pytestmark = pytest.mark.neo4j


def _constraints(driver: neo4j.Driver) -> list[dict]:
    return [r.data() for r in driver.execute_query(cypher.show_constraints()).records]


def test_server_is_real_neo4j_5_26_community(neo4j_driver: neo4j.Driver) -> None:
    record = neo4j_driver.execute_query(cypher.server_components()).records[0]
    assert record["name"] == "Neo4j Kernel"
    assert record["version"].startswith("5.26.")
    assert record["edition"] == "community"


def test_schema_applies_twice_with_one_unique_constraint_per_label(
        neo4j_driver: neo4j.Driver) -> None:
    first = apply_schema(neo4j_driver)
    second = apply_schema(neo4j_driver)
    assert first == second
    unique = [c for c in _constraints(neo4j_driver) if c["type"] == "UNIQUENESS"]
    assert sorted(c["labelsOrTypes"][0] for c in unique) == sorted(NODE_LABELS)
    assert all(c["properties"] == ["id"] for c in unique)
    assert {name for name, _, _ in UNIQUE_KEYS} <= set(second.constraints)
    assert {name for name, _, _ in INDEXES} <= set(second.indexes)


def test_unique_constraint_rejects_a_duplicate_id(neo4j_driver: neo4j.Driver) -> None:
    apply_schema(neo4j_driver)
    neo4j_driver.execute_query("CREATE (:Company {id: 'company:scale-ai'})")
    with pytest.raises(ConstraintError):
        neo4j_driver.execute_query("CREATE (:Company {id: 'company:scale-ai'})")


def test_clear_database_deletes_data_and_keeps_constraints(neo4j_driver: neo4j.Driver) -> None:
    apply_schema(neo4j_driver)
    neo4j_driver.execute_query(
        "UNWIND range(1, 25000) AS i CREATE (:Company {id: 'c' + i})-[:COMPETES_WITH]->(:Person)")
    with neo4j_driver.session() as session:
        session.run(cypher.clear_database()).consume()
    count = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert count == 0
    unique = [c for c in _constraints(neo4j_driver) if c["type"] == "UNIQUENESS"]
    assert len(unique) == len(NODE_LABELS)


def test_kg_neo4j_init_is_idempotent(neo4j_driver: neo4j.Driver) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(main, ["neo4j", "init"])
        assert result.exit_code == 0, result.output
        assert "constraints" in result.output
    unique = [c for c in _constraints(neo4j_driver) if c["type"] == "UNIQUENESS"]
    assert len(unique) == len(NODE_LABELS)
