"""Every Cypher statement the project sends to Neo4j, as named functions.

Keeping them in one module makes the queries reviewable in one place and keeps Cypher out of
the rest of the code. Functions return a query string, or ``(query, params)`` when they take
values; labels and property names come from :mod:`kg.schema`, never from user input.
"""

from __future__ import annotations

from kg.schema import INDEXES, RELATION_TYPES, UNIQUE_KEYS

# --- schema: constraints and indexes ----------------------------------------------------------


def constraint_statements() -> list[str]:
    """One uniqueness constraint per node label on its ``id`` (idempotent: IF NOT EXISTS)."""
    return [f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
            for name, label, prop in UNIQUE_KEYS]


def index_statements() -> list[str]:
    """Range indexes for lookups by name (idempotent: IF NOT EXISTS)."""
    return [f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for name, label, prop in INDEXES]


def schema_statements() -> list[str]:
    """Constraints first (they bring their own index), then the extra indexes."""
    return constraint_statements() + index_statements()


def await_indexes(seconds: int = 60) -> str:
    return f"CALL db.awaitIndexes({seconds})"


def show_constraints() -> str:
    return ("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
            "RETURN name, type, labelsOrTypes, properties ORDER BY name")


def show_indexes() -> str:
    return ("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state "
            "RETURN name, type, labelsOrTypes, properties, state ORDER BY name")


# --- server and housekeeping -------------------------------------------------------------------


def server_components() -> str:
    """Name, version and edition of the server (``Neo4j Kernel``, ``5.26.30``, ``community``)."""
    return ("CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition")


def clear_database() -> str:
    """Delete every node and relationship, in batches; constraints and indexes stay.

    Uses CALL ... IN TRANSACTIONS, so it must run in an auto-commit transaction
    (``session.run``), not inside ``execute_write``.
    """
    return "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

