"""Every Cypher statement the project sends to Neo4j, as named functions.

Keeping them in one module makes the queries reviewable in one place and keeps Cypher out of
the rest of the code. Functions return a query string, or ``(query, params)`` when they take
values; labels and property names come from :mod:`kg.schema`, never from user input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from kg.schema import ENTITY_LABELS, INDEXES, RELATION_TYPES, STATUS_STAGE, UNIQUE_KEYS

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
    return "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"


# --- graph: writer, reader and named questions (kg.store.model, kg.analysis) -------------------
#
# Two dialects: "neo4j" and "ladybug" (the embedded store). Queries that only differ in the
# name of the relationship-type function are written once with ``{type_fn}``; the rest have a
# variant per dialect. Labels and relation types come from kg.schema, never from user input.

NEO4J = "neo4j"
LADYBUG = "ladybug"
DIALECTS = (NEO4J, LADYBUG)
_TYPE_FN = {NEO4J: "type", LADYBUG: "label"}


def _typed(query: str, dialect: str) -> str:
    return query.format(type_fn=_TYPE_FN[dialect])


def ladybug_schema_statements(node_columns: dict[str, dict[str, str]],
                              edge_columns: dict[str, dict[str, str]]) -> list[str]:
    """Node and relationship tables of the embedded store (idempotent: IF NOT EXISTS).

    ``node_columns`` maps label -> {property: engine type}; ``edge_columns`` relation type ->
    {property: engine type} (kg.store.model defines both).
    """
    statements = []
    for label, columns in node_columns.items():
        cols = "".join(f", {name} {kind}" for name, kind in columns.items())
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {label}(id STRING{cols}, "
                          "PRIMARY KEY (id))")
        statements += [f"ALTER TABLE {label} ADD IF NOT EXISTS {name} {kind}"
                       for name, kind in columns.items()]  # a store an older kg made
    for rel_type, rt in RELATION_TYPES.items():
        ends = ", ".join(f"FROM {s} TO {t}" for s in rt.source_labels for t in rt.target_labels)
        cols = "".join(f", {name} {kind}" for name, kind in edge_columns[rel_type].items())
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({ends}{cols})")
    return statements


def ladybug_trimmed_column() -> str:
    """The embedded store's Article column for the hashes of its evidence trimmed from edges
    (kg.store.trim); added to stores made before it existed (idempotent)."""
    return "ALTER TABLE Article ADD IF NOT EXISTS ev_trimmed INT64[]"


def read_trimmed() -> str:
    """Embedded store: ``ev_trimmed`` of the Article nodes among ``$ids``."""
    return "UNWIND $ids AS id MATCH (n:Article {id: id}) RETURN n.id AS id, n.ev_trimmed AS trimmed"


def write_trimmed() -> str:
    """Embedded store: set ``ev_trimmed`` of the Article nodes of ``$rows`` (``{id, trimmed}``)."""
    return ("UNWIND $rows AS row MATCH (n:Article {id: row.id}) "
            "SET n.ev_trimmed = CAST(row.trimmed AS INT64[])")


def ladybug_columns(label: str) -> str:
    """The embedded store's columns of one node table (none when it does not exist)."""
    return f"CALL table_info('{label}') RETURN name"


def ladybug_tables() -> str:
    """The embedded store's tables (none before the first load)."""
    return "CALL show_tables() RETURN name"


def read_nodes(label: str) -> str:
    """Existing entity nodes among ``$ids`` (the writer merges aliases in Python)."""
    return (f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
            "n.type_confidence AS type_confidence")


def edges_of(dialect: str) -> list[str]:
    """Every relationship with an end among ``$ids``: one query per direction."""
    ret = " RETURN a.id AS src, b.id AS dst, {type_fn}(r) AS type, properties(r) AS props"
    return [_typed("UNWIND $ids AS id MATCH (a {{id: id}})-[r]->(b)" + ret, dialect),
            _typed("UNWIND $ids AS id MATCH (a)-[r]->(b {{id: id}})" + ret, dialect)]


def delete_entities(label: str) -> str:
    """Delete the entities ``$ids`` with their relationships (resolution writes them anew)."""
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n"


def read_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    """Existing relationships among ``$rows`` of ``{src, dst}`` with all their properties."""
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}})"
            f"-[r:{rel_type}]->(b:{dst_label} {{id: row.dst}}) "
            "RETURN a.id AS src, b.id AS dst, properties(r) AS props")


