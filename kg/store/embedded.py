"""The embedded default store: LadybugDB (the maintained Kùzu fork) in ``$KG_HOME/graph.lbug``.

Persistent and transactional with MERGE and parameters, so ``kg build`` gives a real,
queryable graph with no server. Its Cypher dialect differs from Neo4j's in places
(``label(r)`` for ``type(r)``, ``-[* SHORTEST 1..n]-`` for ``shortestPath``, no list
comprehensions or procedures); :meth:`EmbeddedStore.query` says so when a query needs Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import ladybug

from kg.records import Relation
from kg.schema import RELATION_TYPES
from kg.store import cypher
from kg.store.base import GraphStore, QueryError, QueryResult, StoreError, T
from kg.store.model import NODE_COLUMNS, Run, edge_columns, write_merged_batch
from kg.store.server import kg_home

DB_FILE = "graph.lbug"
BUFFER_POOL = 512 * 1024 * 1024  # the engine's default is 80% of RAM; this is a shared laptop

# Neo4j constructs the embedded engine rejects, and what to say about each.
_NEO4J_ONLY: tuple[tuple[str, str], ...] = (
    (r"\btype\s*\(", "type(r) is label(r) here"),
    (r"\b(all)?shortestPath\s*\(", "shortestPath((a)-[*..n]-(b)) is (a)-[* SHORTEST 1..n]-(b)"),
    (r"\[\s*\w+\s+IN\b[^\]]*(\||\bWHERE\b)", "list comprehensions are not supported"),
    (r"\w+\s*\{\s*\.", "map projections (n{.*}) are not supported"),
    (r"\b(apoc|gds)\.", "APOC/GDS procedures exist only in Neo4j"),
    (r"\bCALL\s+(db|dbms)\.", "Neo4j system procedures exist only in Neo4j"),
)


def default_path() -> Path:
    return kg_home() / DB_FILE


def plain(value: Any) -> Any:
    """Engine values -> plain data: nodes and relationships lose their internal ids."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in ("_ID", "_SRC", "_DST")}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class EmbeddedStore(GraphStore):
    """The graph in a LadybugDB file; one process may write it at a time."""

    dialect = cypher.LADYBUG

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else default_path()
        self.name = f"embedded store {self.path}"
        if read_only and not self.path.exists():
            raise StoreError(f"no graph at {self.path} yet: build one with `kg build PATH...` "
                             "(or set KG_HOME to the folder that holds it)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(self.path, buffer_pool_size=BUFFER_POOL,
                                        read_only=read_only)
        except RuntimeError as exc:
            raise StoreError(f"cannot open the {self.name}: {exc}. Another kg process may be "
                             "writing it; wait for it to finish and retry.") from exc
        self._conn = ladybug.Connection(self._db)
        self._prepared = read_only
        if read_only and not self._conn.execute(cypher.ladybug_tables()).get_all():
            self.close()
            raise StoreError(f"the {self.name} holds no graph yet: build one with "
                             "`kg build PATH...`")

    def prepare(self) -> None:
        if self._prepared:
            return
        columns = {t: edge_columns(t) for t in RELATION_TYPES}
        for statement in cypher.ladybug_schema_statements(NODE_COLUMNS, columns):
            self._conn.execute(statement)
        self._prepared = True

    def write_batch(self, run: Run, batch: list[Relation],
                    aliases: Mapping[str, Iterable[str]] | None) -> None:
        write_merged_batch(run, self.dialect, batch, aliases)

    def write(self, work: Callable[[Run], T]) -> T:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            result = work(self._run)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return result

    def _run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        result = self._conn.execute(query, params)
        columns = result.get_column_names()
        return [dict(zip(columns, row, strict=True)) for row in result.get_all()]

    def query(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        self.prepare()
        try:
            result = self._conn.execute(query, params or {})
        except RuntimeError as exc:
            raise QueryError(explain_error(query, str(exc))) from None
        return QueryResult(result.get_column_names(), [plain(r) for r in result.get_all()])

    def records(self, query: str, params: dict[str, Any] | None = None
                ) -> list[dict[str, Any]]:
        """Records as the engine returns them (paths keep the internal ids that link them)."""
        self.prepare()
        try:
            return self._run(query, params or {})
        except RuntimeError as exc:
            raise QueryError(explain_error(query, str(exc))) from None

    def close(self) -> None:
        self._conn.close()
        self._db.close()


def explain_error(query: str, message: str) -> str:
    """The engine's complaint in one line, and which Neo4j-only construct caused it if any."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    hints = [hint for pattern, hint in _NEO4J_ONLY if re.search(pattern, query, re.IGNORECASE)]
    text = f"the embedded store could not run this query: {first}"
    if re.search(r"Table \w+ does not exist", first):
        text += (f"\nIts labels are {', '.join(NODE_COLUMNS)}; its relationship types "
                 f"{', '.join(RELATION_TYPES)}.")
    if hints:
        text += ("\nThis query uses Neo4j-only Cypher (" + "; ".join(hints) + "). Run it on "
                 "Neo4j: `kg neo4j start`, `kg build --neo4j ...`, then `kg query --neo4j ...`.")
    return text
