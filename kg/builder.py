"""The main job: articles -> relations -> the embedded store (and Neo4j) -> an HTML view."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from kg.articles import DroppedText, ReadProblem, read_articles
from kg.decisions import DecisionsError, load_decisions
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


SOURCES = "sources.txt"


def _remember_sources(paths: Iterable[str | Path]) -> None:
    """Add the paths a build read to ``$KG_HOME/sources.txt``, for `kg rebuild`."""
    file = kg_home() / SOURCES
    known = file.read_text(encoding="utf-8").splitlines() if file.exists() else []
    new = [str(Path(p).resolve()) for p in map(str, paths) if p != "-"]
    file.write_text("".join(f"{p}\n" for p in dict.fromkeys(known + new)), encoding="utf-8")


def rebuild(*, neo4j: bool | None = None, view: str | Path | None = None,
            progress: bool = True) -> BuildSummary:
    """Build the graph anew from every path earlier builds read ($KG_HOME/sources.txt): the
    embedded store is replaced (kept as it was if the build fails), and the user's entity
    decisions ($KG_HOME/entities.csv) apply as in any build. Neo4j is cleared first when it
    is asked for (``neo4j=True``)."""
    file = kg_home() / SOURCES
    paths = file.read_text(encoding="utf-8").splitlines() if file.exists() else []
    if not paths:
        raise BuildError(f"nothing to rebuild from: no build has recorded its paths in {file} "
                         "yet; run `kg build PATH...` first")
    from kg.store.embedded import default_path

    current = default_path()
    kept = current.with_name(current.name + ".before-rebuild")
    if current.exists():
        current.rename(kept)
    try:
        if neo4j:
            _clear_neo4j()
        summary = build(paths, neo4j=neo4j, view=view, progress=progress)
    except BaseException:
        if kept.exists():
            _remove(current)
            kept.rename(current)
        raise
    _remove(kept)
    return summary


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


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
    """
    if extractor is None:
        from kg.extract import ModelMissing, extract, load_model

        try:
            nlp = load_model()  # before opening any store: a missing model fails cleanly
        except ModelMissing as exc:
            raise BuildError(str(exc)) from None
        extractor = partial(extract, nlp=nlp)
    try:
        decisions = load_decisions()  # a broken decisions file fails before any store opens
    except DecisionsError as exc:
        raise BuildError(str(exc)) from None
    summary = BuildSummary()
    neo = _neo4j_store(neo4j)
    try:
        embedded = EmbeddedStore()
    except StoreError as exc:
        if neo:
            neo.close()
        raise BuildError(str(exc)) from None
    stores: list[GraphStore] = [embedded] + ([neo] if neo else [])
    summary.stores = [s.name for s in stores]
    bar = tqdm(unit=" articles", desc="kg build", disable=not progress, dynamic_ncols=True)

    def counted(articles: Iterator[Article]) -> Iterator[Article]:
        for article in articles:
            summary.articles += 1
            bar.update()
            yield article

    def skipped(problem: ReadProblem) -> None:
        summary.skipped.append(problem)
        bar.write(f"skipped {problem}")

    aliases = known_aliases()
    try:
        with ExitStack() as loads:
            loaders = [loads.enter_context(store.loader(aliases)) for store in stores]
            relations = extractor(counted(read_articles(paths, on_error=skipped,
                                                        on_dropped=summary.dropped.append)))
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
        _remember_sources(paths)
    except StoreError as exc:
        raise BuildError(f"{exc}\nkg build stopped; the embedded store is as it was before "
                         "this build.") from None
    finally:
        bar.close()
        embedded.abort()  # a no-op once closed
        if neo:
            neo.close()
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