def write_nodes(label: str, dialect: str, columns: dict[str, str]) -> str:
    """Upsert ``$rows`` of ``{id, props}``: the node's full state (idempotent).

    The embedded engine types parameters from their values, so each column is cast to its
    declared type (a batch where a property is always null would otherwise bind as STRING).
    """
    if dialect == NEO4J:
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"
    sets = ", ".join(f"n.{c} = CAST(row.props.{c} AS {kind})" for c, kind in columns.items())
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {sets}"


def write_edges(rel_type: str, src_label: str, dst_label: str, dialect: str,
                columns: dict[str, str]) -> str:
    """Upsert ``$rows`` of ``{src, dst, props}``: one relationship per fact, its full state.

    Relationship types cannot be parameters, so there is one statement per type and end labels.
    """
    head = (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) "
            f"MATCH (b:{dst_label} {{id: row.dst}}) MERGE (a)-[r:{rel_type}]->(b) ")
    if dialect == NEO4J:
        return head + "SET r = row.props"
    return head + "SET " + ", ".join(f"r.{c} = CAST(row.props.{c} AS {kind})"
                                     for c, kind in columns.items())


# Loads send rows as tuples of plain values rather than maps: keys repeated on every row cost
# the client packing and the server unpacking them, and tuples of plain values are not tracked
# by Python's cyclic garbage collector. The queries below name the cells (``row.name``) and
# _positional turns each name into its index.

ENTITY_ROW = ("id", "name", "aliases")
"""The cells of an entity row (kg.store.model.plan_batch)."""


def article_row(columns: Iterable[str]) -> tuple[str, ...]:
    """The cells of an Article row: its id, then the stored ``columns``."""
    return ("id", *columns)


@cache
def evidence_columns(rel_type: str) -> tuple[str, ...]:
    """The cells of an evidence row of a ``rel_type`` edge (kg.store.model.evidence_row): its
    ends, the type's properties, ``confidence``, the article's date (``published``), the
    ``status_history`` entry (``history``) and the evidence (``article``, ``sentence``,
    ``start``, ``end``, ``extractor``)."""
    return ("src", "dst", *RELATION_TYPES[rel_type].properties, "confidence", "published",
            "history", "article", "sentence", "start", "end", "extractor")


def _positional(columns: Iterable[str], query: str) -> str:
    """``query`` with each ``row.name`` read from its cell of a row laid out as ``columns``."""
    cells = {c: i for i, c in enumerate(columns)}
    return re.sub(r"\brow\.(\w+)", lambda m: f"row[{cells[m.group(1)]}]", query)


def entities_to_write(label: str) -> str:
    """Neo4j: which entity ``$rows`` (ENTITY_ROW) are ``new`` (not stored) and which stored
    ones have ``grown`` (a spelling that is neither their name nor an alias yet)."""
    query = (f"UNWIND $rows AS row OPTIONAL MATCH (n:{label} {{id: row.id}}) "
             "WITH row, n WHERE n IS NULL OR "
             "any(x IN row.aliases WHERE x <> n.name AND NOT x IN n.aliases) "
             "RETURN collect(CASE WHEN n IS NULL THEN row.id END) AS new, "
             "collect(CASE WHEN n IS NOT NULL THEN row.id END) AS grown")
    return _positional(ENTITY_ROW, query)


def create_entities(label: str) -> str:
    """Neo4j: create the entities of ``$rows`` (ENTITY_ROW), known to be new."""
    query = (f"UNWIND $rows AS row CREATE (:{label} "
             "{id: row.id, name: row.name, aliases: row.aliases})")
    return _positional(ENTITY_ROW, query)


def merge_entities(label: str) -> str:
    """Neo4j: upsert entity ``$rows`` (ENTITY_ROW); the first name seen stays the name, other
    spellings join ``aliases``."""
    query = (f"UNWIND $rows AS row OPTIONAL MATCH (old:{label} {{id: row.id}}) "
             "WITH row, old WHERE old IS NULL OR "
             "any(x IN row.aliases WHERE x <> old.name AND NOT x IN old.aliases) "
             f"MERGE (n:{label} {{id: row.id}}) "
             "ON CREATE SET n.name = row.name, n.aliases = [] "
             "SET n.aliases = n.aliases + "
             "[x IN row.aliases WHERE x <> n.name AND NOT x IN n.aliases]")
    return _positional(ENTITY_ROW, query)


