"""The Neo4j writer and reader: batched ``UNWIND $rows ... MERGE``, one transaction per batch.

Each batch runs as one managed write transaction, which the driver retries on transient errors
and on a lost server (ServiceUnavailable, SessionExpired). A batch commits whole or not at all,
and writing a state is idempotent, so a load cut off by a restart can simply be rerun.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, CypherSyntaxError, DriverError, Neo4jError

from kg.records import Relation
from kg.store import cypher
from kg.store.base import DEFAULT_BATCH, GraphStore, QueryError, QueryResult, StoreError, T
from kg.store.model import BatchPlan, LoadStats, Run, batched, plan_batch
from kg.store.neo4j_schema import apply_schema

# The server's "unknown label/property" notices are noise for a graph that starts empty.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

RETRY_SECONDS = 90.0  # how long a batch keeps retrying; a server restart takes ~10-30 s


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
             aliases: Mapping[str, Iterable[str]] | None = None) -> LoadStats:
        """Like GraphStore.load, but plans the next batch while Neo4j writes this one, and
        tells each batch what the committed ones created (see BatchPlan.write)."""
        stats = LoadStats()
        made: set[str] = set()  # entities created by this load's committed batches
        self.prepare()

        def commit(plan: BatchPlan) -> set[str]:
            attempts = 0

            def attempt(run: Run) -> set[str]:
                nonlocal attempts
                attempts += 1
                return plan.write(run, made if attempts == 1 else frozenset(), stats.edges)

            return self.write(attempt)

        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: tuple[Future[set[str]], list[Relation]] | None = None
            for batch in batched(relations, batch_size):
                plan = plan_batch(batch, aliases)
                if pending:
                    made |= self._finish(pending, stats, on_batch)
                pending = (pool.submit(commit, plan), batch)
            if pending:
                self._finish(pending, stats, on_batch)
        return stats

    @staticmethod
    def _finish(pending: tuple[Future[set[str]], list[Relation]], stats: LoadStats,
                on_batch: Callable[[int], None] | None) -> set[str]:
        """Wait for a submitted batch, count it, return the entities it created."""
        future, batch = pending
        created = future.result()
        stats.add(batch)
        if on_batch:
            on_batch(len(batch))
        return created

    def write(self, work: Callable[[Run], T]) -> T:
        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(lambda q, p: [r.data() for r in tx.run(q, p)])

        try:
            with self.driver.session(database=self.database,
                                     max_transaction_retry_time=self.retry_seconds) as session:
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
