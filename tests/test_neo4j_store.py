"""The Neo4j writer and reader against the real server: the same graph as networkx and the
embedded store, idempotent re-loads, a load cut by a server restart that reruns to the same
graph, the named questions answering the same on both stores, clear query errors."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from pathlib import Path

import pytest
from graph_samples import gold_seed_relations, later_relations, seed_relations

from kg import analysis
from kg.graph import relations_to_graph
from kg.records import Evidence, Relation
from kg.store import cypher
from kg.store.base import QueryError
from kg.store.connection import open_driver
from kg.store.embedded import EmbeddedStore
from kg.store.model import LoadState, plan_batch
from kg.store.neo4j_store import LoadInterrupted, Neo4jStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synthetic import relations as synthetic_relations  # noqa: E402

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo(neo4j_driver, neo4j_server):
    """A Neo4jStore on the emptied test database (it does not close the shared driver)."""
    return Neo4jStore(neo4j_driver, neo4j_server.database)


@pytest.fixture
def rels():
    return seed_relations() + later_relations() + gold_seed_relations()


def checksum(graph) -> str:
    """Everything the graph holds (nodes, edges, properties, evidence order), hashed."""
    data = {"nodes": sorted([n, d["label"], d["name"], sorted(d["aliases"])]
                            for n, d in graph.nodes(data=True)),
            "edges": sorted([u, v, k, json.dumps(d, sort_keys=True, default=str)]
                            for u, v, k, d in graph.edges(keys=True, data=True))}
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def test_neo4j_holds_the_networkx_graph_and_reloading_changes_nothing(neo, rels):
    neo.load(rels, batch_size=4)
    expected = relations_to_graph(rels)
    first, counts = neo.read_graph(), neo.counts()
    assert checksum(first) == checksum(expected)
    neo.load(rels)
    neo.load(rels[::-1], batch_size=1)
    assert neo.counts() == counts
    assert checksum(neo.read_graph()) == checksum(expected)


def test_a_fact_seen_in_several_batches_is_one_relationship_with_all_evidence(neo):
    neo.load(seed_relations(), batch_size=1)
    neo.load(later_relations())
    rec = neo.records("MATCH (:Company {id: 'company:google'})-[r:CUSTOMER_OF]->() "
                      "RETURN count(r) AS n, r.evidence_count AS ev, r.status AS status, "
                      "r.status_history AS history")
    assert rec == [{"n": 1, "ev": 3, "status": "ended", "history": [
        "2025-06-14|active", "2025-06-14|planned", "2025-07-02|ended"]}]
    # one hop from the edge to the articles behind it
    titles = neo.records("MATCH (:Company {id: 'company:google'})-[r:CUSTOMER_OF]->() "
                         "UNWIND r.ev_articles AS aid MATCH (a:Article {id: aid}) "
                         "RETURN DISTINCT a.doc_id AS doc ORDER BY doc")
    assert [t["doc"] for t in titles] == ["later-2025-07", "seed-2025-06"]


def test_load_cut_by_a_restart_reruns_to_the_same_graph(neo4j_control, neo4j_driver,
                                                         neo4j_server):
    rels = list(synthetic_relations(12_000, seed=3))
    batch = 1000
    reference = Neo4jStore(neo4j_driver, neo4j_server.database)
    reference.load(rels, batch_size=batch)
    expected, expected_counts = checksum(reference.read_graph()), reference.counts()
    reference.clear()

    # 1. the server stops after the third batch and stays down: the load fails clearly
    cut = Neo4jStore(open_driver(neo4j_server), neo4j_server.database, retry_seconds=2)
    stopper = threading.Thread(target=neo4j_control.stop)
    done = []

    def after_batch(n: int) -> None:
        done.append(n)
        if len(done) == 3:
            stopper.start()

    with pytest.raises(LoadInterrupted, match="rerun the same command"):
        cut.load(rels, batch_size=batch, on_batch=after_batch)
    stopper.join()
    cut.close()
    assert 3 <= len(done) < len(rels) // batch
    neo4j_control.start()

    # 2. rerun once the server is back: the same graph as the uninterrupted load
    with Neo4jStore(open_driver(neo4j_server), neo4j_server.database) as rerun:
        partial = rerun.counts()
        assert partial[1] < expected_counts[1]
        rerun.load(rels, batch_size=batch)
        assert rerun.counts() == expected_counts
        assert checksum(rerun.read_graph()) == expected
        rerun.clear()

    # 3. a restart (stop, start) in the middle of a load: the writer's retries ride it out
    restarter = threading.Thread(target=lambda: (neo4j_control.stop(), neo4j_control.start()))
    started = []

    def restart_after_first(n: int) -> None:
        if not started:
            started.append(n)
            restarter.start()

    with Neo4jStore(open_driver(neo4j_server), neo4j_server.database) as riding:
        riding.load(rels, batch_size=batch, on_batch=restart_after_first)
        restarter.join()
        assert riding.counts() == expected_counts
        assert checksum(riding.read_graph()) == expected


QUESTIONS = [
    (analysis.company_profile, ("Scale AI",)), (analysis.company_profile, ("Meta",)),
    (analysis.company_profile, ("Denise Dresser",)), (analysis.conflicts, ()),
    (analysis.moves, ()), (analysis.connection_path, ("Google", "Labelbox")),
    (analysis.connection_path, ("Alexandr Wang", "Microsoft")),
    (analysis.connection_path, ("MiniMax", "Google")),
]


def test_named_questions_answer_the_same_on_both_stores(neo, rels, tmp_path):
    neo.load(rels)
    graph = relations_to_graph(rels)
    with EmbeddedStore(tmp_path / "g.lbug") as embedded:
        embedded.load(rels)
        for question, args in QUESTIONS:
            expected = question(graph, *args)
            assert question(neo, *args) == expected, question.__name__
            assert question(embedded, *args) == expected, question.__name__
        # the conflicts Cypher itself (not only the Python that shapes it) agrees
        params = {"void": list(cypher.VOID_STAKE_STATUSES),
                  "rivals": sorted(f"{a}|{b}" for a, b in analysis.known_rivals())}
        rows = [[(r["customer"], r["supplier"], r["rival"], r["stake"]["stake_pct"])
                 for r in store.records(cypher.supplier_conflicts(store.dialect), params)]
                for store in (neo, embedded)]
    assert rows[0] == rows[1]
    assert rows[0][0] == ("company:google", "company:scale-ai", "company:meta", 49.0)


def test_malformed_cypher_gets_a_clear_message(neo):
    with pytest.raises(QueryError, match="Neo4j rejected the query: Invalid input"):
        neo.query("MATCH (a RETURN a")
    with pytest.raises(QueryError, match="Neo4j could not run the query"):
        neo.query("RETURN $missing")


def test_an_undated_completed_deal_is_not_undone_by_a_dated_rumour_in_either_order(neo):
    done = Relation("INVESTS_IN", "Meta", "Scale AI", "Company", "Company",
                    Evidence("undated", "Meta bought a 49% stake in Scale AI.", 0, 36,
                             "investment.stake"), {"stake_pct": 49.0, "status": "completed"}, 0.9)
    talks = Relation("INVESTS_IN", "Meta", "Scale AI", "Company", "Company",
                     Evidence("dated", "Meta is in talks to invest in Scale AI.", 0, 39,
                              "investment.verb", published="2025-06-20"),
                     {"status": "in_talks"}, 0.8)
    for order in ([done, talks], [talks, done]):
        neo.clear()
        for rel in order:
            neo.load([rel])
        rec = neo.records("MATCH ()-[r:INVESTS_IN]->() RETURN r.status AS status, "
                          "r.stake_pct AS pct, r.last_seen AS last")
        assert rec == [{"status": "completed", "pct": 49.0, "last": "2025-06-20"}]
        assert checksum(neo.read_graph()) == checksum(relations_to_graph(order))


def test_new_edges_are_created_and_existing_ones_merged_in_one_batch(neo):
    """The writer looks up what a batch finds stored: new nodes and edges are created
    outright, evidence for stored edges (and an edge's second piece of evidence in the batch)
    goes through the merge rules, a stored entity's new spelling joins its aliases."""
    seed, later = seed_relations(), later_relations()
    neo.load(seed)
    known = seed[1]  # Google CUSTOMER_OF Scale AI, stored
    respelled = Relation("COMPETES_WITH", "SCALE AI", "Labelbox", "Company", "Company",
                         Evidence("respelled", "SCALE AI rivals Labelbox.", 0, 25, "test"),
                         {"status": "active"}, 0.7)
    fresh = Relation("PARTNERS_WITH", "Brand New Co", "Meta", "Company", "Company",
                     Evidence("fresh", "Brand New Co partners with Meta.", 0, 33, "test",
                              published="2025-08-01"), {"status": "active"}, 0.8)
    again = Relation("PARTNERS_WITH", "Brand New Co", "Meta", "Company", "Company",
                     Evidence("fresh", "Meta and Brand New Co signed a deal.", 40, 76, "test",
                              published="2025-08-01"), {"status": "expected"}, 0.9)
    batch = [known, *later, respelled, fresh, again]
    statements: list[tuple[str, int]] = []

    def spy(run):
        def recording(query, params):
            if query == cypher.create_all_edges():  # one statement for all groups
                statements.extend((cypher.create_edges(*group), len(rows)) for group, rows
                                  in zip(cypher.EDGE_GROUPS, params.values(), strict=True))
            else:
                statements.append((query, len(params.get("rows", params.get("ids", [])))))
            return run(query, params)
        return recording

    neo.write(lambda run: plan_batch(batch).write(spy(run)))

    def rows(query: str) -> int:
        return sum(n for q, n in statements if q == query)

    assert rows(cypher.create_entities("Company")) == 3  # Brand New Co, Microsoft, OpenAI
    assert rows(cypher.merge_entities("Company")) == 1  # "SCALE AI" joins Scale AI's aliases
    assert rows(cypher.merge_evidence("CUSTOMER_OF", "Company", "Company")) == 2
    assert rows(cypher.merge_evidence("PARTNERS_WITH", "Company", "Company")) == 1
    competes = ("COMPETES_WITH", "Company", "Company")
    assert rows(cypher.merge_evidence(*competes)) == 1  # SCALE AI / Labelbox, stored
    assert rows(cypher.create_edges(*competes)) == 1
    assert statements.count((cypher.create_entities("Person"), 1)) == 1  # Denise Dresser
    expected = relations_to_graph(seed + batch)
    assert checksum(neo.read_graph()) == checksum(expected)
    assert "SCALE AI" in neo.read_graph().nodes["company:scale-ai"]["aliases"]
    neo.write(lambda run: plan_batch(batch).write(run))  # the same batch again
    assert checksum(neo.read_graph()) == checksum(expected)


def test_the_naive_merge_statements_build_the_same_graph(neo, rels):
    """BatchPlan.merge_statements (the benchmark's per-relation baseline, no look-ups)."""
    for rel in rels + rels[:5]:
        neo.write(lambda run, r=rel: [run(q, p) for q, p in plan_batch([r]).merge_statements()])
    assert checksum(neo.read_graph()) == checksum(relations_to_graph(rels))


def test_a_batch_retried_after_a_commit_it_never_heard_of_changes_nothing(neo):
    """A load trusts what its earlier batches wrote (LoadState) only on a first attempt: the
    retry of a batch whose commit went through unannounced looks up instead of creating."""
    first = seed_relations()[:1]  # creates Meta and Scale AI
    second = [Relation("PARTNERS_WITH", "Meta", "Newco", "Company", "Company",
                       Evidence("newco", "Meta partners with Newco.", 0, 25, "test"),
                       {"status": "active"}, 0.8)]
    written = neo.write(lambda run: plan_batch(first).write(run))
    assert written.created == {"company:meta", "company:scale-ai"}
    state = LoadState()
    state.add_nodes(written)
    neo.write(lambda run: plan_batch(second).write(run, state))  # committed, answer lost
    neo.write(lambda run: plan_batch(second).write(run))  # the retry: no state
    assert neo.counts() == (5, 2)  # 3 entities and 2 articles; 2 relationships
    assert checksum(neo.read_graph()) == checksum(relations_to_graph(first + second))


def test_edge_parts_put_each_edge_in_one_part_with_its_rounds_in_order():
    """The concurrent edge writers each get whole edges: every row lands in exactly one
    part, all rows of an edge in the same part, in the round they had."""
    rels = list(synthetic_relations(600, seed=5, companies=15))  # small: edges repeat
    plan = plan_batch(rels)
    assert len(plan.rounds) > 2
    parts = plan.edge_parts(2)

    def placed(rounds):
        found = []
        for i, groups in enumerate(rounds):
            for g, rows in groups.items():
                for row in rows:
                    c = dict(zip(cypher.evidence_columns(g[0]), row, strict=True))
                    found.append((i, g, c["src"], c["dst"], c["start"]))
        return sorted(found)

    assert sorted(placed(parts[0]) + placed(parts[1])) == placed(plan.rounds)
    owners = [{(g[0], src, dst) for _, g, src, dst, _ in placed(part)} for part in parts]
    assert owners[0] and owners[1] and not owners[0] & owners[1]


def test_an_updated_article_s_new_title_and_date_replace_the_old_on_both_stores(neo, tmp_path):
    """A page that changed since it was read (kg ingest: "updated") brings its new metadata;
    Neo4j used to keep the first title and date it stored."""
    def read(title: str, published: str, sentence: str) -> Relation:
        return Relation("ACQUIRES", "Nvidia", "Run:ai", "Company", "Company",
                        Evidence("wire-1", sentence, 0, len(sentence), "acquisition.verb",
                                 title=title, published=published, url="https://x.test/1"),
                        {"status": "announced"}, 0.9)

    first = read("Nvidia to buy Run:ai", "2024-04-24", "Nvidia agreed to buy Run:ai.")
    later = read("Nvidia completes Run:ai deal", "2024-12-30", "Nvidia agreed to buy Run:ai.")
    with EmbeddedStore(tmp_path / "g.lbug") as embedded:
        for store in (neo, embedded):
            store.load([first])
            store.load([later])
            [ev] = [e for _, _, d in store.read_graph().edges(data=True) for e in d["evidence"]]
            assert (ev["title"], ev["published"]) == ("Nvidia completes Run:ai deal",
                                                      "2024-12-30"), store
            assert store.records("MATCH (a:Article) RETURN count(*) AS n") == [{"n": 1}]
