"""The main job: articles -> relations -> the embedded store (and Neo4j) -> an HTML view.

Three ways in: :func:`build` (files, folders, stdin), :func:`build_from_archive` (what the
current extractor has not read yet) and :func:`rebuild` (the whole archive into a new graph).
Each records in the archive what the extractor read and what changed in the graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tqdm import tqdm

from kg.archive import Archive, Document, content_hash
from kg.articles import DroppedText, ReadProblem, read_articles
from kg.changes import graph_changes
from kg.decisions import Decisions, DecisionsError, load_decisions
from kg.graph import load_graph
from kg.records import Article, Relation
from kg.resolve import plan_resolution
from kg.schema import node_id
from kg.store.base import DEFAULT_BATCH, GraphStore, StoreError
from kg.store.embedded import EmbeddedStore
from kg.store.model import batched, label_of
from kg.store.server import kg_home

Extractor = Callable[[Iterable[Article]], Iterable[Relation]]


class BuildError(RuntimeError):
    """The build could not run (no Neo4j when asked for one, store locked, ...)."""


@dataclass
class BuildSummary:
    """What `kg build` did, for the summary it prints."""

    articles: int = 0
    relations: int = 0  # relation records extracted (before merging into facts)
    entities_by_label: Counter[str] = field(default_factory=Counter)
    facts_by_type: Counter[str] = field(default_factory=Counter)
    skipped: list[ReadProblem] = field(default_factory=list)
    dropped: list[DroppedText] = field(default_factory=list)  # paragraphs left out as ads
    stores: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    resolved: int = 0  # nodes entity resolution joined, renamed or relabelled
    graph_nodes: int = 0  # the whole stored graph after the build
    graph_edges: int = 0
    view: Path | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)  # kg.changes.graph_changes
    up_to_date: int | None = None  # archived articles, when none was new to the extractor


def _clear_neo4j() -> None:
    from kg.store import cypher

    store = _neo4j_store(True)
    assert store is not None
    try:
        with store.driver.session(database=store.database) as session:
            session.run(cypher.clear_database()).consume()
    finally:
        store.close()


def default_view_path() -> Path:
    return kg_home() / "graph.html"


def known_aliases() -> dict[str, list[str]]:
    """Node id -> the other names the entity list knows for it."""
    from kg.extract.entities import entity_list

    aliases: dict[str, list[str]] = {}
    for alias, known in entity_list().by_alias.items():
        if alias != known.name:
            aliases.setdefault(node_id(known.label, known.name), []).append(alias)
    return aliases


def _neo4j_store(wanted: bool | None) -> GraphStore | None:
    """Neo4j when asked (--neo4j), or when NEO4J_URI is set or the project's server runs.

    Setting NEO4J_URI or starting the server is asking for Neo4j too, so a server that does
    not answer fails the build instead of leaving Neo4j silently behind the embedded store.
    """
    if wanted is False:
        return None
    from kg.store.connection import Neo4jUnavailable, neo4j_settings, open_driver
    from kg.store.neo4j_store import Neo4jStore

    settings = neo4j_settings()
    if settings is None and not wanted:
        return None
    try:
        driver = open_driver(settings)
    except Neo4jUnavailable as exc:
        raise BuildError(f"{exc} To build the embedded store only: --no-neo4j.") from None
    return Neo4jStore(driver, settings.database if settings else None)


def build(paths: Iterable[str | Path], *, neo4j: bool | None = None,
          view: str | Path | None = None, extractor: Extractor | None = None,
          batch_size: int = DEFAULT_BATCH, progress: bool = True) -> BuildSummary:
    """Read articles, extract relations, merge them into the embedded store under $KG_HOME
    (and into Neo4j: ``neo4j=True``, or by default when NEO4J_URI is set or the project's
    server runs), then write the HTML view of the whole graph. Safe to re-run: the same
    articles change nothing. ``extractor`` defaults to :func:`kg.extract.extract`.

    The articles are kept in the archive too, so that `kg rebuild` reads them again.
    """
    summary = BuildSummary()
    extractor, version = _extractor(extractor)
    decisions = _decisions()
    with Archive() as archive:
        def archived(problem_report: Callable[[ReadProblem], None]
                     ) -> Iterator[tuple[Article, str]]:
            for article in read_articles(paths, on_error=problem_report,
                                         on_dropped=summary.dropped.append):
                stored = archive.store(Document.from_article(article))
                yield article, (stored.doc_id, content_hash(article.text))

        return _load(archived, summary, archive, extractor=extractor, version=version,
                     decisions=decisions, neo4j=neo4j, view=view, batch_size=batch_size,
                     progress=progress)


def build_from_archive(*, neo4j: bool | None = None, view: str | Path | None = None,
                       batch_size: int = DEFAULT_BATCH, progress: bool = True) -> BuildSummary:
    """`kg build` with no path: extract the archived articles the current extractor has not
    read (new ones, and those whose text changed) and merge them into the graph. With nothing
    new it loads no model and opens no store."""
    summary = BuildSummary()
    with Archive() as archive:
        if archive.count() == 0:
            raise BuildError(f"the article archive ({archive.path}) holds no articles yet: "
                             "`kg ingest SOURCE...` first, or `kg build PATH...`")
        from kg.extract.version import extractor_version

        pending = archive.pending(extractor_version())
        if not pending:
            summary.up_to_date = archive.count()
            return summary
        extractor, version = _extractor(None)
        return _load(lambda report: _pairs(archive.articles(pending)), summary, archive,
                     extractor=extractor, version=version, decisions=_decisions(),
                     neo4j=neo4j, view=view, batch_size=batch_size, progress=progress,
                     total=len(pending))


def rebuild(*, neo4j: bool | None = None, view: str | Path | None = None,
            batch_size: int = DEFAULT_BATCH, progress: bool = True) -> BuildSummary:
    """`kg rebuild`: extract every archived article (all that builds and ingests read) with
    the current extractor and the user's entity decisions ($KG_HOME/entities.csv) into a new
    embedded store, which replaces the old one only when it is complete (an interrupted
    rebuild leaves the old graph). Nothing is fetched or read from files again. Neo4j is
    cleared first and loaded when asked for (``neo4j=True``); by default it is loaded, not
    cleared, when NEO4J_URI is set or the project's server runs."""
    summary = BuildSummary()
    with Archive() as archive:
        total = archive.count()
        if total == 0:
            raise BuildError(f"the article archive ({archive.path}) holds no articles to "
                             "rebuild from: `kg ingest SOURCE...` or `kg build PATH...` first")
        extractor, version = _extractor(None)
        decisions = _decisions()
        if neo4j:
            _clear_neo4j()
        return _load(lambda report: _pairs(archive.articles()), summary, archive,
                     extractor=extractor, version=version, decisions=decisions,
                     neo4j=neo4j, view=view, batch_size=batch_size, progress=progress,
                     total=total, fresh=True)


