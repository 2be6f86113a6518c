"""What both graph stores offer: a batched idempotent load, Cypher queries, the whole graph."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

from kg.records import Relation
from kg.resolve import Plan
from kg.store import cypher
from kg.store.model import LoadStats, Run, batched, graph_from_records, rewrite_entities

DEFAULT_BATCH = 5000
T = TypeVar("T")


class StoreError(RuntimeError):
    """A store cannot be opened or written; the message says what to do."""


class QueryError(StoreError):
    """A Cypher query was malformed or uses something the engine does not support."""


READ_ONLY = "the query would change the graph, and kg query only reads it unless given --write"


def timed_out(timeout: float | None) -> str:
    return (f"the query ran longer than its timeout ({timeout or 0:g} s) and was stopped: "
            "narrow it, or give it more time with --timeout")


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of plain Python values (nodes and paths as dicts and lists);
    ``truncated`` when the query had more rows than its limit, ``changes`` says what a write
    changed."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    changes: str | None = None

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Load:
    """One load into a store, fed batch by batch: ``add`` each batch, ``close`` (or leave the
    ``with`` block) to wait for the last ones. ``stats`` counts the committed batches and
    ``on_batch(n)`` is called after each; ``aliases`` maps node ids to other names to keep
    on the nodes.

    This one writes each batch in one transaction before ``add`` returns; stores may do
    better (:class:`kg.store.neo4j_store.Neo4jLoad`).
    """

    def __init__(self, store: GraphStore, aliases: Mapping[str, Iterable[str]] | None = None,
                 on_batch: Callable[[int], None] | None = None) -> None:
        self.store, self.aliases, self.on_batch = store, aliases, on_batch
        self.stats = LoadStats()
        store.prepare()

    def add(self, batch: list[Relation]) -> None:
        self.store.write(lambda run: self.store.write_batch(run, batch, self.aliases))
        self.committed(batch)

    def committed(self, batch: list[Relation]) -> None:
        self.stats.add(batch)
        if self.on_batch:
            self.on_batch(len(batch))

    def close(self) -> None:
        """Wait until every batch added is committed (or raise what stopped one)."""

    def __enter__(self) -> Load:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class GraphStore(ABC):
    """A graph database holding the model of :mod:`kg.store.model`."""

    dialect: str
    name: str  # for messages: "embedded store (path)", "Neo4j at bolt://..."

    def loader(self, aliases: Mapping[str, Iterable[str]] | None = None,
               on_batch: Callable[[int], None] | None = None) -> Load:
        """A :class:`Load` into this store, for callers that make batches themselves."""
        return Load(self, aliases, on_batch)

    def load(self, relations: Iterable[Relation], *, batch_size: int = DEFAULT_BATCH,
             on_batch: Callable[[int], None] | None = None,
             aliases: Mapping[str, Iterable[str]] | None = None) -> LoadStats:
        """Merge relations in batches; safe to repeat (see :meth:`loader`)."""
        with self.loader(aliases, on_batch) as load:
            for batch in batched(relations, batch_size):
                load.add(batch)
        return load.stats

    def write_batch(self, run: Run, batch: list[Relation],
                    aliases: Mapping[str, Iterable[str]] | None) -> None:
        """Merge one batch through ``run`` (inside the batch's transaction): what the default
        :class:`Load` calls. Stores with a loader of their own need not implement it."""
        raise NotImplementedError(f"{type(self).__name__} loads through its own loader()")

    def rewrite_entities(self, plan: Plan) -> None:
        """Carry a resolution plan out (kg.resolve): join, rename and relabel entities with
        their relationships, in one transaction, without rebuilding the graph."""
        if plan:
            self.prepare()
            self.write(lambda run: rewrite_entities(run, self.dialect, plan))

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Create what the first load needs (tables, constraints)."""

    @abstractmethod
    def write(self, work: Callable[[Run], T]) -> T:
        """Run ``work`` in one write transaction (retried where the engine allows)."""

    @abstractmethod
    def query(self, query: str, params: dict[str, Any] | None = None, *,
              limit: int | None = None, timeout: float | None = None,
              write: bool = False) -> QueryResult:
        """Run Cypher, reading at most ``limit`` rows of its result and stopping it after
        ``timeout`` seconds; it may change the graph only with ``write`` (then ``changes`` says
        how). QueryError with a clear message when it cannot run."""

    @abstractmethod
    def close(self) -> None: ...

    def records(self, query: str, params: dict[str, Any] | None = None
                ) -> list[dict[str, Any]]:
        return self.query(query, params).records()

    def read_graph(self) -> nx.MultiDiGraph:
        """The whole stored graph in the kg.graph shape (evidence with article metadata). Of
        the Article nodes, which grow with every article loaded, only those that the edges'
        evidence cites are read."""
        edges = self.records(cypher.all_edges(self.dialect))
        cited = sorted({aid for e in edges for aid in e["props"].get("ev_articles") or ()})
        return graph_from_records(
            self.records(cypher.entity_nodes()) + self.records(cypher.articles_of(),
                                                               {"ids": cited}), edges)

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) stored."""
        rec = self.records(cypher.count_graph())[0]
        return int(rec["nodes"]), int(rec["rels"])

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
