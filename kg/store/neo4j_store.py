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
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, CypherSyntaxError, DriverError, Neo4jError

from kg.records import Relation
from kg.store import cypher
from kg.store.base import DEFAULT_BATCH, GraphStore, QueryError, QueryResult, StoreError, T
from kg.store.model import LoadState, LoadStats, Rounds, Run, batched, plan_batch, write_edges
from kg.store.neo4j_schema import apply_schema

# The server's "unknown label/property" notices are noise for a graph that starts empty.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

EDGE_WRITERS = 2  # concurrent edge transactions: one per core of the 2-core target machine
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

    def write_batch(self, run: Run, batch: list[Relation],
                    aliases: Mapping[str, Iterable[str]] | None) -> None:
        plan_batch(batch, aliases).write(run)

    def load(self, relations: Iterable[Relation], *, batch_size: int = DEFAULT_BATCH,
             on_batch: Callable[[int], None] | None = None,
             aliases: Mapping[str, Iterable[str]] | None = None,
             writers: int = EDGE_WRITERS) -> LoadStats:
        """Like GraphStore.load, but faster: each batch's nodes go in one transaction, then
        its edges in ``writers`` concurrent ones (split by edge, so no two touch the same
        relationship), while the next batch is planned and its nodes written. What committed
        transactions wrote saves later ones their look-ups (kg.store.model.LoadState).
        ``on_batch`` is called once all of a batch has committed.

        A batch is thus several transactions: a load cut off mid-way can leave one half
        written, and rerunning it completes it (every step is idempotent).
        """
        stats, state = LoadStats(), LoadState()
        self.prepare()
        pools = [ThreadPoolExecutor(1, thread_name_prefix=f"kg-edges-{i}")
                 for i in range(writers)]
        pending: deque[tuple[list[Future[None]], list[Relation]]] = deque()
        try:
            for batch in batched(relations, batch_size):
                plan = plan_batch(batch, aliases)
                state.add_nodes(self._write_with(state, plan.write_nodes))
                pending.append(([pool.submit(self._write_edges, rounds, state)
                                 for pool, rounds in zip(pools, plan.edge_parts(writers),
                                                         strict=True)], batch))
                if len(pending) > 1:  # one batch's edges in flight while the next is planned
                    self._finish(*pending.popleft(), stats, on_batch)
            while pending:
                self._finish(*pending.popleft(), stats, on_batch)
        finally:
            for pool in pools:
                pool.shutdown(cancel_futures=True)
        return stats

    def _write_with(self, state: LoadState, work: Callable[[Run, LoadState], T]) -> T:
        """Run ``work`` in one write transaction, with ``state`` on the first attempt only."""
        attempts = 0

        def attempt(run: Run) -> T:
            nonlocal attempts
            attempts += 1
            return work(run, state if attempts == 1 else LoadState())

        return self.write(attempt)

    def _write_edges(self, rounds: Rounds, state: LoadState) -> None:
        written = self._write_with(state, lambda run, s: write_edges(run, rounds, s))
        # before this writer's next transaction, which may meet the same edges
        state.edges.update(written)

    @staticmethod
    def _finish(futures: list[Future[None]], batch: list[Relation], stats: LoadStats,
                on_batch: Callable[[int], None] | None) -> None:
        """Wait for a batch's edge transactions and count it."""
        for future in futures:
            future.result()
        stats.add(batch)
        if on_batch:
            on_batch(len(batch))

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

    def query(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        try:
            records, _, keys = self.driver.execute_query(query, params or {},
                                                         database_=self.database)
        except CypherSyntaxError as exc:
            raise QueryError(f"Neo4j rejected the query: {exc.message}") from None
        except ClientError as exc:
            raise QueryError(f"Neo4j could not run the query: {exc.message}") from None
        except (DriverError, Neo4jError) as exc:
            raise StoreError(f"Neo4j did not answer the query: {exc}") from exc
        return QueryResult(list(keys), [[plain(v) for v in r.values()] for r in records])

    def clear(self) -> None:
        """Delete every node and relationship (tests and benchmarks start from empty)."""
        with self.driver.session(database=self.database) as session:
            session.run(cypher.clear_database()).consume()

    def close(self) -> None:
        self.driver.close()