def _decisions() -> Decisions:
    """The user's entity decisions; a broken decisions file fails before any store opens."""
    try:
        return load_decisions()
    except DecisionsError as exc:
        raise BuildError(str(exc)) from None


def _pairs(rows: Iterable[tuple[Article, str]]) -> Iterator[tuple[Article, tuple[str, str]]]:
    for article, digest in rows:
        yield article, (article.id, digest)


def _extractor(extractor: Extractor | None) -> tuple[Extractor, str | None]:
    """The extractor and its version (None for one a caller supplied: not recorded)."""
    if extractor is not None:
        return extractor, None
    from kg.extract import ModelMissing, extract, load_model
    from kg.extract.version import extractor_version

    try:
        nlp = load_model()  # before opening any store: a missing model fails cleanly
    except ModelMissing as exc:
        raise BuildError(str(exc)) from None
    return partial(extract, nlp=nlp), extractor_version()


Articles = Callable[[Callable[[ReadProblem], None]], Iterable[tuple[Article, tuple[str, str]]]]
"""Given where to report read problems: (article, (archive doc id, content hash)) pairs."""


def _load(articles: Articles, summary: BuildSummary, archive: Archive, *,
          extractor: Extractor, version: str | None, decisions: Decisions,
          neo4j: bool | None,
          view: str | Path | None, batch_size: int, progress: bool, total: int | None = None,
          fresh: bool = False) -> BuildSummary:
    """Extract ``articles`` into the stores, then record what the extractor read and what
    changed in the graph, and write the view."""
    neo = _neo4j_store(neo4j)
    try:
        before = load_graph()
        embedded = EmbeddedStore(fresh=fresh)
    except StoreError as exc:
        if neo:
            neo.close()
        raise BuildError(str(exc)) from None
    stores: list[GraphStore] = [embedded] + ([neo] if neo else [])
    summary.stores = [s.name for s in stores]
    bar = tqdm(unit=" articles", desc="kg build", disable=not progress, dynamic_ncols=True,
               total=total)
    done: list[tuple[str, str]] = []

    def counted(pairs: Iterable[tuple[Article, tuple[str, str]]]) -> Iterator[Article]:
        for article, read in pairs:
            summary.articles += 1
            done.append(read)
            bar.update()
            yield article

    def skipped(problem: ReadProblem) -> None:
        summary.skipped.append(problem)
        bar.write(f"skipped {problem}")

    aliases = known_aliases()
    try:
        with ExitStack() as loads:
            loaders = [loads.enter_context(store.loader(aliases)) for store in stores]
            relations = extractor(counted(articles(skipped)))
            for batch in batched(relations, batch_size):
                summary.relations += len(batch)
                for load in loaders:
                    load.add(batch)
                bar.set_postfix(relations=summary.relations, refresh=False)
        bar.close()
        plan = plan_resolution(embedded.read_graph(), decisions)
        for store in stores:
            store.rewrite_entities(plan)
        summary.resolved = len(plan.targets)
        graph = embedded.read_graph()
        embedded.close()  # the load becomes the store only here
    except StoreError as exc:
        raise BuildError(f"{exc}\nkg build stopped; the embedded store is as it was before "
                         "this build.") from None
    finally:
        bar.close()
        embedded.abort()  # a no-op once closed
        if neo:
            neo.close()
    if version is not None:
        archive.mark_extracted(done, version, only=fresh)
    summary.changes = graph_changes(before, graph)
    archive.record_changes(summary.changes)
    stats = loaders[0].stats
    summary.entities_by_label = Counter(label_of(plan.targets[n].id if n in plan.targets else n)
                                        for n in stats.nodes)
    summary.facts_by_type = Counter(t for t, _, _ in stats.edges)
    summary.graph_nodes, summary.graph_edges = graph.number_of_nodes(), graph.number_of_edges()
    out = Path(view) if view else default_view_path()
    if graph.number_of_edges() == 0:
        summary.notes.append(f"no relations in the graph yet, so no HTML view ({out})")
        return summary
    from kg.view import write_html

    try:
        summary.view = write_html(graph, out)
    except OSError as exc:
        summary.notes.append(f"could not write the HTML view {out}: {exc.strerror}")
    return summary
