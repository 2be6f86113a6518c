"""The embedded store (LadybugDB): persistent, idempotent, the kg.graph shape, Cypher."""

from __future__ import annotations

from dataclasses import replace

import pytest
from graph_samples import later_relations, reports, seed_relations

from kg.graph import load_graph, relations_to_graph
from kg.store import trim
from kg.store.base import QueryError, StoreError
from kg.store.embedded import REOPEN_AFTER, EmbeddedStore
from kg.store.trim import EVIDENCE_KEPT


def _same_graph(a, b) -> None:
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    for edge in b.edges(keys=True):
        assert a.edges[edge] == b.edges[edge], edge
    assert {n: (d["label"], d["name"], sorted(d["aliases"])) for n, d in a.nodes(data=True)} == \
        {n: (d["label"], d["name"], sorted(d["aliases"])) for n, d in b.nodes(data=True)}


def test_stored_graph_is_the_networkx_graph_of_the_same_relations(tmp_path):
    rels = seed_relations() + later_relations()
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(rels, batch_size=3)  # facts spread over several batches
        _same_graph(store.read_graph(), relations_to_graph(rels))


def test_reloading_the_same_articles_changes_nothing(tmp_path):
    rels = seed_relations() + later_relations()
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(rels)
        counts, graph = store.counts(), store.read_graph()
        store.load(rels, batch_size=2)
        store.load(reversed(rels))
        assert store.counts() == counts
        _same_graph(store.read_graph(), graph)


def test_graph_persists_and_load_graph_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_HOME", str(tmp_path))
    assert load_graph().number_of_edges() == 0  # nothing built yet: an empty graph
    with EmbeddedStore() as store:
        store.load(seed_relations())
    _same_graph(load_graph(), relations_to_graph(seed_relations()))
    assert (tmp_path / "graph.lbug").exists()


def test_newer_article_updates_status_and_keeps_history(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(seed_relations())
        store.load(later_relations())
        rec = store.records(
            "MATCH (:Company {id: 'company:google'})-[r:CUSTOMER_OF]->(:Company) "
            "RETURN r.status AS status, r.status_history AS history, r.amount AS amount, "
            "r.evidence_count AS n, r.first_seen AS first, r.last_seen AS last")
    assert rec == [{"status": "ended", "amount": 200e6, "n": 3, "first": "2025-06-14",
                    "last": "2025-07-02", "history": ["2025-06-14|active", "2025-06-14|planned",
                                                      "2025-07-02|ended"]}]


def test_one_hop_from_an_edge_to_its_articles(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(seed_relations() + later_relations())
        rows = store.query(
            "MATCH (:Company {id: 'company:google'})-[r:CUSTOMER_OF]->() "
            "UNWIND r.ev_articles AS aid MATCH (a:Article {id: aid}) "
            "RETURN DISTINCT a.doc_id AS doc, a.title AS title ORDER BY doc").rows
    assert rows == [["later-2025-07", None], ["seed-2025-06", "Google to cut ties with Scale AI"]]


def test_entity_list_aliases_are_kept_on_nodes(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(seed_relations(), aliases={"company:meta": ["Meta Platforms", "Facebook"]})
        store.load(seed_relations(), aliases={"company:meta": ["Facebook"]})
        rows = store.query("MATCH (n:Company {id: 'company:meta'}) RETURN n.aliases").rows
    assert rows == [[["Facebook", "Meta Platforms"]]]


def test_neo4j_only_cypher_gets_a_clear_message(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(seed_relations())
        with pytest.raises(QueryError, match=r"type\(r\) is label\(r\).*--neo4j"):
            store.query("MATCH ()-[r]->() RETURN type(r)")
        with pytest.raises(QueryError, match="shortestPath"):
            store.query("MATCH p = shortestPath((a)-[*..3]-(b)) RETURN p")
        with pytest.raises(QueryError, match="could not run this query: Parser exception"):
            store.query("MATCH (a RETURN a")
        assert store.query("MATCH ()-[r]->() RETURN label(r) AS t ORDER BY t LIMIT 1").rows \
            == [["COMPETES_WITH"]]


def test_reading_a_store_that_was_never_built_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        EmbeddedStore(tmp_path / "none.lbug", read_only=True)


def _stake(store: EmbeddedStore) -> dict:
    return store.read_graph().edges["company:meta", "company:scale-ai", "INVESTS_IN"]


def test_an_edge_keeps_its_newest_evidence_and_counts_all(tmp_path):
    many = EVIDENCE_KEPT + 10
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(reports(many, first_status="rumored"), batch_size=7)
        edge = _stake(store)
        rec = store.records("MATCH ()-[r:INVESTS_IN]->() RETURN r.evidence_count AS n, "
                            "size(r.ev_sentences) AS kept")
    assert rec == [{"n": many, "kept": EVIDENCE_KEPT}]
    assert edge["evidence_count"] == many
    assert [ev["doc_id"] for ev in edge["evidence"]] == \
        [f"report-{i:03d}" for i in range(10, many)]  # the newest, in the order read
    assert edge["evidence"][-1]["title"] == f"Report {many - 1}"
    assert edge["confidence"] == 0.5 + (many - 1) / 1000  # the trimmed pieces still count
    assert edge["first_seen"] == "2025-06-01" and edge["last_seen"] == "2025-06-30"
    history = edge["status_history"]
    assert len(history) == EVIDENCE_KEPT and history[0] == ("2025-06-01", "rumored")
    assert history[-1] == ("2025-06-30", "completed")


def test_reloading_articles_whose_evidence_was_trimmed_changes_nothing(tmp_path):
    rels = reports(EVIDENCE_KEPT + 10)
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(rels)
        counts, graph = store.counts(), store.read_graph()
        store.load(rels[:5])  # only trimmed ones
        store.load(reversed(rels), batch_size=4)
        assert store.counts() == counts
        _same_graph(store.read_graph(), graph)
        store.load(reports(1, offset=EVIDENCE_KEPT + 10))  # a new article still counts
        assert _stake(store)["evidence_count"] == EVIDENCE_KEPT + 11


def test_a_store_with_long_evidence_lists_is_trimmed_on_its_next_load(tmp_path, monkeypatch):
    rels = reports(EVIDENCE_KEPT + 10)
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        monkeypatch.setattr(trim, "EVIDENCE_KEPT", 1000)  # a store made before trimming
        store.load(rels)
        monkeypatch.undo()
        store.load(reports(1, offset=EVIDENCE_KEPT + 10))
        edge = _stake(store)
        store.load(rels)
        assert _stake(store) == edge
    assert len(edge["evidence"]) == EVIDENCE_KEPT and edge["evidence_count"] == EVIDENCE_KEPT + 11


def test_reloading_an_article_with_a_long_id_changes_nothing(tmp_path):
    rels = [replace(rel, evidence=replace(rel.evidence, doc_id="x" * 250 + rel.evidence.doc_id))
            for rel in reports(3)]
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(rels)
        graph = store.read_graph()
        store.load(rels)
        _same_graph(store.read_graph(), graph)
    assert graph.edges["company:meta", "company:scale-ai", "INVESTS_IN"]["evidence_count"] == 3


def test_a_load_given_up_after_the_engine_was_reopened_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "g.lbug"
    with EmbeddedStore(path) as store:
        store.load(seed_relations())
    before = load_graph(path)
    store = EmbeddedStore(path)
    store.load(later_relations() + reports(2 * REOPEN_AFTER), batch_size=1)  # reopened twice
    assert store.read_graph().number_of_edges() > before.number_of_edges()
    store.abort()
    _same_graph(load_graph(path), before)
