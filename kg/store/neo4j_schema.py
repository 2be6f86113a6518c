"""Apply the graph's constraints and indexes (from kg.schema) to a Neo4j server."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from kg.store import cypher
from kg.store.connection import Neo4jSettings, neo4j_settings, open_driver


@dataclass(frozen=True)
class SchemaApplied:
    """What a server holds after :func:`apply_schema`."""

    constraints: list[str]
    indexes: list[str]


def apply_schema(driver: neo4j.Driver, database: str | None = None) -> SchemaApplied:
    """Create the uniqueness constraints and indexes; harmless to repeat (IF NOT EXISTS).

    Waits until the new indexes are online so the first load can rely on them.
    """
    for statement in cypher.schema_statements():
        driver.execute_query(statement, database_=database)
    driver.execute_query(cypher.await_indexes(), database_=database)
    constraints = driver.execute_query(cypher.show_constraints(), database_=database).records
    indexes = driver.execute_query(cypher.show_indexes(), database_=database).records
    return SchemaApplied(constraints=[r["name"] for r in constraints],
                         indexes=[r["name"] for r in indexes])


def initialize(settings: Neo4jSettings | None = None) -> tuple[Neo4jSettings, SchemaApplied]:
    """Apply the schema to the server :func:`neo4j_settings` resolves (or ``settings``)."""
    settings = settings or neo4j_settings()
    with open_driver(settings) as driver:
        return settings, apply_schema(driver, settings.database)
