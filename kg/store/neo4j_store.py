"""The Neo4j writer and reader: batched ``UNWIND $rows ... MERGE``, one transaction per batch.

Each batch runs as one managed write transaction, which the driver retries on transient errors
and on a lost server (ServiceUnavailable, SessionExpired). A batch commits whole or not at all,
and writing a state is idempotent, so a load cut off by a restart can simply be rerun.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from itertools import islice
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, CypherSyntaxError, DriverError, Neo4jError

from kg.records import Relation
from kg.store import cypher
from kg.store.base import (
    READ_ONLY,
    GraphStore,
    Load,
    QueryError,
    QueryResult,
    StoreError,
    T,
    timed_out,
)
from kg.store.model import LoadState, Rounds, Run, plan_batch, write_edges
from kg.store.neo4j_schema import apply_schema

# The server's "unknown label/property" notices are noise for a graph that starts empty.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def _not_a_deadlock(record: logging.LogRecord) -> bool:
    """Concurrent edge writers sometimes deadlock on a shared node; the server picks one to
    retry and the driver retries it at once. Expected, so not worth a warning."""
    return "DeadlockDetected" not in record.getMessage()


logging.getLogger("neo4j.session").addFilter(_not_a_deadlock)

EDGE_WRITERS = 2  # concurrent edge transactions: one per core of the 2-core target machine
BATCHES_IN_FLIGHT = 2  # batches whose edges are being written while the next is prepared
RETRY_SECONDS = 90.0  # how long a batch keeps retrying; a server restart takes ~10-30 s
RETRY_FIRST_DELAY = 0.1  # then doubling: a deadlock between writers clears at once


class LoadInterrupted(StoreError):
    """Neo4j stopped answering during a load; what was committed stays, rerun to finish."""


def plain(value: Any) -> Any:
    """Driver values -> plain data (nodes and relationships as dicts with labels/type)."""
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


class QuietList(list[Any]):
    """A list whose repr is its length.

    The driver formats every query's parameters for its debug log even when that log is off
    (neo4j 6.4 ``Bolt5x5.run``): for a batch of rows that costs as much as sending them.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


def quiet(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with its lists made :class:`QuietList` (the same values on the wire)."""
    return {k: QuietList(v) if isinstance(v, list) else v for k, v in params.items()}


class Neo4jStore(GraphStore):
    """The graph in a Neo4j database reached through ``driver``."""

    dialect = cypher.NEO4J

    def __init__(self, driver: neo4j.Driver, database: str | None = None, *,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self.driver = driver
        self.database = database
        self.retry_seconds = retry_seconds
        self.name = f"Neo4j database {database or '(default)'}"
        self._prepared = False

    def prepare(self) -> None:
        if not self._prepared:
            apply_schema(self.driver, self.database)
            self._prepared = True

    def loader(self, aliases: Mapping[str, Iterable[str]] | None = None,
               on_batch: Callable[[int], None] | None = None,
               writers: int = EDGE_WRITERS) -> Neo4jLoad:
        return Neo4jLoad(self, aliases, on_batch, writers)

    def write(self, work: Callable[[Run], T]) -> T:
        def run(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]
                ) -> list[dict[str, Any]]:
            sent = quiet(params)
            try:
                return [r.data() for r in tx.run(query, sent)]
            finally:
                # the driver's result objects form reference cycles that hold the parameters
                # until a full garbage collection: let the rows go as soon as they are sent
                for value in sent.values():
                    if isinstance(value, QuietList):
                        value.clear()

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(lambda q, p: run(tx, q, p))

        try:
            with self.driver.session(database=self.database,
                                     max_transaction_retry_time=self.retry_seconds,
                                     initial_retry_delay=RETRY_FIRST_DELAY) as session:
                return session.execute_write(unit)
        except ClientError:
            raise
        except (DriverError, Neo4jError) as exc:
            raise LoadInterrupted(
                f"Neo4j stopped answering during the load and did not come back within "
                f"{self.retry_seconds:.0f} s ({exc}). Batches committed so far are kept; once "
                "the server is back, rerun the same command: it finishes the load without "
                "duplicating anything.") from exc

    def query(self, query: str, params: dict[str, Any] | None = None, *,
              limit: int | None = None, timeout: float | None = None,
              write: bool = False) -> QueryResult:
        """See :meth:`GraphStore.query`. A read runs in a read transaction (the server refuses
        writes in it), retried like any managed transaction; a write runs once, as an
        auto-commit transaction (so ``CALL { } IN TRANSACTIONS`` works), and reports the
        server's counters. Rows are streamed: the server stops after ``limit`` of them."""
        def read(tx: neo4j.ManagedTransaction) -> QueryResult:
            return collect(tx.run(query, params or {}), limit)

        try:
            with self.driver.session(database=self.database) as session:
                if write:
                    result = collect(session.run(neo4j.Query(query, timeout=timeout),
                                                 params or {}), limit)
                    return replace(result, changes=f"wrote to the {self.name}: "
                                                   f"{result.changes or 'no changes'}")
                return session.execute_read(neo4j.unit_of_work(timeout=timeout)(read))
        except CypherSyntaxError as exc:
            raise QueryError(f"Neo4j rejected the query: {exc.message}") from None
        except ClientError as exc:
            raise QueryError(query_error(exc, timeout)) from None
        except (DriverError, Neo4jError) as exc:
            raise StoreError(f"Neo4j did not answer the query: {exc}") from exc

    def clear(self) -> None:
        """Delete every node and relationship (tests and benchmarks start from empty)."""
        with self.driver.session(database=self.database) as session:
            session.run(cypher.clear_database()).consume()

    def close(self) -> None:
        self.driver.close()


def collect(result: neo4j.Result, limit: int | None) -> QueryResult:
    """At most ``limit`` rows of ``result`` as plain values, the rest discarded on the server;
    ``changes`` lists the server's non-zero update counters (None when there are none)."""
    rows = [[plain(v) for v in record.values()] for record in islice(result, limit)]
    truncated = result.peek() is not None
    counters = vars(result.consume().counters)
    changes = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counters.items()
                        if not name.startswith("_") and n)
    return QueryResult(list(result.keys()), rows, truncated, changes or None)