def _article_differs(columns: Iterable[str]) -> str:
    """Cypher: the stored Article ``n`` holds other metadata than ``row`` (nulls compared)."""
    return " OR ".join(f"(n.{c} IS NULL) <> (row.{c} IS NULL) OR n.{c} <> row.{c}"
                       for c in columns)


def articles_to_write(columns: Iterable[str]) -> str:
    """Neo4j: which Article ``$rows`` (:func:`article_row` of ``columns``) are ``new`` (not
    stored) and which stored ones ``changed`` (a page updated since: new title, date...)."""
    columns = tuple(columns)
    query = ("UNWIND $rows AS row OPTIONAL MATCH (n:Article {id: row.id}) "
             f"WITH row, n WHERE n IS NULL OR {_article_differs(columns)} "
             "RETURN collect(CASE WHEN n IS NULL THEN row.id END) AS new, "
             "collect(CASE WHEN n IS NOT NULL THEN row.id END) AS changed")
    return _positional(article_row(columns), query)


def create_articles(columns: Iterable[str]) -> str:
    """Neo4j: create the Article nodes of ``$rows`` (:func:`article_row` of ``columns``),
    known to be new."""
    props = "".join(f", {c}: row.{c}" for c in columns)
    return _positional(article_row(columns),
                       f"UNWIND $rows AS row CREATE (:Article {{id: row.id{props}}})")


def merge_articles(columns: Iterable[str]) -> str:
    """Neo4j: upsert the Article nodes of ``$rows`` (:func:`article_row` of ``columns``): the
    metadata last read wins, as in the embedded store (an updated page's new title); rows
    that change nothing write nothing."""
    columns = tuple(columns)
    props = ", ".join(f"n.{c} = row.{c}" for c in columns)
    return _positional(article_row(columns),
                       "UNWIND $rows AS row OPTIONAL MATCH (n:Article {id: row.id}) "
                       f"WITH row, n WHERE n IS NULL OR {_article_differs(columns)} "
                       f"MERGE (a:Article {{id: row.id}}) SET {props.replace('n.', 'a.')}")


def existing_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    """Neo4j: the ``[src, dst]`` pairs of ``$rows`` (``[src, dst]`` too) already joined by a
    ``rel_type`` relationship (as one list, ``keys``)."""
    query = (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) "
             f"MATCH (b:{dst_label} {{id: row.dst}}) WHERE (a)-[:{rel_type}]->(b) "
             "RETURN collect([row.src, row.dst]) AS keys")
    return _positional(evidence_columns(rel_type), query)


def new_edge_properties(rel_type: str) -> str:
    """The property map of a ``rel_type`` edge holding one piece of evidence, from an
    evidence row ``row`` (by name: see :func:`_positional`): the same state as
    kg.store.model.to_stored gives for that edge. Written in the pattern, rather than set
    from a map parameter, so the planner needs no Eager step; null properties are not stored.
    """
    props = "".join(f"{p}: row.{p}, " for p in RELATION_TYPES[rel_type].properties)
    return ("{" + props + "confidence: row.confidence, first_seen: row.published, "
            "last_seen: row.published, evidence_count: 1, status_history: [row.history], "
            "ev_articles: [row.article], ev_sentences: [row.sentence], "
            "ev_starts: [row.start], ev_ends: [row.end], ev_extractors: [row.extractor]}")


def create_edges(rel_type: str, src_label: str, dst_label: str) -> str:
    """Neo4j: create the relationships of evidence ``$rows``, known to be new."""
    query = (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) "
             f"MATCH (b:{dst_label} {{id: row.dst}}) "
             f"CREATE (a)-[:{rel_type} {new_edge_properties(rel_type)}]->(b)")
    return _positional(evidence_columns(rel_type), query)


EDGE_GROUPS: tuple[tuple[str, str, str], ...] = tuple(
    (rel_type, src, dst) for rel_type, rt in RELATION_TYPES.items()
    for src in rt.source_labels for dst in rt.target_labels)
"""Every (relation type, source label, target label) the schema allows."""


