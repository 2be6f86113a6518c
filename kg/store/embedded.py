"""The embedded default store: LadybugDB (the maintained Kùzu fork) in ``$KG_HOME/graph.lbug``.

Persistent and transactional with MERGE and parameters, so ``kg build`` gives a real,
queryable graph with no server. Its Cypher dialect differs from Neo4j's in places
(``label(r)`` for ``type(r)``, ``-[* SHORTEST 1..n]-`` for ``shortestPath``, no list
comprehensions or procedures); :meth:`EmbeddedStore.query` says so when a query needs Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

import ladybug

from kg.records import Relation
from kg.schema import RELATION_TYPES
from kg.store import cypher
from kg.store.base import READ_ONLY, GraphStore, QueryError, QueryResult, StoreError, T, timed_out
from kg.store.model import NODE_COLUMNS, Run, edge_columns, write_merged_batch
from kg.store.server import kg_home
from kg.store.staging import Staging, recovery_files, recovery_message

DB_FILE = "graph.lbug"
BUFFER_POOL = 512 * 1024 * 1024  # the engine's default is 80% of RAM; this is a shared laptop
REOPEN_AFTER = 4
"""Write transactions after which a load checkpoints and reopens the engine. One engine
instance keeps what its transactions used in its buffer pool, checkpoints or not: loading the
relations of 2,000 articles at a time grew it by ~8 MB each time (a 256 MB pool was full after
20,000 articles, "no memory could be freed"); reopened every 4 batches it stays under ~170 MB
and the process ~270 MB smaller at 50,000 articles."""

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

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 fresh: bool = False) -> None:
        """Open the store read-only in place, or for writing: then every write goes to a copy
        that replaces the store when :meth:`close` succeeds (:mod:`kg.store.staging`);
        ``fresh``: to an empty store that replaces it (a rebuild)."""
        self.path = Path(path) if path else default_path()
        self.name = f"embedded store {self.path}"
        self._closed = False
        self._staging: Staging | None = None
        if read_only and not self.path.exists():
            raise StoreError(f"no graph at {self.path} yet: build one with `kg build PATH...` "
                             "(or set KG_HOME to the folder that holds it)")
        if not read_only:
            self._staging = Staging(self.path, fresh=fresh)
        self._read_only, self._writes = read_only, 0
        try:
            self._open_engine()
        except RuntimeError as exc:
            if self._staging:
                self._staging.discard()
            raise StoreError(self._open_error(str(exc))) from None
        self._prepared = read_only
        if read_only and not self._conn.execute(cypher.ladybug_tables()).get_all():
            self.close()
            raise StoreError(f"the {self.name} holds no graph yet: build one with "
                             "`kg build PATH...`")
        if read_only and self._outdated():
            self._close_engine()
            _upgrade(self.path)
            self._closed = False
            self._db = ladybug.Database(self.path, buffer_pool_size=BUFFER_POOL, read_only=True)
            self._conn = ladybug.Connection(self._db)

    def _outdated(self) -> bool:
        """Does the store lack columns this kg reads (made by an older kg)?"""
        for label, columns in NODE_COLUMNS.items():
            try:
                rows = self._conn.execute(cypher.ladybug_columns(label)).get_all()
            except RuntimeError:  # no such table: nothing to read from it
                continue
            if set(columns) - {row[0] for row in rows}:
                return True
        return False

    def _open_engine(self) -> None:
        self._db = ladybug.Database(self._staging.copy if self._staging else self.path,
                                    buffer_pool_size=BUFFER_POOL, read_only=self._read_only)
        self._conn = ladybug.Connection(self._db)

    def _reopen(self) -> None:
        """Checkpoint the copy being written and reopen the engine on it, so that the memory
        the engine held goes back (see REOPEN_AFTER); the copy is still only published by
        :meth:`close`."""
        self._conn.execute("CHECKPOINT")
        self._conn.close()
        self._db.close()
        self._open_engine()

    def _open_error(self, message: str) -> str:
        """What the engine's refusal to open the store means for the user."""
        if recovery_files(self.path):
            return recovery_message(self.path)
        first = message.strip().splitlines()[0]
        if "Could not set lock" in first:
            return (f"cannot open the {self.name}: another process has it open for writing "
                    f"({first}); wait for it to finish and retry.")
        return f"cannot open the {self.name}: {first}"

    def prepare(self) -> None:
        if self._prepared:
            return
        columns = {t: edge_columns(t) for t in RELATION_TYPES}
        for statement in [*cypher.ladybug_schema_statements(NODE_COLUMNS, columns),
                          cypher.ladybug_trimmed_column()]:
            self._conn.execute(statement)
        self._prepared = True

    def write_batch(self, run: Run, batch: list[Relation],
                    aliases: Mapping[str, Iterable[str]] | None) -> None:
        write_merged_batch(run, self.dialect, batch, aliases)

    def write(self, work: Callable[[Run], T]) -> T:
        try:
            self._conn.execute("BEGIN TRANSACTION")
            result = work(self._run)
            self._conn.execute("COMMIT")
            self._writes += 1
            if self._writes % REOPEN_AFTER == 0:
                self._reopen()
        except RuntimeError as exc:  # the engine's errors; it may have rolled back already
            self._rollback()
            raise StoreError(write_error(self.name, str(exc))) from None
        except BaseException:
            self._rollback()
            raise
        return result

    def _rollback(self) -> None:
        # no transaction may be left to roll back: the engine can end it with its error
        with suppress(RuntimeError):
            self._conn.execute("ROLLBACK")

    def _run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        result = self._conn.execute(query, params)
        columns = result.get_column_names()
        return [dict(zip(columns, row, strict=True)) for row in result.get_all()]

    def query(self, query: str, params: dict[str, Any] | None = None, *,
              limit: int | None = None, timeout: float | None = None,
              write: bool = False) -> QueryResult:
        """See :meth:`GraphStore.query`; a store opened read-only refuses writes whatever
        ``write`` says, and the changes a write reports are its node and relationship counts."""
        self.prepare()
        before = self.counts() if write else None
        self._conn.set_query_timeout(round(timeout * 1000) if timeout else 0)
        try:
            result = self._conn.execute(query, params or {})
            if isinstance(result, list):  # several statements: the last one answers
                result = result[-1]
            rows: list[list[Any]] = []
            while (limit is None or len(rows) < limit) and result.has_next():
                rows.append(plain(result.get_next()))
            truncated = result.has_next()
            columns = result.get_column_names()
            result.close()
        except RuntimeError as exc:
            raise QueryError(explain_error(query, str(exc), timeout)) from None
        finally:
            self._conn.set_query_timeout(0)
        changes = None
        if before is not None:
            after = self.counts()
            changes = (f"wrote to the {self.name}: nodes {before[0]} -> {after[0]}, "
                       f"relationships {before[1]} -> {after[1]} (property changes are not "
                       "counted)")
        return QueryResult(columns, rows, truncated, changes)

    def records(self, query: str, params: dict[str, Any] | None = None
                ) -> list[dict[str, Any]]:
        """Records as the engine returns them (paths keep the internal ids that link them)."""
        self.prepare()
        try:
            return self._run(query, params or {})
        except RuntimeError as exc:
            raise QueryError(explain_error(query, str(exc))) from None

    def close(self) -> None:
        """Close the store; a store opened for writing becomes what was written to it (or, when
        that fails, StoreError and the store stays as it was)."""
        if self._closed:
            return
        if self._staging is None:
            self._close_engine()
            return
        try:
            self._conn.execute("CHECKPOINT")
        except RuntimeError as exc:
            self.abort()
            raise StoreError(write_error(self.name, str(exc))) from None
        self._close_engine()
        self._staging.publish()

    def abort(self) -> None:
        """Close the store, throwing away what was written since it was opened."""
        if self._closed:
            return
        if self._staging:
            self._staging.free()
        self._close_engine()
        if self._staging:
            self._staging.discard()

    def _close_engine(self) -> None:
        self._closed = True
        self._conn.close()
        self._db.close()

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _upgrade(path: Path) -> None:
    """Add the columns an older kg's store lacks, through a staged write like any other."""
    try:
        with EmbeddedStore(path) as store:
            store.prepare()
    except StoreError as exc:
        raise StoreError(f"the embedded store {path} was made by an older kg and could not be "
                         f"upgraded to be read: {exc}") from None


def write_error(name: str, message: str) -> str:
    """An engine error during a write, in one line (a full disk said plainly)."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if "No space left on device" in message or "numBytesWritten" in message:
        return f"the disk is full: the {name} could not be written ({first})"
    return f"the {name} could not be written: {first}"


def explain_error(query: str, message: str, timeout: float | None = None) -> str:
    """The engine's complaint in one line, and which Neo4j-only construct caused it if any."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if timeout and first.startswith("Interrupted"):
        return timed_out(timeout)
    if "read-only" in first:
        return READ_ONLY
    hints = [hint for pattern, hint in _NEO4J_ONLY if re.search(pattern, query, re.IGNORECASE)]
    text = f"the embedded store could not run this query: {first}"
    if re.search(r"Table \w+ does not exist", first):
        text += (f"\nIts labels are {', '.join(NODE_COLUMNS)}; its relationship types "
                 f"{', '.join(RELATION_TYPES)}.")
    if hints:
        text += ("\nThis query uses Neo4j-only Cypher (" + "; ".join(hints) + "). Run it on "
                 "Neo4j: `kg neo4j start`, `kg build --neo4j ...`, then `kg query --neo4j ...`.")
    return text