def query_error(exc: ClientError, timeout: float | None) -> str:
    """The server's refusal of a user query in one line: a timeout or a write in a read
    transaction said in kg's words."""
    code = exc.code or ""
    if "TransactionTimedOut" in code:
        return timed_out(timeout)
    if code == "Neo.ClientError.Statement.AccessMode":
        return READ_ONLY
    return f"Neo4j could not run the query: {exc.message}"


class Neo4jLoad(Load):
    """A load that keeps both cores busy: each batch's nodes go in one transaction, then its
    edges in ``writers`` concurrent ones (split by edge, so no two touch the same
    relationship), while the caller prepares the next batches and their nodes are written.
    Each writer takes its parts in batch order, so an edge's evidence is written in order.
    What committed transactions wrote saves later ones their look-ups
    (kg.store.model.LoadState).

    A batch is thus several transactions: a load cut off mid-way can leave one half written,
    and rerunning it completes it (every step is idempotent).
    """

    store: Neo4jStore

    def __init__(self, store: Neo4jStore, aliases: Mapping[str, Iterable[str]] | None,
                 on_batch: Callable[[int], None] | None, writers: int) -> None:
        super().__init__(store, aliases, on_batch)
        self.state = LoadState()
        self.writers = writers
        self.pools = [ThreadPoolExecutor(1, thread_name_prefix=f"kg-edges-{i}")
                      for i in range(writers)]
        self.pending: deque[tuple[list[Future[None]], list[Relation]]] = deque()

    def add(self, batch: list[Relation]) -> None:
        plan = plan_batch(batch, self.aliases)
        self.state.add_nodes(self._write(plan.write_nodes))
        self.pending.append(([pool.submit(self._write_edges, rounds) for pool, rounds
                              in zip(self.pools, plan.edge_parts(self.writers), strict=True)],
                             batch))
        if len(self.pending) > BATCHES_IN_FLIGHT:
            self._finish()

    def close(self) -> None:
        try:
            while self.pending:
                self._finish()
        finally:
            for pool in self.pools:
                pool.shutdown(cancel_futures=True)

    def _write(self, work: Callable[[Run, LoadState], T]) -> T:
        """Run ``work`` in one write transaction, with the load's state on the first attempt
        only (a retried attempt may follow one that committed without saying so)."""
        attempts = 0

        def attempt(run: Run) -> T:
            nonlocal attempts
            attempts += 1
            return work(run, self.state if attempts == 1 else LoadState())

        return self.store.write(attempt)

    def _write_edges(self, rounds: Rounds) -> None:
        written = self._write(lambda run, state: write_edges(run, rounds, state))
        # before this writer's next transaction, which may meet the same edges
        self.state.edges.update(written)

    def _finish(self) -> None:
        """Wait for the oldest batch's edge transactions and count it."""
        futures, batch = self.pending.popleft()
        for future in futures:
            future.result()
        self.committed(batch)