@cache
def create_all_edges() -> str:
    """Neo4j: create the relationships of evidence rows known to be new, for every group of
    EDGE_GROUPS at once, from the parameters :func:`all_edges_params` makes. One statement
    rather than one per group spares a round trip per group, during which the transaction's
    server thread would wait (~14% of a load's time)."""
    return " ".join(
        f"CALL () {{ {create_edges(*group).replace('$rows', f'$g{i}')} }}"
        for i, group in enumerate(EDGE_GROUPS))


def all_edges_params(rows: Mapping[tuple[str, str, str], list[Any]]) -> dict[str, list[Any]]:
    """The parameters of :func:`create_all_edges` for evidence ``rows`` by group."""
    return {f"g{i}": rows.get(group, []) for i, group in enumerate(EDGE_GROUPS)}


_STAGES = "{" + ", ".join(f"{s}: {n}" for s, n in STATUS_STAGE.items() if s) + "}"


def merge_evidence(rel_type: str, src_label: str, dst_label: str) -> str:
    """Neo4j: merge evidence ``$rows`` (kg.store.model.evidence_row, at most one row per
    edge) into their relationships, with the rules of kg.graph.relations_to_graph. A new edge
    gets its full state at once; on an existing one, evidence already there changes nothing,
    otherwise it is appended, the properties of the article that supersedes
    (kg.schema.supersedes: the newer of two dated ones, else the later stage) win and the
    other only fills gaps, confidence is the highest seen, first/last_seen widen and the
    status joins ``status_history``.
    """
    props = ", ".join(
        f"r.{p} = CASE WHEN newer THEN coalesce(row.{p}, r.{p}) "
        f"ELSE coalesce(r.{p}, row.{p}) END"
        for p in RELATION_TYPES[rel_type].properties)
    return _positional(evidence_columns(rel_type), (
        f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) "
        f"MATCH (b:{dst_label} {{id: row.dst}}) MERGE (a)-[r:{rel_type}]->(b) "
        f"ON CREATE SET r = {new_edge_properties(rel_type)} "
        "WITH r, row WHERE NOT any(i IN range(0, size(r.ev_starts) - 1) "
        "WHERE r.ev_articles[i] = row.article AND r.ev_starts[i] = row.start "
        "AND r.ev_ends[i] = row.end AND r.ev_extractors[i] = row.extractor "
        "AND r.ev_sentences[i] = row.sentence) "
        "WITH r, row, CASE WHEN row.published IS NOT NULL AND r.last_seen IS NOT NULL "
        "THEN row.published >= r.last_seen "
        f"ELSE coalesce({_STAGES}[row.status], 0) >= coalesce({_STAGES}[r.status], 0) END "
        f"AS newer SET {props}, "
        "r.confidence = CASE WHEN row.confidence > r.confidence THEN row.confidence "
        "ELSE r.confidence END, "
        "r.ev_articles = r.ev_articles + row.article, "
        "r.ev_sentences = r.ev_sentences + row.sentence, "
        "r.ev_starts = r.ev_starts + row.start, r.ev_ends = r.ev_ends + row.end, "
        "r.ev_extractors = r.ev_extractors + row.extractor, "
        "r.evidence_count = r.evidence_count + 1, "
        "r.status_history = r.status_history + row.history, "
        "r.first_seen = CASE WHEN row.published IS NOT NULL AND "
        "(r.first_seen IS NULL OR row.published < r.first_seen) THEN row.published "
        "ELSE r.first_seen END, "
        "r.last_seen = CASE WHEN row.published IS NOT NULL AND "
        "(r.last_seen IS NULL OR row.published > r.last_seen) THEN row.published "
        "ELSE r.last_seen END"))


def entity_nodes() -> str:
    """Every entity node (companies, people, exchanges), not the articles."""
    return " UNION ALL ".join(f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, "
                              "n.aliases AS aliases, n.type_confidence AS type_confidence"
                              for label in ENTITY_LABELS)


def all_edges(dialect: str) -> str:
    return _typed("MATCH (a)-[r]->(b) RETURN a.id AS src, b.id AS dst, {type_fn}(r) AS type, "
                  "properties(r) AS props", dialect)


def count_graph() -> str:
    """Node and relationship counts, for summaries and tests."""
    return ("MATCH (n) OPTIONAL MATCH (n)-[r]->() "
            "RETURN count(DISTINCT n) AS nodes, count(r) AS rels")


