"""The named questions (kg show / path / conflicts / moves) on a graph and on the embedded
store: right answers on seed-like facts, and the same answer from both."""

from __future__ import annotations

import pytest
from graph_samples import gold_seed_relations, later_relations, seed_relations

from kg import analysis
from kg.graph import relations_to_graph
from kg.records import Evidence, Relation
from kg.store.embedded import EmbeddedStore


@pytest.fixture
def rels():
    return seed_relations() + later_relations()


@pytest.fixture
def store(tmp_path, rels):
    with EmbeddedStore(tmp_path / "g.lbug") as s:
        s.load(rels)
        yield s


def test_conflicts_rank_google_scale_meta_first_with_stake_and_contract(rels):
    found = analysis.conflicts(relations_to_graph(rels), rivals=[])
    top = found[0]
    assert (top["customer_name"], top["supplier_name"], top["rival_name"]) == \
        ("Google", "Scale AI", "Meta")
    assert (top["stake_pct"], top["amount"], top["rivalry"]) == (49.0, 200e6, "COMPETES_WITH")
    assert top["contract_status"] == "ended"
    assert "49% stake" in top["evidence"]["stake"][0]["sentence"]
    assert any("$200 million" in e["sentence"] for e in top["evidence"]["contract"])
    assert top["evidence"]["rivalry"][0]["sentence"] == \
        "a company partly owned by a direct competitor"
    # same stake, smaller contract: ranked second
    assert [(c["customer_name"], c["amount"]) for c in found] == [("Google", 200e6),
                                                                  ("Microsoft", 50e6)]


def test_conflicts_on_the_annotated_seed_use_the_known_rivals_list():
    """The seed never says Google COMPETES_WITH Meta; the curated rivals list knows it."""
    g = relations_to_graph(gold_seed_relations())
    assert analysis.conflicts(g, rivals=[]) == []
    found = analysis.conflicts(g)
    top = found[0]
    assert (top["customer_name"], top["supplier_name"], top["rival_name"], top["stake_pct"],
            top["amount"]) == ("Google", "Scale AI", "Meta", 49.0, 200e6)
    assert top["rivalry"].startswith("known rivals list")
    assert {c["customer_name"] for c in found} == {"Google", "Microsoft", "OpenAI"}


def test_a_denied_stake_is_no_conflict(rels):
    ev = Evidence("d", "Meta denied it will take a stake in Labelbox.", 0, 46, "t")
    denied = Relation("INVESTS_IN", "Meta", "Labelbox", "Company", "Company", ev,
                      {"status": "denied"}, 0.8)
    buys = Relation("CUSTOMER_OF", "Google", "Labelbox", "Company", "Company", ev, {}, 0.8)
    found = analysis.conflicts(relations_to_graph([*rels, denied, buys]), rivals=[])
    assert "Labelbox" not in {c["supplier_name"] for c in found}


def test_profile_lists_investors_customers_competitors_people_with_evidence(rels):
    p = analysis.company_profile(relations_to_graph(rels), "scale ai")
    s = p["sections"]
    assert p["name"] == "Scale AI"
    assert [(i["other_name"], i["stake_pct"], i["valuation"]) for i in s["investors"]] == \
        [("Meta", 49.0, 29e9)]
    assert [(i["other_name"], i.get("amount")) for i in s["customers"]] == \
        [("Google", 200e6), ("Microsoft", 50e6)]
    assert {i["other_name"] for i in s["competitors"]} == {"Labelbox", "Handshake"}
    assert [(i["other_name"], i["role"]) for i in s["people"]] == [("Alexandr Wang", "CEO")]
    assert all(i["evidence"] for items in s.values() for i in items)


def test_path_between_two_entities(rels):
    paths = analysis.connection_path(relations_to_graph(rels), "Google", "Labelbox")
    assert [[(st["source_name"], st["type"], st["target_name"]) for st in p["steps"]]
            for p in paths] == [[("Google", "CUSTOMER_OF", "Scale AI"),
                                 ("Labelbox", "COMPETES_WITH", "Scale AI")]]


def test_moves_oldest_first(rels):
    moves = analysis.moves(relations_to_graph(rels))
    assert [(m["person_name"], m["company_name"], m.get("from_org")) for m in moves] == \
        [("Alexandr Wang", "Meta", "Scale AI"), ("Denise Dresser", "OpenAI", "Slack")]


def test_unknown_entity_suggests_close_names(rels):
    with pytest.raises(analysis.EntityNotFound, match="Did you mean: Scale AI"):
        analysis.company_profile(relations_to_graph(rels), "Scael AI")


@pytest.mark.parametrize("question, args", [
    (analysis.company_profile, ("Scale AI",)), (analysis.company_profile, ("Meta",)),
    (analysis.company_profile, ("Alexandr Wang",)), (analysis.conflicts, ()),
    (analysis.moves, ()), (analysis.connection_path, ("Google", "Labelbox")),
    (analysis.connection_path, ("Alexandr Wang", "Microsoft")),
    (analysis.connection_path, ("Denise Dresser", "Google")),
])
def test_embedded_store_gives_the_same_answers_as_the_graph(question, args, rels, store):
    assert question(store, *args) == question(relations_to_graph(rels), *args)


def test_dataframes_have_one_row_per_entity_and_per_fact(rels):
    from kg import to_dataframes

    g = relations_to_graph(rels)
    nodes, edges = to_dataframes(g)
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    meta = edges[(edges["source"] == "company:meta") & (edges["type"] == "INVESTS_IN")]
    assert meta["stake_pct"].tolist() == [49.0]
    assert meta["evidence"].iloc[0][0]["doc_id"] == "seed-2025-06"