def articles_of() -> str:
    """The Article nodes behind ``$ids`` — the hop from an edge's ``ev_articles`` to its sources."""
    return ("UNWIND $ids AS aid MATCH (n:Article {id: aid}) RETURN n.id AS id, n.name AS name, "
            "n.doc_id AS doc_id, n.title AS title, n.published AS published, n.url AS url, "
            "n.outlet AS outlet")


def find_entities() -> str:
    """Every entity's id, name and aliases, for resolving a name typed by a user."""
    return ("MATCH (n) WHERE n.aliases IS NOT NULL "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases")


def neighbourhood(label: str, dialect: str) -> str:
    """``kg show``: every relationship of the entity ``$id``, both directions, with its ends."""
    one = ("MATCH (a{src})-[r]->(b{dst}) WHERE {key}.id = $id "
           "RETURN a.id AS src, a.name AS src_name, b.id AS dst, b.name AS dst_name, "
           "{type_fn}(r) AS type, properties(r) AS props")
    return _typed(one.format(src=f":{label}", dst="", key="a", type_fn="{type_fn}") +
                  " UNION ALL " +
                  one.format(src="", dst=f":{label}", key="b", type_fn="{type_fn}"), dialect)


def shortest_paths(src_label: str, dst_label: str, max_hops: int, dialect: str) -> str:
    """``kg path``: all shortest paths between ``$a`` and ``$b`` over the relation types.

    Neo4j returns each step as [src id, type, dst id]; the embedded engine returns its nodes
    and rels (kg.store.embedded turns them into the same steps).
    """
    types = "|".join(RELATION_TYPES)
    hops = int(max_hops)
    if dialect == NEO4J:
        return (f"MATCH (a:{src_label} {{id: $a}}), (b:{dst_label} {{id: $b}}) "
                f"MATCH p = allShortestPaths((a)-[:{types}*..{hops}]-(b)) "
                "RETURN [r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id]] "
                "AS steps LIMIT $limit")
    return (f"MATCH p = (a:{src_label})-[:{types}* ALL SHORTEST 1..{hops}]-(b:{dst_label}) "
            "WHERE a.id = $a AND b.id = $b RETURN nodes(p) AS nodes, rels(p) AS rels "
            "LIMIT $limit")


# Statuses that mean an investment is not a holding (a denied or called-off stake).
VOID_STAKE_STATUSES = ("denied", "cancelled", "withdrawn")


def supplier_conflicts(dialect: str) -> str:
    """``kg conflicts``: C buys from S while C's competitor R holds a stake in S.

    A competitor is a COMPETES_WITH edge either way, or a pair in ``$rivals``
    (``"idA|idB"`` strings, both orders: the curated list of known rivals). ``$void`` lists the
    stake statuses that do not count. Ranked by stake, then contract value.
    """
    return _typed(
        "MATCH (c:Company)-[cu:CUSTOMER_OF]->(s:Company)<-[inv:INVESTS_IN|ACQUIRES]-(r:Company) "
        "WHERE c.id <> r.id AND NOT coalesce(inv.status, '') IN $void "
        "OPTIONAL MATCH (c)-[k:COMPETES_WITH]-(r) "
        "WITH c, cu, s, inv, r, k WHERE k IS NOT NULL OR (c.id + '|' + r.id) IN $rivals "
        "RETURN c.id AS customer, c.name AS customer_name, s.id AS supplier, "
        "s.name AS supplier_name, r.id AS rival, r.name AS rival_name, "
        "{type_fn}(inv) AS stake_type, properties(inv) AS stake, properties(cu) AS contract, "
        "properties(k) AS rivalry "
        "ORDER BY coalesce(inv.stake_pct, -1.0) DESC, coalesce(cu.amount, -1.0) DESC, "
        "customer, supplier, rival", dialect)


def executive_moves() -> str:
    """``kg moves``: every MOVES_TO, oldest first (event date, else first article date),
    undated last."""
    return ("MATCH (p:Person)-[m:MOVES_TO]->(c:Company) "
            "RETURN p.id AS src, p.name AS src_name, c.id AS dst, c.name AS dst_name, "
            "properties(m) AS props "
            "ORDER BY coalesce(m.date, m.first_seen) IS NULL, coalesce(m.date, m.first_seen), "
            "p.name, c.name")
